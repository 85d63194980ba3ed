"""Which small square paths of a page are form checkboxes, and which of them are ticked.

Read by :func:`worker.engines.drawings.extract_drawings` for the small shapes of its
walk: a square outlined by a stroke (a rectangle, or a square with rounded corners as
Chromium prints an HTML ``<input type=checkbox>``), or a rounded square filled with a
colour, which Chromium draws for a ticked box with a white tick stroked over it. A box
is ticked when a mark is drawn in it: a tick, a cross, a filled centre; the white
square Chromium lays under every box is paper, no mark.
"""

from __future__ import annotations

import ctypes
import math
from itertools import pairwise
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

from worker.engines.path_reads import (
    _BEZIERTO,
    _I,
    _LINETO,
    _MOVETO,
    _P,
    _CountSegments,
    _GetDrawMode,
    _GetSegment,
    _segments,
    _SegmentType,
)
from worker.engines.textlayer import _address

_MAX_SHAPE_SEGMENTS = 128  # a rounded square: Chromium's takes 53 segments (4 curves a corner)
SHAPE_BUDGET = 4000  # segments read on a page to tell rounded squares from dots and ticks
_U = ctypes.POINTER(ctypes.c_uint)
_FillColor = ctypes.CFUNCTYPE(_I, _P, _U, _U, _U, _U)(_address(pdfium_c.FPDFPageObj_GetFillColor))
_StrokeColor = ctypes.CFUNCTYPE(_I, _P, _U, _U, _U, _U)(_address(pdfium_c.FPDFPageObj_GetStrokeColor))
Square = tuple[float, float, float, float]  # x0, top, x1, bottom in the text's frame
Shape = tuple[float, float, float, float, int, int]  # and the path object, and when drawn
Plate = tuple[Square, tuple[float, float, float, float], int, int]  # and its bounds on the PDF page
Mark = tuple[bool, bool, bool, bool]  # painted, white paint only, open stroke, straight: _mark


OTHER, OUTLINE, PLATE = 0, 1, 2  # what a small square-ish path is


def ticked_plates(
    page: pypdfium2.PdfPage,
    plates: list[Plate],
    squares: list[Square],
    small: list[Shape],
    marks: dict[int, Mark],
) -> list[Square]:
    """The filled rounded squares that are ticked boxes: with a mark drawn on them, or a
    tick glyph written on a dark one (a CSS checkbox: ✓ on its accent colour; a light one
    is more likely a table cell). Those inside an outlined square are its inside."""
    ticked: list[Square] = []
    unmarked: list[Plate] = []
    for plate in plates:
        sq = plate[0]
        cx, cy = (sq[0] + sq[2]) / 2, (sq[1] + sq[3]) / 2
        if any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in squares):
            continue
        if has_inside(sq, small, [], marks, after=plate[3]):
            ticked.append(sq)
        elif _dark(plate[2]):
            unmarked.append(plate)
    if unmarked:  # rare: a page's text read again only for them
        textpage = page.get_textpage()
        try:
            for sq, (left, bottom, right, top), _, _ in unmarked:
                if textpage.get_text_bounded(left, bottom, right, top).strip() in _TICK_GLYPHS:
                    ticked.append(sq)
        finally:
            textpage.close()
    return ticked


_TICK_GLYPHS = frozenset("✓✔✗✘")  # not x, nor the multiplication sign: on a coloured button, a close mark


def square_shape(obj: int, budget: list[int]) -> int:
    """Whether path ``obj`` (its bounds a small square) is a checkbox's outline: stroked,
    of four to eight straight segments (a rectangle operator gives four, LibreOffice draws
    six; a tick is three, a circle curves) or a rounded square; or a plate: a rounded
    square filled with a colour. ``budget``: the segments a page may still read for this."""
    fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not _GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) or not (stroke.value or fill.value):
        return OTHER
    count = int(_CountSegments(obj))
    if count < 4:
        return OTHER
    if count <= 8 and all(_SegmentType(_GetSegment(obj, k)) != _BEZIERTO for k in range(count)):
        return OUTLINE if stroke.value else OTHER
    if count > _MAX_SHAPE_SEGMENTS or budget[0] < count:
        return OTHER
    budget[0] -= count
    if not _rounded_square(list(_segments(obj, count))):
        return OTHER
    if stroke.value:
        return OUTLINE
    return OTHER if _blank(obj) else PLATE


