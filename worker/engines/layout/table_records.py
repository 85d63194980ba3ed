"""An unruled table's records: the printed lines that go on with only some cells of the
row above, its key cell empty, joined to that row (table_cells.py reads the rows).

Without rules between rows, each printed line of a record is a band of its own, and a
record whose cells wrap ("Economische" over "Samenwerking Zuid-" over "Limburg (ESZL)"
beside one line of number and date) reads as several rows, the cells' lines
interleaved. A reader sees a record start where the key column (the first in reading
order) starts a new entry: lines that leave it empty and continue cells of words of the
record above belong to that record. table_wraps.continued joins such a line when it
starts in lower case; this joins it in any case, where the layout says the line is no
row of its own: the records stand apart by a wider gap than the line's, or the line's
text plainly runs on from the cell above it (a word broken at a hyphen, a line that
would not have fitted, a lower-case word after a line that ends no sentence).
"""

from __future__ import annotations

import bisect
import itertools
import statistics
from collections.abc import Sequence

from worker.engines.layout.cell_joins import runs_on, wraps_in_cell
from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine, font_size
from worker.engines.layout.ruled_rows import rule_heights
from worker.engines.layout.table_rows import Rule, is_figure, mostly_rtl

# A record's next line follows at the line spacing: a gap of at most this many ems.
_LINE_GAP_EM = 0.6
# ... or of at most this many ems where the records stand apart (an item's description
# set at a wide leading, its items wider apart still).
_SPACED_GAP_EM = 1.0
# Records stand apart when the gap over a record's first line is wider than the line's
# gap by this many ems (the spacing between records, not a line's leading).
_APART_EM = 0.5
# A continuation line is set at its cell's size within this share.
_SIZE_TOLERANCE = 0.1
# Records under a ruled header stand apart by a blank this many ems wider than their
# lines' spacing at least (a spreadsheet's rows are evenly spaced: a blank row shows).
_RECORD_GAP_EM = 0.3


def key_records(groups: list[list[Band]], cuts: Cuts, rules: Sequence[Rule] = ()) -> list[list[Band]]:
    """The row groups with each group that only continues cells of the record above it
    (:func:`_continues`) joined to that record."""
    if len(groups) < 3 or not cuts:
        return groups
    rtl = mostly_rtl([b for g in groups for b in g])
    apart = _record_gap(groups, cuts, rtl)
    out: list[list[Band]] = [groups[0]]
    for group in groups[1:]:
        if _continues(out[-1], group, cuts, rtl, apart, rules):
            out[-1] = [*out[-1], *group]
        else:
            out.append(group)
    return out


def _key(band: Band, cuts: Cuts, rtl: bool) -> int | None:
    """The key column of a record's first band: the first of its cells in reading order,
    where it has two cells or more (a lone label heads a section, it keys no record)."""
    cells = band_cells(band, cuts)
    if len(cells) < 2:
        return None
    return max(cells) if rtl else min(cells)


def _record_gap(groups: list[list[Band]], cuts: Cuts, rtl: bool) -> float | None:
    """The usual gap over a record's first line (a group whose first band has a key
    cell and another), or None where fewer than two records show one."""
    gaps = [
        group[0].top - prev[-1].bottom
        for prev, group in itertools.pairwise(groups)
        if _key(group[0], cuts, rtl) is not None
    ]
    return statistics.median(gaps) if gaps else None


def _column(ln: LayoutLine, cuts: Cuts) -> int | None:
    """The column a line lies in, None when it reaches across a boundary."""
    col = bisect.bisect_left(cuts, ln.bbox[0])
    return col if col == bisect.bisect_left(cuts, ln.bbox[2]) else None


