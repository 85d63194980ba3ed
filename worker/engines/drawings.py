"""The vector graphics that structure a page's text: table rules, form checkboxes and
bullets drawn as dots.

Read once per page at prepare time with the text layer (:func:`extract_drawings` is
called by :func:`worker.engines.textlayer.extract_text_layer`) and stored with it. Kept
apart from the spans' extraction, whose module stays whole for its speed.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterable

import pypdfium2
import pypdfium2.raw as pdfium_c

from worker.engines.cell_fills import Fill, seen_sides
from worker.engines.dotted_rules import Speck, dotted_rules, is_speck
from worker.engines.drawn_bullets import Dot, alone, inked, is_dot
from worker.engines.drawn_underscores import Bar, is_bar
from worker.engines.path_reads import (
    _BEZIERTO,
    _I,
    _IMAGE,
    _LINETO,
    _MAX_OBJECTS,
    _MAX_PATHS,
    _MOVETO,
    _P,
    _PATH,
    _PF,
    PathRecord,
    _CountSegments,
    _path_records,
    _path_records_ctypes,
    _segments,
)
from worker.engines.ruled_squares import ruled_squares
from worker.engines.textlayer import Box, Rule, _address, _PageFrame

# The page's vector paths, read for what structures its text: table rules (borders and
# separators, drawn as lines, thin filled boxes or the sides of rectangles) and the small
# outlined squares of form checkboxes. Bounded, so that a chart of thousands of paths
# costs little: objects past _MAX_OBJECTS are not looked at, paths past _MAX_PATHS stop
# the walk (both: path_reads.py, which walks them), and only _MAX_SEGMENTS path segments
# are read on a page.
_MAX_SEGMENTS = 2000
_MAX_SEGMENTS_PER_PATH = 64
_MAX_PANEL_SEGMENTS = 128  # a rectangle with rounded corners: Chromium's takes about 100
# A table's shading or borders painted as one path of many rectangles (a zebra band's
# cells and its full-width row, band after band): read up to this many segments.
_MAX_TILED_SEGMENTS = 1000
_THIN = 3.0  # a rule is at most this thick (pt) ...
_MIN_RULE = 6.0  # ... and at least this long
_BOX_MIN, _BOX_MAX = 4.0, 20.0  # side of a checkbox square, in points

_ObjMatrix = ctypes.CFUNCTYPE(_I, _P, ctypes.POINTER(pdfium_c.FS_MATRIX))(
    _address(pdfium_c.FPDFPageObj_GetMatrix)
)
_StrokeWidth = ctypes.CFUNCTYPE(_I, _P, _PF)(_address(pdfium_c.FPDFPageObj_GetStrokeWidth))
_FormCount = ctypes.CFUNCTYPE(_I, _P)(_address(pdfium_c.FPDFFormObj_CountObjects))
_FormObject = ctypes.CFUNCTYPE(_P, _P, ctypes.c_ulong)(_address(pdfium_c.FPDFFormObj_GetObject))
_MAX_FORM_DEPTH = 3  # forms drawn inside forms: as deep as producers nest them in practice
Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f


def _compose(first: Matrix, then: Matrix) -> Matrix:
    """The matrix that applies ``first``, then ``then`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _map_box(
    m: Matrix, left: float, bottom: float, right: float, top: float
) -> tuple[float, float, float, float]:
    a, b, c, d, e, f = m
    xs = [a * x + c * y + e for x in (left, right) for y in (bottom, top)]
    ys = [b * x + d * y + f for x in (left, right) for y in (bottom, top)]
    return min(xs), min(ys), max(xs), max(ys)


def extract_drawings(
    page: pypdfium2.PdfPage, frame: _PageFrame
) -> tuple[list[Rule], list[Box], list[Dot], list[Bar], list[Rule]]:
    """The rules, checkbox squares, bullet dots (drawn_bullets.py), short bars that may
    be underscores (drawn_underscores.py) and dotted rules drawn dot by dot
    (dotted_rules.py, kept apart: the caller drops those through text) drawn on
    ``page``, in the frame of its spans.

    Paths drawn inside form XObjects count too: their objects are walked after the
    page's, their bounds mapped by the form's matrix. A page has tens to hundreds of
    paths, mostly rules: the loop keeps per-path work to a few comparisons.
    """
    # Imported here, not with this module: drawn_boxes reads paths through this one.
    from worker.engines import drawn_boxes as dbx

    rules: list[Rule] = []
    squares: list[dbx.Square] = []  # outlined: a checkbox, ticked or not
    plates: list[dbx.Plate] = []  # filled rounded: a checkbox only with a tick drawn on it
    small: list[dbx.Shape] = []  # what may be drawn inside a square, with its object
    fills: list[Fill] = []  # filled, unstroked rectangles: cell shading
    pads: list[Fill] = []  # and small ones, which only hide the sides they touch
    whites: list[Rule] = []  # thin lines drawn in white: rules only on a coloured ground
    grounds: list[Rule] = []  # larger paths filled in a colour
    dots: list[Dot] = []  # small filled dots and squares: bullets, where they start a line
    bars: list[Bar] = []  # short thin bars: underscores, where they glue two words
    specks: list[Speck] = []  # tiny dots and dashes: maybe a dotted rule's
    pictured: list[Box] = []  # checkboxes drawn as small images, with their state
    segments = 0
    shape_budget = [dbx.SHAPE_BUDGET]
    budget = _MAX_PATHS
    # Unrotated, uncropped pages (most) map by a subtraction: frame.box inlined.
    upright = not frame.rotation
    page_left, page_top = frame.left, frame.top
    forms: list[tuple[Iterable[PathRecord], Matrix | None, int]] = [(_path_records(page), None, 0)]
    while forms:
        records, outer, depth = forms.pop()
        for obj, left, bottom, right, top, kind, white in records:
            if kind == _IMAGE:  # small ones only (path_reads): maybe a checkbox's picture
                _image_box(obj, (left, bottom, right, top), outer, frame, pictured)
                continue
            budget -= 1
            if budget < 0:
                forms.clear()
                break
            if kind != _PATH:  # a form XObject: its own objects, later
                if depth < _MAX_FORM_DEPTH:
                    inner = _form_records(obj, outer, budget)
                    if inner is not None:
                        forms.append((*inner, depth + 1))
                continue
            if outer is not None:
                left, bottom, right, top = _map_box(outer, left, bottom, right, top)
            if upright:
                x0, y0, x1, y1 = left - page_left, page_top - top, right - page_left, page_top - bottom
            else:
                x0, y0, x1, y1 = frame.box(left, bottom, right, top)
            w, h = x1 - x0, y1 - y0
            if w <= _THIN or h <= _THIN:
                if w < _MIN_RULE and h < _MIN_RULE and is_speck(w, h):
                    specks.append((x0, y0, x1, y1))
                if w >= _MIN_RULE or h >= _MIN_RULE:
                    if white < 0:  # thin only as mapped (a form's): not read with its bounds
                        white = dbx.white_line(obj)
                    (whites if white else rules).append((x0, y0, x1, y1))
                elif is_dot(w, h) and inked(dbx.fill_only(obj)):
                    dots.append((x0, y0, x1, y1))  # a small bullet at small print
                elif is_bar(w, h):
                    bars.append((x0, y0, x1, y1))  # maybe an underscore drawn as a rule
            elif w <= _BOX_MAX and h <= _BOX_MAX:
                # A square outlined by a stroke is a checkbox; a filled rounded one may be
                # (Chromium fills a ticked box with its accent colour); any other small
                # shape may be a tick, cross or filled centre.
                shape, seq = dbx.OTHER, _MAX_PATHS - budget  # seq: the order drawn
                if w >= _BOX_MIN and abs(w - h) <= 0.2 * max(w, h):
                    shape = dbx.square_shape(obj, shape_budget)
                if shape == dbx.OUTLINE:
                    squares.append((x0, y0, x1, y1))
                elif shape == dbx.PLATE:
                    plates.append(((x0, y0, x1, y1), (left, bottom, right, top), obj, seq))
                else:
                    small.append((x0, y0, x1, y1, obj, seq))
                    if is_dot(w, h) and inked(dbx.fill_only(obj)):
                        dots.append((x0, y0, x1, y1))
                    if 4 <= _CountSegments(obj) <= 5:  # maybe a rectangle: a cell's padding?
                        colour = dbx.fill_only(obj)
                        if colour is not None:
                            pads.append((x0, y0, x1, y1, colour))
            elif segments < _MAX_SEGMENTS and not dbx.unseen_paint(obj):
                colour = dbx.fill_only(obj)
                if colour is not None and colour[3] and min(colour[:3]) < 245:
                    grounds.append((x0, y0, x1, y1))
                found: list[Rule] = []
                segments += _edges(obj, frame, found, outer)
                # A filled rectangle's sides are lines only where no shading of its
                # colour continues past them: held until all are read (cell_fills.py).
                if colour is not None and _is_rectangle(obj, found, (x0, y0, x1, y1)):
                    fills.append((x0, y0, x1, y1, colour))
                else:
                    rules.extend(found)
    rules.extend(seen_sides(fills, pads))
    rules, ruled = ruled_squares(rules)  # checkboxes drawn as four rules
    squares.extend(ruled)
    if whites and grounds:
        rules.extend(r for r in whites if _on_ground(r, grounds))
    if dots:  # a dot inside a box, a ring or an icon is its mark, no bullet
        dots = alone(dots, [*(sh[:4] for sh in small), *squares, *(pl[0] for pl in plates)])
    marks: dict[int, dbx.Mark] = {}  # object -> what it is, read once
    boxes = [(*sq, dbx.has_inside(sq, small, squares, marks)) for sq in squares]
    boxes.extend((*sq, True) for sq in dbx.ticked_plates(page, plates, squares, small, marks))
    boxes.extend(pictured)
    return rules, boxes, dots, bars, dotted_rules(specks)


def _image_box(
    obj: int,
    bounds: tuple[float, float, float, float],
    outer: Matrix | None,
    frame: _PageFrame,
    out: list[Box],
) -> None:
    """Add a small image object to ``out`` where its pixels are a checkbox (image_boxes.py).

    Its placed size is checked first: only a checkbox-sized picture is decoded. The box
    added is the frame's, placed by the image's matrix (a picture's margin is no box)."""
    from worker.engines.image_boxes import image_box, placed_square

    if outer is not None:
        bounds = _map_box(outer, *bounds)
    x0, y0, x1, y1 = frame.box(*bounds)
    if not placed_square(x1 - x0, y1 - y0):
        return
    m = pdfium_c.FS_MATRIX()
    if not _ObjMatrix(obj, ctypes.byref(m)):
        return
    found = image_box(obj)
    if found is None:
        return
    ticked, (u0, r0, u1, r1) = found
    mat: Matrix = (m.a, m.b, m.c, m.d, m.e, m.f)
    if outer is not None:
        mat = _compose(mat, outer)
    # The image fills the unit square of its matrix, its first row at the top (v = 1).
    a, b, c, d, e, f = mat
    pts = [(a * u + c * v + e, b * u + d * v + f) for u in (u0, u1) for v in (1 - r0, 1 - r1)]
    left, right = min(p[0] for p in pts), max(p[0] for p in pts)
    bottom, top = min(p[1] for p in pts), max(p[1] for p in pts)
    x0, y0, x1, y1 = frame.box(left, bottom, right, top)
    if placed_square(x1 - x0, y1 - y0):
        out.append((x0, y0, x1, y1, ticked))


def _on_ground(rule: Rule, grounds: list[Rule]) -> bool:
    """Whether a rule's middle lies on one of ``grounds`` (a point of slack)."""
    cx, cy = (rule[0] + rule[2]) / 2, (rule[1] + rule[3]) / 2
    return any(g[0] - 1 <= cx <= g[2] + 1 and g[1] - 1 <= cy <= g[3] + 1 for g in grounds)


def _is_rectangle(obj: int, edges: list[Rule], box: tuple[float, float, float, float]) -> bool:
    """Whether a path is one upright rectangle: four or five segments (a close, or a line
    back to the start), its straight sides all on its bounds (a side shorter than a rule
    is not among them)."""
    if not 4 <= _CountSegments(obj) <= 5 or not edges:
        return False
    x0, top, x1, bottom = box
    for ex0, etop, ex1, ebottom in edges:
        if ex1 - ex0 > ebottom - etop:  # across: on the top or the bottom
            y = (etop + ebottom) / 2
            if min(abs(y - top), abs(y - bottom)) > 0.5:
                return False
        else:
            x = (ex0 + ex1) / 2
            if min(abs(x - x0), abs(x - x1)) > 0.5:
                return False
    return True


def _form_records(obj: int, outer: Matrix | None, budget: int) -> tuple[Iterable[PathRecord], Matrix] | None:
    """A form XObject's paths and forms, and the matrix that maps them to the page."""
    m = pdfium_c.FS_MATRIX()
    if not _ObjMatrix(obj, ctypes.byref(m)):
        return None
    inner: Matrix = (m.a, m.b, m.c, m.d, m.e, m.f)
    mat = inner if outer is None else _compose(inner, outer)
    count = min(int(_FormCount(obj)), _MAX_OBJECTS)
    return _path_records_ctypes(obj, count, _FormObject, budget), mat


def _edges(obj: int, frame: _PageFrame, rules: list[Rule], outer: Matrix | None) -> int:
    """The axis-aligned straight sides of a larger path as rules; returns segments read.

    Rectangles (cell borders, a table's frame) and grids drawn as one path have their
    lines as segments; slanted lines are no rules, nor is anything in a path that curves.
    ``outer``: the matrix of the form XObject the path is drawn in.
    """
    count = int(_CountSegments(obj))
    if count <= 0 or count > _MAX_TILED_SEGMENTS:
        return max(count, 0)
    m = pdfium_c.FS_MATRIX()
    if not _ObjMatrix(obj, ctypes.byref(m)):
        return count
    ma, mb, mc, md, me, mf = mat = (m.a, m.b, m.c, m.d, m.e, m.f)
    if outer is not None:
        ma, mb, mc, md, me, mf = _compose(mat, outer)
    width = ctypes.c_float(0.0)
    _StrokeWidth(obj, ctypes.byref(width))
    half = max(width.value * math.hypot(ma, mb), 0.5) / 2
    segs = list(_segments(obj, count))
    # The first curve, found by a scan in C over the segments' types, not per segment here.
    kinds = [seg[0] for seg in segs]
    curve = kinds.index(_BEZIERTO) if _BEZIERTO in kinds else -1
    # Many segments are a drawing's, unless every subpath is an upright rectangle: then
    # they are cells painted in one path, whose sides are rules as a few cells' are.
    from worker.engines.drawn_boxes import rectangles_only

    many = count > _MAX_SEGMENTS_PER_PATH and not (curve < 0 and rectangles_only(segs))
    if many and count > _MAX_PANEL_SEGMENTS:
        return count
    if many or curve >= 0:
        # A curve: a drawing (a logo, a chart), whose straight sides are no rules; but a
        # rectangle with rounded corners (a card, a panel round a block of text) is a
        # frame, its sides drawn to the corners.
        from worker.engines.drawn_boxes import rounded_rect

        if rounded_rect(segs):
            pts = [(ma * x + mc * y + me, mb * x + md * y + mf) for _, _, x, y in segs]
            x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
            y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
            corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
            for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
                _add_edge(a, b, half, frame, rules)
            return count
        # Counted as before panels were read: up to the first curve.
        return count if count > _MAX_SEGMENTS_PER_PATH or curve < 0 else curve + 1
    if kinds and min(kinds) < 0:  # a segment pdfium has no type for: no rules from this path
        return count
    start: tuple[float, float] | None = None
    cur: tuple[float, float] | None = None
    sides: list[tuple[tuple[float, float], tuple[float, float]]] = []  # straight, in order drawn
    for kind, close, x, y in segs:
        if close < 0:  # no point
            cur = None
            continue
        pt = (ma * x + mc * y + me, mb * x + md * y + mf)
        if kind == _MOVETO:
            start = cur = pt
            continue
        if kind == _LINETO and cur is not None:
            sides.append((cur, pt))
        cur = pt
        if close and start is not None:
            sides.append((pt, start))
            cur = start
    # The sides' tests in one loop (what _add_edge does, without a call a side).
    box, min_rule = frame.box, _MIN_RULE
    for (ax, ay), (bx, by) in sides:
        if abs(ay - by) <= 0.5 and abs(ax - bx) >= min_rule:  # horizontal
            y = (ay + by) / 2
            rules.append(box(min(ax, bx), y - half, max(ax, bx), y + half))
        elif abs(ax - bx) <= 0.5 and abs(ay - by) >= min_rule:  # vertical
            x = (ax + bx) / 2
            rules.append(box(x - half, min(ay, by), x + half, max(ay, by)))
    return count


def _add_edge(
    a: tuple[float, float], b: tuple[float, float], half: float, frame: _PageFrame, rules: list[Rule]
) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) <= 0.5 and abs(ax - bx) >= _MIN_RULE:  # horizontal
        y = (ay + by) / 2
        rules.append(frame.box(min(ax, bx), y - half, max(ax, bx), y + half))
    elif abs(ax - bx) <= 0.5 and abs(ay - by) >= _MIN_RULE:  # vertical
        x = (ax + bx) / 2
        rules.append(frame.box(x - half, min(ay, by), x + half, max(ay, by)))
