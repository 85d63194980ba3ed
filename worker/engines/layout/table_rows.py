"""How a table's bands become its rows and cells: header rows and group headers over
their columns, rows that go on below, and lines that cross a column gap cut into their
cells (row_groups.py groups the bands into rows by the rules across them). tables.py
finds the table and its columns; this module shapes the grid inside them."""

from __future__ import annotations

import bisect
import itertools
import statistics
from collections.abc import Sequence

from common.documents.results import Word, is_rtl
from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine, Region, font_size

Rule = tuple[float, float, float, float]  # x0, top, x1, bottom (textlayer.Rule)

# A stripe between two columns' words wider than a word space (about a quarter em).
STRIPE_EM = 0.4


def is_figure(text: str) -> bool:
    # "$4.11", "15.00%", "31/12/2017", "€ 399,00", "2": mostly digits among letters/digits.
    digits = sum(map(str.isdigit, text))
    return digits > 0 and digits * 2 >= sum(map(str.isalnum, text))


def group_heads(bands: list[Band], cuts: Cuts, rtl: bool) -> dict[int, int]:
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
        cells = band_cells(band, cuts)
        if len(cells) >= max(2, ncols - 1):
            break  # the first full row: the header rows are above it
        if 2 * len(cells) > ncols or spanning(band, cuts):
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
            if own - best > 0.25 * font_size(lns[0]) and not _flush(lns[0], band, bands, cuts, rtl):
                out[id(lns[0])] = run[1] if rtl else run[0]
    return out


def _flush(ln: LayoutLine, band: Band, bands: list[Band], cuts: Cuts, rtl: bool) -> bool:
    """Whether ``ln`` starts where a line of its column in a later row starts (its left
    edge, the right one right to left): the first line of that column's text (a cell of
    several lines whose row's other cells are centred lower down), not a header centred
    over several columns. Or, left to right, ends where a figure of its column below
    ends: the header of a column of right-aligned figures ("Unit Price Excl." over
    "191.00"), set flush right over them."""
    col = bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2)
    edge = 2 if rtl else 0
    tol = 0.25 * font_size(ln)
    below = itertools.dropwhile(lambda b: b is not band, bands)
    next(below, None)
    # Flush right only counts for a header within its column's boundaries: a group
    # header reaching across one may end where a figure ends by chance.
    within = not rtl and bisect.bisect_left(cuts, ln.bbox[0]) == col == bisect.bisect_left(cuts, ln.bbox[2])
    return any(
        (
            abs(o.bbox[edge] - ln.bbox[edge]) <= tol
            or (within and abs(o.bbox[2] - ln.bbox[2]) <= 0.6 * tol and is_figure(o.text))
        )
        and bisect.bisect_left(cuts, (o.bbox[0] + o.bbox[2]) / 2) == col
        for b in below
        for o in b
    )


def column_extents(bands: list[Band], cuts: Cuts) -> dict[int, tuple[float, float]]:
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


def across_gap(ln: LayoutLine, cuts: Cuts) -> bool:
    """Whether a boundary runs through a wide gap between the line's words ("2  Irish
    Rail" across the stripe between a column of figures and one of words)."""
    x0, _, x1, _ = ln.bbox
    for c in cuts:
        if x0 < c < x1 and ln.words:
            size = font_size(ln)
            left = max((w.bbox[2] for w in ln.words if w.bbox[2] <= c), default=None)
            right = min((w.bbox[0] for w in ln.words if w.bbox[0] >= c), default=None)
            straddles = any(w.bbox[0] < c < w.bbox[2] for w in ln.words)
            if left is not None and right is not None and not straddles and right - left >= STRIPE_EM * size:
                return True
    return False


def figure_rights(bands: list[Band], cuts: Cuts) -> dict[int, float]:
    """Each column of right-aligned figures' right edge: the right end its figures (the
    lines within one column) share, to a sixth of an em."""
    ends: dict[int, list[float]] = {}
    size = 0.0
    for band in bands:
        for ln in band:
            x0, _, x1, _ = ln.bbox
            col = bisect.bisect_left(cuts, x0)
            if col == bisect.bisect_left(cuts, x1) and is_figure(ln.text):
                ends.setdefault(col, []).append(x1)
                size = size or font_size(ln)
    return {col: xs[0] for col, xs in ends.items() if max(xs) - min(xs) <= 0.15 * size}


