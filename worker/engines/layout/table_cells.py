"""A table region's rows of cells (tables.py finds the region and its columns): its bands
grouped into rows (row_groups.py, with the header's continued and stacked lines joined),
each line put in the column it lies in, starts in, or is flush with, and each cell's
lines read as one text."""

from __future__ import annotations

import bisect
import itertools
import statistics
from collections.abc import Sequence

from common.documents.results import Line
from worker.engines.layout.cell_joins import signed, wrapped
from worker.engines.layout.group_labels import centred_labels
from worker.engines.layout.header_rows import Edges, column_edges, flush_heads, header_continued, in_order
from worker.engines.layout.header_stacks import stacked_heads
from worker.engines.layout.key_cells import bold_keys, keyed_values
from worker.engines.layout.model import Cuts, LayoutLine, Proto, Region, font_size
from worker.engines.layout.patterns import compounds_in, join_wrapped
from worker.engines.layout.row_groups import row_groups
from worker.engines.layout.row_offsets import offset_rows
from worker.engines.layout.span_heads import span_heads
from worker.engines.layout.table_records import key_records
from worker.engines.layout.table_rows import (
    STRIPE_EM,
    Rule,
    across_gap,
    apart,
    column_extents,
    cut_words,
    figure_rights,
    flush_split,
    group_heads,
    is_figure,
    mostly_rtl,
    reading_order,
    stub_heads_to_top,
    stubs_to_top,
    unbulleted,
)
from worker.engines.layout.table_wraps import continued


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
            # After an abbreviation's point the hyphen is a compound's, kept ("Meng.-"
            # over "einheit": "Meng.-einheit"); a syllable's is dropped (join_wrapped).
            text = text + part if text.endswith(".-") and part[:1].islower() else join_wrapped(text, part)
        else:
            text = f"{text} {part}"
    return text


def _body_text(lns: list[LayoutLine], compounds: frozenset[str], rtl: bool) -> str:
    """A body cell's lines (in reading order) joined as a paragraph's are (cell_joins.
    wrapped: "non-" over "controlling" is "non-controlling" where the table writes that
    compound whole, a syllable's hyphen goes), a minus sign set on the line above its
    figure read with it; two pieces of one line (side by side) a space apart."""
    text = ""
    prev: LayoutLine | None = None
    for ln in lns:
        part = unbulleted(ln.text)
        if not rtl:
            part = _stacked_text(part, ln, compounds)
        if prev is not None and ln.bbox[1] - prev.bbox[1] > 0.5 * font_size(prev):
            text = wrapped(text, part, compounds)
        else:
            text = (signed(text, part) or f"{text} {part}") if text else part
        prev = ln
    return text


def _stacked_text(text: str, ln: LayoutLine, compounds: frozenset[str]) -> str:
    """``text``, the text of ``ln``, with the lines it stacks joined as a cell's wrapped
    lines are (cell_joins.wrapped), where a row's figure set between two lines of a
    label made one line of both (spans.py: "Transactions with non-" and "controlling
    interests" a space apart); ``text`` as it is otherwise."""
    words = ln.words
    size = font_size(ln)
    if len(words) < 2 or ln.bbox[3] - ln.bbox[1] < 1.6 * size or "-" not in text:
        return text
    if " ".join(w.text for w in words) != text:  # (words glued: the text is not theirs)
        return text
    out = words[0].text
    for a, b in itertools.pairwise(words):
        # (the words have the line's height) A word set back to the left of the one
        # before it starts the next stacked line: a left-to-right label wraps so.
        back = b.bbox[0] < a.bbox[0]
        out = wrapped(out, b.text, compounds) if back and out.endswith("-") else f"{out} {b.text}"
    return out


def _flush_column(ln: LayoutLine, flush: Edges, first: int, last: int) -> int:
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


