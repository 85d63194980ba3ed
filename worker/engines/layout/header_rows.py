"""A table's header printed over two lines: the lines that only continue the header
cells above them (a unit under its label, a wrapped label's second half) join those
cells, in unruled tables (:func:`header_continued`) and ruled ones (grids.py shares
:func:`continues_header`). And header rows that do not sit over their columns' figures
(:func:`ordered_cuts`, :func:`in_order`), or that start another table stacked under a
table's rows (:func:`stacked`). And a header row whose cells a word space parts, read
as one line, cut where its columns start (:func:`flush_heads`)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from worker.engines.layout.model import Band, Cuts, LayoutLine, Region, font_size
from worker.engines.layout.table_rows import (
    Rule,
    apart,
    cut_words,
    figure_rights,
    flush_split,
    is_figure,
    mostly_rtl,
)


def header_continued(
    groups: list[list[Band]],
    cuts: Cuts,
    rules: Sequence[Rule],
    heads: dict[int, int],
    figured: dict[int, bool] | None = None,
) -> list[list[Band]]:
    """Rows with the header lines that only continue the header cells above them joined to
    those cells: a label's unit or the second half of a wrapped label printed on the next
    line ("Elevation" over "(m)", "Jan mean" over "(°C)").

    Only in the header, the rows above the first data row (a row with a figure in a cell),
    and only when a data row follows (a table of words has no header to tell by its
    figures). What :func:`continued` leaves apart, since a unit starts in upper case or
    with a bracket, or the row above it is the table's first."""
    first = first_figured(groups, cuts, figured)
    if first is None:
        return groups
    out: list[list[Band]] = []
    # Only a header of two rows or more has a row to join (and asks for the figures' edges).
    rights = figure_rights([b for g in groups for b in g], cuts) if first >= 2 else {}
    spaced = _row_spacing(groups[first:]) if first >= 2 else None
    for group in groups[:first]:
        if (
            out
            and len(group) == 1
            and not _as_rows_apart(out[-1][-1], group[0], spaced)
            and _wraps_header(out[-1][-1], group[0], cuts, rules, heads, rights)
        ):
            out[-1] = [*out[-1], group[0]]
        else:
            out.append(group)
    return [*out, *groups[first:]]


def _row_spacing(body: list[list[Band]]) -> float | None:
    """The blank the body's rows of one band leave between them (the median), where
    there are two such blanks or more."""
    gaps = sorted(b[0].top - a[-1].bottom for a, b in itertools.pairwise(body) if len(a) == 1 and len(b) == 1)
    return gaps[len(gaps) // 2] if len(gaps) >= 2 else None


def _as_rows_apart(above: Band, band: Band, spaced: float | None) -> bool:
    """Whether ``band`` stands below ``above`` as the body's rows stand apart (``spaced``,
    a tenth of an em), and that is wider than a line's leading (0.3 em): a row of its
    own, not a header cell's next line. A label/value block set as a Word table without
    borders pads its rows apart, and its rows above the first figure ("Term", then
    "Prediction Target") are no header of two lines."""
    if spaced is None:
        return False
    size = font_size(band[0])
    gap = band.top - above.bottom
    return gap >= 0.3 * size and gap >= spaced - 0.1 * size


def first_figured(groups: list[list[Band]], cuts: Cuts, figured: dict[int, bool] | None = None) -> int | None:
    """The first of the row groups with a figure in a cell (:func:`cells_by_column`), or
    None: the rows above it are the header. The rows below it are not looked at.
    ``figured``: each band's answer by ``id``, kept between the calls for one table's
    bands (header_continued's, then header_stacks'; a table of words has no figure in
    any row, and each call reads every row)."""
    for k, g in enumerate(groups):
        for band in g:
            found = figured.get(id(band)) if figured is not None else None
            if found is None:
                found = any(is_figure(text) for text in cells_by_column(band, cuts).values())
                if figured is not None:
                    figured[id(band)] = found
            if found:
                return k
    return None


def cells_by_column(band: Band, cuts: Cuts) -> dict[int, str]:
    """A band's text by column, its words placed by their centres."""
    out: dict[int, list[str]] = {}
    for ln in band:
        for col, piece in (cut_words(ln, cuts) if ln.words else {_col(ln, cuts): ln}).items():
            out.setdefault(col, []).append(piece.text.strip())
    return {col: " ".join(texts) for col, texts in out.items()}


def _col(ln: LayoutLine, cuts: Cuts) -> int:
    return bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2)