def flush_split(ln: LayoutLine, cuts: Cuts, rights: dict[int, float]) -> bool:
    """Whether a boundary runs between two of the line's words where each side ends
    flush with its column's right-aligned figures (:func:`figure_rights`): two headers
    set flush right over neighbouring columns of figures, a word space apart ("VAT %"
    over "19", "Line Amount Excl. VAT" over "573.00"), are two cells. (A header
    spanning both columns, "Value (€ million)", ends flush with one of them by chance
    at most.)"""
    x0, _, x1, _ = ln.bbox
    tol = 0.15 * font_size(ln)
    for k, c in enumerate(cuts):
        if not x0 < c < x1 or k not in rights or k + 1 not in rights:
            continue
        if any(w.bbox[0] < c < w.bbox[2] for w in ln.words):
            continue
        end = cuts[k + 1] if k + 1 < len(cuts) else float("inf")
        left = max((w.bbox[2] for w in ln.words if w.bbox[2] <= c), default=None)
        right = max((w.bbox[2] for w in ln.words if c <= w.bbox[0] and w.bbox[2] <= end), default=None)
        if (
            left is not None
            and right is not None
            and abs(left - rights[k]) <= tol
            and abs(right - rights[k + 1]) <= tol
        ):
            return True
    return False


def reading_order(lns: list[LayoutLine], rtl: bool) -> list[LayoutLine]:
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


def spanning(band: Band, cuts: Cuts) -> bool:
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
    cells = band_cells(band, cuts)
    if len(band) >= 2:
        return len(cells) >= 2
    stub = len(cuts) if mostly_rtl(table.bands) else 0
    if stub in cells:
        return False
    # One line: a group header sits over some of the columns; a line centred over the
    # whole table is its title, or a receipt's address and document title above its items;
    # the first line of a header cell stacked on the next is the cell's, wherever it is.
    # (Its next line may stand under the table's first row: a header cell of two lines
    # centred on the row's one-line cells, "SR (large" over "spreading factor)".)
    if on_centre(band[0], [ln for b in table.bands[:2] for ln in b]):
        return True
    x0, _, x1, _ = band[0].bbox
    return abs((x0 + x1) - (left + right)) > 0.2 * (right - left)


def on_centre(ln: LayoutLine, lines: Sequence[LayoutLine]) -> bool:
    """Whether one of ``lines`` stands right over or under ``ln`` (the line spacing) on
    its centre (a quarter em): ``ln`` is a line of a header cell stacked in one column
    ("Accumulated" over "other", "Non-controlling" over "interests"), however wide."""
    x0, top, x1, bottom = ln.bbox
    size = font_size(ln)
    return any(
        abs((o.bbox[0] + o.bbox[2]) - (x0 + x1)) <= 0.5 * size
        and abs(o.bbox[1] - top) >= 0.5 * size
        and max(o.bbox[1] - bottom, top - o.bbox[3]) <= 0.6 * size
        for o in lines
    )


def apart(pieces: dict[int, LayoutLine]) -> bool:
    """Whether a line's pieces in neighbouring columns stand more than a word space apart:
    two cells' words read as one line do; a header spanning two columns ("Value (€
    million)" over two years) is one cell, its words a word space apart. So do words of
    a text layer that touch (a tenth of an em at most): no one sets a phrase without its
    spaces, the text layer saw two words there, and two cells' texts ran into each other
    ("Age group" then "Male"). (An OCR line's word boxes touch by chance.)"""
    parts = sorted(pieces.values(), key=lambda p: p.bbox[0])
    size = font_size(parts[0])
    touch = 0.1 * size if parts[0].size is not None else -1.0
    return all(
        (gap := b.bbox[0] - a.bbox[2]) >= STRIPE_EM * size or abs(gap) <= touch
        for a, b in itertools.pairwise(parts)
    )


