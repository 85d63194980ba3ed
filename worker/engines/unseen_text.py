"""Text the displayed page does not show: invisible text (render mode 3) that is not a
scan's OCR layer, and text painted over by an opaque box drawn after it.

A searchable scan carries its words as invisible text over the page image: that text IS
the page's text and stays (a page mostly made of it is read as a scan anyway, see
:attr:`TextLayer.is_real`). Invisible text with no image under it is something else, a
generator's stamp ("Powered by TCPDF") or a search key, that the reader never sees: it
is left out, as a reader of the rendered page would.

So is text that an opaque box drawn later covers whole: a browser's print of a page with
a sticky header paints the header's white box over the lines that scrolled under it, and
their text stays in the text layer. Every page is walked for such boxes, from C where the
extension is built (_pdfium_words.covering_fills), and nothing more is done on a page
without one.
"""

from __future__ import annotations

import bisect
import ctypes
import struct
from collections.abc import Callable, Sequence
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

try:  # built by setup.py; absent from installs made with PAGEMILL_PURE_PYTHON=1
    from worker.engines import _pdfium_words
except ImportError:  # _covering_records_ctypes does the same
    _pdfium_words = None  # type: ignore[assignment]

Box = tuple[float, float, float, float]
ToDisplay = Callable[[float, float, float, float], Box]
Polygon = list[tuple[float, float]]  # a clipping subpath's corners, displayed
# The share of a page's glyphs from which invisible text is read as an OCR layer
# whatever lies under it (textlayer.FAKE_SHARE: such a page goes to OCR).
OCR_LAYER_SHARE = 0.5
_MAX_OBJECTS = 20000  # a page of more objects is not searched for images: keep its text


def unseen_invisible(
    page: pypdfium2.PdfPage,
    to_display: Callable[[float, float, float, float], Box],
    spans: Sequence[Any],
    hidden: Sequence[int],
    invisible: int,
) -> list[int]:
    """Indexes (of ``hidden``, into ``spans``) of invisible spans with no image under them.

    ``to_display`` maps PDF (left, bottom, right, top) to displayed (x0, top, x1, bottom),
    the frame of the spans; ``invisible`` is the count of invisible glyphs.
    """
    if len(hidden) == len(spans):  # nothing visible at all: the invisible text is the text
        return []
    glyphs = sum(len(s[0]) for s in spans)
    if invisible >= OCR_LAYER_SHARE * glyphs:
        return []
    images = _image_boxes(page, to_display)
    if images is None:
        return []
    out = []
    for k in hidden:
        s = spans[k]
        cx, cy = (s[1] + s[3]) / 2, (s[2] + s[4]) / 2
        if not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in images):
            out.append(k)
    return out


def _image_boxes(
    page: pypdfium2.PdfPage, to_display: Callable[[float, float, float, float], Box]
) -> list[Box] | None:
    """Displayed boxes of the page's images; an image inside a form XObject counts as
    the whole form's box (its own bounds are in the form's space). None: too many objects."""
    count = int(pdfium_c.FPDFPage_CountObjects(page.raw))
    if count > _MAX_OBJECTS:
        return None
    boxes: list[Box] = []
    for i in range(count):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE or (
            kind == pdfium_c.FPDF_PAGEOBJ_FORM and _holds_image(obj, 0)
        ):
            box = _bounds(obj)
            if box is not None:
                boxes.append(to_display(*box))
    return boxes


def _is_image(obj: Any, depth: int) -> bool:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    return bool(
        kind == pdfium_c.FPDF_PAGEOBJ_IMAGE
        or (kind == pdfium_c.FPDF_PAGEOBJ_FORM and _holds_image(obj, depth))
    )