def _continues(
    record: list[Band], group: list[Band], cuts: Cuts, rtl: bool, apart: float | None, rules: Sequence[Rule]
) -> bool:
    """Whether ``group`` goes on with cells of ``record``: its key cell empty, each line
    within one column where the record has a cell of words (no figure) in the line's own
    size and weight, no figure of its own, at the line spacing under the record (or up
    to an em where the records stand apart by half an em more: a description set at a
    wide leading) with no rule between; and either the records stand apart by a wider gap, or half its lines
    or more run on from the cell's line above them (band_rows' wrap tests)."""
    key = _key(record[0], cuts, rtl)
    if key is None:
        return False
    cells: dict[int, list[LayoutLine]] = {}
    for band in record:
        for k, lns in band_cells(band, cuts).items():
            cells.setdefault(k, []).extend(lns)
    lines = [ln for band in group for ln in band]
    size = font_size(lines[0])
    gap = group[0].top - record[-1].bottom
    spaced = apart is not None and apart >= gap + _APART_EM * size and gap <= _SPACED_GAP_EM * size
    if (gap > _LINE_GAP_EM * size and not spaced) or _ruled_between(record[-1], group[0], rules):
        return False
    running = 0
    for ln in lines:
        at = _column(ln, cuts)
        if at is None or at == key or at not in cells or is_figure(ln.text):
            return False
        col = at
        cell = cells[col]
        if is_figure(" ".join(c.text for c in cell)):
            return False
        above = max(cell, key=lambda c: c.bbox[3])
        if above.bold != ln.bold or abs(font_size(ln) / font_size(above) - 1.0) > _SIZE_TOLERANCE:
            return False
        # The cell's box: from boundary to boundary, the outer columns' to their text.
        left = cuts[col - 1] if col else min(c.bbox[0] for c in cell) - 1.0
        right = cuts[col] if col < len(cuts) else max(c.bbox[2] for c in cell) + 1.0
        if runs_on(above.text, ln.text) or wraps_in_cell(above, ln, left, right):
            running += 1
    if apart is not None and apart >= gap + _APART_EM * size:
        return True
    return 2 * running >= len(lines)


def _ruled_between(above: Band, below: Band, rules: Sequence[Rule]) -> bool:
    """Whether a horizontal rule runs between two bands, under both their extents' overlap."""
    x0 = max(min(ln.bbox[0] for ln in above), min(ln.bbox[0] for ln in below))
    x1 = min(max(ln.bbox[2] for ln in above), max(ln.bbox[2] for ln in below))
    return any(
        r1 - r0 > b - t and above.bottom - 1.0 <= (t + b) / 2 <= below.top + 1.0 and r0 < x1 and x0 < r1
        for r0, t, r1, b in rules
    )


def spaced_records(core: list[Band], cuts: Cuts, rules: Sequence[Rule]) -> bool:
    """Whether the grid ``core`` is a header closed by a rule over unruled records that a
    blank parts: each record a row of cells on its first line, a cell of it a list of
    lines under that (a record layout's codes, "1=No" over "2=Yes, a condominium"), the
    blank between records wider than the lines' own spacing.

    Line by line such a table has few rows of two cells (most lines hold one code), so
    the grid test, counting lines, finds none; counted by records, each record is a row
    of the columns its header names."""
    if len(core) < 5 or not rules:
        return False
    left = min(ln.bbox[0] for b in core for ln in b)
    right = max(ln.bbox[2] for b in core for ln in b)
    size = font_size(core[0][0])
    # The header's rule: under a line of the first four, with lines under it; none
    # lower, but for one that closes the table.
    ys = rule_heights(rules, left, right, core[0].top - 2 * size, core[-1].bottom - 1.0)
    if not ys:
        return False
    heads = [
        k for k in range(1, min(5, len(core))) if core[k - 1].bottom - 1.0 <= ys[-1] <= core[k].top + 1.0
    ]
    if not heads:
        return False
    body = core[heads[-1] :]
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(body)]
    if len(gaps) < 3:
        return False
    line_gap = min(gaps)
    apart = [i + 1 for i, g in enumerate(gaps) if g > line_gap + _RECORD_GAP_EM * size]
    starts = [0, *apart]
    if len(starts) < 3 or len(starts) >= 0.75 * len(body):
        return False
    # Each record starts with a row of cells (two or more), its other lines one cell each.
    return all(len(band_cells(body[k], cuts)) >= 2 for k in starts)
