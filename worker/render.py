"""How prepare draws a page: at what scale, on white, as PNG, and with a deadline.

The deadline: a page that takes minutes to draw (a map of a million paths) would
otherwise hold its prepare task until Celery's time limit killed the worker, and then
the whole document would be tried again, slow page included. pdfium's progressive
renderer asks a callback, every hundred or so objects of the page's own content,
whether to pause; between slices the deadline is checked, and a page past it fails
alone, with a clear error, while the rest of its document converts.

The deadline is checked between the page's top-level objects only. One object that is
slow by itself is drawn in one go: a form XObject holding the whole drawing, a pattern,
an annotation's appearance, a huge image. So is parsing: pdfium parses a page's content
when the page is loaded, in one call. A hostile page can therefore still run past the
deadline; for it, the prepare task's time limit and the page's attempt count
(docs/reliability.md) remain the bound.
"""

from __future__ import annotations

import io
import math
import time

import pypdfium2 as pdfium
import pypdfium2.internal as pdfium_i
import pypdfium2.raw as pdfium_c
from PIL import Image

from common.uploads.page_image import on_white
from worker.engines.base import Engine

__all__ = ["RenderBudget", "RenderTimeout", "encode_png", "on_white", "render_page", "render_scale"]

# How long pdfium draws between checks of the deadline.
SLICE_S = 0.05


class RenderTimeout(Exception):
    def __init__(self, seconds: float, message: str | None = None) -> None:
        super().__init__(message or f"rendering took longer than {seconds:.3g} s")
        self.seconds = seconds


class RenderBudget:
    """Drawing time that all pages of one document share, ``per_page`` at most each.

    Only drawing is charged: the other costs of preparing a page (its text layer, PNG
    encoding, storage) are not the page's fault, and a slow store should fail the
    task (which is retried), not the pages.
    """

    def __init__(self, total: float, per_page: float) -> None:
        self.total = total
        self.per_page = per_page
        self.spent = 0.0

    def render(self, page: pdfium.PdfPage, scale: float) -> pdfium.PdfBitmap:
        left = self.total - self.spent
        if left <= 0:
            raise RenderTimeout(
                0.0, f"not rendered: this document's pages took longer than {self.total:.3g} s to draw in all"
            )
        timeout = min(self.per_page, left)
        started = time.monotonic()
        try:
            return render_page(page, scale, timeout=timeout)
        except RenderTimeout as exc:
            if timeout < self.per_page:
                raise RenderTimeout(
                    timeout,
                    f"rendering took longer than the {timeout:.3g} s left of this document's "
                    f"{self.total:.3g} s to draw its pages",
                ) from exc
            raise
        finally:
            self.spent += time.monotonic() - started


def render_page(page: pdfium.PdfPage, scale: float, *, timeout: float) -> pdfium.PdfBitmap:
    """The page drawn at ``scale`` pixels per point, on white, in BGR (as ``page.render``
    draws it, annotations included); RenderTimeout after ``timeout`` seconds."""
    width = math.ceil(page.get_width() * scale)
    height = math.ceil(page.get_height() * scale)
    bitmap = pdfium.PdfBitmap.new_native(width, height, format=pdfium_c.FPDFBitmap_BGR)
    bitmap.fill_rect((255, 255, 255, 255), 0, 0, width, height)

    slice_end = 0.0

    def need_to_pause(_pause: object) -> bool:
        return time.monotonic() >= slice_end

    pause = pdfium_c.IFSDK_PAUSE(version=1)
    # The struct keeps the ctypes callback alive for as long as pdfium may call it.
    pdfium_i.set_callback(pause, "NeedToPauseNow", need_to_pause)
    started = time.monotonic()
    deadline = started + timeout
    slice_end = started + SLICE_S
    status = pdfium_c.FPDF_RenderPageBitmap_Start(
        bitmap, page, 0, 0, width, height, 0, pdfium_c.FPDF_ANNOT, pause
    )
    try:
        while status == pdfium_c.FPDF_RENDER_TOBECONTINUED:
            now = time.monotonic()
            if now >= deadline:
                raise RenderTimeout(timeout)
            slice_end = min(now + SLICE_S, deadline)
            status = pdfium_c.FPDF_RenderPage_Continue(page, pause)
        if status != pdfium_c.FPDF_RENDER_DONE:
            raise pdfium.PdfiumError("pdfium could not render the page")
    finally:
        pdfium_c.FPDF_RenderPage_Close(page)
    return bitmap


def render_scale(engine: Engine, width: float, height: float, default_dpi: int) -> float:
    """Pixels per point at which prepare renders a page of ``width`` x ``height`` points."""
    longest = max(width, height, 1.0)
    if engine.render_longest_edge:
        return engine.render_longest_edge / longest
    scale = (engine.render_dpi or default_dpi) / 72
    if engine.render_max_edge:
        scale = min(scale, engine.render_max_edge / longest)
    return scale


def encode_png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    # compress_level 1: PNG encoding dominates render cost; size matters less than time here.
    image.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()
