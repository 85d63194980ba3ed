"""Whether part of a region is a table (a grid with a column of figures, of labels, or
under a header), the columns its rows agree on, and its cells."""

from __future__ import annotations

import bisect
import itertools
import statistics
from collections.abc import Sequence

from common.documents.results import Line, Word, is_rtl
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
from worker.engines.layout.model import Band, Cuts, LayoutLine, PageStats, Proto, Region, font_size
from worker.engines.layout.thresholds import GUTTER_EM

Rule = tuple[float, float, float, float]  # x0, top, x1, bottom (textlayer.Rule)

# A stripe between two columns' words wider than a word space (about a quarter em).
_STRIPE_EM = 0.4


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


def _bold_band(band: Band) -> bool:
    return all(ln.bold for ln in band)


def _headed_grid(bands: list[Band], cuts: Cuts) -> bool:
    """A grid of three columns or more under a bold header row, its own rows not bold: a
    table of words (a programme, a list of people and roles) has neither figures nor
    "Label:" keys, but a header says what it is. (Two blocks side by side, an address
    beside another, rarely have three columns and a bold row over plain ones.)"""
    if len(cuts) < 2 or not bands or not _bold_band(bands[0]):
        return False
    body = [b for b in bands if not _bold_band(b)]
    full = sum(1 for b in body if len(b.cells.get(cuts) or band_cells(b, cuts)) >= 3)
    return full >= 3 and full >= 0.6 * len(body)


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
    if not _numeric_column(core, cuts) and _colon_keys(core, cuts) < 0.5 and not _headed_grid(core, cuts):
        return None
    # A table, then: its columns are those its rows agree on.
    cuts = _table_cuts(bands, multi, stats) or cuts
    while end < len(bands) and _row_below(bands[end], bands[start:end], cuts):
        end += 1
    core = bands[start:end]
    out: list[Region] = []
    if start:
        out.append(Region("flow", bands[:start]))
    out.append(Region("table", core, cuts))
    if end < len(bands):
        out.append(Region("flow", bands[end:]))
    return out


def _row_below(band: Band, core: list[Band], cuts: Cuts) -> bool:
    """Whether ``band``, right under the table's rows ``core``, is a row of it that the
    region's coarser columns showed as one cell (its last column empty): cells in two of
    the table's columns or more, none across a boundary, at the table's size and no
    further below than its rows stand apart."""
    cells = band.cells.get(cuts) or band_cells(band, cuts)
    if len(cells) < 2 or _spanning(band, cuts):
        return False
    size = statistics.median(font_size(ln) for ln in core[-1])
    if any(font_size(ln) > 1.15 * size or font_size(ln) < size / 1.15 for ln in band):
        return False
    spacing = max((b.top - a.bottom for a, b in itertools.pairwise(core)), default=0.0)
    return band.top - core[-1].bottom <= spacing + 0.25 * size


def _table_cuts(bands: list[Band], multi: list[int], stats: PageStats) -> Cuts:
    """Column boundaries of a grid from its multi-cell rows ``multi`` (indices into ``bands``).

    A table's rows share its columns, so a row that would close a gutter the rows above
    it agree on (three at least) does not get a say: typically the totals under an
    invoice's line items, whose amounts ("59,100.20 EUR") reach across the unit price
    and amount columns and would merge them in every row. Such a row stays in the
    table; its lines fall into the columns by their centres.
    """
    # Header rows (bold, on top) get no say when three rows or more follow: a header cell
    # spanning two columns would close the gutter between them, or split one in two. A
    # bold row in the body (a total) does not make the header body; a body mostly bold does.
    head = 0
    while head < len(multi) - 3 and _bold_band(bands[multi[head]]):
        head += 1
    header: list[Band] = []
    if head and 2 * sum(_bold_band(bands[i]) for i in multi[head:]) < len(multi) - head:
        header = [bands[i] for i in multi[:head]]
        multi = multi[head:]
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
    cuts = [(x0 + x1) / 2 for x0, x1 in gaps]
    if header:
        cuts = sorted(cuts + _header_cuts(header, [bands[i] for i in multi], cuts))
    return tuple(cuts)


