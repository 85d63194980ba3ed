"""A table ruled only between its rows, whose cells hold several lines each and stand at
their own heights (tables.as_table asks when the grid test on single rows fails).

A compliance sheet's rows are drawn by horizontal rules alone (one vertical rule, if
any, before the last column): a bold row label centred on its row, a description of three
to five lines beside it, a "Y" centred on the row again. Line by line such a table has
hardly a row with two cells level, so the grid test, which looks for cells side by side
on one row, finds no table, and the reading order takes it column by column (all the
labels, then all the descriptions, then all the values). The rules say where its rows
are: the lines between two rules are one row, whatever their heights, and the gaps that
run down through all the rows are its columns.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from worker.engines.layout.cover import bands_cover, gutters, prose_columns
from worker.engines.layout.model import Band, Cuts, LayoutLine, PageStats, font_size
from worker.engines.layout.table_rows import is_figure
from worker.engines.layout.thresholds import RULE_SNAP_PT

Rule = tuple[float, float, float, float]  # x0, top, x1, bottom

# A rule across this share of the text's width runs between the table's rows.
_ACROSS = 0.7
# Segments at one height whose ends are this close (or overlap) are one rule.
_TOUCH_PT = 0.5
# Spaces between rules with cells in two columns or more that make a table.
_MIN_ROWS = 3


def ruled_rows(bands: list[Band], stats: PageStats) -> tuple[int, int, Cuts] | None:
    """The table in ``bands`` whose rows the page's horizontal rules make: (first band,
    end band, column cuts), or None.

    Three spaces between rules or more, one after the other, each with lines in two
    columns or more of the gutters that run down through all of them; no two columns of
    running text (two columns of prose ruled across between sections are no table).
    """
    if len(bands) < _MIN_ROWS or not stats.rules:
        return None
    left = min(ln.bbox[0] for b in bands for ln in b)
    right = max(ln.bbox[2] for b in bands for ln in b)
    ys = rule_heights(stats.rules, left, right, bands[0].top - stats.body, bands[-1].bottom + stats.body)
    if len(ys) <= _MIN_ROWS:
        return None
    mids = [(b.top + b.bottom) / 2 for b in bands]
    # The bands in each space between two rules (the spaces are in order, as are bands).
    spaces: list[list[int]] = [[] for _ in range(len(ys) + 1)]
    for i, mid in enumerate(mids):
        spaces[bisect.bisect_left(ys, mid)].append(i)
    inner = spaces[1:-1]
    best: tuple[int, int] | None = None
    run_start = -1
    for k, space in enumerate([*inner, []]):
        if space and run_start < 0:
            run_start = k
        if not space and run_start >= 0:
            if k - run_start >= _MIN_ROWS and (best is None or k - run_start > best[1] - best[0]):
                best = (run_start, k)
            run_start = -1
    if best is None:
        return None
    rows = inner[best[0] : best[1]]
    start, end = rows[0][0], rows[-1][-1] + 1
    core = bands[start:end]
    cuts = gutters(bands_cover(core), stats)
    if not cuts or prose_columns(core, cuts) >= 2:
        return None
    for row in rows:
        cols = {bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2) for i in row for ln in bands[i]}
        if len(cols) < 2:
            return None
    return start, end, cuts


def framed(core: list[Band], rules: Sequence[Rule]) -> bool:
    """Whether rules across the grid ``core`` frame it as booktabs does: one over its first
    line, one under its last and one between two of its lines (under the header). Two
    blocks of text set side by side (an address beside key/value rows) share no such
    frame; a table whose cells stand at their own heights in it (a label centred on the
    rows it spans, a head centred on the header's lines) is still one table."""
    left = min(ln.bbox[0] for b in core for ln in b)
    right = max(ln.bbox[2] for b in core for ln in b)
    size = font_size(core[0][0])
    ys = rule_heights(rules, left, right, core[0].top - 2 * size, core[-1].bottom + 2 * size)
    inside = any(any(a.bottom - 1.0 <= y <= b.top + 1.0 for y in ys) for a, b in itertools.pairwise(core))
    return inside and ys[0] <= core[0].top + 1.0 and ys[-1] >= core[-1].bottom - 1.0


def ruled_head(bands: list[Band], start: int, end: int, rules: Sequence[Rule]) -> int:
    """Where the table ``bands[start:end]`` starts with the header that booktabs rules
    close over it: a rule across the table right above its first row and another over
    the lines above that (six at most), each line within the table's width. ``start``
    where there is none. Heads wrapped over two or three lines, each centred on the
    header's height, put no two cells on one line and make no row of cells the table
    would take them in by."""
    if start == 0 or end <= start or not any(is_figure(ln.text) for ln in bands[start]):
        return start  # (a first row of words may be the header already)
    body = bands[start:end]
    left = min(ln.bbox[0] for b in body for ln in b)
    right = max(ln.bbox[2] for b in body for ln in b)
    size = font_size(body[0][0])
    ys = rule_heights(rules, left, right, bands[max(start - 7, 0)].top - 2 * size, body[0].top + 1.0)
    if not ys or not bands[start - 1].bottom - 1.0 <= ys[-1]:
        return start
    head = start
    while head > 0 and start - head < 6 and bands[head - 1].top >= ys[0] - 1.0:
        if any(ln.bbox[0] < left - size or ln.bbox[2] > right + size for ln in bands[head - 1]):
            return start
        head -= 1
    return head if head < start and len(ys) >= 2 and ys[0] <= bands[head].top + 1.0 else start


def rule_heights(rules: Sequence[Rule], left: float, right: float, top: float, bottom: float) -> list[float]:
    """Heights of the horizontal rules across most of left..right between top and bottom,
    a rule drawn twice (or as a thin box's two edges) taken once.

    A rule drawn cell by cell (one segment under each column, the segments meeting or
    overlapping at the column boundaries) is one rule across the table: the segments at
    one height whose ends meet are joined before their reach is measured. Underlines
    under each column's header, a point or so apart, stay apart: they rule no row.
    """
    flat, heights = _horizontal(rules)
    if top > float("-inf") or bottom < float("inf"):
        flat = flat[bisect.bisect_left(heights, top) : bisect.bisect_right(heights, bottom)]
    need = _ACROSS * (right - left)
    out: list[float] = []
    k = 0
    while k < len(flat):
        # The segments at one height (a snap apart at most), joined where their ends meet.
        y0 = flat[k][0]
        j = k
        while j < len(flat) and flat[j][0] - y0 <= RULE_SNAP_PT:
            j += 1
        if j == k + 1:  # most heights: one segment, nothing to join
            _, x0, x1 = flat[k]
            reach = max(0.0, min(x1, right) - max(x0, left))
        else:
            spans = sorted((max(x0, left), min(x1, right)) for _, x0, x1 in flat[k:j])
            reach = 0.0
            a, b = spans[0]
            for x0, x1 in spans[1:]:
                if x0 <= b + _TOUCH_PT:
                    b = max(b, x1)
                else:
                    reach = max(reach, b - a)
                    a, b = x0, x1
            reach = max(reach, b - a)
        if reach >= need:
            y = (y0 + flat[j - 1][0]) / 2
            if not out or y - out[-1] > RULE_SNAP_PT:
                out.append(y)
        k = j
    return out


# The last rules asked about and their horizontal ones: the layout asks rule_heights of
# one page's rules once for each table and row test, and sorting them is most of its
# work. Held by identity (the rules are never changed once drawn), one page at a time.
_last: tuple[Sequence[Rule], int, list[tuple[float, float, float]], list[float]] | None = None


def _horizontal(rules: Sequence[Rule]) -> tuple[list[tuple[float, float, float]], list[float]]:
    """The horizontal ``rules`` as (height, x0, x1), sorted, and their heights."""
    global _last
    last = _last
    if last is not None and last[0] is rules and last[1] == len(rules):
        return last[2], last[3]
    flat = sorted(((t + b) / 2, x0, x1) for x0, t, x1, b in rules if x1 - x0 > b - t)
    heights = [f[0] for f in flat]
    _last = (rules, len(rules), flat, heights)
    return flat, heights


# A label printed under its entry line: in print this share of the value's above it or
# smaller, its top this close (ems) under the line, the value on the line this close
# above it; the lines of two fields apart by this much (ems) at least.
_LABEL_PRINT = 0.85
_UNDER_EM = 0.3
_ON_EM = 0.5
_FIELDS_APART_EM = 0.5


def entry_labels(bands: Sequence[Band], rules: Sequence[Rule]) -> int:
    """How many of ``bands`` are rows of a form's labels printed under the entry lines
    that the row above writes on (a value on a rule, "LAST", "STREET" in small print
    right under it).

    Such a form's fields line up as a table's cells do, a value row over a label row,
    and the page's figures (a ZIP code, a telephone number) pass for a column of data:
    read as a table, two sections side by side are paired row by row. A row is such
    labels when it has two lines or more, each in print smaller than the line above it
    in its column, right under a rule that the line above sits on; the rules are the
    fields' own, apart between the fields (a ruled table's rule runs across it, or its
    pieces meet)."""
    flat = [(x0, (top + bottom) / 2, x1) for x0, top, x1, bottom in rules if x1 - x0 > bottom - top]
    if not flat:
        return 0
    count = 0
    for above, band in itertools.pairwise(bands):
        if len(band) < 2:
            continue
        under: list[tuple[float, float]] = []
        for ln in band:
            rule = _entry_line(ln, above, flat)
            if rule is None:
                break
            under.append(rule)
        else:
            size = min(ln.bbox[3] - ln.bbox[1] for ln in band)
            spans = sorted(set(under))
            count += any(b[0] - a[1] >= _FIELDS_APART_EM * size for a, b in itertools.pairwise(spans))
    return count


def _entry_line(
    label: LayoutLine, above: Band, flat: list[tuple[float, float, float]]
) -> tuple[float, float] | None:
    """The rule (x0, x1) that ``label`` is printed under and a line of ``above`` sits
    on, in larger print; None when there is none."""
    x0, top, x1, _ = label.bbox
    size = font_size(label)
    for r0, y, r1 in flat:
        if not (top - _UNDER_EM * size <= y <= top + 0.5 * _UNDER_EM * size):
            continue
        if min(x1, r1) - max(x0, r0) < 0.5 * (x1 - x0):
            continue
        for value in above:
            v0, _, v1, vb = value.bbox
            if (
                min(v1, r1) - max(v0, r0) > 0
                and 0 <= y - vb <= _ON_EM * font_size(value)
                and size <= _LABEL_PRINT * font_size(value)
            ):
                return r0, r1
    return None
