"""Text painted over by an opaque box drawn after it, which the displayed page does not
show: a browser's print of a page with a sticky header paints the header's white box
over the lines that scrolled under it, and their text stays in the text layer; a
flattened form field's appearance (a form XObject the page draws) fills its rectangle
before it draws the value, over whatever the page printed there. Every page is walked
for such boxes, from C where the extension is built (_pdfium_words.covering_fills), and
nothing more is done on a page without one. The walk runs through form XObjects: the
drawing order is the order of their objects where the form is drawn, and their boxes
are placed by the forms' matrices.
"""

from __future__ import annotations

import bisect
import ctypes
import struct
from collections.abc import Callable, Sequence
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

from worker.engines.matrices import IDENTITY, Matrix, times

try:  # built by setup.py; absent from installs made with PAGEMILL_PURE_PYTHON=1
    from worker.engines import _pdfium_words
except ImportError:  # _covering_records_ctypes does the same
    _pdfium_words = None  # type: ignore[assignment]

Box = tuple[float, float, float, float]
ToDisplay = Callable[[float, float, float, float], Box]
Polygon = list[tuple[float, float]]  # a clipping subpath's corners, displayed
_MAX_OBJECTS = 20000  # _pdfium_words.c's MAX_OBJECTS: a page of more objects is not searched
_MAX_DEPTH = 8  # _pdfium_words.c's MAX_DEPTH: a form nested deeper stands as one object

_COVER = struct.Struct("=iiffff")  # _pdfium_words.c's ObjRecord: kind, index, box
_TEXT, _FILL, _FORM = 1, 2, 5
_MIN_COVER = 4.0  # _pdfium_words.c's MIN_COVER: a thinner fill is a rule
_MAX_COVERS = 64  # opaque boxes over text looked at on one page; past them, text stays
_SLACK = 0.5  # a span may reach this far (pt) out of the box that covers it
# A span's loose box runs from the font's bounding box's bottom to its top, past the
# glyphs' ink (Helvetica's capitals stop a fifth of that height below its top): a box
# that covers the ink hides the word though the loose box peeks out of it. So a span
# is covered when the box holds it less this share of its height above and below.
_INK_SHARE = 0.2


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
        pdfium_c.FPDFFormObj_CountObjects,
        pdfium_c.FPDFFormObj_GetObject,
        pdfium_c.FPDFPageObj_GetMatrix,
    )
)


def unseen_covered(
    page: pypdfium2.PdfPage,
    to_display: ToDisplay,
    spans: Sequence[Any],
    objects: Sequence[int] | None = None,
) -> list[int]:
    """Indexes into ``spans`` of the spans that an opaque filled box drawn after them
    covers (its glyphs: see :func:`ink_box`; a sticky header's box over the lines under it).

    A span is covered when the text object that draws it comes before the box: the
    header's own text, drawn over its box, stays, and so does a flattened field's value
    drawn over its background where the page printed a hint under it. ``objects`` gives
    each span's text object (its address, as the text layer read it with the span; 0
    where it has none); where it is 0 or not in the walk, the span is taken to be drawn
    by a text object whose bounds hold its centre, covered when such an object comes
    before the box and none after it, nor a form XObject nested too deep to be walked
    (which may draw text too).
    """
    if not spans:  # every word turned (read apart) or none: nothing upright to hide
        return []
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
    reach = _INK_SHARE * max(s[4] - s[2] for s in spans) + _SLACK  # how far a covered top may peek out
    out: set[int] = set()
    leaves: list[_Leaf] | None = None  # the drawing order's objects, walked again for a clip
    places: dict[int, int] = {}  # a text object's address: its place in the drawing order
    for at, fill in fills:
        clip: list[list[Polygon]] | None = []
        clipped = False
        for j in range(bisect.bisect_left(tops, fill[1] - reach), len(order)):
            k = order[j]
            s = spans[k]
            if s[2] > fill[3]:
                break
            span = ink_box(s)
            if k in out or not _inside(span, fill):
                continue
            if not clipped:  # read once per box, and only for a box over a span
                if leaves is None:
                    leaves = _walk(page) or []
                    places = {
                        ctypes.cast(leaf[0], ctypes.c_void_p).value or 0: i for i, leaf in enumerate(leaves)
                    }
                clip = _clip_polys(leaves[at], to_display) if at < len(leaves) else None
                clipped = True
            if not _clip_holds(clip, span):
                continue
            place = places.get(objects[k]) if objects is not None and objects[k] else None
            if place is not None:
                under = place < at
            else:
                under = _drawn_under(texts, at, (span[0] + span[2]) / 2, (span[1] + span[3]) / 2)
            if under:
                out.add(k)
    return sorted(out)


def ink_box(span: Any) -> Box:
    """Where a span's glyphs are drawn: its loose box less the font box's margins above
    and below the ink (:data:`_INK_SHARE`)."""
    cut = _INK_SHARE * (span[4] - span[2])
    return span[1], span[2] + cut, span[3], span[4] - cut


