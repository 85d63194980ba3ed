"""The rows at a table's foot under a rule of its own (segment.py asks, once the page is
cut into regions): rows of the table, however far under its last item.

A form printed from a fixed template draws its item table down to a fixed height: the
items at the top, the body left empty under them, and at the foot, under a rule across
the table, a total row ("TOTAL" with the quantity and amounts in their columns) or the
balances of a ledger. The blank stripe between the items and the foot cuts the page
there, and the foot rows were read as a table of their own, with whatever stands under
them (a block of tax labels and values). A reader takes the rows under the rule as the
table's when each sets figures in two or more of the table's figure columns and any
label in a column the table holds text in, at the table's print: a label beside one
amount (a totals block under an item table, pairs read on their own), a
label/value block under the next rule, or text that crosses the columns, is not.

The other way round, a rule can close a table whose region runs on under it
(:func:`closed_foot`, tables.py asks before it looks for the grid).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine, Region, font_size
from worker.engines.layout.ruled_rows import rule_heights
from worker.engines.layout.table_rows import Rule, is_figure
from worker.engines.layout.thresholds import TABLE_PRINT_RATIO

# The table's left part, where its first column's text (the items' descriptions) runs:
# a totals block set to the right leaves it empty.
_LEFT_PART = 0.4


def feet_into_tables(
    regions: list[Region], rules: Sequence[Rule], segment: Callable[[list[Band]], list[Region]]
) -> list[Region]:
    """``regions`` with the foot rows under each table (:func:`_feet`) moved into it; what
    stood under them in their region laid out again on its own (``segment``)."""
    if not rules:
        return regions
    out: list[Region] = []
    k = 0
    while k < len(regions):
        region = regions[k]
        out.append(region)
        k += 1
        if region.kind != "table" or len(region.cuts) < 2 or k == len(regions):
            continue
        after = regions[k]
        n = _feet(region, after.bands, rules)
        if not n:
            continue
        region.bands.extend(after.bands[:n])
        rest = after.bands[n:]
        regions = [*regions[:k], *(segment(rest) if rest else []), *regions[k + 1 :]]
    return out


def _feet(table: Region, bands: list[Band], rules: Sequence[Rule]) -> int:
    """How many of ``bands``, the text under ``table``, are its foot rows: those under a
    rule across the table's width, with no text between the table and the rule, down to
    the next such rule, each a row of the table's columns (:func:`_foot_row`)."""
    if not bands:
        return 0
    lines = [ln for band in table.bands for ln in band]
    left, right = min(ln.bbox[0] for ln in lines), max(ln.bbox[2] for ln in lines)
    if not rule_heights(rules, left, right, table.bands[-1].bottom, bands[0].top):
        return 0
    end = rule_heights(rules, left, right, bands[0].bottom, float("inf"))
    size = statistics.median(font_size(ln) for ln in lines)
    cols = _columns(table)
    n = 0
    while (
        n < len(bands)
        and (not end or bands[n].bottom <= end[0])
        and _foot_row(bands[n], table.cuts, cols, size)
    ):
        n += 1
    return n


def _columns(table: Region) -> dict[int, bool]:
    """The table's columns that hold text in its body, each with whether it holds figures
    there (the rows under the first)."""
    out: dict[int, bool] = {}
    for band in table.bands[1:]:
        for col, lns in band_cells(band, table.cuts).items():
            out[col] = out.get(col, False) or is_figure(_text(lns))
    return out


def _foot_row(band: Band, cuts: Cuts, cols: dict[int, bool], size: float) -> bool:
    """Whether ``band`` is a total's row of a table with columns ``cols``: at the table's
    print, figures in two of the table's figure columns or more and a label first, in a
    column the table holds text in, reaching at most over columns it leaves empty. A
    label with one amount ("Subtotal 4,734.40") is a totals block's pair, read apart."""
    if any(not size / TABLE_PRINT_RATIO <= font_size(ln) <= size * TABLE_PRINT_RATIO for ln in band):
        return False
    cells = sorted(_cells(band, cuts).items())
    if len(cells) < 2 or any(col not in cols for col, _ in cells):
        return False
    label, *figures = cells
    if len(figures) < 2 or not all(is_figure(_text(lns)) and cols[col] for col, lns in figures):
        return False
    return all(_within(ln, cuts, label[0], figures[0][0]) for ln in label[1])


def _cells(band: Band, cuts: Cuts) -> dict[int, list[LayoutLine]]:
    """The band's lines by the column each starts in."""
    out: dict[int, list[LayoutLine]] = {}
    for ln in sorted(band, key=lambda ln: ln.bbox[0]):
        out.setdefault(sum(c <= ln.bbox[0] for c in cuts), []).append(ln)
    return out


def _within(ln: LayoutLine, cuts: Cuts, col: int, nxt: int) -> bool:
    """Whether ``ln``, starting in column ``col``, ends before column ``nxt`` starts."""
    return nxt == 0 or ln.bbox[2] <= cuts[nxt - 1]


def _text(lns: list[LayoutLine]) -> str:
    return " ".join(ln.text for ln in lns)


def closed_foot(bands: list[Band], cuts: Cuts, rules: Sequence[Rule]) -> int:
    """How many of ``bands`` a rule across a table among them closes it under (0: none).

    An invoice drawn from a web page closes its item table with a rule under the last
    row and sets its totals under it in the right half, often in a print of their own
    (larger, "Amount due" in bold). Read with the table, the totals' labels and amounts
    share a gutter that the item rows leave, a long description crosses it, and the
    table was cut there, its last rows taken for a table of their own with the totals.
    A reader stops at the rule: what lies under it is no row of the table when its
    first row holds a label and an amount, leaves the table's left part empty, and is
    either in another print than the table's rows or a label beside one amount (a
    totals block's pair, as :func:`_foot_row` reads it). Totals under the items with no
    rule between go on in the table's columns (tables.py keeps them); a total row with
    figures in several columns under the rule is taken back as a foot row
    (:func:`feet_into_tables`).
    """
    if not rules or len(bands) < 4:
        return 0
    multi = [i for i, band in enumerate(bands) if len(band_cells(band, cuts)) >= 2]
    if len(multi) < 3:
        return 0
    # A header and two rows at least over the rule: a table to close.
    top = [ln for band in bands[multi[0] : multi[2] + 1] for ln in band]
    left, right = min(ln.bbox[0] for ln in top), max(ln.bbox[2] for ln in top)
    for j in range(multi[2] + 1, len(bands)):
        under = bands[j]
        figures = sum(is_figure(ln.text) for ln in under)
        if (
            0 < figures < len(under)
            and all(ln.bbox[0] >= left + _LEFT_PART * (right - left) for ln in under)
            and rule_heights(rules, left, right, bands[j - 1].bottom - 1.0, under.top + 1.0)
            # Items ruled row by row: the rule over the totals is one more row rule, and
            # the totals go on in the table's columns (a statement's "Subtotal", "Tax").
            and not any(
                rule_heights(rules, left, right, bands[k - 1].bottom - 1.0, bands[k].top + 1.0)
                for k in range(multi[1] + 1, j)
            )
        ):
            size = statistics.median(font_size(ln) for i in multi if i < j for ln in bands[i])
            if figures == 1 or all(
                not size / TABLE_PRINT_RATIO <= font_size(ln) <= size * TABLE_PRINT_RATIO for ln in under
            ):
                return j
        left = min(left, *(ln.bbox[0] for ln in under))
        right = max(right, *(ln.bbox[2] for ln in under))
    return 0
