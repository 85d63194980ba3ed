"""Rows inside a ruled band: where a grid's horizontal rules come only every few rows
(banded sheets ruled every fifth row) or only around its body, the lines between two
rules are several rows, not one row of multi-line cells.

A band's lines are read as text rows (lines beside each other that share a height) and
each text row either starts a row of the table or continues the one above. It starts one
when it has lines in most of the columns that the row it would follow also fills (a
state's name and its counts on every line; a record's number, dates and amount), unless
the text in those columns runs on from the line above as wrapped text (a long label
broken where the next word would not fit the cell). A long text wrapped in one or two
columns beside single-line cells, or a list in one cell, continues its row: that is a
cell of several lines, as the rules draw it; so is a band of words in a grid ruled row by
row (most bands one text row). In the table's first band, lines that only
continue the header labels above them stay in the header row; a line across the columns
(a note under the rows) is a row of its own. A lone label in the stub column (the first
in reading order: the rightmost in a right-to-left table) that does not run on from the
label above heads a section of rows: a row of its own, the row under it a row too. A
body under a ruled header, unruled inside, whose text rows mostly have a line in every
column is one entry a line, however tight its columns (a glossary's single words). So
is a band whose lines each hold a figure in one column beside a line in another (a
receipt's charges in one drawn row, an amount a line), however wrapped its labels look:
a figure never wraps onto a line of its own; a row of words over such lines heads them.
"""

from __future__ import annotations

import bisect
import itertools
import statistics

from worker.engines.layout.cell_joins import runs_on, wraps_in_cell
from worker.engines.layout.header_rows import continues_header
from worker.engines.layout.model import LayoutLine, rule_across
from worker.engines.layout.table_rows import is_figure, mostly_rtl
from worker.engines.layout.thresholds import RULE_SNAP_PT

Seg = tuple[float, float, float]  # a rule: position across, start along, end along (grids' _Seg)

# A row of a banded table fills more than this share of the columns its band uses.
_SHARED = 0.5
# Lines this much further apart across a rule than within a band are set apart by it.
_APART = 1.3


def band_splits(
    pieces: list[LayoutLine], xs: list[float], ys: list[float], vs: list[Seg]
) -> tuple[list[float], list[Seg]]:
    """Row boundaries to add inside the bands between the rules at ``ys`` (the grid's
    columns at ``xs``, its vertical rules ``vs``), where a band holds several rows of
    the table; and the column boundaries (x, top, bottom) to add inside those bands.

    Vertical rules that stop inside a band (the columns under a group header, ruled
    from the sub-headers down) draw a row boundary there without a rule across.

    A band of rows drawn as one box (a body framed with no rules inside, under a ruled
    header) takes its columns from the rules above and below it: its text lines up
    under them. Only where a line of a row spans a column boundary (a note across the
    table, not a long cell running a little over) does that boundary stay open in it."""
    drawn = _rule_ends(pieces, xs, ys, vs)
    ys = sorted(ys + drawn)
    ncols, nbands = len(xs) - 1, len(ys) - 1
    bands: list[list[LayoutLine]] = [[] for _ in range(nbands)]
    for p in pieces:
        t, b = p.bbox[1], p.bbox[3]
        k = min(max(bisect.bisect_left(ys, (t + b) / 2) - 1, 0), nbands - 1)
        bands[k].append(p)
    rows: list[float] = list(drawn)
    cols: list[Seg] = []
    # Each band's text rows, read once: the tests below and the splits all ask for them.
    text_rows = [_text_rows(band) for band in bands]
    if _set_apart(text_rows):
        return rows, _sides_below(bands, xs, ys, vs)
    first = next((k for k, band in enumerate(bands) if band), -1)
    by_row = _ruled_by_row(text_rows[first + 1 :]) if first >= 0 else False
    counts = [len(r) for r in text_rows]
    for k, band in enumerate(bands):
        if len(band) < 4 or (by_row and not any(is_figure(p.text) for p in band)):
            continue
        # The band under a ruled header holding most of the table's lines is its body,
        # unruled inside.
        body = k > first and 2 * counts[k] > sum(counts)
        splits = _splits(band, text_rows[k], xs, ncols, k == first, ys[k], body=body)
        if not splits:
            continue
        rows.extend(splits)
        # The columns the band does not draw itself (all, or all but the one that sets
        # the labels apart from the figures) are the rules' above and below it.
        open_xs = [x for x in xs[1:-1] if not rule_across(vs, x, ys[k], ys[k + 1])]
        edges = [ys[k], *splits, ys[k + 1]]
        for lo, hi in itertools.pairwise(edges):
            row = [p for p in band if lo < (p.bbox[1] + p.bbox[3]) / 2 < hi]
            cols.extend((x, lo, hi) for x in open_xs if not any(spans_boundary(p, x) for p in row))
    cols.extend(_sides_below(bands, xs, ys, vs + cols))
    return rows, cols