def _flush_stripe(ln: LayoutLine, cuts: Cuts, flush: Edges) -> Cuts:
    """The boundaries with the one ``ln`` crosses moved into the stripe between its words
    where the next column's text starts, or none (empty): the stripe is wider than a
    word space (STRIPE_EM), the words after it start flush with two lines of that
    column or more (a quarter em) and the word before it starts left of the boundary.
    Two cells' texts the text layer read as one line ("Upper respiratory tract
    infection" then "14 (6.6)"): the first cell's last word reaches over the boundary,
    which runs down the middle of the gutter the other rows leave, and
    :func:`.table_rows.across_gap` finds no stripe there."""
    words = sorted(ln.words, key=lambda w: w.bbox[0])
    size = font_size(ln)
    for a, b in itertools.pairwise(words):
        if b.bbox[0] - a.bbox[2] < STRIPE_EM * size:
            continue
        col = bisect.bisect_left(cuts, (b.bbox[0] + b.bbox[2]) / 2)
        if col == 0 or a.bbox[0] >= cuts[col - 1] or (col >= 2 and a.bbox[0] < cuts[col - 2]):
            continue
        lefts = flush.get(col, ([], []))[0]
        if sum(abs(x - b.bbox[0]) <= 0.25 * size for x in lefts) >= 2:
            moved = list(cuts)
            moved[col - 1] = (a.bbox[2] + b.bbox[0]) / 2
            return tuple(moved)
    return ()


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
    # The compounds the table writes whole ("Non-controlling" in its header): one its
    # body cell breaks after the hyphen keeps it (patterns.join_wrapped).
    compounds = compounds_in(ln.text for band in region.bands for ln in band)
    extents: dict[int, tuple[float, float]] | None = None
    flush: Edges | None = None
    rights: dict[int, float] | None = None
    groups = {**span_heads(region.bands, cuts, rtl), **group_heads(region.bands, cuts, rtl)}
    grouped = continued(offset_rows(centred_labels(row_groups(region.bands, rules, cuts), cuts), cuts), cuts)
    if bold_keys(region.bands, cuts):
        # Keys and their values: no header row over them to join lines into.
        grouped = keyed_values(grouped, cuts, len(cuts) if rtl else 0)
    else:
        figured: dict[int, bool] = {}  # by band, for both (the bands live while the table is read)
        grouped = header_continued(grouped, cuts, rules, groups, figured)
        grouped = stacked_heads(grouped, cuts, rules, groups, figured)
        grouped = key_records(grouped, cuts, rules)
    # The header: the rows above the first with a figure (none in a table of words).
    heads = next(
        (k for k, group in enumerate(grouped) if any(is_figure(ln.text) for band in group for ln in band)), 0
    )
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
                at0, at1 = bisect.bisect_left(cuts, x0), bisect.bisect_left(cuts, x1)  # its ends' columns
                if at0 == at1:  # most lines: within one column, crossing none of the tests below
                    cols.setdefault(col, []).append(ln)
                    continue
                # Across a boundary, by a quarter of its width at least on both sides (a
                # centred header reaching a little past its column is no spanning cell).
                reach = 0.25 * (x1 - x0)
                first, last = bisect.bisect_left(cuts, x0 + reach), bisect.bisect_left(cuts, x1 - reach)
                crosses = at0 < at1
                if crosses and rights is None:
                    rights = figure_rights(region.bands, cuts)
                split = crosses and bool(rights) and flush_split(ln, cuts, rights or {})
                line_cuts = cuts
                if not split and crosses:
                    if flush is None:
                        flush = column_edges(region.bands, cuts)
                    line_cuts = _flush_stripe(ln, cuts, flush) or cuts
                    split = line_cuts is not cuts
                    # A row of cells a word space apart, each flush with its column.
                    flushed = {} if split or rtl else flush_heads(ln, cuts, flush)
                    if flushed:
                        for c, piece in flushed.items():
                            cols.setdefault(c, []).append(piece)
                        continue
                if (last == first or line_cuts is not cuts) and (split or across_gap(ln, cuts)):
                    first, last = at0, at1
                if last > first:
                    pieces = cut_words(ln, line_cuts)
                    # Two cells' words, close enough to read as one line.
                    if len(pieces) > 1 and (split or apart(pieces)):
                        for c, piece in pieces.items():
                            cols.setdefault(c, []).append(piece)
                        continue
                    # One cell across a boundary: where it starts, which may be in a
                    # column it reaches less than a quarter into (a header centred over
                    # three columns), if it lies over that column's text.
                    if extents is None:
                        extents = column_extents(region.bands, cuts)
                    if rtl:
                        edge = at1
                        col = edge if edge > last and x1 > extents.get(edge, (x1, x1))[0] else last
                    else:
                        edge = at0
                        col = edge if edge < first and x0 < extents.get(edge, (x0, x0))[1] else first
                    # A cell of its own line's row already holds that column, and no line
                    # of the row lies in the other column it reaches into: it is that
                    # column's cell, set off its column's alignment ("(96)" then "(83)",
                    # each hanging left of its column's figures).
                    other = last if col != last else first
                    if not rtl and col == first and last == first + 1:
                        if flush is None:
                            flush = column_edges(region.bands, cuts)
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
            cells[col] = _cell_text(lns) if head else _body_text(lns, compounds, rtl)
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
