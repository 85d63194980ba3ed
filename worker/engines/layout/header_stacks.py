"""A table's header whose cells take different numbers of lines, each cell's lines
stacked in its column and set centred or bottom-aligned on the header row: one header
row, a cell per column (table_cells.py's table_grid runs :func:`stacked_heads` on its rows).

A statement of changes in equity heads its columns "Common stock" (one line),
"Retained / earnings" (two), "Accumulated / other compre- / hensive / income (loss)"
(four): centred on the row, the cells' lines sit at staggered heights, half a line
apart from column to column, and the header's lines fall into three or four rows of
a few cells each, read across ("other Treasury", then "Retained compre- stock,").
header_rows.header_continued joins a line to the cells above it only where each of
its cells continues one (a top-aligned header); here lower lines start new columns.
"""

from __future__ import annotations

from collections.abc import Sequence

from worker.engines.layout.header_rows import cells_by_column, first_figured
from worker.engines.layout.model import Band, Cuts, LayoutLine, font_size
from worker.engines.layout.table_rows import Rule, apart, cut_words, is_figure, on_centre


def stacked_heads(
    groups: list[list[Band]],
    cuts: Cuts,
    rules: Sequence[Rule],
    heads: dict[int, int],
    figured: dict[int, bool] | None = None,
) -> list[list[Band]]:
    """Rows with the header's stacked lines joined into one row.

    The header is the rows above the first with a figure, and a body must follow. A run
    of two header rows or more is joined when they follow each other at the line
    spacing (a line's height or less apart, in one size, no rule between), hold short
    labels only (no figure, no "Label:", no cell across columns, no group header), and
    each column's lines are one unbroken stack, some column starting lower than
    another (else the rows are full rows, or header_continued's continued cells).
    ``figured``: :func:`.header_rows.first_figured`'s answers kept for the bands."""
    if len(groups) < 3 or not cuts:
        return groups
    first = first_figured(groups, cuts, figured)
    if first is None or first < 2:
        return groups
    header = [ln for g in groups[:first] for b in g for ln in b]
    out: list[list[Band]] = []
    k = 0
    while k < first:
        end = k + 1
        while end < first and _follows(groups[end - 1], groups[end], cuts, rules, heads, header):
            end += 1
        if end - k >= 2 and _one_stack([cells_by_column(b, cuts) for g in groups[k:end] for b in g]):
            out.append([b for g in groups[k:end] for b in g])
            for band in out[-1]:
                for ln in band:
                    # A line stacked on its column's next one is that cell's, no group
                    # header: placed by its centre, as the cell's other lines are.
                    heads.pop(id(ln), None)
        else:
            out.extend(groups[k:end])
        k = end
    return [*out, *groups[first:]]


def _follows(
    above: list[Band],
    below: list[Band],
    cuts: Cuts,
    rules: Sequence[Rule],
    heads: dict[int, int],
    header: list[LayoutLine],
) -> bool:
    """Whether the header row ``below`` follows ``above`` as lines of one header row do."""
    up, down = above[-1], below[0]
    size = font_size(down[0])
    if down.top - up.bottom > 0.6 * size:
        return False
    lines = [ln for g in (above, below) for b in g for ln in b]
    if any(font_size(ln) > 1.15 * size or font_size(ln) < size / 1.15 for ln in lines):
        return False
    x0, x1 = min(ln.bbox[0] for ln in lines), max(ln.bbox[2] for ln in lines)
    if any(
        r1 - r0 > b - t and up.top < (t + b) / 2 < down.bottom and r0 < x1 and x0 < r1
        for r0, t, r1, b in rules
    ):
        return False
    for ln in lines:
        if id(ln) in heads and not on_centre(ln, header):
            return False
        text = ln.text.strip()
        if is_figure(text) or text.endswith(":") or len(text.split()) > 4:
            return False
        pieces = cut_words(ln, cuts) if ln.words else {}
        if len(pieces) > 1 and not apart(pieces):
            return False  # one cell across columns
    return True


def _one_stack(rows: list[dict[int, str]]) -> bool:
    """Whether the columns of these header lines (text by column, top down) each hold
    one unbroken run of lines, and some column's run starts below another's."""
    spans: dict[int, tuple[int, int]] = {}
    for k, cells in enumerate(rows):
        for col in cells:
            start, stop = spans.get(col, (k, k))
            if stop < k - 1:
                return False  # a gap in the column: two cells, not one stack
            spans[col] = (start, k)
    starts = {start for start, _ in spans.values()}
    return len(spans) >= 2 and len(starts) >= 2
