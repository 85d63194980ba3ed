"""What the text-layer tests share: a PDF file's page read into its text layer
(tests/test_pdf_text.py, tests/test_drawings.py)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2

from worker.engines.textlayer import TextLayer, extract_text_layer


def text_layer_of(path: Path, index: int = 0) -> TextLayer:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return extract_text_layer(pdf[index])
    finally:
        pdf.close()