def _ruled_by_row(body: list[list[list[LayoutLine]]]) -> bool:
    """Whether the rules draw the body row by row: most of its bands (half or more, two at
    least) hold one text row. A band of several text rows and no figure is then one row
    whose cells run over several lines (a bulleted list in a cell, a long condition beside
    its answer), as the rules draw it; where rules come every few rows, a band of one
    text row is the odd one (a total, a section of one item). ``body``: each band's text
    rows (:func:`_text_rows`)."""
    counts = [len(r) for r in body if r]
    single = sum(1 for n in counts if n == 1)
    return single >= 2 and 2 * single >= len(counts)


def _sides_below(bands: list[list[LayoutLine]], xs: list[float], ys: list[float], vs: list[Seg]) -> list[Seg]:
    """Column boundaries that the row above draws and a band of one row continues: its
    text on both sides of the boundary, none across it.

    An invoice's last item row sits on the border of its totals box, which is drawn as
    one piece under the items' labels (the totals' label cell spans them): the row's
    cells have no side drawn below, only above. Read as one drawn cell, the row's code,
    name, quantity and price run together. A cell merged across columns holds one text
    (a header over two columns, a note across the table): a line of it reaches over the
    boundary, or it lies on one side."""
    out: list[Seg] = []
    ncols = len(xs) - 1
    for k in range(1, len(bands)):
        band, top, bottom = bands[k], ys[k], ys[k + 1]
        if len(band) < 2 or not bands[k - 1]:
            continue
        # A record like the row above: text in three of its columns or more, and in no
        # other (a form's merged box, its amounts and a "$" here and there, is none).
        here = {c for p in band for c in [_column(p, xs, ncols)] if c is not None}
        above = {c for p in bands[k - 1] for c in [_column(p, xs, ncols)] if c is not None}
        if len(here) < 3 or not here <= above:
            continue
        for x in xs[1:-1]:
            if rule_across(vs, x, top, bottom) or not rule_across(vs, x, ys[k - 1], top):
                continue
            sides = {p.bbox[2] <= x for p in band if not spans_boundary(p, x)}
            if sides == {True, False} and not any(p.bbox[0] < x < p.bbox[2] for p in band):
                out.append((x, top, bottom))
    return out


def _column(p: LayoutLine, xs: list[float], ncols: int) -> int | None:
    """The column line ``p`` lies in, None when it crosses a boundary."""
    c = bisect.bisect_left(xs, p.bbox[0]) - 1
    if c < 0 or c >= ncols or bisect.bisect_left(xs, p.bbox[2]) - 1 != c:
        return None
    return c


def rows_in_band(lines: list[LayoutLine], xs: list[float], top: float) -> list[float]:
    """Row boundaries inside one space between a table's rules (its columns' edges at
    ``xs``, the rule above at ``top``), where that space holds several rows: a form's
    "Label:  value" lines under a shaded section band, each label level with its value,
    are that many rows, not one row whose cells hold every label and every value. Wrapped
    cells (text running on from the line above) and a value's lone label wrapped onto a
    second line continue their row, as in a banded grid (:func:`_splits`)."""
    if len(lines) < 4 or len(xs) < 3:
        return []
    return _splits(lines, _text_rows(lines), xs, len(xs) - 1, False, top)


def _set_apart(bands: list[list[list[LayoutLine]]]) -> bool:
    """Whether the rules set the bands' lines apart as units: the lines of one band are
    closer together than the last line of a band is to the first of the next (each cell
    its own box, two lines in each). Where rules come every few rows of an evenly spaced
    sheet, a line is as far from the next across a rule as within a band. Only bands of
    several lines next to each other, under the first (a header), are compared.
    ``bands``: each band's text rows (:func:`_text_rows`)."""
    within: list[float] = []
    across: list[float] = []
    counts: set[int] = set()
    last: float | None = None
    first = next((k for k, band in enumerate(bands) if band), len(bands))
    for band in bands[first + 1 :]:  # the header's band is set apart from the body anyway
        if not band:
            last = None
            continue
        tops = [min(p.bbox[1] for p in row) for row in band]
        if len(tops) < 2:  # a header's one line: its distance to the body says nothing
            last = None
            continue
        counts.add(len(tops))
        within.extend(b - a for a, b in itertools.pairwise(tops))
        if last is not None:
            across.append(tops[0] - last)
        last = tops[-1]
    # Cells drawn one by one hold the same number of lines in every band; a sheet ruled
    # by sections (a rule under the salaries, then the travel) does not.
    if not within or not across or len(counts) > 1:
        return False
    return statistics.median(across) > _APART * statistics.median(within)


