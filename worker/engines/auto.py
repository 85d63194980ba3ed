"""``auto``: per page, the text layer where it is real, otherwise OCR.

Until an OCR engine is installed on CPU workers, a page with no usable text layer fails
with an error that names what is missing; the rest of the document still converts.
"""

from __future__ import annotations

from collections.abc import Sequence

from common.documents.results import PageResult
from worker.engines.base import Engine, PageError, PageInput
from worker.engines.pdf_text import PdfTextEngine


class AutoEngine(Engine):
    name = "auto"
    queue = "cpu"
    needs_text_layer = True

    def __init__(self) -> None:
        self.text = PdfTextEngine()

    def wants_image(self, *, has_text_layer: bool) -> bool:
        # Rendering is only worth it for a page an OCR engine would read; there is none yet.
        return False

    def convert(self, pages: Sequence[PageInput]) -> list[PageResult | PageError]:
        out: list[PageResult | PageError] = []
        for p in pages:
            if p.text_layer is not None and p.text_layer.has_text:
                out.extend(self.text.convert([p]))
            else:
                out.append(
                    PageError(
                        "ocr_unavailable",
                        f"page {p.page_no} has no text layer (a scan or an image) and needs OCR, "
                        "but no OCR engine (rapidocr) is installed on this worker",
                    )
                )
        return out
