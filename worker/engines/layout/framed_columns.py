"""A frame split by one vertical rule into two columns of running text is a page's two
columns, not a two-column table.

A form or a fact sheet may set its body in a box with a rule down the middle, questions
running down the left half and on down the right. Only the frame runs across, so a grid
reader would take its rows from the text (grids.py): every left line paired with the
right line at its height, both columns interleaved line by line, and the checkbox
options in cells, never items. A table of two columns fills its cells with short text (a
key and its value, a term and its figure) or has rules between its rows; these columns
hold wrapped prose, questions and options, their lines reaching across their column.

:func:`framed_columns` finds such frames. grids.py leaves their lines alone, and
frames.py hands each column to page.py as a box of its own, laid out as a page (its
paragraphs, bullets and checkbox options) and read whole, the left column first.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from common.documents.results import BBox
from worker.engines.layout.model import LayoutLine
from worker.engines.layout.thresholds import RULE_SNAP_PT

Rule = tuple[float, float, float, float]  # x0, top, x1, bottom

_MIN_SIDE = 72.0  # pt: a frame round a page's columns is an inch or more each way
_MIN_LINES = 6  # lines down each column at least: a page's column, not a box of a few cells
_PROSE_WORDS = 5  # a line of running text holds this many words at least
_PROSE_SHARE = 0.3  # this share of a column's lines are running text (the rest: options, figures)
_WRAP_FILL = 0.7  # a wrapped line reaches this share of its column's width
_MIN_WRAPPED = 2  # wrapped lines in each column at least
_RULED_ROW = 0.5  # a horizontal rule inside across this share of a column rules a table's rows


def framed_columns(lines: Sequence[LayoutLine], rules: Sequence[Rule]) -> list[tuple[BBox, list[LayoutLine]]]:
    """The two column boxes (left, right) of each frame that one vertical rule divides
    into two columns of running text, each with its lines; [] for none.

    A frame is a top and a bottom rule of one span closed by a rule down each end; its
    divider is the only other rule down it, from top to bottom. No rule runs across a
    column inside it (rows ruled apart are a table's), no line crosses the divider, and
    each column holds several lines, a share of them running text and some of these
    reaching across the column (wrapped). Some line of ``lines`` must lie outside the
    frames: a page that is all one frame is left to the table reader (page.py reads
    boxes beside other text only)."""
    if len(rules) < 5 or len(lines) < 2 * _MIN_LINES:
        return []
    flat = [r for r in rules if r[2] - r[0] >= _MIN_SIDE and r[3] - r[1] < r[2] - r[0]]
    upright = [r for r in rules if r[3] - r[1] >= _MIN_SIDE and r[2] - r[0] < r[3] - r[1]]
    if len(flat) < 2 or len(upright) < 3:
        return []
    out: list[tuple[BBox, list[LayoutLine]]] = []
    taken: set[int] = set()
    for x0, top, divider, x1, bottom in _divided_frames(flat, upright):
        if any(b[0] < x1 and x0 < b[2] and b[1] < bottom and top < b[3] for b, _ in out):
            continue  # a frame round or inside one already read
        if any(top + 1.0 < (r[1] + r[3]) / 2 < bottom - 1.0 and _across(r, x0, divider, x1) for r in flat):
            continue
        sides = _sides(lines, (x0, top, x1, bottom), divider)
        if sides is None:
            continue
        left, right = sides
        if not (_running(left, divider - x0) and _running(right, x1 - divider)):
            continue
        out.append(((x0, top, divider, bottom), left))
        out.append(((divider, top, x1, bottom), right))
        taken.update(id(ln) for ln in left + right)
    if out and all(id(ln) in taken for ln in lines):
        return []
    return out


def _divided_frames(flat: list[Rule], upright: list[Rule]) -> list[tuple[float, float, float, float, float]]:
    """(left, top, divider, right, bottom) of each box closed by four rules with one
    rule down it from top to bottom, in the page's order.

    Its top and bottom rules span alike, with no rule of that span between them (one
    there would rule the box's rows): only rules next to each other in a stack of one
    span are tried, which keeps a page of ruled tables cheap."""
    snap = RULE_SNAP_PT
    stacks: dict[tuple[int, int], list[Rule]] = {}
    for r in flat:
        stacks.setdefault((round(r[0] / (2 * snap)), round(r[2] / (2 * snap))), []).append(r)
    found: list[tuple[float, float, float, float, float]] = []
    for stack in stacks.values():
        stack.sort(key=lambda r: r[1])
        for a, b in itertools.pairwise(stack):
            if b[1] <= a[3] + snap:
                continue  # the same rule drawn twice
            frame = _divided(a, b, upright)
            if frame is not None and frame not in found:
                found.append(frame)
    found.sort(key=lambda f: (f[1], f[0]))
    return found


def _divided(a: Rule, b: Rule, upright: list[Rule]) -> tuple[float, float, float, float, float] | None:
    """The box between the rules ``a`` over ``b`` when a rule closes each end and one
    more runs down it from top to bottom, no other down any part of it."""
    snap = RULE_SNAP_PT
    top, bottom = (a[1] + a[3]) / 2, (b[1] + b[3]) / 2
    x0, x1 = min(a[0], b[0]), max(a[2], b[2])
    down = [v for v in upright if v[1] <= top + snap and v[3] >= bottom - snap]
    xs = sorted({round((v[0] + v[2]) / 2, 1) for v in down})
    if not any(abs(x - x0) <= snap for x in xs) or not any(abs(x - x1) <= snap for x in xs):
        return None
    inner = [x for x in xs if x0 + snap < x < x1 - snap]
    if len(inner) != 1:
        return None
    for v in upright:
        x = (v[0] + v[2]) / 2
        if x0 + snap < x < x1 - snap and v[1] < bottom and top < v[3] and abs(x - inner[0]) > snap:
            return None
    return x0, top, inner[0], x1, bottom


def _across(rule: Rule, x0: float, divider: float, x1: float) -> bool:
    """Whether a horizontal rule inside the frame runs across much of a column (a rule
    between a table's rows), not a short entry rule or a value's box."""
    left = min(rule[2], divider) - max(rule[0], x0)
    right = min(rule[2], x1) - max(rule[0], divider)
    return left >= _RULED_ROW * (divider - x0) or right >= _RULED_ROW * (x1 - divider)


def _inside(ln: LayoutLine, box: BBox) -> bool:
    cx, cy = (ln.bbox[0] + ln.bbox[2]) / 2, (ln.bbox[1] + ln.bbox[3]) / 2
    return box[0] < cx < box[2] and box[1] < cy < box[3]


def _sides(
    lines: Sequence[LayoutLine], frame: BBox, divider: float
) -> tuple[list[LayoutLine], list[LayoutLine]] | None:
    """The frame's lines left and right of the divider; None where one crosses the divider
    or a frame's side (the text is not the frame's own)."""
    x0, top, x1, bottom = frame
    left: list[LayoutLine] = []
    right: list[LayoutLine] = []
    for ln in lines:
        lx0, lt, lx1, lb = ln.bbox
        if lb <= top or lt >= bottom or lx1 <= x0 or lx0 >= x1:
            continue
        if not _inside(ln, frame) or lx0 < x0 - RULE_SNAP_PT or lx1 > x1 + RULE_SNAP_PT:
            return None
        if lx0 < divider < lx1:
            return None
        (left if lx1 <= divider else right).append(ln)
    return left, right


def _running(side: list[LayoutLine], width: float) -> bool:
    """Whether a column's lines are running text: several, a share of them of a prose
    line's length, some of those filling the column's width (wrapped)."""
    if len(side) < _MIN_LINES:
        return False
    prose = [ln for ln in side if len(ln.text.split()) >= _PROSE_WORDS]
    if len(prose) < _PROSE_SHARE * len(side):
        return False
    return sum(ln.bbox[2] - ln.bbox[0] >= _WRAP_FILL * width for ln in prose) >= _MIN_WRAPPED
