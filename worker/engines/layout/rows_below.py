"""Rows set under a ruled table's last rule (grids.py asks).

A table ruled only between its rows draws a rule under its header and under each body
row but the last: the last row stands under the last rule, bounded below by nothing (or
by a short rule over the one cell a total stands in, whose row is the table's too). Read
by its rules alone the table ended at its last rule, and its last row came out as
paragraphs. A reader takes the row under the last rule as the table's when it is set as
the rows above it are: at their pitch, one line of text as far under the rule as theirs
is under theirs, each piece in one column and aligned with that column's text above; and a row
under a short rule in the table (a total under its column's line) likewise. A row with no
rule over it ends the table: a paragraph after a table is not one of its rows.
"""

from __future__ import annotations

import bisect
import statistics

from worker.engines.layout.model import LayoutLine, font_size
from worker.engines.layout.rule_groups import Seg
from worker.engines.layout.thresholds import RULE_SNAP_PT

# Two rows' pitches this close (share of the pitch) are one pitch.
_PITCH_TOL = 0.1
# A row's text this far off (em) from where the rows above set theirs under their rule.
_OFFSET_EM = 0.3
# A line's edge this close (em) to an edge of its column's text above lines up with it.
_ALIGN_EM = 0.5


def rows_below(
    hs: list[Seg], vs: list[Seg], xs: list[float], ys: list[float], lines: list[LayoutLine]
) -> list[float]:
    """The bottoms of the rows under the last of ``ys`` (a grid's row rules; ``xs`` its
    column rules, ``vs`` its vertical rules, ``hs`` every horizontal rule of the page)
    that belong to the table, in order; empty when none does, or the grid is closed at
    its foot (a frame's sides run down to its last rule)."""
    if len(ys) < 4 or len(xs) < 3:
        return []
    left, right, bottom = xs[0], xs[-1], ys[-1]
    # A frame whose sides reach the last rule closes the table there.
    if any(
        b >= bottom - RULE_SNAP_PT and (abs(x - left) <= RULE_SNAP_PT or abs(x - right) <= RULE_SNAP_PT)
        for x, _, b in vs
    ):
        return []
    pitch = ys[-1] - ys[-2]
    if pitch <= 0 or abs((ys[-2] - ys[-3]) - pitch) > _PITCH_TOL * pitch:
        return []
    body = [ln for ln in lines if ys[-3] < _mid(ln) < bottom and left < ln.bbox[0] < right]
    # Where the last two rows set their text under their rules (each has some).
    tops = [[ln.bbox[1] for ln in body if y0 < _mid(ln) < y1] for y0, y1 in _pairs(ys[-3:])]
    if not all(tops):
        return []
    size = statistics.median(font_size(ln) for ln in body)
    offsets = [min(t) - y0 for t, y0 in zip(tops, ys[-3:-1], strict=True)]
    if max(offsets) - min(offsets) > _OFFSET_EM * size:
        return []
    offset = statistics.median(offsets)
    edges = _column_edges(body, xs)
    out: list[float] = []
    top = bottom
    while True:
        row = [ln for ln in lines if top < _mid(ln) < top + pitch]
        if not row or not all(_fits(ln, xs, edges, _ALIGN_EM * size) for ln in row):
            break
        # One line of text across the pitch, as the rows above: two (a subtotal over a
        # tax, set closer than the rows) are a block of their own under the table.
        if max(ln.bbox[1] for ln in row) - min(ln.bbox[1] for ln in row) > _OFFSET_EM * size:
            break
        if abs(min(ln.bbox[1] for ln in row) - top - offset) > _OFFSET_EM * size:
            break
        nxt = top + pitch
        under = _rule_at(hs, nxt, left, right, 0.5 * size)
        out.append(nxt if under is None else under)
        if under is None:  # no rule over the next row: the table ends here
            break
        top = under
    return out


def _mid(ln: LayoutLine) -> float:
    return (ln.bbox[1] + ln.bbox[3]) / 2


def _pairs(ys: list[float]) -> list[tuple[float, float]]:
    return [(ys[k], ys[k + 1]) for k in range(len(ys) - 1)]


def _column_edges(lines: list[LayoutLine], xs: list[float]) -> dict[int, list[tuple[float, float]]]:
    """Each column's lines' left and right edges."""
    out: dict[int, list[tuple[float, float]]] = {}
    for ln in lines:
        col = bisect.bisect_left(xs, (ln.bbox[0] + ln.bbox[2]) / 2)
        out.setdefault(col, []).append((ln.bbox[0], ln.bbox[2]))
    return out


def _fits(ln: LayoutLine, xs: list[float], edges: dict[int, list[tuple[float, float]]], tol: float) -> bool:
    """Whether ``ln`` lies in one of the table's columns, lined up with its text above."""
    x0, _, x1, _ = ln.bbox
    col = bisect.bisect_left(xs, (x0 + x1) / 2)
    if col == 0 or col == len(xs) or x0 < xs[col - 1] - RULE_SNAP_PT or x1 > xs[col] + RULE_SNAP_PT:
        return False
    return any(abs(x0 - a) <= tol or abs(x1 - b) <= tol for a, b in edges.get(col, []))


def _rule_at(hs: list[Seg], y: float, left: float, right: float, tol: float) -> float | None:
    """The height of a horizontal rule within left..right near ``y``, or None."""
    snap = RULE_SNAP_PT
    near = [h for h, a, b in hs if abs(h - y) <= tol and a >= left - snap and b <= right + snap]
    return min(near, key=lambda h: abs(h - y)) if near else None
