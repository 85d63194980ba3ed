"""Metric cards set side by side (tables.py asks): a dashboard's key figures, each a
caption, a big figure and a note stacked in a card, the cards in a row. Their lines meet
row by row, so they look like a grid of short cells; read as a table each card is torn
across its rows ("Revenue | Customers" over "$580K | 1,247"). A table's rows share one
print; a card's figure is set far larger than the words round it."""

from __future__ import annotations

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, font_size, make_band
from worker.engines.layout.table_rows import mostly_rtl

# A card's figure stands at least this many times the print of its caption and note: a
# table's header or totals row in bold or a point larger is still a table's row.
_FIGURE_RATIO = 1.6
# Cards hold a few lines each (caption, figure, note, a trend); more rows is a table.
_MAX_ROWS = 4


def metric_cards(core: list[Band], cuts: Cuts) -> bool:
    """Whether the grid ``core`` is a row of cards: a few rows, each with a line in every
    column, one of them a row of figures (a digit in each cell) in print at least
    ``_FIGURE_RATIO`` times that of every other row."""
    if not 2 <= len(core) <= _MAX_ROWS:
        return False
    n = len(cuts) + 1
    rows = [band_cells(band, cuts) for band in core]
    if any(len(row) != n for row in rows):
        return False
    sizes = [max(font_size(ln) for ln in band) for band in core]
    smallest = [min(font_size(ln) for ln in band) for band in core]
    for k, row in enumerate(rows):
        others = [s for j, s in enumerate(sizes) if j != k]
        if smallest[k] >= _FIGURE_RATIO * max(others) and all(
            any(ch.isdigit() for ln in cell for ch in ln.text) for cell in row.values()
        ):
            return True
    return False


def card_parts(core: list[Band], cuts: Cuts) -> list[list[Band]]:
    """The cards of the grid ``core`` (:func:`metric_cards`), each its lines down its
    column, in reading order: left to right, or right to left on a page whose text reads
    that way (as its columns are, columns.py)."""
    rows = [band_cells(band, cuts) for band in core]
    parts = [[make_band(row[col]) for row in rows] for col in range(len(cuts) + 1)]
    if mostly_rtl(core):
        parts.reverse()
    return parts