def _rounded_square(segs: list[tuple[int, int, float, float]]) -> bool:
    """Whether a path is one closed subpath whose straight segments run along all four
    sides of its bounds (at least 30% of each) with curves between: a square with
    rounded corners. A circle or a dot has no straight sides; a tick is open."""
    return rounded_rect(segs, square=True)


def rectangles_only(segs: list[tuple[int, int, float, float]]) -> bool:
    """Whether a path (its segments as :func:`.path_reads._segments` reads them) is nothing
    but upright rectangles: each subpath a move and three or four straight lines, each
    along one axis, closed (by its flag or a line back to the start)."""
    start = 0
    for end in range(1, len(segs) + 1):
        if end < len(segs) and segs[end][0] != _MOVETO:
            continue
        sub = segs[start:end]
        start = end
        if sub[0][0] != _MOVETO or not 4 <= len(sub) <= 5:
            return False
        pts = [(x, y) for _, _, x, y in sub]
        if any(k != _LINETO or c < 0 for k, c, _, _ in sub[1:]):
            return False
        closed = sub[-1][1] or pts[-1] == pts[0]
        if not closed:
            return False
        ring = pts if pts[-1] == pts[0] else [*pts, pts[0]]
        if any(abs(ax - bx) > 0.01 and abs(ay - by) > 0.01 for (ax, ay), (bx, by) in pairwise(ring)):
            return False
    return bool(segs)


def rounded_rect(segs: list[tuple[int, int, float, float]], square: bool = False) -> bool:
    """Whether a path (its segments as :func:`.path_reads._segments` reads them) is a
    rectangle with rounded corners: one closed subpath whose straight segments run along
    each side for 30% of that side at least, with curves between. ``square``: measured
    against the longer side (a checkbox's); else each side against its own length (a
    panel, a card: wide and low)."""
    if segs[0][0] != _MOVETO or any(k == _MOVETO or k < 0 or c < 0 for k, c, _, _ in segs[1:]):
        return False
    xs, ys = [x for _, _, x, _ in segs], [y for _, _, _, y in segs]
    left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
    side = max(right - left, top - bottom)
    tol = 0.05 * (side if square else min(right - left, top - bottom))
    if side <= 0 or not (segs[-1][1] or (abs(xs[-1] - xs[0]) <= tol and abs(ys[-1] - ys[0]) <= tol)):
        return False
    straight = [0.0, 0.0, 0.0, 0.0]  # along the left, right, bottom and top sides
    ends = list(pairwise(segs))
    if segs[-1][1]:  # the closing line back to the start
        ends.append((segs[-1], (_LINETO, 0, xs[0], ys[0])))
    for (_, _, ax, ay), (kind, _, bx, by) in ends:
        if kind != _LINETO:
            continue
        if abs(ax - bx) <= tol:
            for i, edge in ((0, left), (1, right)):
                if abs(ax - edge) <= tol and abs(bx - edge) <= tol:
                    straight[i] += abs(ay - by)
        elif abs(ay - by) <= tol:
            for i, edge in ((2, bottom), (3, top)):
                if abs(ay - edge) <= tol and abs(by - edge) <= tol:
                    straight[i] += abs(ax - bx)
    curves = any(k == _BEZIERTO for k, _, _, _ in segs)
    if square:
        return curves and min(straight) >= 0.3 * side
    height, width = top - bottom, right - left
    return curves and min(straight[:2]) >= 0.3 * height and min(straight[2:]) >= 0.3 * width


