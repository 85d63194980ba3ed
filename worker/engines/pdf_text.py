"""The ``pdf-text`` engine: layout from the PDF's own text layer, no pixels, no model.

Fast and exact on born-digital PDFs (the characters are the document's own); pages
without a text layer fail with ``no_text_layer`` so that the job can route them to an
OCR engine.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from common.documents.results import PageResult
from worker.engines.base import Engine, PageError, PageInput
from worker.engines.layout import layout_lines, spans_to_lines


class PdfTextEngine(Engine):
    name = "pdf-text"

    def convert(self, pages: Sequence[PageInput]) -> list[PageResult | PageError]:
        return [self._convert_page(page) for page in pages]

    def _convert_page(self, page: PageInput) -> PageResult | PageError:
        layer = page.text_layer
        if layer is None or not layer.has_text:
            return PageError(
                "no_text_layer",
                f"page {page.page_no} has no text layer; convert it with an OCR engine",
            )
        started = time.perf_counter()
        lines = spans_to_lines(layer.spans)
        blocks = layout_lines(lines, layer.width, layer.height, allow_title=page.page_no == 1)
        elapsed = time.perf_counter() - started
        return PageResult(
            page_no=page.page_no,
            engine=self.name,
            # The text layer's frame is the displayed page (crop box, rotation); the
            # block boxes are in it, so report its size rather than trusting the caller's.
            width=layer.width,
            height=layer.height,
            blocks=blocks,
            timings={"layout_s": round(elapsed, 6)},
        )
