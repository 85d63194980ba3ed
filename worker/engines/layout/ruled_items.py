"""A table of a header over one item row of figures, a rule drawn between them
(tables.py asks, beside pair_grids.py): an invoice's item table with a single item.

Two rows side by side on a page make a table only under pair_grids.py's strict tests
(both rows in one size, one line to each cell; or a bold header ruled off over a plain
row), since two blocks of text meet on two rows by chance. An invoice sets its column
heads in smaller print than its item, not in bold, and the item's description may take
a second line: those tests fail, and the header and the item are read as two lines of
text. The rule the page draws under the header, across all its columns, is what a
reader takes the two rows for a table by: two blocks side by side have no rule running
across both between their first and second lines. The item's figures (its amount last)
say it is an item, not a form's fields.
"""

from __future__ import annotations

from collections.abc import Sequence

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts
from worker.engines.layout.row_level import aligned
from worker.engines.layout.ruled_rows import Rule, rule_heights
from worker.engines.layout.table_rows import is_figure, spanning

_MIN_COLUMNS = 3  # cells in the header row, and in the row under it
_MIN_FIGURES = 2  # figures in the row, its last cell one of them


def ruled_item(bands: list[Band], multi: list[int], cuts: Cuts, rules: Sequence[Rule]) -> bool:
    """Whether the region's two multi-cell rows ``multi`` are a header and the one row of
    a table: three cells or more in each, the row's cells in the header's columns, each
    row on its own baseline, figures in the row's last cell and one more, no line across
    a column boundary, and a rule between the two across the width of both."""
    if len(multi) != 2 or not rules:
        return False
    head, row = bands[multi[0]], bands[multi[1]]
    first = band_cells(head, cuts)
    last = band_cells(row, cuts)
    if len(first) < _MIN_COLUMNS or len(last) < _MIN_COLUMNS or not set(last) <= set(first):
        return False
    if any(len(lns) != 1 for lns in first.values()):
        return False
    core = bands[multi[0] : multi[1] + 1]
    if any(spanning(b, cuts) for b in core) or not all(aligned(core, i - multi[0], cuts) for i in multi):
        return False
    texts = [" ".join(ln.text for ln in lns) for _, lns in sorted(last.items())]
    if not is_figure(texts[-1]) or sum(map(is_figure, texts)) < _MIN_FIGURES:
        return False
    left = min(ln.bbox[0] for b in (head, row) for ln in b)
    right = max(ln.bbox[2] for b in (head, row) for ln in b)
    return bool(rule_heights(rules, left, right, head.bottom - 1.0, row.top + 1.0))