def _header_cuts(header: list[Band], body: list[Band], cuts: list[float]) -> list[float]:
    """Boundaries that the header shows and the body's rows keep only as a narrow stripe.

    A right-aligned column of short figures right before a left-aligned column of words
    ("2" then "Irish Rail") leaves less than a gutter between them, but their header cells
    ("Platform", "Operator") stand a gutter apart, and no word of any row crosses the
    stripe between the two columns: a boundary runs there, where the stripe is wider
    than a word space.
    """
    out: list[float] = []
    for band in header:
        for a, b in itertools.pairwise(band):
            left, right = a.bbox[2], b.bbox[0]
            if right - left < GUTTER_EM * font_size(a) or any(left < c < right for c in cuts):
                continue
            # The stripes inside the header's gap that no body word covers.
            boxes = sorted(
                (w.bbox[0], w.bbox[2])
                for row in body
                for ln in row
                for w in (ln.words or [Word(ln.text, ln.bbox)])
                if w.bbox[0] < right and left < w.bbox[2]
            )
            if not boxes:
                continue
            # Only stripes with words on both sides: between two columns' text, not the
            # gap's empty ends.
            x, best, at = boxes[0][1], 0.0, 0.0
            for x0, x1 in boxes[1:]:
                if x0 - x > best:
                    best, at = x0 - x, (x + x0) / 2
                x = max(x, x1)
            if best >= _STRIPE_EM * font_size(a):
                out.append(at)
    return out


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
    groups = _group_heads(region.bands, cuts, rtl)
    for group in _continued(_row_groups(region.bands, rules, cuts), cuts):
        cols: dict[int, list[LayoutLine]] = {}
        for band in group:
            for ln in band:
                x0, _, x1, _ = ln.bbox
                col = groups.get(id(ln), -1)
                if col >= 0:
                    cols.setdefault(col, []).append(ln)
                    continue
                col = bisect.bisect_left(cuts, (x0 + x1) / 2)
                # Across a boundary, by a quarter of its width at least on both sides (a
                # centred header reaching a little past its column is no spanning cell).
                reach = 0.25 * (x1 - x0)
                first, last = bisect.bisect_left(cuts, x0 + reach), bisect.bisect_left(cuts, x1 - reach)
                if last == first and _across_gap(ln, cuts):
                    first, last = bisect.bisect_left(cuts, x0), bisect.bisect_left(cuts, x1)
                if last > first:
                    pieces = _cut_words(ln, cuts)
                    # Two cells' words, close enough to read as one line.
                    if len(pieces) > 1 and _apart(pieces):
                        for c, piece in pieces.items():
                            cols.setdefault(c, []).append(piece)
                        continue
                    # One cell across a boundary: where it starts, which may be in a
                    # column it reaches less than a quarter into (a header centred over
                    # three columns), if it lies over that column's text.
                    if extents is None:
                        extents = _extents(region.bands, cuts)
                    if rtl:
                        edge = bisect.bisect_left(cuts, x1)
                        col = edge if edge > last and x1 > extents.get(edge, (x1, x1))[0] else last
                    else:
                        edge = bisect.bisect_left(cuts, x0)
                        col = edge if edge < first and x0 < extents.get(edge, (x0, x0))[1] else first
                cols.setdefault(col, []).append(ln)
        cells = [""] * ncols
        for col, lns in cols.items():
            lns = _reading_order(lns, rtl)
            cells[col] = " ".join(ln.text.strip() for ln in lns)
            frags.extend(
                Line(text=ln.text, bbox=ln.bbox, confidence=ln.confidence, words=ln.words) for ln in lns
            )
        rows.append(cells[::-1] if rtl else cells)
    # A boundary that only a header's placement made leaves a column empty in every row.
    keep = [c for c in range(ncols) if any(row[c] for row in rows)]
    if len(keep) < ncols:
        rows = [[row[c] for c in keep] for row in rows]
    size = statistics.median(font_size(ln) for b in region.bands for ln in b)
    return Proto(kind="table", rows=[], size=size, table=rows, lines=frags)