def _rule_ends(pieces: list[LayoutLine], xs: list[float], ys: list[float], vs: list[Seg]) -> list[float]:
    """Heights inside the bands where two or more inner vertical rules start or stop,
    between text lines."""
    ends = sorted(
        end
        for x, a, b in vs
        if xs[0] + RULE_SNAP_PT < x < xs[-1] - RULE_SNAP_PT
        for end in (a, b)
        if ys[0] < end < ys[-1] and all(abs(end - y) > RULE_SNAP_PT for y in ys)
    )
    out: list[float] = []
    i = 0
    while i < len(ends):
        j = i
        while j + 1 < len(ends) and ends[j + 1] - ends[i] <= RULE_SNAP_PT:
            j += 1
        y = (ends[i] + ends[j]) / 2
        cut = any(
            p.bbox[1] + 0.25 * (p.bbox[3] - p.bbox[1]) < y < p.bbox[3] - 0.25 * (p.bbox[3] - p.bbox[1])
            for p in pieces
        )
        if j > i and not cut:
            out.append(y)
        i = j + 1
    return out


def spans_boundary(p: LayoutLine, x: float) -> bool:
    """Whether line ``p`` spans the column boundary at ``x``: a quarter of it or more on
    either side."""
    x0, x1 = p.bbox[0], p.bbox[2]
    return min(x - x0, x1 - x) >= 0.25 * (x1 - x0)


def _splits(
    band: list[LayoutLine],
    rows: list[list[LayoutLine]],
    xs: list[float],
    ncols: int,
    first: bool,
    top: float,
    body: bool = False,
) -> list[float]:
    # rows: the band's text rows (:func:`_text_rows`), which the caller has at hand.
    if len(rows) < 2:
        return []
    cells = [_by_column(row, xs, ncols) for row in rows]
    header = _header_lines(cells, ncols) if first else 0
    used = len({c for row in cells for c in row})
    if used < 2:
        return []
    full = [len(row) == used for row in cells]
    # A body whose lines sit on shared baselines, a line in every column (most text rows
    # so), is one entry a line: a cell of several lines beside one-line cells leaves
    # columns without a line at its wrapped lines' heights. So even in columns fitted so
    # tight to their words that any line looks wrapped.
    baselines = body and sum(full[header:]) >= 3 and 2 * sum(full[header:]) > len(rows) - header
    # A line across column boundaries (a note under the rows) is a row of its own, when
    # the band is rows at all; the lines of such a note that follow it continue it.
    across = [any(spans_boundary(p, x) for p in row for x in xs[1:-1]) for row in rows]
    stub = ncols - 1 if mostly_rtl([band]) else 0  # the row labels' column

    def wraps(j: int, c: int) -> bool:
        if c not in cells[j - 1] or c not in cells[j]:
            return False
        line, nxt = cells[j - 1][c], cells[j][c]
        return wraps_in_cell(line, nxt, xs[c], xs[c + 1]) or runs_on(line.text, nxt.text)

    # Text rows further apart than the band's line spacing are apart: a wrapped line
    # follows the line it continues at that spacing.
    tops = [min(p.bbox[1] for p in row) for row in rows]
    pitch = statistics.median(b - a for a, b in itertools.pairwise(tops))

    starts: list[int] = []
    anchor, records = 0, 0
    for j in range(max(header, 1), len(rows)):
        if across[j]:
            if not across[j - 1]:
                starts.append(j)
            continue
        if ((baselines and full[j]) or _entry_starts(cells, j)) and not any(
            c in cells[j - 1] and runs_on(cells[j - 1][c].text, p.text) for c, p in cells[j].items()
        ):
            starts.append(j)
            anchor, records = j, records + 1
            continue
        apart = tops[j] - tops[j - 1] > _APART * pitch
        if (
            set(cells[j]) == {stub}
            and len(rows[j]) == 1
            and not across[j - 1]
            and (apart or not wraps(j, stub))
        ):
            # A lone label in the stub column that does not run on from the label above
            # heads the rows under it (a section: "Consumption", then its items).
            starts.append(j)
            anchor = j
            continue
        if (
            len(cells[j]) >= 2
            and stub in cells[j]
            and stub in cells[j - 1]
            and not wraps(j, stub)
            and not any(
                runs_on(cells[j - 1][c].text, cells[j][c].text) for c in cells[j] if c in cells[j - 1]
            )
        ):
            # A new label in the stub column, under a label, beside cells of its own: a
            # row, whatever the other columns' geometry says (a short value under a short
            # value looks wrapped when the column's right edge is only its longest value's
            # end), unless one of them plainly runs on (a name broken by hand over two
            # lines beside a description going on in lower case: one entry).
            starts.append(j)
            anchor, records = j, records + 1
            continue
        if set(cells[anchor]) == {stub} and min(p.bbox[1] for p in rows[anchor]) >= top:
            # The row it would follow is a lone label (a section's, or the first line of
            # a label taller than its row), in the band (a label centred on a span of
            # rows runs over the rule above it): a row filling most of the band's
            # columns starts a row, unless that label's text runs on into it.
            shared = set(cells[j])
            if any(wraps(j, c) for c in cells[anchor]):
                continue
        else:
            shared = set(cells[j]) & set(cells[anchor])
        if len(shared) < 2 or len(shared) <= _SHARED * used:
            continue
        wrapped = sum(1 for c in shared if wraps(j, c))
        if wrapped * 2 >= len(shared) and not across[j - 1]:
            continue
        starts.append(j)
        anchor, records = j, records + 1
    if not records:
        return []
    return [(max(p.bbox[3] for p in rows[j - 1]) + min(p.bbox[1] for p in rows[j])) / 2 for j in starts]


