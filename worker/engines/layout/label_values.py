"""Label/value rows whose values run on over several lines, or stand at a line's leading
keyed by "Label:": read row by row, each label with its value (segment.py asks, after
the table test and before the columns are read one after the other).

form_rows.label_rows takes a form's rows that a blank line sets apart, one line each.
A court notice's caption ("In Re:   Debtor's name" over the case number lines, then
"Debtor(s)   Chapter 11"), a meeting's "Date:" / "Location:" block with an address for
a value, a letter's "cc:" rows at the text's leading, and a premium box with a blank
value ("$") on a row of its own are label/value rows all the same: read column by
column, every label comes first and then every value, torn from their labels.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine, Region, font_size, make_band, split_bands
from worker.engines.layout.patterns import is_amount_value
from worker.engines.layout.tables import mostly_rtl

_LEVEL_EM = 0.12  # a label's top this close (ems) to its value's stands on its row
_APART_EM = 0.8  # a blank this tall (ems) over a row sets it apart from the one above
_MAX_LABEL_WORDS = 6  # a label is a few words ("Named Insured's Mailing Address:")
_MIN_TABLE_ROWS = 3  # label/amount rows set apart that make a table of their own
_ALIGN_PT = 2.0  # a block's lines start this close to one edge
# A rate names a row ("DPH 21 %", "VAT 20%"): no figure of the label's own.
_RATE = re.compile(r"\d+(?:[.,]\d+)?\s*%")


def value_rows(bands: list[Band], cuts: Cuts, *, coded: float = 0.0) -> list[Region] | None:
    """``bands`` as one region read row by row when they are label/value rows, or as a
    table when the values are amounts on rows set apart (a premium box); else None.

    One gutter parts the label column from the value column. Each row with a value
    beside a label has them level, the label a few words; each such row after the
    first ends its label with ":" or stands apart, a blank line over it (labels at a
    line's leading and unkeyed are the lines of two blocks side by side: addresses).
    A line alone in the label column is a heading or a label with no value; a line
    alone in the value column, under a row with both, is its value's next line or a
    value with no label. Running text in the label column is no label."""
    if len(cuts) != 1 or len(bands) < 2:
        return None
    first = 1 if mostly_rtl(bands) else 0
    value = 1 - first
    paired = apart_rows = amounts = figured = 0
    prev_bottom: float | None = None
    for band in bands:
        cells = band_cells(band, cuts)
        if first not in cells:
            if not paired:
                return None  # a value column's text above every label: a block beside
        elif value in cells:
            label = cells[first]
            size = font_size(label[0])
            _, top, _, base = cells[value][0].bbox
            # Level at the top, or on the baseline where the value is set larger than its
            # label (a total); a label larger than its value is a title beside a block.
            larger = font_size(cells[value][0]) > size
            if any(
                abs(ln.bbox[1] - top) > _LEVEL_EM * size
                and not (larger and abs(ln.bbox[3] - base) <= _LEVEL_EM * size)
                for ln in label
            ):
                return None  # a label of two lines, or one beside a value's second line
            text = " ".join(ln.text for ln in label).strip()
            if len(text.split()) > _MAX_LABEL_WORDS:
                return None
            apart = prev_bottom is None or band.top - prev_bottom >= _APART_EM * size
            worth = " ".join(ln.text for ln in cells[value])
            keyed = text.endswith(":") or worth.lstrip().startswith(":")
            if not apart and not keyed and not (coded and not _has_digit(_RATE.sub("", text))):
                return None
            paired += 1
            apart_rows += apart
            amounts += is_amount_value(worth)
            figured += _has_digit(worth)
        prev_bottom = band.bottom
    if paired < 2 or (coded and figured < coded * paired):
        return None
    if paired >= _MIN_TABLE_ROWS and apart_rows == paired and 2 * amounts >= paired:
        return [Region("table", bands, cuts)]
    return [Region("flow", bands)]


def keyed_rows(bands: list[Band], cuts: Cuts) -> bool:
    """Whether ``bands`` are label/value rows keyed by "Label:" on every row that has a
    value, the values not amounts: one gutter, each label a line of a few words level
    with its value's first line, ending with ":" (or its value starting with one). The
    text itself pairs each label with its value ("Website:   www.example.com"), so the
    rows read as lines, not a grid, even at a line's leading or with a rule drawn cell
    by cell between the two columns. A line alone in the label column is a head; a
    value column's line alone is a value's next line. (Totals, keyed or not, "Subtotal:
    36,00", stay a table: the references mostly keep them so.)"""
    if len(cuts) != 1 or len(bands) < 2:
        return False
    first = 1 if mostly_rtl(bands) else 0
    value = 1 - first
    keyed = amounts = 0
    for band in bands:
        cells = band_cells(band, cuts)
        if first not in cells or value not in cells:
            if first not in cells and not keyed:
                return False  # a value column's text above every label
            continue
        label = cells[first]
        size = font_size(label[0])
        top = cells[value][0].bbox[1]
        if len(label) != 1 or abs(label[0].bbox[1] - top) > _LEVEL_EM * size:
            return False
        text = label[0].text.strip()
        worth = " ".join(ln.text for ln in cells[value]).strip()
        if len(text.split()) > _MAX_LABEL_WORDS:
            return False
        if not (text.endswith(":") or text.startswith(":") or worth.startswith(":")):
            return False
        keyed += 1
        amounts += is_amount_value(worth)
    # Amounts keyed by "Label:" (an invoice's "Subtotal:   36,00") stay a grid's rows, as
    # form_rows.label_rows has them: most references keep totals blocks as tables.
    return keyed >= 2 and 2 * amounts < keyed


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def rows_beside(bands: list[Band], cuts: Cuts) -> list[tuple[bool, list[Band]]] | None:
    """Label/value rows with a block of text set beside them (an invoice's "Date" /
    "Reference" rows, its sales contact's name, phone and e-mail to their right; a
    statement's reference left of its "Customer Id : ..." rows), cut apart: the parts
    in reading order, each with whether it is the rows; else None.

    Two cuts: labels, values, block; or block, labels, values. The rows are label/value
    rows (:func:`value_rows`, not amounts); the block's lines start at one edge, and it
    keeps a line pitch of its own: a line of it stands level with no row, and rows stand
    with none of its lines level beside them. (A table's third column has a cell level
    with every row, its wrapped lines under them.) A block at the left, before the rows,
    may stand level with their first rows when each row keys its value ("Label:" or
    ": value") and the block ends before them: a table's first column runs down all its
    rows. Left as one region, the rows that meet the block's lines by chance make a grid
    with it, the rest are read column by column.
    """
    if len(cuts) != 2 or mostly_rtl(bands):
        return None
    after = _block_after(bands, cuts)
    if after is not None:
        return after
    return _block_before(bands, cuts)


def _block_lines(bands: list[Band], keep: Callable[[LayoutLine], bool]) -> list[LayoutLine] | None:
    """The block's lines that ``keep`` takes, one a band by where it starts (a line of
    figures may come in pieces), when two or more start at one edge."""
    block: list[LayoutLine] = []
    for band in bands:
        starts = [ln for ln in band if keep(ln)]
        if starts:
            block.append(min(starts, key=lambda ln: ln.bbox[0]))
    if len(block) < 2 or max(ln.bbox[0] for ln in block) - min(ln.bbox[0] for ln in block) > _ALIGN_PT:
        return None
    return block


def _level(block: list[LayoutLine], rows: list[Band]) -> int:
    """How many of the block's lines stand level with a line of ``rows``."""
    tops = [ln.bbox[1] for band in rows for ln in band]
    return sum(1 for ln in block if any(abs(ln.bbox[1] - t) <= _LEVEL_EM * font_size(ln) for t in tops))


def _paired(rows: list[Band], cuts: Cuts) -> int:
    return sum(1 for band in rows if len(band_cells(band, cuts)) >= 2)


def _block_after(bands: list[Band], cuts: Cuts) -> list[tuple[bool, list[Band]]] | None:
    cut = cuts[1]
    # (looked at first, as most regions of three columns, tables, fail here)
    block = _block_lines(bands, lambda ln: (ln.bbox[0] + ln.bbox[2]) / 2 >= cut)
    if block is None:
        return None
    left, right = split_bands(bands, cut)
    rows = value_rows(left, cuts[:1], coded=0.5)
    if rows is None or rows[0].kind != "flow":
        return None
    level = _level(block, left)
    if level == len(block) or level >= _paired(left, cuts[:1]):
        return None
    return [(True, left), (False, right)]


def _block_before(bands: list[Band], cuts: Cuts) -> list[tuple[bool, list[Band]]] | None:
    cut = cuts[0]
    block = _block_lines(bands, lambda ln: (ln.bbox[0] + ln.bbox[2]) / 2 < cut)
    if block is None:
        return None
    left, right = split_bands(bands, cut)
    rows = value_rows(right, cuts[1:])
    if rows is None or rows[0].kind != "flow":
        return None
    paired = _paired(right, cuts[1:])
    if _level(block, right) >= paired or block[-1].bbox[1] >= _last_paired_top(right, cuts[1:]):
        return None
    return [(False, left), (True, right)]


def _last_paired_top(rows: list[Band], cuts: Cuts) -> float:
    return max((band.top for band in rows if len(band_cells(band, cuts)) >= 2), default=0.0)


# A form's field label alone on its line: a few words and a colon, then a fill-in field of
# underscores or nothing ("Order No:____", "Client Email:").
_FIELD_RE = re.compile(r"^[^\s_:][^_:]*:\s*_*$")


def label_stacks(bands: list[Band], cuts: Cuts) -> tuple[list[Band], list[list[Band]], list[Band]] | None:
    """Stacks of field labels side by side, cut apart: (the bands above them, each stack's
    bands in reading order, the bands below them); else None.

    A form's fields set in two blocks (an order's fields at the left, its client's at the
    right) share rows by chance: read row by row they interleave ("Order No: Client
    Name:"); a reader reads each block top to bottom, the left one first. A run of bands
    whose every line is a field label (:data:`_FIELD_RE`) makes stacks when the gutter
    parts each of its rows (no line across a cut), every column holds two labels or more
    starting at one edge, and one stack runs on past another: the rows with a label in
    every column follow one another, and a row above or below them has a label on some
    sides only. Stacks of equal length are a form's rows, read row by row as those with
    values are ("Name: ...   Date: ..." over "Phone: ...   Ref: ...", form_rows.py; a field
    grid's "Street:" beside "House nr:", then "Postcode:" beside "City:"). A label with a
    value beside it is no stack (value_rows)."""
    if not cuts or len(bands) < 2:
        return None
    run = _field_run(bands, cuts)
    if run is None:
        return None
    start, end = run
    stacks: dict[int, list[Band]] = {}
    full: list[int] = []
    for i, band in enumerate(bands[start:end]):
        cells = band_cells(band, cuts)
        if len(cells) > len(cuts):
            full.append(i)
        for col, lns in cells.items():
            stacks.setdefault(col, []).append(make_band(lns))
    if len(stacks) < 2 or len(full) == end - start or full[-1] - full[0] != len(full) - 1:
        return None
    for stack in stacks.values():
        edges = [ln.bbox[0] for band in stack for ln in band]
        if len(stack) < 2 or max(edges) - min(edges) > _ALIGN_PT:
            return None
    order = sorted(stacks, reverse=mostly_rtl(bands))
    return bands[:start], [stacks[col] for col in order], bands[end:]


def _field_run(bands: list[Band], cuts: Cuts) -> tuple[int, int] | None:
    """The first run of bands made of field labels alone, each in one column, with two
    rows or more of labels in every column: (its first band, the band after its last)."""
    start = paired = 0
    for i, band in enumerate([*bands, None]):
        fields = band is not None and all(
            _FIELD_RE.match(ln.text.strip()) is not None
            and len(ln.text.split(":")[0].split()) <= _MAX_LABEL_WORDS
            and bisect.bisect_left(cuts, ln.bbox[0]) == bisect.bisect_left(cuts, ln.bbox[2])
            for ln in band
        )
        if fields and band is not None:
            paired += len(band_cells(band, cuts)) > len(cuts)
            continue
        if paired >= 2:
            return start, i
        start, paired = i + 1, 0
    return None
