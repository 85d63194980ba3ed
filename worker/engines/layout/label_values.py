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

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, Region, font_size
from worker.engines.layout.patterns import AMOUNT_RE
from worker.engines.layout.tables import mostly_rtl

_LEVEL_EM = 0.12  # a label's top this close (ems) to its value's stands on its row
_APART_EM = 0.8  # a blank this tall (ems) over a row sets it apart from the one above
_MAX_LABEL_WORDS = 6  # a label is a few words ("Named Insured's Mailing Address:")
_MIN_TABLE_ROWS = 3  # label/amount rows set apart that make a table of their own
_CURRENCY = frozenset("$€£¥")


def value_rows(bands: list[Band], cuts: Cuts) -> list[Region] | None:
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
    paired = apart_rows = amounts = 0
    prev_bottom: float | None = None
    for band in bands:
        cells = band.cells.get(cuts) or band_cells(band, cuts)
        if first not in cells:
            if not paired:
                return None  # a value column's text above every label: a block beside
        elif value in cells:
            label = cells[first]
            size = font_size(label[0])
            top = cells[value][0].bbox[1]
            if any(abs(ln.bbox[1] - top) > _LEVEL_EM * size for ln in label):
                return None  # a label of two lines, or one beside a value's second line
            text = " ".join(ln.text for ln in label).strip()
            if len(text.split()) > _MAX_LABEL_WORDS:
                return None
            apart = prev_bottom is None or band.top - prev_bottom >= _APART_EM * size
            if not apart and not text.endswith(":"):
                return None
            paired += 1
            apart_rows += apart
            amounts += _amount(" ".join(ln.text for ln in cells[value]))
        prev_bottom = band.bottom
    if paired < 2:
        return None
    if paired >= _MIN_TABLE_ROWS and apart_rows == paired and 2 * amounts >= paired:
        return [Region("table", bands, cuts)]
    return [Region("flow", bands)]


def _amount(text: str) -> bool:
    """An amount, or a currency sign with its amount left blank ("$")."""
    words = text.split()
    return bool(words) and all(w in _CURRENCY or AMOUNT_RE.match(w) for w in words)
