"""Rows of a form that a gutter runs through: a label and its value, a question and its
answer options, side by side on one row and read together (columns.py asks)."""

from __future__ import annotations

import itertools
from collections import Counter

from common.documents.results import BBox
from worker.engines.layout.cover import band_cells
from worker.engines.layout.flows import hanging_number
from worker.engines.layout.model import Band, Cuts, LayoutLine, Row, font_size
from worker.engines.layout.patterns import AMOUNT_RE, INLINE_LABEL_RE
from worker.engines.layout.tables import mostly_rtl
from worker.engines.layout.thresholds import SPLIT_GAP_EM

_LEVEL_EM = 0.12  # tops or bottoms this close (ems) stand on one row
_APART_EM = 0.8  # rows further apart than this (ems) are separate entries, not a paragraph's lines
_MIN_ANSWER_ROWS = 3  # rows that show a column of answer options
_MAX_ANSWER_WORDS = 3  # an answer cell: an option or two and a "what?" to fill in
_SHARED_HEIGHT = 0.75  # of the shorter line's height: lines this much side by side are level


def form_rows(bands: list[Band], cuts: Cuts, prose: int) -> bool:
    """Whether the columns that ``cuts`` make in ``bands`` are the halves of a form's rows.

    A gutter runs between a form's labels and their values ("Named Insured   J. Smith")
    and between its questions and their answers ("Did you ...?   yes  no"): each row's
    cells stand level, and read column by column every value would be torn from its
    label. They are rows of a form when every row with text beside the first column has
    a cell in it, level with the rest (lines alone on their row are the first column's:
    a heading, a wrapped label), and either

    - no column is running text and the rows stand apart, a blank line or more between
      them (two lists or addresses side by side go on at a paragraph's leading), or
    - one column is running text and another, beside it on three rows or more, holds a
      few words on each that mostly begin alike: the same options offered on every row.

    A right-to-left form also sets a field's further details under it, labelled ("Other:
    ... Country: ... Number: ..." under "Citizen: ID no"): a row whose first cell, its
    rightmost, is a label starts in a column of its own, and so may a lone label.

    ``prose``: prose_columns(bands, cuts), which the caller has at hand.
    """
    if prose >= 2:
        return False
    rtl = mostly_rtl(bands)
    first = len(cuts) if rtl else 0
    paired: list[dict[int, list[LayoutLine]]] = []
    rows: list[Band] = []
    for band in bands:
        cells = band_cells(band, cuts)
        lead = first
        if first not in cells:
            lead = max(cells)
            if not rtl or not _label(cells[lead]):
                return False
        if len(cells) == 1:
            continue
        if not _level(cells, lead):
            return False
        paired.append(cells)
        rows.append(band)
    if len(paired) < 2:
        return False
    if prose == 0:
        size = font_size(rows[0][0])
        return all(b.top - a.bottom >= _APART_EM * size for a, b in itertools.pairwise(rows))
    return len(paired) >= _MIN_ANSWER_ROWS and any(
        _answers(paired, col) for col in range(len(cuts) + 1) if col != first
    )


def label_rows(bands: list[Band], cuts: Cuts, prose: int) -> bool:
    """Whether ``bands`` are a form's label/value rows (:func:`form_rows`, no running text)
    that are text, not a table: one gutter, and values that are not amounts. (A total's
    label and its amount, "VAT 20%   128.66", are a grid's row.)"""
    if len(cuts) != 1 or prose != 0 or not form_rows(bands, cuts, prose):
        return False
    value = 0 if mostly_rtl(bands) else 1
    amounts = values = 0
    for band in bands:
        lns = band_cells(band, cuts).get(value)
        if lns is not None:
            values += 1
            amounts += all(AMOUNT_RE.match(w) for ln in lns for w in ln.text.split())
    return 2 * amounts < values


def _label(lines: list[LayoutLine]) -> bool:
    """Whether a right-to-left cell (its lines left to right) opens with a field's label:
    "X:" alone or before its value; a text layer that gives the line in visual order puts
    a lone label's colon first (":X"), at its left end, where the label ends."""
    text = " ".join(ln.text for ln in reversed(lines)).strip()
    return text.endswith(":") or text.startswith(":") or INLINE_LABEL_RE.match(text) is not None


def _level(cells: dict[int, list[LayoutLine]], first: int) -> bool:
    """Whether each cell's first line stands level with the first column's: tops or
    bottoms together, or (text set by hand over a form printed as a picture, a point or
    two off its neighbours) the two lines sharing most of their height. Lines a
    paragraph's leading apart share none of it."""
    _, top, _, bottom = cells[first][0].bbox
    tol = _LEVEL_EM * font_size(cells[first][0])
    return all(
        abs(lns[0].bbox[1] - top) <= tol
        or abs(lns[0].bbox[3] - bottom) <= tol
        or _shared_height(lns[0].bbox, top, bottom) >= _SHARED_HEIGHT
        for col, lns in cells.items()
        if col != first
    )


def _shared_height(box: BBox, top: float, bottom: float) -> float:
    """The part of the lower of two lines' heights that they share."""
    shared = min(box[3], bottom) - max(box[1], top)
    return shared / max(min(box[3] - box[1], bottom - top), 1e-6)


def _answers(paired: list[dict[int, list[LayoutLine]]], col: int) -> bool:
    """Whether column ``col`` holds answer options on every row: a few words each, most
    of them beginning with the same word."""
    starts: list[str] = []
    for cells in paired:
        lns = cells.get(col)
        if lns is None:
            return False
        words = " ".join(ln.text for ln in lns).split()
        if not words or len(words) > _MAX_ANSWER_WORDS:
            return False
        starts.append(words[0].casefold())
    _, most = Counter(starts).most_common(1)[0]
    return 3 * most >= 2 * len(starts)


def cell_rows(prev: Row, row: Row) -> bool:
    """Whether ``prev`` and ``row``, consecutive rows of a flow, are rows of cells set
    apart at the same place (a question and its options, a label and its value: a gap
    of a cell's width between two words, level with one in the other row). Each is a
    line of its own, not a paragraph's wrapped line (blocks.flow_protos). (The gap after
    a form's line number is no cell's: its lines wrap under their words.)"""
    gaps = _gaps(prev)
    if not gaps:  # most rows: prose, no gap a cell's width
        return False
    row_gaps = _gaps(row)  # read once, not once per gap of prev
    return any(a0 < b1 and b0 < a1 for a0, a1 in gaps for b0, b1 in row_gaps)


def _gaps(row: Row) -> list[tuple[float, float]]:
    if len(row.words) < 2:
        return []
    gap = SPLIT_GAP_EM * row.size
    words = row.words[1:] if hanging_number(row) else row.words
    # The words go in reading order: a right-to-left row's next word is left of the last.
    out = []
    for a, b in itertools.pairwise(words):
        left, right = (a, b) if b.bbox[0] >= a.bbox[0] else (b, a)
        if right.bbox[0] - left.bbox[2] >= gap:
            out.append((left.bbox[2], right.bbox[0]))
    return out