def covers(box: Box, span: Any) -> bool:
    """Whether an opaque ``box`` hides ``span`` (a TextSpan, the same frame): its glyphs
    lie inside it."""
    return _inside(ink_box(span), box)


def _inside(span: Box, box: Box) -> bool:
    return (
        span[0] >= box[0] - _SLACK
        and span[2] <= box[2] + _SLACK
        and span[1] >= box[1] - _SLACK
        and span[3] <= box[3] + _SLACK
    )


def _clip_polys(leaf: _Leaf, to_display: ToDisplay) -> list[list[Polygon]] | None:
    """The clip of a drawn object as displayed polygons, a list per clipping path (the
    region is inside one polygon of every list): its own and those of the forms that
    draw it, each through its matrix to the page; [] when it is not clipped, None when a
    clipping path is not made of straight lines (a curve)."""
    obj, _, matrix, forms = leaf
    out: list[list[Polygon]] = []
    for o, m in [*forms, (obj, matrix)]:
        polys = _own_clip(o, m, to_display)
        if polys is None:
            return None
        out.extend(polys)
    return out


def _own_clip(obj: Any, m: Matrix, to_display: ToDisplay) -> list[list[Polygon]] | None:
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
                points.append(_apply(m, x.value, y.value))
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


# An object of the page's drawing order: the object, its kind, the matrix from its space
# to the page's, and the forms that draw it (each with the matrix from its own parent's).
_Leaf = tuple[Any, int, Matrix, tuple[tuple[Any, Matrix], ...]]


def _walk(page: pypdfium2.PdfPage) -> list[_Leaf] | None:
    """The page's objects in drawing order, through its form XObjects (a form nested
    deeper than _MAX_DEPTH stands as one); None past _MAX_OBJECTS (_pdfium_words.c's
    walk)."""
    out: list[_Leaf] = []
    fm = pdfium_c.FS_MATRIX()

    def visit(obj: Any, m: Matrix, forms: tuple[tuple[Any, Matrix], ...], depth: int) -> bool:
        kind = int(pdfium_c.FPDFPageObj_GetType(obj)) if obj else 0
        if kind == _FORM and depth <= _MAX_DEPTH and pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(fm)):
            inner = times((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), m)
            within = (*forms, (obj, m))
            return all(
                visit(pdfium_c.FPDFFormObj_GetObject(obj, k), inner, within, depth + 1)
                for k in range(int(pdfium_c.FPDFFormObj_CountObjects(obj)))
            )
        if len(out) >= _MAX_OBJECTS:
            return False
        out.append((obj, kind, m, forms))
        return True

    count = int(pdfium_c.FPDFPage_CountObjects(page.raw))
    if count > _MAX_OBJECTS:
        return None
    get_object, get_type = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType
    objs = [get_object(page.raw, i) for i in range(count)]
    kinds = [int(get_type(o)) if o else 0 for o in objs]
    if _FORM not in kinds:  # most pages: the walk is the page's own list (every page is walked)
        return [(o, k, IDENTITY, ()) for o, k in zip(objs, kinds, strict=True)]
    for o in objs:
        if not visit(o, IDENTITY, (), 1):
            return None
    return out


def _covering_records_ctypes(page: pypdfium2.PdfPage) -> bytes:
    """What _pdfium_words.covering_fills returns, through ctypes (installs without
    compiled code)."""
    leaves = _walk(page)
    if leaves is None:
        return b""
    fills: list[bytes] = []
    text_seen = False
    for i, (obj, kind, m, _) in enumerate(leaves):
        if kind in (_TEXT, _FORM):
            text_seen = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and text_seen and opaque_box(obj):
            box = _page_bounds(obj, m)
            if box is not None and box[2] - box[0] >= _MIN_COVER and box[3] - box[1] >= _MIN_COVER:
                fills.append(_COVER.pack(_FILL, i, *box))
    if not fills:
        return b""
    boxes = [_COVER.unpack(f)[2:] for f in fills]
    texts = []
    for i, (obj, kind, m, _) in enumerate(leaves):
        box = _page_bounds(obj, m) if kind in (_TEXT, _FORM) else None
        if box is not None and any(
            box[0] <= f[2] and f[0] <= box[2] and box[1] <= f[3] and f[1] <= box[3] for f in boxes
        ):
            texts.append(_COVER.pack(kind, i, *box))
    return b"".join(fills + texts)


def _page_bounds(obj: Any, m: Matrix) -> Box | None:
    """An object's bounds (in its own space) through ``m``: its box on the page."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return None
    corners = [_apply(m, x, y) for x in (left.value, right.value) for y in (bottom.value, top.value)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    # in float32, as the C walk has them: both compare and pack the same numbers
    x0, y0, x1, y1 = struct.unpack("=4f", struct.pack("=4f", min(xs), min(ys), max(xs), max(ys)))
    return x0, y0, x1, y1


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def opaque_box(obj: Any) -> bool:
    """Whether a path object is an opaque filled rectangle (_pdfium_words.c's opaque_box)."""
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