def _group_heads(bands: list[Band], cuts: Cuts, rtl: bool) -> dict[int, int]:
    """Group headers centred over several columns, each with the first column it heads
    (the last, right to left), by ``id`` of their line.

    A row above the table's first full row with a cell for half the columns or fewer,
    each within one column, is a row of group headers ("2011 census" over "Male Female
    Total"). Such a header is centred over its group: over the run of columns (a
    column's box runs from boundary to boundary) whose centre is nearest its own, when
    that is nearer than its own column's centre by a quarter em.
    """
    ncols = len(cuts) + 1
    out: dict[int, int] = {}
    if ncols < 3:
        return out
    edges: list[float] = []
    for band in bands:
        cells = band.cells.get(cuts) or band_cells(band, cuts)
        if len(cells) >= max(2, ncols - 1):
            break  # the first full row: the header rows are above it
        if 2 * len(cells) > ncols or _spanning(band, cuts):
            continue
        if not edges:
            lines = [ln for b in bands for ln in b]
            edges = [min(ln.bbox[0] for ln in lines), *cuts, max(ln.bbox[2] for ln in lines)]
        for col, lns in cells.items():
            if len(lns) != 1:
                continue
            x0, _, x1, _ = lns[0].bbox
            mid = (x0 + x1) / 2
            # Runs of columns around ``col`` that hold no other header of the row.
            lo = col
            while lo > 0 and lo - 1 not in cells:
                lo -= 1
            hi = col
            while hi < ncols - 1 and hi + 1 not in cells:
                hi += 1
            own = abs((edges[col] + edges[col + 1]) / 2 - mid)
            best, run = own, (col, col)
            for a in range(lo, col + 1):
                for b in range(col, hi + 1):
                    off = abs((edges[a] + edges[b + 1]) / 2 - mid)
                    if off < best:
                        best, run = off, (a, b)
            if own - best > 0.25 * font_size(lns[0]):
                out[id(lns[0])] = run[1] if rtl else run[0]
    return out


def _extents(bands: list[Band], cuts: Cuts) -> dict[int, tuple[float, float]]:
    """Each column's text extent (x0, x1), from the lines that lie within one column."""
    out: dict[int, tuple[float, float]] = {}
    for band in bands:
        for ln in band:
            x0, _, x1, _ = ln.bbox
            col = bisect.bisect_left(cuts, x0)
            if col == bisect.bisect_left(cuts, x1):
                a, b = out.get(col, (x0, x1))
                out[col] = (min(a, x0), max(b, x1))
    return out


def _across_gap(ln: LayoutLine, cuts: Cuts) -> bool:
    """Whether a boundary runs through a wide gap between the line's words ("2  Irish
    Rail" across the stripe between a column of figures and one of words)."""
    x0, _, x1, _ = ln.bbox
    for c in cuts:
        if x0 < c < x1 and ln.words:
            size = font_size(ln)
            left = max((w.bbox[2] for w in ln.words if w.bbox[2] <= c), default=None)
            right = min((w.bbox[0] for w in ln.words if w.bbox[0] >= c), default=None)
            straddles = any(w.bbox[0] < c < w.bbox[2] for w in ln.words)
            if left is not None and right is not None and not straddles and right - left >= _STRIPE_EM * size:
                return True
    return False


