"""A table's bands grouped into its rows by the horizontal rules across it (table_cells.py's
table_grid reads the groups): rows drawn one by one, each space between two rules one
row (a wrapped cell) or the rows it holds; or a header closed by a rule over rows the
lines make. Rules that only a shading's outline draws may start under the body's first
rows: bands that are body rows stay rows of their own."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from worker.engines.layout.band_rows import rows_in_band
from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine, font_size
from worker.engines.layout.ruled_rows import rule_heights
from worker.engines.layout.table_rows import Rule, indented_under, is_figure, mostly_rtl, spanning


def row_groups(bands: list[Band], rules: Sequence[Rule], cuts: Cuts) -> list[list[Band]]:
    """The table's bands grouped into rows by the horizontal rules across it.

    Where rules separate most rows one by one, the bands between two rules are one row
    (a cell's text wraps). Where they only frame the table and close its header (a
    rule above, one under the header, one at the bottom: two spaces between rules, the
    header's and the body's), the header's bands are one row and the body's rows stay as
    the lines make them. A body between two rules whose lines stack figures in one
    column holds rows, not one row's wrapped cells (a midrule over a totals row).
    """
    if len(bands) < 2 or len(rules) < 2:
        return [[b] for b in bands]
    left = min(ln.bbox[0] for b in bands for ln in b)
    right = max(ln.bbox[2] for b in bands for ln in b)
    size = font_size(bands[0][0])
    top, bottom = bands[0].top - size, bands[-1].bottom + size
    ys = rule_heights(rules, left, right, top, bottom)
    if len(ys) < 2:
        return [[b] for b in bands]
    groups: list[list[Band]] = []
    slots: list[int] = []  # for each group, the number of rules above it
    for band in bands:
        slot = bisect.bisect_left(ys, (band.top + band.bottom) / 2)
        if slots and slots[-1] == slot:
            groups[-1].append(band)
        else:
            groups.append([band])
            slots.append(slot)
    stub = len(cuts) if mostly_rtl(bands) else 0
    inner = [g for g, k in zip(groups, slots, strict=True) if 0 < k < len(ys)]  # between two rules
    if not inner:
        return [[b] for b in bands]
    singles = sum(1 for g in inner if len(g) == 1)
    # A space between rules with one line of several cells and the rest lines of one
    # cell is one row whose long cells wrap, however many lines they take.
    wrapped = all(sum(len(band_cells(b, cuts)) >= 2 for b in g) <= 1 for g in inner)
    # Every space between rules with text in two columns or more: rows drawn one by one,
    # their cells at their own heights (a label centred beside a description of several
    # lines), or sections of rows that :func:`_records` parts.
    spread = all(
        len({bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2) for b in g for ln in b}) >= 2
        for g in inner
    )
    # The last row's rule may lie under the region (its last line cut off as text after
    # the table): a group under the last rule no taller than a row between rules is a row.
    last = groups[-1]
    tallest = max(g[-1].bottom - g[0].top for g in inner)
    closing = int(
        slots[-1] == len(ys) and len(groups) > 2 and last[-1].bottom - last[0].top <= tallest + size
    )
    if len(inner) + closing >= 3 and (
        singles >= 0.5 * len(inner) or len(inner) >= 0.5 * len(bands) or wrapped or spread
    ):
        # Rules between the rows: what lies between two rules is one row, unless it
        # stacks figures (the header, first, may: "2024" over "£000").
        out: list[list[Band]] = []
        for i, (group, slot) in enumerate(zip(groups, slots, strict=True)):
            if i and _stacks_figures(group, cuts):
                out.extend([b] for b in group)
            elif i or slot:
                # Beneath a rule the lines may be rows of their own (a form's labels
                # level with their values under each section's band).
                out.extend(_records(group, cuts, left, right, ys[slot - 1] if slot else top))
            else:
                # Above the first rule: the header, one row however many lines it
                # takes, down to the first body row (rules that only a shading's
                # broken outline drew may start under the body's first rows).
                out.extend(_header_then_rows(group, cuts, stub))
        return out
    out = [[b] for b in bands]
    first = groups[0]
    # Only a header closed by a rule, with rows below it: its lines stacked one under the
    # other at the line spacing are one row ("2024" over "£000"); a group header over
    # several columns, or set a row's gap above the next band, is a row of its own.
    if len(groups) > 1 and 2 <= len(first) <= 4:
        head: list[list[Band]] = [[first[0]]]
        for band in first[1:]:
            above = head[-1][-1]
            if (
                band.top - above.bottom > 0.5 * font_size(band[0])
                or spanning(above, cuts)
                or (_labelled_figures(band, cuts, stub) and _labelled_figures(above, cuts, stub))
                or _figures_under_words(above, band, cuts, stub)
            ):
                head.append([band])
            else:
                head[-1].append(band)
        out = [*head, *[[b] for b in bands[len(first) :]]]
    return out


def _header_then_rows(group: list[Band], cuts: Cuts, stub: int) -> list[list[Band]]:
    """The bands above a table's first rule: one row (its header) up to the first body
    row (:func:`_labelled_figures`) set a row's gap under the header or right under
    another body row; from there, a row each, as the lines make them
    (:func:`.table_wraps.continued` joins a wrapped cell's lines). A header's last line
    may hold a stub label and years ("Indicator  Unit  2022  2023") under its first."""
    body = next(
        (
            k
            for k in range(1, len(group))
            if _labelled_figures(group[k], cuts, stub)
            and (
                group[k].top - group[k - 1].bottom > 0.5 * font_size(group[k][0])
                or _labelled_figures(group[k - 1], cuts, stub)
            )
        ),
        len(group),
    )
    return [group[:body], *[[b] for b in group[body:]]]


def _labelled_figures(band: Band, cuts: Cuts, stub: int) -> bool:
    """Whether ``band`` looks like a body row: a label in the stub column and a figure in
    another. Two such rows at the line spacing (shaded bands set tightly) are two of the
    table's rows, which a shading's edge under them does not make a header's lines; a
    header's lines stacked at the line spacing ("2024" over "£000") leave the stub empty
    but for its last line's."""
    cells = band_cells(band, cuts)
    label = cells.get(stub)
    if not label or is_figure(" ".join(ln.text for ln in label)):
        return False
    return any(col != stub and is_figure(" ".join(ln.text for ln in lns)) for col, lns in cells.items())


def _figures_under_words(above: Band, band: Band, cuts: Cuts, stub: int) -> bool:
    """Whether ``band`` is a row of figures, the stub's among them ("10/12" beside
    "$ 15,154.12"), under a line of words alone ("DATE  AMOUNT"): a body row right under
    its header, however close. A header's lines stacked over each other are words over
    words or figures over figures ("2024" over "£000"), and its figures leave the stub
    empty."""
    cells = band_cells(band, cuts)
    texts = {col: " ".join(ln.text for ln in lns) for col, lns in cells.items()}
    if len(texts) < 2 or stub not in texts or not all(map(is_figure, texts.values())):
        return False
    return not any(is_figure(ln.text) for ln in above)


def _records(group: list[Band], cuts: Cuts, left: float, right: float, top: float) -> list[list[Band]]:
    """The bands between two rules as the rows they hold (:func:`.band_rows.rows_in_band`):
    one row, unless its lines pair up across the columns row by row."""
    if len(group) < 2:
        return [group]
    splits = rows_in_band([ln for b in group for ln in b], [left, *cuts, right], top)
    if not splits:
        return [group]
    out: list[list[Band]] = []
    at = -1
    for band in group:
        k = bisect.bisect_left(splits, (band.top + band.bottom) / 2)
        if k != at:
            out.append([])
            at = k
        out[-1].append(band)
    return out


def _stacks_figures(group: list[Band], cuts: Cuts) -> bool:
    """Whether two bands of ``group``, one under the other, both have a figure in one column.

    Lines indented under the first line of their column in the group are notes of its
    cell ("You sold" over "LT loss: $8,781.90", "Wash sale of 8/8/11: $2,805.50"), not
    figures stacked in a column: figures stacked as rows start (or end) at one edge."""
    above: set[int] = set()
    rtl = mostly_rtl(group)
    firsts: dict[int, LayoutLine] = {}  # each column's first line in the group
    for band in group:
        cells = band_cells(band, cuts)
        for col, lns in cells.items():
            firsts.setdefault(col, lns[0])
        cols = {
            col
            for col, lns in cells.items()
            if is_figure(" ".join(ln.text for ln in lns))
            and not all(indented_under(ln, firsts[col], rtl) for ln in lns)
        }
        if cols & above:
            return True
        above = cols
    return False
