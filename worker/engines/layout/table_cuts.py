"""A table's columns: the boundaries its rows agree on, a header's own columns, and boxes
side by side above the rows that are not its rows (:func:`tables.as_table` asks)."""

from __future__ import annotations

import bisect
import itertools

from common.documents.results import Word
from worker.engines.layout.cover import (
    CURRENCY,
    amounts_cover,
    band_cover,
    gutter_gaps,
    merge_cover,
)
from worker.engines.layout.header_rows import ordered_cuts
from worker.engines.layout.model import Band, Cuts, PageStats, font_size
from worker.engines.layout.patterns import is_amount
from worker.engines.layout.table_rows import STRIPE_EM, is_figure
from worker.engines.layout.thresholds import GUTTER_EM

_NIL = frozenset("-\u2013\u2014")  # hyphen, en dash, em dash


def bold_band(band: Band) -> bool:
    """Every line of the row bold: a header's row, or a total's."""
    return all(ln.bold for ln in band)


def table_cuts(bands: list[Band], multi: list[int], stats: PageStats) -> Cuts:
    """Column boundaries of a grid from its multi-cell rows ``multi`` (indices into ``bands``).

    A table's rows share its columns, so a row that would close a gutter the rows above
    it agree on (three at least) does not get a say: typically the totals under an
    invoice's line items, whose amounts ("59,100.20 EUR") reach across the unit price
    and amount columns and would merge them in every row. Such a row stays in the
    table; its lines fall into the columns by their centres.
    """
    stats = _in_own_print(bands, multi, stats)
    # Header rows (bold, on top) get no say when three rows or more follow: a header cell
    # spanning two columns would close the gutter between them, or split one in two. A
    # bold row in the body (a total) does not make the header body; a body mostly bold does.
    head = 0
    while head < len(multi) - 3 and bold_band(bands[multi[head]]):
        head += 1
    header: list[Band] = []
    heads: list[int] = []
    if head and 2 * sum(bold_band(bands[i]) for i in multi[head:]) < len(multi) - head:
        header = [bands[i] for i in multi[:head]]
        heads = multi[:head]
        multi = multi[head:]
    elif len(multi) >= 4 and (lines := _header_closes(bands, multi, stats)):
        header = [bands[i] for i in multi[:lines]]
        multi = multi[lines:]
    body_gaps = _agreed_gaps(bands, multi, stats)
    cuts = [_cut_in(gap, [bands[i] for i in multi], header) for gap in body_gaps]
    ordered = ordered_cuts([bands[i] for i in multi], cuts)
    if ordered is not None:
        return tuple(ordered)
    if header:
        cuts = sorted(cuts + _header_cuts(header, [bands[i] for i in multi], cuts))
        cuts = sorted(cuts + _header_agreed(bands, heads, multi, body_gaps, cuts, stats))
    elif len(multi) >= 4:
        cuts = _header_only_columns(bands[multi[0]], [bands[i] for i in multi[1:]], cuts)
    return tuple(cuts)