def _fill(obj: int) -> tuple[int, int, int, int] | None:
    r, g, b, a = (ctypes.c_uint(0) for _ in range(4))
    if not _FillColor(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return None
    return r.value, g.value, b.value, a.value


def _blank(obj: int) -> bool:
    """Whether a path is filled white (or transparent): the paper under a box, no mark."""
    return _white(_FillColor, obj)


def _white(colour_of: Any, obj: int) -> bool:
    """Whether the colour ``colour_of`` reads (the fill's or the stroke's) is white or
    transparent."""
    r, g, b, a = (ctypes.c_uint(0) for _ in range(4))
    if not colour_of(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 245


def white_line(obj: int) -> bool:
    """Whether a thin path draws its line in white (stroked in white if stroked, filled
    in white if filled). On white paper nobody sees it: it is a rule only where it
    crosses a coloured ground (a shaded header's white rules), and a word processor's
    layout table with its borders set to white is no table."""
    fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not _GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) or not (fill.value or stroke.value):
        return False
    return (not stroke.value or _white(_StrokeColor, obj)) and (not fill.value or _white(_FillColor, obj))


def unseen_paint(obj: int) -> bool:
    """Whether a path draws no line one could see on paper: not stroked, and filled white
    or not at all (wkhtmltopdf paints the page's white background behind a table as one
    rectangle: its sides are no table frame)."""
    fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not _GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return False
    return not stroke.value and (not fill.value or _blank(obj))


def fill_only(obj: int) -> tuple[int, int, int, int] | None:
    """The colour of a path that is filled and not stroked (a cell's shading, whose sides
    are lines only where its colour ends: worker/engines/cell_fills.py); None for any
    other path."""
    fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not _GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) or stroke.value or not fill.value:
        return None
    return _fill(obj)


def _dark(obj: int) -> bool:
    """Whether a path's fill is darker than a light grey (an accent colour, not a shade)."""
    rgba = _fill(obj)
    return rgba is not None and 0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2] <= 0.7 * 255


def _mark(obj: int) -> Mark:
    """Whether a small path is painted at all, whether only filled white (paper on paper,
    but a mark on a coloured square), whether it is an open stroke (a tick or a cross's
    line, which may reach the box's edges) and whether it is a few straight segments (a
    tick drawn as a shape, not a logo's curves)."""
    fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not _GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return True, False, False, False
    count = int(_CountSegments(obj))
    segs = list(_segments(obj, count)) if 2 <= count <= 16 else []
    plain = bool(segs) and all(k in (_MOVETO, _LINETO) for k, _, _, _ in segs)
    if not stroke.value:
        return bool(fill.value), bool(fill.value) and _blank(obj), False, plain
    if fill.value or not segs:
        return True, False, False, plain
    (_, _, x0, y0), (_, _, x1, y1) = segs[0], segs[-1]
    return True, False, not any(c for _, c, _, _ in segs) and math.hypot(x1 - x0, y1 - y0) > 0.1, plain


def has_inside(
    sq: Square, small: list[Shape], squares: list[Square], marks: dict[int, Mark], after: int = -1
) -> bool:
    """Whether a smaller shape (a tick, a cross, a filled square) is drawn inside ``sq``.
    ``marks``: what :func:`_mark` said of the objects looked at so far. ``after``: where
    ``sq`` is a filled square, when it was drawn: what was drawn before lies under it
    (Chromium's white square under its box), and a white mark on it shows."""
    x0, y0, x1, y1 = sq
    pad = 0.15 * (x1 - x0)  # a tick may reach a little past the square
    for a0, b0, a1, b1, obj, seq in (*small, *((*s, 0, -1) for s in squares)):
        if not (a0 >= x0 - pad and a1 <= x1 + pad and b0 >= y0 - pad and b1 <= y1 + pad):
            continue
        if (a0, b0, a1, b1) == sq or seq < after:
            continue
        if not obj:  # a smaller square drawn in it
            if (a1 - a0) < (x1 - x0) - 0.5:
                return True
            continue
        if obj not in marks:
            marks[obj] = _mark(obj)
        painted, white, open_stroke, plain = marks[obj]
        if not painted or (white and after < 0) or not (plain or open_stroke or after < 0):
            continue  # on a filled square, a curved shape is an icon's (a logo), no tick
        # pdfium's bounds take in a stroke's width: a tick across the box is as wide
        if open_stroke or (a1 - a0) < (x1 - x0) - 0.5:
            return True
    return False
