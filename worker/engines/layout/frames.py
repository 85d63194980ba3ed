"""Boxes framed by rules and set beside the text (a journal's masthead box beside an
article's authors, a sidebar): their lines are one block of reading, laid out on their own
and read after the text beside them (page.py)."""

from __future__ import annotations

from collections.abc import Sequence

from common.documents.results import BBox
from worker.engines.layout.column_sets import side_column
from worker.engines.layout.framed_columns import framed_columns
from worker.engines.layout.model import LayoutLine, font_size
from worker.engines.layout.thresholds import FURNITURE_SIZE_RATIO, RULE_SNAP_PT

_MAX_RULES = 40  # a page with more rules draws grids or a form, not a box beside its text
_MAX_SHARE = 0.5  # a box at most this share of the text's width and height stands beside it
_MIN_LINES = 2  # lines in the box, and beside it, at least
_MIN_RUN_ON_LINES = 3  # lines of running text beside a box that it runs on under, at least
_MIN_COLUMN_SHARE = 0.3  # ... set across this share of the text's width at least
_RUN_ON_PITCH = 1.6  # the text's first line under the box within this many line heights
_ALIGN_PT = 3.0  # lines of one column start within this of each other

Rule = tuple[float, float, float, float]


def framed_boxes(lines: Sequence[LayoutLine], rules: Sequence[Rule]) -> list[tuple[BBox, list[LayoutLine]]]:
    """The boxes that four rules frame beside the text (:func:`_beside_text`), each with
    the lines inside it; first the columns of frames that a rule divides into two
    columns of running text (:func:`.framed_columns.framed_columns`), left then right:
    each is read whole, as a page's column, not row by row with the other; then a
    sidebar down the page's right (:func:`.column_sets.side_column`)."""
    columns = framed_columns(lines, rules)
    if columns:
        held = {id(ln) for _, inside in columns for ln in inside}
        lines = [ln for ln in lines if id(ln) not in held]
    # A sidebar down the page's right, framed or shaded (a fill is no rule): read after
    # the text as a box is, however the text beside it is cut into sections.
    side = side_column(lines)
    if side is not None:
        inside, lines = side
        box = (
            min(ln.bbox[0] for ln in inside),
            min(ln.bbox[1] for ln in inside),
            max(ln.bbox[2] for ln in inside),
            max(ln.bbox[3] for ln in inside),
        )
        columns = [*columns, (box, inside)]
    return columns + _beside_text(lines, rules)


def run_on_boxes(lines: Sequence[LayoutLine], rules: Sequence[Rule]) -> list[BBox]:
    """The boxes, framed or shaded (a fill's outline is its rules), that stand beside
    the first lines of a column of running text which goes on under them, across their
    width: a sidebar of a report's details and findings beside a paragraph that runs on
    below it at the page's full width. It is read after the body (page.py,
    note_order.after_body), not between the paragraphs that it interrupts.

    The box holds two lines or more, no line crosses its sides, the text beside it
    (three lines at least, all on one side, a column of a third of the text's width or
    more) mostly starts at one left edge, and the column's lines go on under the box,
    each within a line and a half of the one before, until one reaches in under it: the
    same paragraph, or the same column, going on at full width. (Two columns of an
    article beside a box in one of them: the text under the box is that column's, not
    the one beside it.)"""
    if len(rules) < 4 or len(rules) > _MAX_RULES or len(lines) < 2 * _MIN_RUN_ON_LINES:
        return []
    left = min(ln.bbox[0] for ln in lines)
    width = max(ln.bbox[2] for ln in lines) - left
    return [frame for frame in _frames(rules) if _run_on_box(lines, frame, width)]


def _run_on_box(lines: Sequence[LayoutLine], frame: BBox, width: float) -> bool:
    """Whether ``frame`` is a box that running text beside it goes on under
    (:func:`run_on_boxes`)."""
    x0, top, x1, bottom = frame
    inside: list[LayoutLine] = []
    beside: list[LayoutLine] = []
    under: list[LayoutLine] = []
    for ln in lines:
        lx0, ltop, lx1, lbottom = ln.bbox
        mid = (ltop + lbottom) / 2
        if mid >= bottom:
            under.append(ln)
        elif mid <= top:
            continue
        elif lx0 >= x0 - 1.0 and lx1 <= x1 + 1.0 and ltop >= top - 1.0 and lbottom <= bottom + 1.0:
            inside.append(ln)
        elif lx1 <= x0 or lx0 >= x1:
            beside.append(ln)
        else:
            return False  # a line across the box's side: no box of its own
    if len(inside) < _MIN_LINES or len(beside) < _MIN_RUN_ON_LINES:
        return False
    on_left = all(ln.bbox[2] <= x0 for ln in beside)
    if not on_left and not all(ln.bbox[0] >= x1 for ln in beside):
        return False
    edge = min(ln.bbox[0] for ln in beside)
    if max(ln.bbox[2] for ln in beside) - edge < _MIN_COLUMN_SHARE * width:
        return False
    if 2 * sum(abs(ln.bbox[0] - edge) <= _ALIGN_PT for ln in beside) < len(beside):
        return False  # not a column's lines (most start at its edge; a first line may be indented)
    far = max(ln.bbox[2] for ln in beside)
    last = max(beside, key=lambda ln: ln.bbox[3])
    column = [ln for ln in under if ln.bbox[0] < far and ln.bbox[2] > edge]
    if not column:
        return False
    # The column's lines down from the last one beside the box, each within a line and a
    # half of the one before, until one reaches in under the box past half its width
    # (the lines just under its foot may still keep clear of it, as those beside did).
    half = (x1 - x0) / 2
    for ln in sorted(column, key=lambda ln: ln.bbox[1]):
        if ln.bbox[1] - last.bbox[3] > _RUN_ON_PITCH * (last.bbox[3] - last.bbox[1]):
            return False
        if ln.bbox[2] >= x0 + half if on_left else ln.bbox[0] <= x1 - half:
            first = ln
            break
        last = ln
    else:
        return False
    if any(ln.bbox[1] < first.bbox[1] and ln.bbox[0] < x1 and ln.bbox[2] > x0 for ln in under):
        return False  # other text under the box first
    return not on_left or abs(first.bbox[0] - edge) <= _ALIGN_PT