def _entry_starts(cells: list[dict[int, LayoutLine]], j: int) -> bool:
    """Whether text row ``j`` of a band (each row's line by column) starts an entry by its
    figures: a figure on it and on the row above in one column, and a line on both in
    another (a receipt's charges, each with its amount on its baseline). A figure never
    wraps onto a line of its own, so however wrapped the label beside it looks (a narrow
    column's "Buyer fee" over "Internet fee": the next word would not have fitted), each
    amount is an entry's. A label wrapped beside one amount leaves the amount's column
    empty on its second line; the caller checks that no line runs on from the one above.

    The row above such entries, of words only, with a word over their figures ("Amount"
    over "$450.00"), is their header: the first entry starts under it too."""
    if _stacked(cells[j - 1], cells[j]):
        return True
    above = cells[j - 1]
    if j + 1 == len(cells) or any(is_figure(p.text) for p in above.values()):
        return False
    return len(above.keys() & cells[j].keys()) >= 2 and bool(_stacked(cells[j], cells[j + 1]) & above.keys())


def _stacked(above: dict[int, LayoutLine], below: dict[int, LayoutLine]) -> set[int]:
    """The columns where two text rows, with lines in two columns or more in common, each
    have a figure."""
    shared = above.keys() & below.keys()
    if len(shared) < 2:
        return set()
    return {c for c in shared if is_figure(above[c].text) and is_figure(below[c].text)}


def _header_lines(cells: list[dict[int, LayoutLine]], ncols: int) -> int:
    """How many of the first band's text rows are the table's header: those above its
    first row with a figure whose labels only continue the labels above them ("Fiscal"
    over "Year"; see header_rows.continues_header). Without a figure in the band, only a
    band of three lines or fewer is read as a header (more is a table of words)."""
    data = next((j for j, row in enumerate(cells) if any(is_figure(p.text) for p in row.values())), None)
    if data is None and len(cells) > 3:
        return 0
    texts = [{c: p.text for c, p in row.items()} for row in cells[: len(cells) if data is None else data]]
    stub = ncols - 1 if mostly_rtl([[p for row in cells for p in row.values()]]) else 0
    n = 1
    while n < len(texts) and continues_header(texts[n - 1], texts[n], stub):
        n += 1
    return n


def _text_rows(lines: list[LayoutLine]) -> list[list[LayoutLine]]:
    """Lines grouped by height: a line starts a new row when it does not overlap the
    rows above by more than a quarter of its height (as grids' frame-only rows)."""
    rows: list[list[LayoutLine]] = []
    end = 0.0
    for p in sorted(lines, key=lambda ln: (ln.bbox[1], ln.bbox[0])):
        t, b = p.bbox[1], p.bbox[3]
        if rows and t < end - 0.25 * (b - t):
            rows[-1].append(p)
        else:
            rows.append([p])
        end = max(end, b) if len(rows[-1]) > 1 else b
    return rows


def _by_column(row: list[LayoutLine], xs: list[float], ncols: int) -> dict[int, LayoutLine]:
    """A text row's line in each column it has one in (the leftmost where several)."""
    out: dict[int, LayoutLine] = {}
    for p in sorted(row, key=lambda ln: ln.bbox[0]):
        c = min(max(bisect.bisect_left(xs, (p.bbox[0] + p.bbox[2]) / 2) - 1, 0), ncols - 1)
        out.setdefault(c, p)
    return out
