"""``auto``: per page, the text layer where it is real, otherwise OCR (``rapidocr``).

"Real" means the page shows that text and it decodes (:attr:`TextLayer.is_real`): a
scan whose PDF carries another tool's invisible OCR layer, or glyphs without a Unicode
map, is read from its pixels instead. Pages of one document may mix.

A page these CPU engines read poorly (low OCR confidence, a table the layout could not
grid, formulas: worker/engines/escalation.py) goes on to a model engine when a worker for
one is live; the convert flow does that hand-over (worker/flows/escalate.py), and with no
such worker auto's result is the page's.
"""

from __future__ import annotations

from collections.abc import Sequence

from common.documents.results import PageResult
from worker.engines.base import Engine, PageError, PageInput
from worker.engines.pdf_text import PdfTextEngine
from worker.engines.rapidocr import RapidOcrEngine


class AutoEngine(Engine):
    name = "auto"

    def __init__(self, ocr: RapidOcrEngine | None = None) -> None:
        self.text = PdfTextEngine()
        self.ocr = ocr or RapidOcrEngine()  # the model loads on the first scanned page

    def convert(self, pages: Sequence[PageInput]) -> list[PageResult | PageError]:
        out: list[PageResult | PageError] = []
        for p in pages:
            if p.text_layer is not None and p.text_layer.is_real:
                out.extend(self.text.convert([p]))
            elif p.image is not None:
                out.append(self.ocr.convert_page(p))
            else:
                out.append(PageError("no_image", f"page {p.page_no} has no usable text layer and no image"))
        return out