def _in_own_print(bands: list[Band], multi: list[int], stats: PageStats) -> PageStats:
    """The page's measures for a table set in smaller print than the page's body (an
    invoice's item box in 7 pt labels and 10 pt items on a page of 11 pt text): a gutter is
    an em of the print it parts (GUTTER_EM), and narrow columns set close together
    ("Menge" and "Meng.- einheit" a 7 pt em and a half apart) are columns all the same."""
    sizes = sorted(font_size(ln) for i in multi for ln in bands[i])
    size = sizes[len(sizes) // 2] if sizes else stats.body
    if size >= stats.body:
        return stats
    return PageStats(
        body=size,
        body_bold=stats.body_bold,
        pitch=stats.pitch,
        text=stats.text,
        rules=stats.rules,
        side_notes=stats.side_notes,
    )


def _cut_in(gap: tuple[float, float], rows: list[Band], header: list[Band]) -> float:
    """Where the boundary runs in a gutter of the rows: its middle, or, where a line of
    the header reaches across it between two columns of right-aligned figures ("19" then
    "573.00"), a fifth of an em right of the left column's figures. Each column's header
    is set flush right over its figures, and the right one's ("Line Amount Excl. VAT")
    reaches left over the gutter, up to a word space from the left one's ("VAT %"): the
    boundary is where the left column ends."""
    x0, x1 = gap
    if not any(ln.bbox[0] < x0 and x1 < ln.bbox[2] for band in header for ln in band):
        return (x0 + x1) / 2
    left = [ln for band in rows for ln in band if abs(ln.bbox[2] - x0) <= 1.0]
    if not left or not all(is_figure(ln.text) for ln in left):
        return (x0 + x1) / 2
    size = font_size(left[0])
    right = [ln for band in rows for ln in band if x1 - 1.0 <= ln.bbox[0] <= x1 + 4 * size]
    if not right or not all(is_figure(ln.text) for ln in right):
        return (x0 + x1) / 2
    ends = [ln.bbox[2] for ln in right]
    if max(ends) - min(ends) > 0.15 * size:
        return (x0 + x1) / 2
    return min(x0 + 0.2 * size, (x0 + x1) / 2)


def _header_agreed(
    bands: list[Band],
    heads: list[int],
    multi: list[int],
    body_gaps: list[tuple[float, float]],
    cuts: list[float],
    stats: PageStats,
) -> list[float]:
    """Boundaries at the gutters that the bold header row and the first two rows under it
    agree on, which a later row closes before three body rows agreed: an invoice with one
    line item, its totals' labels ("TOTAL SALES TAX 9.25%") right-aligned under the tax
    rate and reaching left under the unit price. The header counts as one of the three
    rows then; a gutter only it shows (a header cell spanning two columns closes one, a
    gap between its words may open one) needs two body rows under it all the same.
    ``heads``: the header's rows (indices into ``bands``; one row here)."""
    if len(heads) != 1 or len(multi) < 2:
        return []
    head = bands[heads[0]]
    body = [ln for i in multi for ln in bands[i]]
    out: list[float] = []
    for x0, x1 in _agreed_gaps(bands, [*heads, *multi], stats):
        if any(a0 < x1 and x0 < a1 for a0, a1 in body_gaps) or any(x0 < c < x1 for c in cuts):
            continue
        # Each side's header cell heads text of the body: a header cell set off its
        # column (beside it, over no row's text) makes a gap no column has.
        left = [ln for ln in head if ln.bbox[2] <= x0 + 1.0]
        right = [ln for ln in head if ln.bbox[0] >= x1 - 1.0]
        if not left or not right:
            continue
        a = max(left, key=lambda ln: ln.bbox[2]).bbox
        b = min(right, key=lambda ln: ln.bbox[0]).bbox
        if any(ln.bbox[0] < a[2] and a[0] < ln.bbox[2] <= x0 + 1.0 for ln in body) and any(
            ln.bbox[0] < b[2] and b[0] < ln.bbox[2] and ln.bbox[0] >= x1 - 1.0 for ln in body
        ):
            out.append((x0 + x1) / 2)
    return out


def _header_closes(bands: list[Band], multi: list[int], stats: PageStats) -> int:
    """How many of the first rows ``multi`` (none, one or two) are a plain header, words
    only, that closes a gutter the rows under it (three or more) agree on: a header whose
    cells run close together over narrow columns of figures ("Diputados Presidente", one
    line over two columns), or a header of two lines whose second runs on over two
    right-aligned columns ("Shipment" over "Date", then "VAT % Line Amount Excl. VAT" a
    word space apart over "19" and "573.00"). It gets no say in the columns then, as a
    bold header does."""
    for lines in (1, 2):
        if len(multi) < lines + 3 or multi[lines - 1] != multi[0] + lines - 1:
            return 0
        if any(is_figure(ln.text) for ln in bands[multi[lines - 1]]):
            return 0
        body = _agreed_gaps(bands, multi[lines:], stats)
        if body and _closes(body, _agreed_gaps(bands, multi, stats)):
            return lines
    return 0


def _header_only_columns(first: Band, body: list[Band], cuts: list[float]) -> list[float]:
    """The boundaries without those around a column that only the first row's cell
    fills: a header set off its column's alignment (right-aligned over a column of
    left-aligned descriptions) leaves a gutter on each side of it, and the column's
    header would stand apart from its cells. The header joins the neighbour column
    where the first row has no other cell (the one it heads); with one on both sides,
    the boundaries stay."""
    ncols = len(cuts) + 1

    def cols_of(band: Band) -> set[int]:
        return {bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2) for ln in band}

    filled: set[int] = set()
    for band in body:
        filled |= cols_of(band)
    top = cols_of(first)
    drop: set[int] = set()  # indices into cuts
    for col in sorted(top - filled):
        left = col > 0 and col - 1 not in top
        right = col < ncols - 1 and col + 1 not in top
        if left and not right:
            drop.add(col - 1)
        elif right and not left:
            drop.add(col)
    return [c for i, c in enumerate(cuts) if i not in drop]