def _wraps_header(
    above: Band,
    band: Band,
    cuts: Cuts,
    rules: Sequence[Rule],
    heads: dict[int, int],
    rights: dict[int, float],
) -> bool:
    """Whether ``band`` only continues the header cells of ``above``: at the line spacing,
    in its size, no rule between them, each of its cells short and no figure, under a
    cell of ``above`` in the same column, and not only the stub's (a lone label there
    starts a section of rows). A line of ``above`` that is a group header, or a cell
    reaching across a column boundary, makes ``above`` a row of group headers: the
    labels under it head its columns, they do not continue it. Or ``above`` holds the
    first lines of the header cells of two lines (:func:`_tops`), the others' one line
    set level with their last."""
    size = font_size(band[0])
    if band.top - above.bottom > 0.6 * size or any(
        font_size(ln) > 1.15 * size or font_size(ln) < size / 1.15 for ln in above
    ):
        return False
    x0, x1 = min(ln.bbox[0] for ln in band), max(ln.bbox[2] for ln in band)
    if any(
        r1 - r0 > b - t and above.bottom <= (t + b) / 2 <= band.top and r0 < x1 and x0 < r1
        for r0, t, r1, b in rules
    ):
        return False
    for ln in [*above, *band]:
        if id(ln) in heads:
            return False
        pieces = cut_words(ln, cuts) if ln.words else {}
        if len(pieces) > 1 and not apart(pieces) and not (rights and flush_split(ln, cuts, rights)):
            return False  # one cell across columns
    top, cells = cells_by_column(above, cuts), cells_by_column(band, cuts)
    return continues_header(top, cells, len(cuts) if mostly_rtl([above]) else 0) or _tops(above, band, cuts)


def _tops(above: Band, band: Band, cuts: Cuts) -> bool:
    """Whether ``above`` holds only the first lines of header cells of two lines whose
    second lines ``band`` holds among the header's other cells, of one line, set level
    with the last lines ("Shipment" over "Date", "Unit Price Excl." over "VAT", beside
    "No.", "Description", "Quantity"): each of its cells is in a column where ``band``
    has one, flush with it left or right, both short and no figure; ``band`` has more
    cells. A group header over several columns (centred over them) is no such line."""
    top, low = _pieces_by_column(above, cuts), _pieces_by_column(band, cuts)
    if not top or not set(top) < set(low):
        return False
    tol = 0.25 * font_size(band[0])
    for col, (a0, a1, text) in top.items():
        b0, b1, low_text = low[col]
        if is_figure(text) or is_figure(low_text) or len(text.split()) > 4 or text.rstrip().endswith(":"):
            return False
        if abs(a0 - b0) > tol and abs(a1 - b1) > tol:
            return False
    return True


def _pieces_by_column(band: Band, cuts: Cuts) -> dict[int, tuple[float, float, str]]:
    """A band's text by column (its words placed by their centres), with its extent."""
    out: dict[int, tuple[float, float, str]] = {}
    for ln in band:
        for col, piece in (cut_words(ln, cuts) if ln.words else {_col(ln, cuts): ln}).items():
            x0, _, x1, _ = piece.bbox
            if col in out:
                a0, a1, text = out[col]
                out[col] = (min(a0, x0), max(a1, x1), f"{text} {piece.text.strip()}")
            else:
                out[col] = (x0, x1, piece.text.strip())
    return out


