"""CPU milliseconds a page of the text layer (``time.process_time``, so that other processes'
load counts less than in wall time) on the generated corpus and the LibreOffice realdocs,
in the tree on PYTHONPATH. Run it alternately in two trees to compare their code on a
machine that is not quiet:

    for i in 1 2 3 4; do for t in /work/wt-base /work/wt-check; do
        (cd $t && PYTHONPATH=$PWD OMP_THREAD_LIMIT=1 python bench/speed_cpu.py); done; done
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pypdfium2 as pdfium

from bench.corpus import corpus
from worker.engines.base import PageInput
from worker.engines.pdf_text import PdfTextEngine
from worker.engines.textlayer import extract_text_layer

ENGINE = PdfTextEngine()
DOCS = Path(__file__).resolve().parent / "realdocs" / "docs"  # the LibreOffice set


def read(data: bytes) -> int:
    """Lay out every page of ``data`` from its text layer; the pages read (eval_real.speed
    times this too)."""
    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        layer = extract_text_layer(pdf[i])
        ENGINE.convert([PageInput(i + 1, layer.width, layer.height, text_layer=layer)])
    pages = len(pdf)
    pdf.close()
    return pages


def main() -> None:
    sets = {
        "generated": [d.pdf for d in corpus(8)],
        "realdocs": [p.read_bytes() for p in sorted(DOCS.glob("*.pdf"))],
    }
    for docs in sets.values():  # imports and caches warm before the clock runs
        for data in docs[:3]:
            read(data)
    out = {}
    for name, docs in sets.items():
        start = time.process_time()
        pages = sum(read(data) for data in docs)
        out[name] = round(1000 * (time.process_time() - start) / pages, 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