def _reading_order(lns: list[LayoutLine], rtl: bool) -> list[LayoutLine]:
    """A cell's lines as they are read: line by line, each line's pieces across.

    Pieces of one line differ in top by their letters ("Operator" reaches higher than
    "Platform"), so sorting by top alone can read a line's pieces out of order: pieces
    whose tops lie within half a line of the line's first are on that line.
    """
    lns = sorted(lns, key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    if len(lns) < 2:
        return lns
    out: list[LayoutLine] = []
    row = [lns[0]]
    for ln in lns[1:]:
        if ln.bbox[1] - row[0].bbox[1] <= 0.5 * font_size(row[0]):
            row.append(ln)
            continue
        out.extend(sorted(row, key=lambda r: r.bbox[0], reverse=rtl))
        row = [ln]
    out.extend(sorted(row, key=lambda r: r.bbox[0], reverse=rtl))
    return out


def _row_groups(bands: list[Band], rules: Sequence[Rule], cuts: Cuts) -> list[list[Band]]:
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
    ys = sorted(
        (t + b) / 2
        for x0, t, x1, b in rules
        if x1 - x0 > b - t
        and top <= (t + b) / 2 <= bottom
        and min(x1, right) - max(x0, left) >= 0.7 * (right - left)
    )
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
    inner = [g for g, k in zip(groups, slots, strict=True) if 0 < k < len(ys)]  # between two rules
    if not inner:
        return [[b] for b in bands]
    singles = sum(1 for g in inner if len(g) == 1)
    if len(inner) >= 3 and (singles >= 0.5 * len(inner) or len(inner) >= 0.5 * len(bands)):
        # Rules between the rows: what lies between two rules is one row, unless it
        # stacks figures (the header, first, may: "2024" over "£000").
        out = [groups[0]]
        for group in groups[1:]:
            out.extend([[b] for b in group] if _stacks_figures(group, cuts) else [group])
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
            if band.top - above.bottom > 0.5 * font_size(band[0]) or _spanning(above, cuts):
                head.append([band])
            else:
                head[-1].append(band)
        out = [*head, *[[b] for b in bands[len(first) :]]]
    return out


def _spanning(band: Band, cuts: Cuts) -> bool:
    """Whether a line of the band reaches across a column boundary by a quarter of its
    width on both sides (a header over several columns)."""
    for ln in band:
        x0, _, x1, _ = ln.bbox
        reach = 0.25 * (x1 - x0)
        if bisect.bisect_left(cuts, x0 + reach) < bisect.bisect_left(cuts, x1 - reach):
            return True
    return False


def header_above(band: Band, table: Region) -> bool:
    """Whether ``band``, right above a table, is a header row of it that the region split
    left outside: a group header over some of its columns ("2011 census"), the first
    line of two-line header cells ("2024" over "£000"), or a header row the columns of
    the region above did not show.

    Its text is the table's size, lies within the table's width, stands no further above
    the table than the table's rows stand apart, and is short; it has lines in two
    columns or more, or one line that is not in the first column (the stub's, the
    rightmost in a right-to-left table), where a caption or a paragraph starts, and not
    centred over the whole table.
    """
    cuts = table.cuts
    top = table.bands[0]
    size = statistics.median(font_size(ln) for ln in top)
    lines = [ln for b in table.bands for ln in b]
    left, right = min(ln.bbox[0] for ln in lines), max(ln.bbox[2] for ln in lines)
    if any(
        font_size(ln) > 1.15 * size
        or len(ln.text) > 40
        or ln.bbox[0] < left - 0.5 * size
        or ln.bbox[2] > right + 0.5 * size
        for ln in band
    ):
        return False
    spacing = max((b.top - a.bottom for a, b in itertools.pairwise(table.bands)), default=0.0)
    if top.top - band.bottom > spacing + 0.25 * size:
        return False
    cells = band.cells.get(cuts) or band_cells(band, cuts)
    if len(band) >= 2:
        return len(cells) >= 2
    stub = len(cuts) if mostly_rtl(table.bands) else 0
    if stub in cells:
        return False
    # One line: a group header sits over some of the columns; a line centred over the
    # whole table is its title, or a receipt's address and document title above its items.
    x0, _, x1, _ = band[0].bbox
    return abs((x0 + x1) - (left + right)) > 0.2 * (right - left)


def _stacks_figures(group: list[Band], cuts: Cuts) -> bool:
    """Whether two bands of ``group``, one under the other, both have a figure in one column."""
    above: set[int] = set()
    for band in group:
        cols = {
            col
            for col, lns in (band.cells.get(cuts) or band_cells(band, cuts)).items()
            if _is_figure(" ".join(ln.text for ln in lns))
        }
        if cols & above:
            return True
        above = cols
    return False


def _continued(groups: list[list[Band]], cuts: Cuts) -> list[list[Band]]:
    """Rows with the lines that continue a cell of the row above joined to it.

    With no rule between rows, a cell whose text wraps leaves a line alone in its column
    right under it. Taken as that line only when nothing says it is a row of its own: it
    starts in lower case, sits in columns where the row above has text (not figures) in
    its own style (a plain "of which:" under a bold total is a row), and follows it at
    the line spacing, not with a row's gap. A cell whose figures sit level with its last
    line leaves its first line alone above the row instead ("... in the past" over
    "twelve months  872  53"): that line leads the row under it, on the same terms.
    """
    out: list[list[Band]] = []
    i = 0
    while i < len(groups):
        group = groups[i]
        i += 1
        if out and len(group) == 1 and _continues(out[-1][-1], group[0], cuts):
            out[-1] = [*out[-1], group[0]]
        elif len(group) == 1 and i < len(groups) and _leads(group[0], groups[i][0], cuts):
            out.append([group[0], *groups[i]])
            i += 1
        else:
            out.append(group)
    return out


def _leads(lone: Band, band: Band, cuts: Cuts) -> bool:
    """Whether a lone line of text is the first line of a cell in the row ``band`` right
    under it, whose line in that column goes on in lower case in the same style."""
    if len(lone) != 1 or _is_figure(lone[0].text) or band.top - lone.bottom > 0.6 * font_size(lone[0]):
        return False
    x0, _, x1, _ = lone[0].bbox
    col = bisect.bisect_left(cuts, (x0 + x1) / 2)
    cells = band.cells.get(cuts) or band_cells(band, cuts)
    nxt = cells.get(col, [])
    return (
        len(cells) >= 2
        and len(nxt) == 1
        and nxt[0].text.lstrip()[:1].islower()
        and nxt[0].bold == lone[0].bold
    )


def _continues(above: Band, band: Band, cuts: Cuts) -> bool:
    size = font_size(band[0])
    if band.top - above.bottom > 0.6 * size:
        return False
    cells: dict[int, list[LayoutLine]] = {}
    for ln in above:
        cells.setdefault(bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2), []).append(ln)
    for ln in band:
        text = ln.text.lstrip()
        if not text[:1].islower():
            return False
        col = bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2)
        cell = cells.get(col, [])
        if not cell or _is_figure(" ".join(c.text for c in cell)) or any(c.bold != ln.bold for c in cell):
            return False
    return len(cells) >= 2  # the row above is a row of the table, not a lone line