def _agreed_gaps(bands: list[Band], multi: list[int], stats: PageStats) -> list[tuple[float, float]]:
    """The gutters of the rows ``multi`` (indices into ``bands``), top down, that no row
    closes once three rows agree on them (:func:`_table_cuts`)."""
    # A currency sign set apart before its amount is of the amount's cell, not a column.
    cover = amounts_cover(bands[multi[0]])
    gaps = gutter_gaps(cover, stats)
    rows = 1
    for i in multi[1:]:
        merged = merge_cover(cover, amounts_cover(bands[i]))
        merged_gaps = gutter_gaps(merged, stats)
        if _closes(gaps, merged_gaps) and rows >= 3:
            continue
        cover, gaps, rows = merged, merged_gaps, rows + 1
    return _without_sign_columns([bands[i] for i in multi], gaps)


def _without_sign_columns(rows: list[Band], gaps: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """``gaps`` without the one right of a column that holds currency signs only, each
    with an amount in the next column on its row.

    A 10-K table sets "$" at the left edge of each amount's column and the amounts
    right-aligned at its right edge, a few ems apart when the amount is short ("$   178"):
    further than a sign set just before its amount (cover.amounts_cover), so the space
    between them is a gutter in every row, and the signs a column of their own beside
    each column of figures. A column of signs alone is no column: it is the left edge of
    the amounts' one."""
    lines = [ln for band in rows for ln in band]
    if not gaps or not any(ln.text.strip() in CURRENCY for ln in lines):
        return gaps
    edges = [float("-inf"), *[x for gap in gaps for x in gap], float("inf")]
    drop: list[int] = []
    for k in range(len(gaps)):
        lo, hi, nxt = edges[2 * k], edges[2 * k + 1], edges[2 * k + 3]
        signs = [(band, ln) for band in rows for ln in band if lo <= (ln.bbox[0] + ln.bbox[2]) / 2 <= hi]
        if signs and all(
            ln.text.strip() in CURRENCY
            and any(hi < (o.bbox[0] + o.bbox[2]) / 2 < nxt and _amount_or_nil(o.text) for o in band)
            for band, ln in signs
        ):
            drop.append(k)
    return [gap for k, gap in enumerate(gaps) if k not in drop]


def _amount_or_nil(text: str) -> bool:
    """An amount, or the dash a financial table prints for none ("$  —")."""
    return is_amount(text) or text.strip() in _NIL


def _closes(gaps: list[tuple[float, float]], merged: list[tuple[float, float]]) -> bool:
    # A gutter lives on when a gutter of the union overlaps it (narrower, or split).
    return any(not any(a0 < b1 and b0 < a1 for b0, b1 in merged) for a0, a1 in gaps)


def boxes_above(bands: list[Band], multi: list[int], stats: PageStats) -> int:
    """How many of the first multi-cell rows ``multi`` are boxes set side by side above
    the table (a letterhead beside an invoice's number block, an address beside the
    account's details), not rows of it.

    Web pages and page-layout tools set such boxes apart from the table by their own
    grid: on a shared gutter by chance, their lines reach across a gutter that all the
    table's rows below agree on (three at least), and they would close it, merging the
    table's columns (unit price and amount in one cell). Each such row is cut off with
    all above it, when text of a single column lies between it and the table, or it
    stands further above the table than half again the table's usual row spacing (a
    header row over the table goes on at its row spacing, and a header cell spanning
    columns is read with the table by :func:`header_above`).
    """
    lead = 0
    for k in range(len(multi) - 3):
        rest = multi[k + 1 :]
        # Agreed on from the bottom up: the other boxes above must not set the gutters.
        gaps = _agreed_gaps(bands, rest[::-1], stats)
        band = bands[multi[k]]
        cover = band_cover(bands[rest[0]])
        for i in rest[1:]:
            cover = merge_cover(cover, bands[i].cover or band_cover(bands[i]))
        if not gaps or not _closes(
            gaps, gutter_gaps(merge_cover(cover, band.cover or band_cover(band)), stats)
        ):
            break
        first = bands[rest[0]]
        spacing = sorted(
            max(b.top - a.bottom, 0.0) for a, b in itertools.pairwise(bands[rest[0] : rest[-1] + 1])
        )
        usual = spacing[len(spacing) // 2] if spacing else 0.0
        size = font_size(first[0])
        if rest[0] > multi[k] + 1 or first.top - band.bottom > 1.5 * usual + 0.25 * size:
            lead = k + 1
    return lead


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
            if best >= STRIPE_EM * font_size(a):
                out.append(at)
    return out