def _beside_text(lines: Sequence[LayoutLine], rules: Sequence[Rule]) -> list[tuple[BBox, list[LayoutLine]]]:
    """The boxes that four rules frame beside the text, each with the lines inside it.

    A box takes its lines out of the page's flow where it is small beside the text (at
    most half its width and half its height), holds two lines or more, no line runs across its sides, and the
    lines beside it (two at least, outside any other box) are in larger print than its
    own: smaller print framed beside text is set apart from it. Without the frame's
    lines taken out, a first line of the box above the text beside it is read with what
    stands above, and the rest of the box between the lines beside it.
    """
    if len(rules) < 4 or len(rules) > _MAX_RULES or len(lines) < 2 * _MIN_LINES:
        return []
    frames = _frames(rules)
    if not frames:
        return []
    left = min(ln.bbox[0] for ln in lines)
    right = max(ln.bbox[2] for ln in lines)
    high = max(ln.bbox[3] for ln in lines) - min(ln.bbox[1] for ln in lines)
    out: list[tuple[BBox, list[LayoutLine]]] = []
    for frame in frames:
        x0, top, x1, bottom = frame
        # A panel down most of the page's height is a column of its own, laid out with it.
        if x1 - x0 > _MAX_SHARE * (right - left) or bottom - top > _MAX_SHARE * high:
            continue
        inside: list[LayoutLine] = []
        beside: list[LayoutLine] = []
        crossed = False
        for ln in lines:
            lx0, ltop, lx1, lbottom = ln.bbox
            if not top < (ltop + lbottom) / 2 < bottom:
                continue
            if lx0 >= x0 - 1.0 and lx1 <= x1 + 1.0 and ltop >= top - 1.0 and lbottom <= bottom + 1.0:
                inside.append(ln)
            elif lx1 <= x0 or lx0 >= x1:
                beside.append(ln)
            else:
                crossed = True
                break
        if crossed or len(inside) < _MIN_LINES or len(beside) < _MIN_LINES:
            continue
        if any(_within(ln.bbox, f) for ln in beside for f in frames if f is not frame):
            continue
        if _print(inside) > FURNITURE_SIZE_RATIO * _print(beside):
            continue
        out.append((frame, inside))
    return out


def _frames(rules: Sequence[Rule]) -> list[BBox]:
    """Rectangles drawn as four rules: a top and a bottom rule of one span, and a
    vertical rule down each end."""
    snap = RULE_SNAP_PT
    flat = [r for r in rules if r[2] - r[0] > r[3] - r[1]]
    upright = [r for r in rules if r[3] - r[1] > r[2] - r[0]]
    if len(flat) < 2 or len(upright) < 2:
        return []
    frames: list[BBox] = []
    for a in flat:
        for b in flat:
            if b[1] <= a[3] + snap or abs(a[0] - b[0]) > snap or abs(a[2] - b[2]) > snap:
                continue
            top, bottom = (a[1] + a[3]) / 2, (b[1] + b[3]) / 2
            sides = [
                v
                for v in upright
                if v[1] <= top + snap
                and v[3] >= bottom - snap
                and (abs(v[0] - a[0]) <= snap or abs(v[2] - a[2]) <= snap)
            ]
            if any(abs(v[0] - a[0]) <= snap for v in sides) and any(abs(v[2] - a[2]) <= snap for v in sides):
                frames.append((min(a[0], b[0]), top, max(a[2], b[2]), bottom))
    # A box divided by rules across it is one box: the outermost frame.
    return [f for f in frames if not any(g != f and _within(f, g) for g in frames)]


def _within(box: BBox, frame: BBox) -> bool:
    return (
        box[0] >= frame[0] - 1.0
        and box[2] <= frame[2] + 1.0
        and box[1] >= frame[1] - 1.0
        and box[3] <= frame[3] + 1.0
    )


def _print(lines: list[LayoutLine]) -> float:
    """Lines' print size, weighted by their characters."""
    chars = sum(len(ln.text) for ln in lines) or 1
    return sum(font_size(ln) * len(ln.text) for ln in lines) / chars