def _apart(pieces: dict[int, LayoutLine]) -> bool:
    """Whether a line's pieces in neighbouring columns stand more than a word space apart:
    two cells' words read as one line do; a header spanning two columns ("Value (€
    million)" over two years) is one cell, its words a word space apart."""
    parts = sorted(pieces.values(), key=lambda p: p.bbox[0])
    size = font_size(parts[0])
    return all(b.bbox[0] - a.bbox[2] >= _STRIPE_EM * size for a, b in itertools.pairwise(parts))


def _cut_words(ln: LayoutLine, cuts: Cuts) -> dict[int, LayoutLine]:
    """A line's words by the column their centre falls in, a line per column."""
    groups: dict[int, list[Word]] = {}
    for w in ln.words:
        groups.setdefault(bisect.bisect_left(cuts, (w.bbox[0] + w.bbox[2]) / 2), []).append(w)
    _, top, _, bottom = ln.bbox
    return {
        c: LayoutLine(
            text=" ".join(w.text for w in ws),
            bbox=(ws[0].bbox[0], top, ws[-1].bbox[2], bottom),
            size=ln.size,
            bold=ln.bold,
            confidence=ln.confidence,
            words=ws,
        )
        for c, ws in groups.items()
    }


def mostly_rtl(bands: Sequence[Sequence[LayoutLine]]) -> bool:
    """Whether more of these lines read right to left than left to right (lines of
    figures alone, which have no direction of their own, do not count)."""
    rtl = ltr = 0
    for band in bands:
        for ln in band:
            text = ln.text
            if text.isascii():
                ltr += any(ch.isalpha() for ch in text)
            elif is_rtl(text):
                rtl += 1
            else:
                ltr += any(ch.isalpha() for ch in text)
    return rtl > ltr
