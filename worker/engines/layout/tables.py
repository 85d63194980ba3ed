"""Whether part of a region is a table (a grid with a column of figures, of labels, or
under a header), the columns its rows agree on, and its cells."""

from __future__ import annotations

import bisect
import itertools
import statistics
from collections.abc import Sequence

from common.documents.results import Line
from worker.engines.layout.cover import (
    band_cells,
    bands_cover,
    gutters,
    multi_cell_bands,
    prose_columns,
)
from worker.engines.layout.header_rows import header_continued, in_order, stacked
from worker.engines.layout.header_stacks import stacked_heads
from worker.engines.layout.key_cells import bold_keys, keyed_values
from worker.engines.layout.model import Band, Cuts, LayoutLine, PageStats, Proto, Region, font_size
from worker.engines.layout.patterns import join_wrapped
from worker.engines.layout.row_level import aligned
from worker.engines.layout.ruled_rows import ruled_rows
from worker.engines.layout.span_heads import span_heads
from worker.engines.layout.table_cuts import bold_band, boxes_above, table_cuts
from worker.engines.layout.table_rows import (
    Rule,
    across_gap,
    apart,
    column_extents,
    cut_words,
    group_heads,
    header_above,
    is_figure,
    mostly_rtl,
    reading_order,
    row_groups,
    spanning,
    stub_heads_to_top,
    stubs_to_top,
)
from worker.engines.layout.table_wraps import continued

# segment.py and grids.py take these from here, beside as_table and table_grid.
__all__ = ["Rule", "as_table", "header_above", "is_figure", "mostly_rtl", "table_grid"]


def _numeric_column(bands: list[Band], cuts: Cuts) -> bool:
    cols: dict[int, list[bool]] = {}
    for band in bands[1:]:  # the first row may be the header
        for col, lns in (band.cells.get(cuts) or band_cells(band, cuts)).items():
            text = lns[0].text if len(lns) == 1 else " ".join(ln.text for ln in lns)
            cols.setdefault(col, []).append(is_figure(text))
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


def _headed_grid(bands: list[Band], cuts: Cuts) -> bool:
    """A grid of three columns or more under a bold header row, its own rows not bold: a
    table of words (a programme, a list of people and roles) has neither figures nor
    "Label:" keys, but a header says what it is. (Two blocks side by side, an address
    beside another, rarely have three columns and a bold row over plain ones.)"""
    if len(cuts) < 2 or not bands or not bold_band(bands[0]):
        return False
    body = [b for b in bands if not bold_band(b)]
    full = sum(1 for b in body if len(b.cells.get(cuts) or band_cells(b, cuts)) >= 3)
    return full >= 3 and full >= 0.6 * len(body)


def as_table(bands: list[Band], cuts: Cuts, stats: PageStats) -> list[Region] | None:
    """The region as [flow above?, table, flow below?] when part of it is a grid
    (:func:`_as_grid`), or a table whose rows only the rules between them show, its
    cells of several lines at their own heights (:func:`.ruled_rows.ruled_rows`)."""
    found = _as_grid(bands, cuts, stats)
    if found is not None:
        return found
    ruled = ruled_rows(bands, stats)
    if ruled is None:
        return None
    start, end, own = ruled
    parts = [
        Region("flow", bands[:start]),
        Region("table", bands[start:end], own),
        Region("flow", bands[end:]),
    ]
    return [p for p in parts if p.bands]


