"""The displayed page: PDF user space (y up) mapped to the page as shown (y down, crop box
and /Rotate applied), the frame of the text layer's boxes and drawings."""

from __future__ import annotations

import pypdfium2


class _PageFrame:
    """Maps PDF user space (y up) to the displayed page (y down, crop box and /Rotate)."""

    def __init__(self, page: pypdfium2.PdfPage) -> None:
        # The box pdfium sizes and renders the page by: the crop box clipped to the media
        # box, each inherited from the page tree when the page has none of its own (a
        # generator may set them once, on the Pages node), so that our boxes agree with
        # page.get_size() and with rendered images. (get_mediabox and get_cropbox read the
        # page's own entries only: for an inherited A4 box they answer US Letter, and the
        # top 50 points of the page would read as off the page.)
        left, bottom, right, top = page.get_bbox()
        left, right, bottom, top = min(left, right), max(left, right), min(bottom, top), max(bottom, top)
        if right <= left or top <= bottom:
            ml, mb, mr, mt = page.get_mediabox()
            left, right, bottom, top = min(ml, mr), max(ml, mr), min(mb, mt), max(mb, mt)
        self.left, self.top = left, top
        self.w0, self.h0 = right - left, top - bottom  # unrotated size
        self.rotation = page.get_rotation() % 360
        if self.rotation in (90, 270):
            self.width, self.height = self.h0, self.w0
        else:
            self.width, self.height = self.w0, self.h0

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """PDF (left, bottom, right, top) to displayed (x0, top, x1, bottom)."""
        # u/v: distance from the unrotated page's left/top edges.
        u0, u1 = left - self.left, right - self.left
        v0, v1 = self.top - top, self.top - bottom
        rot = self.rotation
        if rot == 0:
            return u0, v0, u1, v1
        if rot == 90:  # displayed clockwise: x = h0 - v, y = u
            return self.h0 - v1, u0, self.h0 - v0, u1
        if rot == 180:
            return self.w0 - u1, self.h0 - v1, self.w0 - u0, self.h0 - v0
        return v0, self.w0 - u1, v1, self.w0 - u0  # 270: x = v, y = w0 - u