def continues_header(top: dict[int, str], cells: dict[int, str], stub: int) -> bool:
    """Whether a header line's cells (text by column) only continue the header cells
    ``top`` of the line above: each in a column where ``top`` has a cell, short and no
    figure (a unit, a wrapped label's second half), and not the stub's alone (a lone
    label there starts a section of rows). Rows of labels ("Account holder:", "Bank:")
    are a table of labels and values, not a header: a cell ending in a colon on either
    line rules it out. Shared with ruled grids (grids.py)."""
    return (
        bool(cells)
        and set(cells) <= set(top)
        and set(cells) != {stub}
        and all(not is_figure(text) and len(text.split()) <= 4 for text in cells.values())
        and not any(text.rstrip().endswith(":") for text in (*top.values(), *cells.values()))
    )


def _header_row(band: Band) -> bool:
    """A row of column headers: two cells or more, all bold, no figure."""
    return len(band) >= 2 and all(ln.bold for ln in band) and not any(is_figure(ln.text) for ln in band)


def stacked(bands: list[Band], start: int, end: int) -> list[tuple[int, int]]:
    """The grid ``bands[start:end]`` as the tables stacked in it, one under another:
    (start, end) of each.

    Two tables set close together (a payslip's earnings, then its deductions, then the
    year to date) line up on the page's margins and share gutters by chance, and read
    as one grid. A table starts again at a header row (bold cells, no figure) under
    rows with figures, where a gap wider than the rows' usual spacing parts it from
    them, or lines of a single cell (a total, a heading) stand between. Those lines are
    text between the tables; a table needs a row under its header.
    """
    out: list[tuple[int, int]] = []
    s = start
    figures = False
    for k in range(start, end):
        band = bands[k]
        if k > s and figures and _header_row(band) and any(len(b) >= 2 for b in bands[k + 1 : end]):
            j = k  # the lines of one cell right above the header
            while j > s and len(bands[j - 1]) == 1:
                j -= 1
            rows = bands[s:j]
            spacing = sorted(max(b.top - a.bottom, 0.0) for a, b in itertools.pairwise(rows))
            usual = spacing[len(spacing) // 2] if spacing else 0.0
            size = font_size(band[0])
            wide = band.top - bands[k - 1].bottom > 1.5 * usual + 0.25 * size
            if len(rows) >= 2 and (j < k or wide):
                out.append((s, j))
                s, figures = k, False
                continue
        figures = figures or any(is_figure(ln.text) for ln in band)
    out.append((s, end))
    return out


def ordered_cuts(rows: list[Band], cuts: Sequence[float]) -> list[float] | None:
    """Boundaries between the n-th and next cells of rows that all have the same number of
    cells, where those gaps overlap in every row; None where the ``cuts`` their gutters
    agree on stand.

    A short table whose header cells start where their columns start and whose figures
    end where they end (a year to date under its labels) has no gutter that its rows
    share: merged, the rows show a column for each cell of each, the header's lines
    mostly in columns no other row fills. Rows that are all full still pair their cells
    in order. (A sparse table, a debit or a credit in each row, shares its columns.)"""
    n = len(rows[0]) if rows else 0
    if n < 2 or len(rows) < 2 or any(len(row) != n for row in rows) or n - 1 >= len(cuts):
        return None

    def col(ln: LayoutLine) -> int:
        return bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2)

    rest = {col(ln) for row in rows[1:] for ln in row}
    if 2 * sum(col(ln) not in rest for ln in rows[0]) < n:
        return None
    out: list[float] = []
    for k in range(n - 1):
        lo = max(row[k].bbox[2] for row in rows)
        hi = min(row[k + 1].bbox[0] for row in rows)
        if hi <= lo:
            return None
        out.append((lo + hi) / 2)
    return out


def in_order(band: Band, cuts: Cuts) -> dict[int, int]:
    """A row with a line for every column, two of which fall into one column by their
    centres (header cells centred over wide columns whose figures sit at the right):
    its lines, left to right, are the columns' cells in turn. Empty where the row
    falls into the columns as it is."""
    if len(band) != len(cuts) + 1 or len(band) < 2:
        return {}
    lns = sorted(band, key=lambda ln: ln.bbox[0])
    cols = [bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2) for ln in lns]
    if len(set(cols)) == len(cols):
        return {}
    return {id(ln): k for k, ln in enumerate(lns)}