def _holds_image(form: Any, depth: int) -> bool:
    if depth > 8:
        return True  # deep nesting: assume an image rather than drop text
    for i in range(int(pdfium_c.FPDFFormObj_CountObjects(form))):
        obj = pdfium_c.FPDFFormObj_GetObject(form, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE or (
            kind == pdfium_c.FPDF_PAGEOBJ_FORM and _holds_image(obj, depth + 1)
        ):
            return True
    return False


def _bounds(obj: Any) -> Box | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return None
    return left.value, bottom.value, right.value, top.value


# --- text under an opaque box drawn after it -------------------------------------------

_COVER = struct.Struct("=iiffff")  # _pdfium_words.c's ObjRecord: kind, index, box
_TEXT, _FILL, _FORM = 1, 2, 5
_MIN_COVER = 4.0  # _pdfium_words.c's MIN_COVER: a thinner fill is a rule
_MAX_COVERS = 64  # opaque boxes over text looked at on one page; past them, text stays
_SLACK = 0.5  # a span may reach this far (pt) out of the box that covers it


def _fn(fn: Any) -> int:
    addr = ctypes.cast(fn, ctypes.c_void_p).value
    if not addr:
        raise RuntimeError(f"pdfium function {fn!r} has no address")
    return addr


_COVER_FNS = tuple(
    _fn(f)
    for f in (
        pdfium_c.FPDFPage_CountObjects,
        pdfium_c.FPDFPage_GetObject,
        pdfium_c.FPDFPageObj_GetType,
        pdfium_c.FPDFPath_GetDrawMode,
        pdfium_c.FPDFPageObj_GetFillColor,
        pdfium_c.FPDFPageObj_GetBounds,
        pdfium_c.FPDFPageObj_HasTransparency,
        pdfium_c.FPDFPath_CountSegments,
        pdfium_c.FPDFPath_GetPathSegment,
        pdfium_c.FPDFPathSegment_GetType,
    )
)


def unseen_covered(page: pypdfium2.PdfPage, to_display: ToDisplay, spans: Sequence[Any]) -> list[int]:
    """Indexes into ``spans`` of the spans that an opaque filled box drawn after them
    covers whole (a sticky header's box over the lines under it).

    A span is taken to be drawn by a text object whose bounds hold its centre; it is
    covered when such an object comes before the box and none after it (the header's own
    text, drawn over its box, stays), nor a form XObject (which may draw text too).
    """
    raw = _covering_records(page)
    if not raw:
        return []
    fills: list[tuple[int, Box]] = []
    texts: list[tuple[int, int, Box]] = []
    for kind, index, left, bottom, right, top in _COVER.iter_unpack(raw):
        box = to_display(left, bottom, right, top)
        if kind == _FILL:
            if len(fills) < _MAX_COVERS:
                fills.append((index, box))
        else:
            texts.append((kind, index, box))
    # The spans by their top: a box's candidates are found by bisection, not by a pass
    # over the page's spans for each box.
    order = sorted(range(len(spans)), key=lambda k: spans[k][2])
    tops = [spans[k][2] for k in order]
    out: set[int] = set()
    for at, fill in fills:
        clip: list[list[Polygon]] | None = []
        clipped = False
        for j in range(bisect.bisect_left(tops, fill[1] - _SLACK), len(order)):
            k = order[j]
            s = spans[k]
            if s[2] > fill[3]:
                break
            span = (s[1], s[2], s[3], s[4])
            if k in out or not _inside(span, fill):
                continue
            if not clipped:  # read once per box, and only for a box over a span
                clip, clipped = _clip_polys(page, at, to_display), True
            if _clip_holds(clip, span) and _drawn_under(
                texts, at, (span[0] + span[2]) / 2, (span[1] + span[3]) / 2
            ):
                out.add(k)
    return sorted(out)


def _inside(span: Box, box: Box) -> bool:
    return (
        span[0] >= box[0] - _SLACK
        and span[2] <= box[2] + _SLACK
        and span[1] >= box[1] - _SLACK
        and span[3] <= box[3] + _SLACK
    )


def _clip_polys(page: pypdfium2.PdfPage, index: int, to_display: ToDisplay) -> list[list[Polygon]] | None:
    """The clip of the page's object ``index`` as displayed polygons, a list per clipping
    path (the region is inside one polygon of every list); [] when it is not clipped,
    None when a clipping path is not made of straight lines (a curve)."""
    obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj) if obj else None
    paths = int(pdfium_c.FPDFClipPath_CountPaths(clip)) if clip else -1
    out: list[list[Polygon]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for p in range(max(paths, 0)):
        polys: list[Polygon] = []
        points: list[tuple[float, float]] = []
        count = int(pdfium_c.FPDFClipPath_CountPathSegments(clip, p))
        for k in range(count + 1):  # one more: the last subpath ends
            seg = pdfium_c.FPDFClipPath_GetPathSegment(clip, p, k) if k < count else None
            kind = pdfium_c.FPDFPathSegment_GetType(seg) if seg else pdfium_c.FPDF_SEGMENT_MOVETO
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
                return None
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO and points:  # a subpath ends
                polys.append([to_display(px, py, px, py)[:2] for px, py in points])
                points = []
            if seg and pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
                points.append((x.value, y.value))
        out.append(polys)
    return out


def _clip_holds(clip: list[list[Polygon]] | None, span: Box) -> bool:
    """Whether ``span`` lies in the clip region: inside one polygon of each clipping
    path and touching no other of its polygons (two that overlap may cut a hole)."""
    if clip is None:
        return False
    for polys in clip:
        holding = [q for q in polys if _poly_holds(q, span)]
        if len(holding) != 1:
            return False
        if any(q is not holding[0] and _overlaps(_poly_box(q), span) for q in polys):
            return False
    return True


def _poly_box(poly: Polygon) -> Box:
    xs, ys = [q[0] for q in poly], [q[1] for q in poly]
    return min(xs), min(ys), max(xs), max(ys)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _poly_holds(poly: Polygon, span: Box) -> bool:
    """Whether ``span`` lies inside ``poly``. A clip is not always a rectangle: a cell's
    shading may be clipped to a frame drawn as one outline (outer edge, then in around
    the cell's inner area), whose bounding box holds the text the shading leaves bare.
    So the span is inside when its centre is (even-odd rule) and no edge of the outline
    crosses it."""
    if len(poly) < 3:
        return False
    box = _poly_box(poly)
    if not _inside(span, box):
        return False
    x0, top, x1, bottom = span[0] + _SLACK, span[1] + _SLACK, span[2] - _SLACK, span[3] - _SLACK
    cx, cy = (span[0] + span[2]) / 2, (span[1] + span[3]) / 2
    inside = False
    for (ax, ay), (bx, by) in zip(poly, [*poly[1:], poly[0]], strict=True):
        if (ay > cy) != (by > cy) and cx < ax + (cy - ay) * (bx - ax) / (by - ay):
            inside = not inside
        if _crosses(ax, ay, bx, by, x0, top, x1, bottom):
            return False
    return inside


def _crosses(
    ax: float, ay: float, bx: float, by: float, x0: float, top: float, x1: float, bottom: float
) -> bool:
    """Whether the segment a-b passes through the open rectangle (Liang-Barsky clipping)."""
    if x0 >= x1 or top >= bottom:
        return False
    t0, t1 = 0.0, 1.0
    dx, dy = bx - ax, by - ay
    for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - top), (dy, bottom - ay)):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            if t > t1:
                return False
            t0 = max(t0, t)
        else:
            if t < t0:
                return False
            t1 = min(t1, t)
    return t0 < t1


