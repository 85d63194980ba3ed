"""The totals rows under an item table (tables.py): their labels set in the table's
column where they start, not in a column of their own."""

from __future__ import annotations

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine
from worker.engines.layout.table_rows import is_figure, mostly_rtl


def totals_in_columns(rows: list[Band], cuts: Cuts) -> Cuts:
    """The table's boundaries without those that set its totals' labels apart.

    An item table's totals ("Subtotal", "Tax", "Total") stand under the items, each label
    in line with the others and its amount in the amount column. Where the labels start
    in the wide space that a column of descriptions leaves before the next column (the
    quantities, right-aligned far to the right), a gutter opens on both sides of them and
    they would make a column that no item row fills. They belong to the column whose
    space they start in: the one on their left, where the items' descriptions are
    (the references' convention, "the label in the column where the labels start").

    Such a column holds text (no figure) only in rows under every row that has text in
    the column on its left, the column on its left is empty in those rows, and each of
    them has its amount in a column further right. A table read right to left is left
    as it is (its labels would start on the right)."""
    if not cuts or len(rows) < 3 or mostly_rtl(rows):
        return cuts
    cells = [band_cells(band, cuts) for band in rows]
    drop: set[int] = set()  # indices into cuts
    for col in range(1, len(cuts) + 1):
        own = [i for i, c in enumerate(cells) if col in c]
        left = [i for i, c in enumerate(cells) if col - 1 in c]
        if not own or not left or min(own) <= max(left):
            continue
        if not any(not is_figure(_text(cells[i][col - 1])) for i in left):
            continue  # the column on the left holds figures: no descriptions' space
        if all(_total(cells[i], col) for i in own):
            drop.add(col - 1)
    if not drop:
        return cuts
    return tuple(c for k, c in enumerate(cuts) if k not in drop)


def _text(lns: list[LayoutLine]) -> str:
    return " ".join(ln.text for ln in lns)


def _total(cells: dict[int, list[LayoutLine]], col: int) -> bool:
    """Whether a row's cells are a total's: a label with letters in ``col``, nothing left
    of it, and figures only right of it (an amount at least)."""
    label = _text(cells[col])
    rest = [_text(lns) for c, lns in cells.items() if c != col]
    return (
        any(ch.isalpha() for ch in label)
        and not is_figure(label)
        and min(cells) == col
        and bool(rest)
        and all(is_figure(t) for t in rest)
    )