def cut_words(ln: LayoutLine, cuts: Cuts) -> dict[int, LayoutLine]:
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
    # Only a line outside ASCII can read right to left: most pages have none, and then
    # the left-to-right lines need no counting (asked of every table and region).
    rtl = 0
    for band in bands:
        for ln in band:
            if not ln.text.isascii() and is_rtl(ln.text):
                rtl += 1
    if not rtl:
        return False
    ltr = 0
    for band in bands:
        for ln in band:
            text = ln.text
            if (text.isascii() or not is_rtl(text)) and any(ch.isalpha() for ch in text):
                ltr += 1
                if ltr >= rtl:
                    return False
    return rtl > ltr


def stubs_to_top(rows: list[list[str]]) -> None:
    """Row-spanning stub cells printed at the bottom of their span, moved to its top row
    (a spanned cell's text belongs in its first cell).

    The stub column's labels stand every ``L`` rows, on the last row of a run whose other
    stub cells are empty, and the second column repeats the same ``L`` labels in every
    run ("0-15", "16-64", "65 and over" under "Urban", then under "Rural"): each label
    spans its run, and the table ends on a labelled row. A label on its own row (a
    "Total" under unlabelled rows) shows no such repeated runs and stays.
    """
    labelled = [i for i, row in enumerate(rows) if len(row) > 1 and row[0] and row[1]]
    if len(labelled) < 2:
        return
    span = labelled[-1] - labelled[-2]
    if span < 2:
        return
    # Unlabelled rows under the last label: the labels head their runs (a label set
    # centred on its rows is read into its run's first row, group_labels.py), or the
    # last run has none.
    if any(len(row) > 1 and not row[0] for row in rows[labelled[-1] + 1 :]):
        return
    ends: list[int] = []
    i = labelled[-1]
    while i - span + 1 >= 0 and rows[i][0] and all(not rows[k][0] for k in range(i - span + 1, i)):
        ends.append(i)
        i -= span
    if len(ends) < 2:
        return
    runs = [[rows[k][1] for k in range(end - span + 1, end + 1)] for end in ends]
    if not all(runs[0]) or any(run != runs[0] for run in runs):
        return
    for end in ends:
        rows[end - span + 1][0], rows[end][0] = rows[end][0], ""


def stub_heads_to_top(rows: list[list[str]]) -> None:
    """Stub column headers printed on the second header row, under an empty first-row
    cell, while the first row holds only group headers over the columns right of them
    ("2011 census" over "Male Female Total"): they span both rows, and a spanned cell's
    text belongs in its first cell."""
    if len(rows) < 3:
        return
    top, second = rows[0], rows[1]
    first = next((c for c, cell in enumerate(top) if cell), 0)
    filled = sum(1 for cell in top if cell)
    if first == 0 or not all(second[:first]) or filled >= sum(1 for cell in second[first:] if cell):
        return
    for c in range(first):
        top[c], second[c] = second[c], ""


# Bullet glyphs that mark the items of a list set in a cell.
_CELL_BULLETS = "\u2022\u25e6\u25aa\u25cf\u2023\u2219\uf0b7\uf0a7"


def unbulleted(text: str) -> str:
    """A cell's line without the bullet that marks it as an item of a list in the cell
    ("\u2022 Sole proprietorship, or"): a table has no list items, its cell reads as the
    items' text (the references' convention, no bullet kept in a cell)."""
    text = text.strip()
    if len(text) > 2 and text[0] in _CELL_BULLETS and text[1].isspace():
        return text[2:].lstrip()
    return text


_INDENT_EM = 0.5  # a note starts this many ems in from its cell's line above at least


def indented_under(ln: LayoutLine, lead: LayoutLine, rtl: bool) -> bool:
    """Whether ``ln`` is set indented under ``lead``, a line above it in its cell (a note
    under an entry's first line: "You sold" over "LT loss: $8,781.90"): it starts half
    an em in or more (from the right, right to left), and does not end flush with it (a
    right-aligned column's lines start where their widths make them)."""
    step = _INDENT_EM * font_size(ln)
    if abs(ln.bbox[0 if rtl else 2] - lead.bbox[0 if rtl else 2]) <= step:
        return False
    return lead.bbox[2] - ln.bbox[2] >= step if rtl else ln.bbox[0] - lead.bbox[0] >= step
