"""The columns of a ruled table that its borders show by where they break, not by rules
drawn down the page (read by grids.py, whose grid they join).

Spreadsheet exports and word processors draw a row's border as one piece per cell, end
to end, and may draw no column rule at all: the cells' sides are then where the pieces
meet.
"""

from __future__ import annotations

import bisect

from worker.engines.layout.model import LayoutLine
from worker.engines.layout.tables import is_figure
from worker.engines.layout.thresholds import RULE_SNAP_PT

_Seg = tuple[float, float, float]  # position across, start along, end along (grids._Seg)

_LOOK_DOWN = 200  # borders below one looked through for the next that reaches a break
_MAX_PIECES = 200  # a "border" of more pieces is a dashed line or a chart's: no cells in it


def cell_sides(hs: list[_Seg], vs: list[_Seg], lines: list[LayoutLine]) -> list[_Seg]:
    """The columns that borders drawn cell by cell show where no vertical rule is drawn.

    Spreadsheet exports and word processors draw a row's border as one piece per cell,
    end to end (a spreadsheet puts a dot of the corner's colour between them). A table
    whose columns are told apart by whitespace alone then still says where its cells end:
    where the border above a row and the one below it both break at the same place, a
    cell's side runs between them. A border that ends there counts as broken (a header
    cell spanning columns has its lower border drawn only under those columns), but one
    of the two must break, or two rules ending at a table's edges would make a frame.

    Only where the borders rule every row, and some vertical rule is drawn (the table's
    frame, its header's columns): a table ruled under its header and at its end alone
    (its body's rows told apart by whitespace), or drawn with horizontal rules only (its
    header or totals above or below them), is read from its text, as it was laid out. So
    a table with two rows of figures between two of its borders gets none, nor do
    borders that no drawn vertical rule meets.
    """
    runs = _broken_runs(hs)
    if not any(r[3] for r in runs):
        return []
    runs.sort()
    found: list[tuple[float, int, int]] = []  # x, the border above, the border below
    for i, (y, start, end, breaks, pieces) in enumerate(runs):
        marks = [(x, True) for x in breaks] + [(start, False), (end, False)]
        for x, broken in marks:
            # The next border down that reaches x: the cell's lower side.
            for j in range(i + 1, min(i + 1 + _LOOK_DOWN, len(runs))):
                y2, s2, e2, b2, pieces2 = runs[j]
                if y2 - y <= RULE_SNAP_PT or not s2 - RULE_SNAP_PT <= x <= e2 + RULE_SNAP_PT:
                    continue  # the same border's other edge (a double rule), or beside x
                broken2 = any(abs(x - b) <= RULE_SNAP_PT for b in b2)
                ends2 = abs(x - s2) <= RULE_SNAP_PT or abs(x - e2) <= RULE_SNAP_PT
                if (broken2 or (broken and ends2)) and not _one_cell_across(pieces, pieces2, x):
                    found.append((x, i, j))
                break
    # The borders that cells join, one table each; a table with a stretch of several
    # rows of figures between two borders is not ruled row by row.
    parent = list(range(len(runs)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for _, i, j in found:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    framed = {
        find(k)
        for k, (y, start, end, _, _) in enumerate(runs)
        if any(
            start - RULE_SNAP_PT <= x <= end + RULE_SNAP_PT
            and top - RULE_SNAP_PT <= y <= bottom + RULE_SNAP_PT
            for x, top, bottom in vs
        )
    }
    unruled: set[int] = set()
    seen: set[tuple[int, int]] = set()
    empty: set[tuple[int, int]] = set()
    for _, i, j in found:
        if (i, j) not in seen:
            seen.add((i, j))
            y, start, end, _, _ = runs[i]
            rows, figures = _text_rows_in(lines, start, y, end, runs[j][0])
            if figures >= 2:
                unruled.add(find(i))
            # Nothing between (the space between two tables, or below one), or a caption
            # between two tables.
            elif rows == 0 or _outdented(lines, runs[i], runs[j]):
                empty.add((i, j))
    return [
        (x, runs[i][0], runs[j][0])
        for x, i, j in found
        if find(i) in framed
        and find(i) not in unruled
        and (i, j) not in empty
        and not _crossed(lines, x, runs[i][0], runs[j][0])
    ]


def _crossed(lines: list[LayoutLine], x: float, top: float, bottom: float) -> bool:
    """Whether a line between ``top`` and ``bottom`` has a word running across ``x``,
    with a word of its own beside it: text across the place (a table's title between
    two tables whose borders break at the same places), where no cell's side is."""
    return any(
        len(ln.words) >= 2
        and any(w.bbox[0] < x - RULE_SNAP_PT and w.bbox[2] > x + RULE_SNAP_PT for w in ln.words)
        for ln in lines
        if top < (ln.bbox[1] + ln.bbox[3]) / 2 < bottom and ln.bbox[0] < x < ln.bbox[2]
    )


def _outdented(lines: list[LayoutLine], upper: _Run, lower: _Run) -> bool:
    """Whether a line between two borders, over the upper one's span, starts left of
    both or ends right of both: text set out past a table's edge is no cell's (a cell's
    text sits inside its borders, padded), but a line of the page between two tables, a
    caption at the text's margin where the tables are indented."""
    start, end = min(upper[1], lower[1]), max(upper[2], lower[2])
    return any(
        ln.bbox[0] < start - RULE_SNAP_PT or ln.bbox[2] > end + RULE_SNAP_PT
        for ln in lines
        if upper[0] < (ln.bbox[1] + ln.bbox[3]) / 2 < lower[0]
        and upper[1] < (ln.bbox[0] + ln.bbox[2]) / 2 < upper[2]
    )


def _text_rows_in(
    lines: list[LayoutLine], x0: float, top: float, x1: float, bottom: float
) -> tuple[int, int]:
    """How many rows of text lie in the box (lines one under another), and how many of
    them have a figure in them."""
    inside = sorted(
        (ln.bbox[1], ln.bbox[3], any(is_figure(w) for w in ln.text.split()))
        for ln in lines
        if top < (ln.bbox[1] + ln.bbox[3]) / 2 < bottom and x0 < (ln.bbox[0] + ln.bbox[2]) / 2 < x1
    )
    rows, figures, end = 0, 0, -1e9
    figure_row = False
    for t, b, figure in inside:
        if t >= end - 0.25 * (b - t):
            rows += 1
            figure_row = False
        if figure and not figure_row:
            figures += 1
            figure_row = True
        end = max(end, b)
    return rows, figures


_Run = tuple[float, float, float, list[float], list[tuple[float, float]]]


def _one_cell_across(above: list[tuple[float, float]], below: list[tuple[float, float]], x: float) -> bool:
    """Whether a piece of the border above and one of the border below run across ``x``
    from the same start to the same end: the top and the bottom of one cell drawn
    across it (a full-width row between rows of cells, whose borders break at ``x``
    for the cells above and below it)."""
    return any(
        a < x - RULE_SNAP_PT
        and b > x + RULE_SNAP_PT
        and any(abs(a - c) <= RULE_SNAP_PT and abs(b - d) <= RULE_SNAP_PT for c, d in below)
        for a, b in above
    )


def _broken_runs(hs: list[_Seg]) -> list[_Run]:
    """Each drawn horizontal line (pieces that touch, as _join joins them): its position,
    start, end, where it breaks, one piece ending as the next begins (within a corner's
    width), and its pieces. A piece drawn across the break too (a shaded header cell's
    edge along the border under it, which is drawn cell by cell for the cells below)
    leaves it a break: which of the two rows' cells end there, the next border says."""
    by_line: dict[float, list[tuple[float, float]]] = {}
    base = 0.0
    for i, (pos, a, b) in enumerate(sorted(hs)):
        if i == 0 or pos - base > 0.5:
            base = pos
        by_line.setdefault(base, []).append((a, b))
    runs: list[_Run] = []
    for pos, pieces in by_line.items():
        pieces.sort()
        breaks: list[float] = []
        if len(pieces) <= _MAX_PIECES:
            starts = [a for a, _ in pieces]
            for _, e in pieces:
                k = bisect.bisect_left(starts, e - 0.5)
                while k < len(starts) and starts[k] <= e + RULE_SNAP_PT:
                    x = (e + starts[k]) / 2
                    k += 1
                    if not breaks or abs(x - breaks[-1]) > RULE_SNAP_PT:
                        breaks.append(x)
        run_start, run_end = pieces[0]
        first = 0
        for k, (a, b) in enumerate(pieces[1:], 1):
            if a > run_end + RULE_SNAP_PT:
                inner = [x for x in breaks if run_start < x < run_end]
                runs.append((pos, run_start, run_end, inner, pieces[first:k]))
                run_start, first = a, k
            run_end = max(run_end, b)
        runs.append((pos, run_start, run_end, [x for x in breaks if run_start < x < run_end], pieces[first:]))
    return runs