def _as_grid(bands: list[Band], cuts: Cuts, stats: PageStats) -> list[Region] | None:
    """The region as [flow above?, table, flow below?] when part of it is a grid.

    The grid runs from the first to the last row with cells on both sides of a gutter;
    rows above/below it (a caption, the notes under an invoice's lines) are left to the
    caller. Columns are then found again from the grid's multi-cell rows only: a wrapped
    description line or a "--- Section ---" row inside the table may cross a gutter,
    and must not erase it (nor may a row of totals, see :func:`.table_cuts.table_cuts`, which
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
    # (A statement's long label may wrap round its figures: row_level.py.)
    multi_rows = [i for i, b in enumerate(core) if len(b.cells.get(cuts) or band_cells(b, cuts)) >= 2]
    if sum(aligned(core, i, cuts) for i in multi_rows) < 0.7 * len(multi_rows):
        return None
    if _interleaved(core, cuts):
        return None
    # Blocks of short text side by side (sender and recipient addresses) also align on
    # rows; what makes a grid a table is a column of figures or a column of "Label:" keys,
    # or rules drawn between its rows.
    ruled = _row_rules(core, stats.rules)
    if (
        not ruled
        and not _numeric_column(core, cuts)
        and _colon_keys(core, cuts) < 0.5
        and not _headed_grid(core, cuts)
        and not bold_keys(core, cuts)
    ):
        return None
    # A table, then: its columns are those its rows agree on, and boxes side by side
    # above them are not its rows.
    lead = boxes_above(bands, multi, stats)
    if lead:
        multi = multi[lead:]
        start = multi[0]
    cuts = table_cuts(bands, multi, stats) or cuts
    while end < len(bands) and _row_below(bands[end], bands[start:end], cuts):
        end += 1
    end = _ruled_end(bands, start, end, ruled, cuts)
    pieces = stacked(bands, start, end)
    # A header row whose cells the region's coarser columns showed as one (a header set
    # in a filled band, "Amount" left of the right-aligned figures it heads): read with
    # the table here, before the text above is cut into columns that would part it.
    first_end = pieces[0][1]
    while (
        start > 0
        and len(bands[start - 1]) >= 2
        and header_above(bands[start - 1], Region("table", bands[start:first_end], cuts))
    ):
        start -= 1
    pieces[0] = (start, first_end)
    out: list[Region] = []
    if start:
        out.append(Region("flow", bands[:start]))
    at = start
    for s, e in pieces:
        if s > at:
            out.append(Region("flow", bands[at:s]))
        own = [i for i in multi if s <= i < e]
        if len(own) < 2:
            own = [i for i in range(s, e) if len(bands[i]) >= 2]
        own_cuts = cuts if (s, e) == (start, end) else table_cuts(bands, own, stats) or cuts
        out.append(Region("table", bands[s:e], own_cuts))
        at = e
    if at < len(bands):
        out.append(Region("flow", bands[at:]))
    return out


def _interleaved(core: list[Band], cuts: Cuts) -> bool:
    """Whether the lines on the two sides of a boundary keep rows of their own, one side
    words (an address, few figures in it): a line left of it alone between two lines
    right of it alone, and elsewhere the other way round (rows in a row each time).

    Two blocks set side by side (an address beside a column of key/value rows, each on
    its own line pitch) meet on a row now and then by chance and otherwise take turns.
    A table's columns share its rows: only a wrapped cell's lines stand alone, flanking
    its row's other cells when these are centred on it (a stub label wrapped round its
    figures), on one side only. Two tables side by side, each with its figures (a
    two-page spread), are no address beside its keys: left to the column split.
    """
    for cut in cuts:
        sides = [{(ln.bbox[0] + ln.bbox[2]) / 2 < cut for ln in band} for band in core]
        flanked = {
            b == {True}
            for a, b, c in zip(sides, sides[1:], sides[2:], strict=False)
            if len(a) == len(b) == len(c) == 1 and a == c != b
        }
        if len(flanked) < 2:
            continue
        for left in (True, False):
            texts = [ln.text for b in core for ln in b if ((ln.bbox[0] + ln.bbox[2]) / 2 < cut) == left]
            if 4 * sum(is_figure(t) for t in texts) < len(texts):
                return True
    return False


def _row_rules(core: list[Band], rules: Sequence[Rule]) -> list[float]:
    """The heights of the horizontal rules across the grid ``core`` (most of its width,
    as :func:`row_groups` takes them) when two or more of them lie between its rows, else
    none. A table of words (long wrapped cells, no figures, no keys) ruled only by lines
    between its rows is a table all the same: side-by-side blocks of text have no rule
    running across both between their lines."""
    left = min(ln.bbox[0] for b in core for ln in b)
    right = max(ln.bbox[2] for b in core for ln in b)
    ys = sorted(
        (t + b) / 2
        for x0, t, x1, b in rules
        if x1 - x0 > b - t and min(x1, right) - max(x0, left) >= 0.7 * (right - left)
    )
    between = sum(
        1 for a, b in itertools.pairwise(core) if any(a.bottom - 1.0 <= y <= b.top + 1.0 for y in ys)
    )
    return ys if between >= 2 else []


def _ruled_end(bands: list[Band], start: int, end: int, ys: list[float], cuts: Cuts) -> int:
    """The end of a table whose rows are ruled (``ys``, :func:`_row_rules`): the lines
    under its last multi-cell row down to the next rule are that row's wrapped cells.
    A line across a column boundary, or a row's gap or more under the line above, is
    no wrapped cell: the text after the table (a note above the page's footnote rule)."""
    if not ys or end >= len(bands):
        return end
    below = [y for y in ys if y >= bands[end - 1].bottom - 1.0]
    if not below:
        return end
    rows = bands[start:end]
    size = statistics.median(font_size(ln) for ln in rows[-1])
    # The body's rows, not the header's gap above them (often wider): a wrapped cell's
    # line follows at the body's spacing.
    body = rows[1:] if len(rows) >= 3 else rows
    spacing = max((b.top - a.bottom for a, b in itertools.pairwise(body)), default=0.0)
    while (
        end < len(bands)
        and bands[end].bottom <= below[0] + 1.0
        and bands[end].top - bands[end - 1].bottom <= spacing + 0.25 * size
        and not spanning(bands[end], cuts)
    ):
        end += 1
    return end


def _row_below(band: Band, core: list[Band], cuts: Cuts) -> bool:
    """Whether ``band``, right under the table's rows ``core``, is a row of it that the
    region's coarser columns showed as one cell (its last column empty): cells in two of
    the table's columns or more, none across a boundary, at the table's size and no
    further below than its rows stand apart."""
    cells = band.cells.get(cuts) or band_cells(band, cuts)
    if len(cells) < 2 or spanning(band, cuts):
        return False
    size = statistics.median(font_size(ln) for ln in core[-1])
    if any(font_size(ln) > 1.15 * size or font_size(ln) < size / 1.15 for ln in band):
        return False
    spacing = max((b.top - a.bottom for a, b in itertools.pairwise(core)), default=0.0)
    return band.top - core[-1].bottom <= spacing + 0.25 * size


def _cell_text(lns: list[LayoutLine]) -> str:
    """A header cell's lines (in reading order) as one text: a word hyphenated at a
    line's end joined again (patterns.join_wrapped, as paragraphs and ruled cells join
    it: "compre-" over "hensive" in a narrow column), the rest a space apart. A body
    cell's lines keep their hyphens ("Ring-" over "dingding"): a name or a code may have
    its own."""
    text = lns[0].text.strip()
    for prev, ln in itertools.pairwise(lns):
        part = ln.text.strip()
        if text.endswith("-") and ln.bbox[1] - prev.bbox[1] > 0.5 * font_size(prev):
            text = join_wrapped(text, part)
        else:
            text = f"{text} {part}"
    return text


def _flush_edges(bands: list[Band], cuts: Cuts) -> dict[int, tuple[list[float], list[float]]]:
    """Each column's left and right edges of the lines that lie within it."""
    out: dict[int, tuple[list[float], list[float]]] = {}
    for band in bands:
        for ln in band:
            x0, _, x1, _ = ln.bbox
            col = bisect.bisect_left(cuts, x0)
            if col == bisect.bisect_left(cuts, x1):
                lefts, rights = out.setdefault(col, ([], []))
                lefts.append(x0)
                rights.append(x1)
    return out


def _flush_column(
    ln: LayoutLine, flush: dict[int, tuple[list[float], list[float]]], first: int, last: int
) -> int:
    """The column of a line reaching from ``first`` into the next column ``last``: that
    one when its right end is flush with the right ends of two lines of ``last`` or more
    (a right-aligned column: a total's label, "TOTAL SALES TAX 9.25%", set right under
    the tax rates, reaching left under the unit prices) and its left end with none of
    ``first``'s lines' left ends; else ``first``, where a cell across a boundary starts."""
    x0, _, x1, _ = ln.bbox
    tol = 0.15 * font_size(ln)
    lefts = flush.get(first, ([], []))[0]
    rights = flush.get(last, ([], []))[1]
    if sum(abs(r - x1) <= tol for r in rights) >= 2 and not any(abs(a - x0) <= tol for a in lefts):
        return last
    return first


def table_grid(region: Region, rules: Sequence[Rule] = ()) -> Proto:
    """A table region's rows of cells, as a spreadsheet takes them.

    A line reaching across a column boundary is a cell spanning columns (a header over
    two): it goes into the column where it starts, the ones it covers stay empty. A
    table whose text reads right to left has its first column on the right. Where
    horizontal ``rules`` (the page's) separate its rows, the lines between two rules are
    one row: a header or a cell whose text wraps onto several lines.
    """
    cuts = region.cuts
    ncols = len(cuts) + 1
    rtl = mostly_rtl(region.bands)
    rows: list[list[str]] = []
    frags: list[Line] = []
    extents: dict[int, tuple[float, float]] | None = None
    flush: dict[int, tuple[list[float], list[float]]] | None = None
    groups = {**span_heads(region.bands, cuts, rtl), **group_heads(region.bands, cuts, rtl)}
    grouped = continued(row_groups(region.bands, rules, cuts), cuts)
    if bold_keys(region.bands, cuts):
        # Keys and their values: no header row over them to join lines into.
        grouped = keyed_values(grouped, cuts, len(cuts) if rtl else 0)
    else:
        grouped = stacked_heads(header_continued(grouped, cuts, rules, groups), cuts, rules, groups)
    # The header: the rows above the first with a figure (none in a table of words).
    figured = [any(is_figure(ln.text) for band in group for ln in band) for group in grouped]
    heads = figured.index(True) if any(figured) else 0
    for k, group in enumerate(grouped):
        head = k < heads
        cols: dict[int, list[LayoutLine]] = {}
        for band in group:
            ordered = in_order(band, cuts)
            for ln in band:
                x0, _, x1, _ = ln.bbox
                col = groups.get(id(ln), ordered.get(id(ln), -1))
                if col >= 0:
                    cols.setdefault(col, []).append(ln)
                    continue
                col = bisect.bisect_left(cuts, (x0 + x1) / 2)
                # Across a boundary, by a quarter of its width at least on both sides (a
                # centred header reaching a little past its column is no spanning cell).
                reach = 0.25 * (x1 - x0)
                first, last = bisect.bisect_left(cuts, x0 + reach), bisect.bisect_left(cuts, x1 - reach)
                if last == first and across_gap(ln, cuts):
                    first, last = bisect.bisect_left(cuts, x0), bisect.bisect_left(cuts, x1)
                if last > first:
                    pieces = cut_words(ln, cuts)
                    # Two cells' words, close enough to read as one line.
                    if len(pieces) > 1 and apart(pieces):
                        for c, piece in pieces.items():
                            cols.setdefault(c, []).append(piece)
                        continue
                    # One cell across a boundary: where it starts, which may be in a
                    # column it reaches less than a quarter into (a header centred over
                    # three columns), if it lies over that column's text.
                    if extents is None:
                        extents = column_extents(region.bands, cuts)
                    if rtl:
                        edge = bisect.bisect_left(cuts, x1)
                        col = edge if edge > last and x1 > extents.get(edge, (x1, x1))[0] else last
                    else:
                        edge = bisect.bisect_left(cuts, x0)
                        col = edge if edge < first and x0 < extents.get(edge, (x0, x0))[1] else first
                    # A cell of its own line's row already holds that column, and no line
                    # of the row lies in the other column it reaches into: it is that
                    # column's cell, set off its column's alignment ("(96)" then "(83)",
                    # each hanging left of its column's figures).
                    other = last if col != last else first
                    if not rtl and col == first and last == first + 1:
                        if flush is None:
                            flush = _flush_edges(region.bands, cuts)
                        col = _flush_column(ln, flush, first, last)
                    if any(o in band for o in cols.get(col, ())) and not any(
                        o is not ln and bisect.bisect_left(cuts, (o.bbox[0] + o.bbox[2]) / 2) == other
                        for o in band
                    ):
                        col = other
                cols.setdefault(col, []).append(ln)
        cells = [""] * ncols
        for col, lns in cols.items():
            lns = reading_order(lns, rtl)
            cells[col] = _cell_text(lns) if head else " ".join(ln.text.strip() for ln in lns)
            frags.extend(
                Line(text=ln.text, bbox=ln.bbox, confidence=ln.confidence, words=ln.words) for ln in lns
            )
        rows.append(cells[::-1] if rtl else cells)
    # A boundary that only a header's placement made leaves a column empty in every row.
    keep = [c for c in range(ncols) if any(row[c] for row in rows)]
    if len(keep) < ncols:
        rows = [[row[c] for c in keep] for row in rows]
    stub_heads_to_top(rows)
    if not rtl:
        stubs_to_top(rows)
    size = statistics.median(font_size(ln) for b in region.bands for ln in b)
    return Proto(kind="table", rows=[], size=size, table=rows, lines=frags)
