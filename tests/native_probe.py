"""Reads and lays out pages and prints the results as JSON, run compiled or from source.

``python -m tests.native_probe source|installed PDF...``: with ``source``, the modules
setup.py compiles are imported from their ``.py`` files even where an extension sits next
to them, and the C extension not at all (native.use_sources). tests/test_native.py compares both.

Each PDF page's text layer is read (spans: by _pdfium_words.c, or by textlayer.py's
ctypes twin) and converted twice: by the pdf-text engine (font sizes),
and as an OCR engine would hand its lines over (no font size, confidences, words), which
takes the layout's other path.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def main(mode: str, pdfs: Sequence[str]) -> None:
    sys.path.insert(0, str(ROOT))
    from worker.engines import native

    if mode == "source":
        native.use_sources()
    import pypdfium2

    from worker.engines.base import PageError, PageInput
    from worker.engines.layout import LayoutLine, layout_lines, spans_to_lines
    from worker.engines.pdf_text import PdfTextEngine
    from worker.engines.textlayer import extract_text_layer

    out: dict[str, Any] = {"states": native.states(), "pages": []}
    engine = PdfTextEngine()
    for path in pdfs:
        pdf = pypdfium2.PdfDocument(path)
        try:
            for index in range(len(pdf)):
                layer = extract_text_layer(pdf[index])
                [result] = engine.convert([PageInput(index + 1, layer.width, layer.height, text_layer=layer)])
                if isinstance(result, PageError):
                    as_text: dict[str, Any] = {"error": result.code}
                else:
                    as_text = result.to_json()
                    as_text.pop("timings")  # the clock, not the layout
                lines = spans_to_lines(layer.spans)
                ocr_like = [LayoutLine(ln.text, ln.bbox, None, False, 0.9, ln.words) for ln in lines]
                blocks = layout_lines(ocr_like, layer.width, layer.height)
                out["pages"].append(
                    {
                        "pdf": Path(path).name,
                        "page": index + 1,
                        "spans": [list(span) for span in layer.spans],
                        "text_layer": as_text,
                        "ocr_lines": [[b.kind, b.text, list(b.bbox), b.rows] for b in blocks],
                    }
                )
        finally:
            pdf.close()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
