"""A table of two rows only (tables.py asks): an invoice's item table with two items,
a VAT summary of a header over one line of figures.

A grid needs three rows with cells on both sides of a gutter before tables.py takes it
for a table, since two blocks of text side by side (an address beside another) meet on
two rows by chance often enough. Two rows make a table all the same when they share
three columns or more, cell for cell, on one baseline each, and the last of them holds
figures: its rightmost cell (an amount) and another one. Blocks side by side have two
or three cells to a row at most, and their rows rarely end in figures both. Field labels
with their colons over their values are no header: each label reads with its value;
nor are the second lines of header cells wrapped under their first ones."""

from __future__ import annotations

from collections.abc import Sequence

from worker.engines.layout.cell_joins import runs_on
from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, font_size
from worker.engines.layout.row_level import aligned
from worker.engines.layout.ruled_rows import rule_heights
from worker.engines.layout.table_rows import Rule, is_figure, spanning

_MIN_COLUMNS = 3  # cells to each of the two rows
_MIN_FIGURES = 2  # figures in the last row, its rightmost cell one of them


def pair_grid(bands: list[Band], multi: list[int], cuts: Cuts) -> bool:
    """Whether the region's two multi-cell rows ``multi`` (indices into ``bands``) are a
    table's rows: cells in the same three columns or more, each row on one baseline and
    of one size with the other, figures in the last row's rightmost cell and in one more
    of its cells, and no line between or under them across a column boundary (a wrapped
    description's lines stay in their column)."""
    if len(multi) != 2:
        return False
    first, last = (band_cells(bands[i], cuts) for i in multi)
    if len(first) < _MIN_COLUMNS or set(first) != set(last):
        return False
    if any(len(lns) != 1 for lns in (*first.values(), *last.values())):
        return False  # one line to a cell: two rows of wrapped blocks are text side by side
    core = bands[multi[0] : multi[1] + 1]
    if not all(aligned(core, i - multi[0], cuts) for i in multi):
        return False
    sizes = [font_size(ln) for i in multi for ln in bands[i]]
    if max(sizes) > 1.15 * min(sizes):
        return False
    if 2 * sum(lns[0].text.rstrip().endswith(":") for lns in first.values()) >= len(first):
        return False  # field labels over their values ("Invoice No:" over "INV-0042"): read in pairs
    if any(runs_on(first[col][0].text, lns[0].text) for col, lns in last.items()):
        return False  # a header's cells wrapped onto a second line ("(MedDRA" over "term)")
    texts = [lns[0].text for _, lns in sorted(last.items())]
    if not is_figure(texts[-1]) or sum(map(is_figure, texts)) < _MIN_FIGURES:
        return False
    return not any(spanning(b, cuts) for b in core)


def ruled_header(bands: list[Band], multi: list[int], cuts: Cuts, rules: Sequence[Rule]) -> bool:
    """Whether the region's two multi-cell rows ``multi`` are a header over one row of
    values, however few the columns and long the cells (a filing's "Class" /
    "Outstanding as of ..." over the class and its share count: no running text):
    the first row's cells all bold over plain ones, one line to a cell, each row on one
    baseline, none across a column boundary, and a rule under the header across both
    rows' width. Two blocks side by side may each open with a bold line, but no rule
    runs across them both under it."""
    if len(multi) != 2 or not rules:
        return False
    head, row = bands[multi[0]], bands[multi[1]]
    if not all(ln.bold for ln in head) or any(ln.bold for ln in row):
        return False
    cells = [band_cells(bands[i], cuts) for i in multi]
    if (
        len(cells[0]) < 2
        or set(cells[0]) != set(cells[1])
        or any(len(lns) != 1 for c in cells for lns in c.values())
    ):
        return False
    core = bands[multi[0] : multi[1] + 1]
    if not all(aligned(core, i - multi[0], cuts) for i in multi) or any(spanning(b, cuts) for b in core):
        return False
    left = min(ln.bbox[0] for b in (head, row) for ln in b)
    right = max(ln.bbox[2] for b in (head, row) for ln in b)
    return bool(rule_heights(rules, left, right, head.bottom - 1.0, row.top + 1.0))
