"""Checkboxes drawn as small raster images: an outlined square, empty or with a mark.

Some producers (word processors exporting form templates, scanned-in form pieces) place
a form's checkboxes as little pictures of a box rather than as paths or glyphs. The
path walk (path_reads.py) hands over image objects whose placed size could be a
checkbox's; here their pixels are read, and only theirs: a frame (rows and columns of
ink along all four sides) round a light inside is a box, ticked when the inside holds
a mark (an X or a tick: a share of its pixels inked). drawings.py adds it to the page's
checkbox squares, so the same label and state logic reads it as a vector one.
"""

from __future__ import annotations

import ctypes

import numpy as np
import pypdfium2.raw as pdfium_c

from worker.engines.textlayer import _address

# Placed size of an image read at all, in points (a checkbox square's, with slack for
# producers that place it a little larger than the text): larger images are pictures,
# and are never decoded here.
IMAGE_BOX_MIN, IMAGE_BOX_MAX = 4.0, 24.0
_MAX_PIXELS = 256  # a checkbox picture's side in pixels at most; larger: not decoded
_INK = 200  # a pixel whose darkest channel is below this is ink (dark or coloured)
_FULL = 0.6  # a frame's side: a row (or column) inked over this share of the box
_SIDE_BAND = 0.25  # the frame's side lies within this share of the box from its edge
# Inked share of the inside: below the first, specks (an empty box); above the second,
# a picture with a frame, no box.
_MARK_MIN, _MARK_MAX = 0.03, 0.5

_PixelSize = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint)
)(_address(pdfium_c.FPDFImageObj_GetImagePixelSize))
_CHANNELS = {
    pdfium_c.FPDFBitmap_Gray: 1,
    pdfium_c.FPDFBitmap_BGR: 3,
    pdfium_c.FPDFBitmap_BGRx: 4,
    pdfium_c.FPDFBitmap_BGRA: 4,
}


def placed_square(w: float, h: float) -> bool:
    """Whether an image placed ``w`` by ``h`` points is sized as a checkbox square."""
    return (
        IMAGE_BOX_MIN <= w <= IMAGE_BOX_MAX
        and IMAGE_BOX_MIN <= h <= IMAGE_BOX_MAX
        and abs(w - h) <= 0.2 * max(w, h)
    )


# The frame's extent in the picture, as shares of its width and height: left, top (row
# 0 is the picture's top), right, bottom.
Extent = tuple[float, float, float, float]


def image_box(obj: int) -> tuple[bool, Extent] | None:
    """Whether an image object is a checkbox, and ticked: None when its pixels are no
    outlined square (or cannot be read), else whether a mark is inside the frame, and
    the frame's extent (a picture often has a margin round its box: the box is the
    frame, and its side is what is compared with the text's size)."""
    pw, ph = ctypes.c_uint(0), ctypes.c_uint(0)
    if not _PixelSize(obj, ctypes.byref(pw), ctypes.byref(ph)):
        return None
    if not (4 <= pw.value <= _MAX_PIXELS and 4 <= ph.value <= _MAX_PIXELS):
        return None
    ink = _ink(obj)
    return None if ink is None else box_state(ink)


def _ink(obj: int) -> np.ndarray | None:
    """The image's pixels as a boolean ink mask (rows top to bottom), or None."""
    bitmap = pdfium_c.FPDFImageObj_GetBitmap(ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT))
    if not bitmap:
        return None
    try:
        fmt = pdfium_c.FPDFBitmap_GetFormat(bitmap)
        channels = _CHANNELS.get(fmt)
        if channels is None:
            return None
        w, h = pdfium_c.FPDFBitmap_GetWidth(bitmap), pdfium_c.FPDFBitmap_GetHeight(bitmap)
        stride = pdfium_c.FPDFBitmap_GetStride(bitmap)
        buf = pdfium_c.FPDFBitmap_GetBuffer(bitmap)
        if not buf or w <= 0 or h <= 0:
            return None
        raw = ctypes.string_at(buf, stride * h)
        px = np.frombuffer(raw, dtype=np.uint8).reshape(h, stride)[:, : w * channels].reshape(h, w, channels)
        darkest = px[:, :, : min(channels, 3)].min(axis=2)
        ink: np.ndarray = darkest < _INK
        if fmt == pdfium_c.FPDFBitmap_BGRA:  # transparent pixels show the page: no ink
            ink &= px[:, :, 3] >= 128
        return ink
    finally:
        pdfium_c.FPDFBitmap_Destroy(bitmap)


def box_state(ink: np.ndarray) -> tuple[bool, Extent] | None:
    """None when ``ink`` (a boolean mask) is no outlined square; else whether ticked, and
    the frame's extent.

    The frame is taken within the inked extent (a picture may have a margin): a row
    inked across most of that extent in its top and bottom quarter, a column so in its
    left and right quarter. The inside is what lies between the innermost of those."""
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size < 4 or cols.size < 4:
        return None
    top, bottom, left, right = int(rows[0]), int(rows[-1]), int(cols[0]), int(cols[-1])
    box = ink[top : bottom + 1, left : right + 1]
    h, w = box.shape
    if h < 4 or w < 4 or abs(h - w) > 0.25 * max(h, w):
        return None
    full_rows = np.flatnonzero(box.mean(axis=1) >= _FULL)
    full_cols = np.flatnonzero(box.mean(axis=0) >= _FULL)
    band_h, band_w = max(1, int(_SIDE_BAND * h)), max(1, int(_SIDE_BAND * w))
    tops, bottoms = full_rows[full_rows < band_h], full_rows[full_rows >= h - band_h]
    lefts, rights = full_cols[full_cols < band_w], full_cols[full_cols >= w - band_w]
    if not (tops.size and bottoms.size and lefts.size and rights.size):
        return None
    # Inside the frame's innermost lines, a pixel clear of them (antialiased edges).
    y0, y1 = int(tops[-1]) + 2, int(bottoms[0]) - 1
    x0, x1 = int(lefts[-1]) + 2, int(rights[0]) - 1
    if y1 - y0 < 2 or x1 - x0 < 2:
        return None
    share = float(box[y0:y1, x0:x1].mean())
    if share > _MARK_MAX:  # a filled picture with a frame: no box
        return None
    ph, pw = ink.shape
    extent = (left / pw, top / ph, (right + 1) / pw, (bottom + 1) / ph)
    return share >= _MARK_MIN, extent
