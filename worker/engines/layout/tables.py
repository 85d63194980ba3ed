"""Whether part of a region is a table (a grid with a column of figures or of labels), and
the columns its rows agree on."""

from __future__ import annotations

from worker.engines.layout.cover import (
    band_cells,
    band_cover,
    bands_cover,
    gutter_gaps,
    gutters,
    merge_cover,
    multi_cell_bands,
    prose_columns,
)
from worker.engines.layout.model import Band, Cuts, PageStats, Region, font_size


def _aligned(band: Band) -> bool:
    sizes = [font_size(ln) for ln in band]
    size = min(sizes)
    bottoms = [ln.bbox[3] for ln in band]
    return max(sizes) <= 1.15 * size and max(bottoms) - min(bottoms) <= 0.25 * size


def _is_figure(text: str) -> bool:
    # "$4.11", "15.00%", "31/12/2017", "€ 399,00", "2": mostly digits among letters/digits.
    digits = sum(map(str.isdigit, text))
    return digits > 0 and digits * 2 >= sum(map(str.isalnum, text))


def _numeric_column(bands: list[Band], cuts: Cuts) -> bool:
    cols: dict[int, list[bool]] = {}
    for band in bands[1:]:  # the first row may be the header
        for col, lns in (band.cells.get(cuts) or band_cells(band, cuts)).items():
            text = lns[0].text if len(lns) == 1 else " ".join(ln.text for ln in lns)
            cols.setdefault(col, []).append(_is_figure(text))
    return any(len(v) >= 2 and sum(v) * 2 >= len(v) for v in cols.values())


def _colon_keys(bands: list[Band], cuts: Cuts) -> float:
    """Share of multi-cell rows whose first cell is a "Label:"."""
    multi = keyed = 0
    for band in bands:
        cells = band.cells.get(cuts) or band_cells(band, cuts)
        if len(cells) >= 2:
            multi += 1
            first = " ".join(ln.text for ln in cells[min(cells)]).rstrip()
            keyed += first.endswith(":")
    return keyed / multi if multi else 0.0


def as_table(bands: list[Band], cuts: Cuts, stats: PageStats) -> list[Region] | None:
    """The region as [flow above?, table, flow below?] when part of it is a grid.

    The grid runs from the first to the last row with cells on both sides of a gutter;
    rows above/below it (a caption, the notes under an invoice's lines) are left to the
    caller. Columns are then found again from the grid's multi-cell rows only: a wrapped
    description line or a "--- Section ---" row inside the table may cross a gutter,
    and must not erase it (nor may a row of totals, see :func:`_table_cuts`, which
    splits the columns of a table found).
    """
    multi = [i for i, b in enumerate(bands) if len(b.cells.get(cuts) or band_cells(b, cuts)) >= 2]
    if len(multi) < 3:
        return None
    start, end = multi[0], multi[-1] + 1
    core = bands[start:end]
    cuts = gutters(bands_cover([bands[i] for i in multi]), stats)
    if not cuts:
        return None
    n_multi = multi_cell_bands(core, cuts)
    if n_multi < 3 or n_multi < 0.5 * len(core) or prose_columns(core, cuts) >= 2:
        return None
    # The cells of a table row share one font size and baseline; two blocks of text
    # that merely sit side by side (a letterhead beside an address) drift apart.
    multi_bands = [b for b in core if len(b.cells.get(cuts) or band_cells(b, cuts)) >= 2]
    if sum(_aligned(b) for b in multi_bands) < 0.7 * len(multi_bands):
        return None
    # Blocks of short text side by side (sender and recipient addresses) also align on
    # rows; what makes a grid a table is a column of figures or a column of "Label:" keys.
    if not _numeric_column(core, cuts) and _colon_keys(core, cuts) < 0.5:
        return None
    # A table, then: its columns are those its rows agree on.
    cuts = _table_cuts(bands, multi, stats) or cuts
    out: list[Region] = []
    if start:
        out.append(Region("flow", bands[:start]))
    out.append(Region("table", core, cuts))
    if end < len(bands):
        out.append(Region("flow", bands[end:]))
    return out


def _table_cuts(bands: list[Band], multi: list[int], stats: PageStats) -> Cuts:
    """Column boundaries of a grid from its multi-cell rows ``multi`` (indices into ``bands``).

    A table's rows share its columns, so a row that would close a gutter the rows above
    it agree on (three at least) does not get a say: typically the totals under an
    invoice's line items, whose amounts ("59,100.20 EUR") reach across the unit price
    and amount columns and would merge them in every row. Such a row stays in the
    table; its lines fall into the columns by their centres.
    """
    cover = band_cover(bands[multi[0]])
    gaps = gutter_gaps(cover, stats)
    rows = 1
    for i in multi[1:]:
        band = bands[i]
        merged = merge_cover(cover, band.cover or band_cover(band))
        merged_gaps = gutter_gaps(merged, stats)
        # A gutter lives on when a gutter of the union overlaps it (narrower, or split).
        closes = any(not any(a0 < b1 and b0 < a1 for b0, b1 in merged_gaps) for a0, a1 in gaps)
        if closes and rows >= 3:
            continue
        cover, gaps, rows = merged, merged_gaps, rows + 1
    return tuple((x0 + x1) / 2 for x0, x1 in gaps)