Edges = dict[int, tuple[list[float], list[float]]]  # a column's lines' left and right ends, sorted


def column_edges(bands: Sequence[Band], cuts: Cuts) -> Edges:
    """Each column's left and right edges of the lines that lie within it, each list
    sorted: :func:`flush_heads` looks a word's start up in them by bisection."""
    out: Edges = {}
    for band in bands:
        for ln in band:
            x0, _, x1, _ = ln.bbox
            col = bisect.bisect_left(cuts, x0)
            if col == bisect.bisect_left(cuts, x1):
                lefts, rights = out.setdefault(col, ([], []))
                lefts.append(x0)
                rights.append(x1)
    for lefts, rights in out.values():
        lefts.sort()
        rights.sort()
    return out


def _near(xs: list[float], x: float, tol: float) -> bool:
    """Whether one of ``xs`` (sorted) lies within ``tol`` of ``x``: only the nearest on
    either side of ``x`` can, so two comparisons answer what a scan of all would."""
    i = bisect.bisect_left(xs, x)
    return (i < len(xs) and abs(xs[i] - x) <= tol) or (i > 0 and abs(xs[i - 1] - x) <= tol)


def flush_heads(ln: LayoutLine, cuts: Cuts, edges: Edges) -> dict[int, LayoutLine]:
    """A header row read as one line, its cells a word space apart (a tight table set
    with no stripe wider than a space: "Description Quantity Price" over "Product 1",
    "2", "$10.00"), cut into its cells: each column's words, where every column has
    some, the words of each column after the first start flush (a quarter em) with the
    left ends of that column's lines (``edges``: :func:`column_edges`), and the first
    column's start or end flush with its lines. Empty where the line is no such row: a
    title or a sentence over a table meets its columns' edges by chance in one column,
    not in every one."""
    if not ln.words or not cuts:
        return {}
    words = sorted(ln.words, key=lambda w: w.bbox[0])
    tol = 0.25 * font_size(ln)
    # The words that start a column after the first: the cut between two columns falls
    # in the word space before such a word.
    starts = [0]
    for k in range(1, len(words)):
        col = len(starts)
        if col <= len(cuts) and _near(edges.get(col, ([], []))[0], words[k].bbox[0], tol):
            starts.append(k)
    if len(starts) != len(cuts) + 1:
        return {}
    lefts, rights = edges.get(0, ([], []))
    first = words[: starts[1]]
    if not _near(lefts, first[0].bbox[0], tol) and not _near(rights, first[-1].bbox[2], tol):
        return {}
    _, top, _, bottom = ln.bbox
    out: dict[int, LayoutLine] = {}
    for col, (a, b) in enumerate(itertools.pairwise([*starts, len(words)])):
        ws = words[a:b]
        out[col] = LayoutLine(
            text=" ".join(w.text for w in ws),
            bbox=(ws[0].bbox[0], top, ws[-1].bbox[2], bottom),
            size=ln.size,
            bold=ln.bold,
            confidence=ln.confidence,
            words=ws,
        )
    return out


def flush_header(band: Band, table: Region) -> bool:
    """Whether ``band``, right above a table, is its header row read as one line (see
    :func:`flush_heads`): one line of the table's size, no figure in it, no further
    above the table than its rows stand apart."""
    if len(band) != 1 or is_figure(band[0].text):
        return False
    ln, top = band[0], table.bands[0]
    size = font_size(top[0])
    if abs(font_size(ln) - size) > 0.15 * size:
        return False
    spacing = max((b.top - a.bottom for a, b in itertools.pairwise(table.bands)), default=0.0)
    if top.top - band.bottom > spacing + 0.25 * size:
        return False
    return bool(flush_heads(ln, table.cuts, column_edges(table.bands, table.cuts)))