def _drawn_under(texts: list[tuple[int, int, Box]], at: int, cx: float, cy: float) -> bool:
    """Whether the text at (cx, cy) is drawn before the object at index ``at`` and not
    again after it."""
    before = False
    for kind, index, (x0, top, x1, bottom) in texts:
        if x0 <= cx <= x1 and top <= cy <= bottom:
            if index > at:
                return False
            before = before or kind == _TEXT
    return before


def _covering_records(page: pypdfium2.PdfPage) -> bytes:
    """_pdfium_words.covering_fills's records for ``page``, from C or through ctypes."""
    handle = ctypes.cast(page.raw, ctypes.c_void_p).value
    if not handle:
        return b""
    if _pdfium_words is not None:
        return _pdfium_words.covering_fills(handle, *_COVER_FNS)
    return _covering_records_ctypes(page)


def _covering_records_ctypes(page: pypdfium2.PdfPage) -> bytes:
    """What _pdfium_words.covering_fills returns, through ctypes (installs without
    compiled code)."""
    count = int(pdfium_c.FPDFPage_CountObjects(page.raw))
    if count > _MAX_OBJECTS:
        return b""
    objs = [pdfium_c.FPDFPage_GetObject(page.raw, i) for i in range(count)]
    kinds = [int(pdfium_c.FPDFPageObj_GetType(o)) for o in objs]
    fills: list[bytes] = []
    text_seen = False
    for i, (obj, kind) in enumerate(zip(objs, kinds, strict=True)):
        if kind in (_TEXT, _FORM):
            text_seen = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and text_seen and _opaque_box(obj):
            box = _bounds(obj)
            if box is not None and box[2] - box[0] >= _MIN_COVER and box[3] - box[1] >= _MIN_COVER:
                fills.append(_COVER.pack(_FILL, i, *box))
    if not fills:
        return b""
    boxes = [_COVER.unpack(f)[2:] for f in fills]
    texts = []
    for i, (obj, kind) in enumerate(zip(objs, kinds, strict=True)):
        box = _bounds(obj) if kind in (_TEXT, _FORM) else None
        if box is not None and any(
            box[0] <= f[2] and f[0] <= box[2] and box[1] <= f[3] and f[1] <= box[3] for f in boxes
        ):
            texts.append(_COVER.pack(kind, i, *box))
    return b"".join(fills + texts)


def _opaque_box(obj: Any) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) or not fill.value:
        return False
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a) or a.value != 255:
        return False
    if pdfium_c.FPDFPageObj_HasTransparency(obj):
        return False
    n = int(pdfium_c.FPDFPath_CountSegments(obj))
    if not 4 <= n <= 5:
        return False
    for k in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        if not seg or pdfium_c.FPDFPathSegment_GetType(seg) == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            return False
    return True
