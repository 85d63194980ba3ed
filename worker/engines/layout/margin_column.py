"""A narrow column of labels over values in the page's left margin, beside the body
(a council document's "Datum:" over "18-12-2024", "Auteur:" over a name), set apart
from the body and read after it (page.py).

Word and other office exports of letters, bylaws and council lists set the document's
metadata in a narrow column left of the body, its lines at heights of their own. Read
with the body, its lines fall wherever they stand: between the body's paragraphs, before
a ruled table that starts lower (the table is placed after what lies wholly left of it),
or as an extra first column of a list whose rows run down beside it. A reader takes the
body first and turns to the margin after; so do the references (twelve's sidebars).
"""

from __future__ import annotations

from collections.abc import Sequence

from common.documents.results import BBox
from worker.engines.layout.model import LayoutLine, font_size
from worker.engines.layout.table_rows import mostly_rtl

_EDGE_PT = 1.5  # lines starting this close to the page's leftmost text share its edge
_MIN_LINES = 3  # a margin column holds this many lines at least
_MAX_SHARE = 0.25  # its lines are at most this share of the text's width
_GUTTER_EM = 1.5  # the blank between a margin line and body text level with it (ems)
_MAX_LEVEL = 0.3  # lines level with a body line, at most this share: not a form's rows
_LEVEL_EM = 0.15  # two lines are level when their tops and bottoms meet within this many ems
_MIN_BODY_CHARS = 2  # the body holds this many times the margin's characters at least


def margin_column(lines: Sequence[LayoutLine]) -> tuple[list[LayoutLine], list[LayoutLine]] | None:
    """(margin, body): the lines of a narrow column at the page's left edge beside the
    body, or None.

    The column is every line that starts at the leftmost text edge, three or more, each
    at most a quarter of the text's width, their print no larger than the body's and not
    mostly bold (a side heading stands out). It stands beside the body: the body starts
    above it and ends under it, half its lines at least have body text level with them
    across a gutter no body line crosses, and few stand level with a body line (a form's
    labels, a table's first column and a list's numbers stand level with their rows).
    """
    if len(lines) < 2 * _MIN_LINES:
        return None
    edge = min(ln.bbox[0] for ln in lines)
    margin = [ln for ln in lines if ln.bbox[0] <= edge + _EDGE_PT]
    if len(margin) < _MIN_LINES or len(margin) == len(lines):
        return None
    body = [ln for ln in lines if ln.bbox[0] > edge + _EDGE_PT]
    width = max(ln.bbox[2] for ln in lines) - edge
    if any(ln.bbox[2] - ln.bbox[0] > _MAX_SHARE * width for ln in margin):
        return None
    top = min(ln.bbox[1] for ln in margin)
    bottom = max(ln.bbox[3] for ln in margin)
    size = _print(margin)
    if min(ln.bbox[1] for ln in body) > top - size or max(ln.bbox[3] for ln in body) < bottom + size:
        return None  # not beside the body: a column down the page's whole height, or under it
    if sum(len(ln.text) for ln in body) < _MIN_BODY_CHARS * sum(len(ln.text) for ln in margin):
        return None
    if size > _print(body) or 2 * sum(ln.bold for ln in margin) > len(margin):
        return None
    beside = level = 0
    for ln in margin:
        row = [b for b in body if b.bbox[1] < ln.bbox[3] and ln.bbox[1] < b.bbox[3]]
        if not row:
            continue
        beside += 1
        em = font_size(ln)
        if min(b.bbox[0] for b in row) - ln.bbox[2] < _GUTTER_EM * em:
            return None
        tol = _LEVEL_EM * em
        level += any(abs(b.bbox[1] - ln.bbox[1]) <= tol and abs(b.bbox[3] - ln.bbox[3]) <= tol for b in row)
    if 2 * beside < len(margin) or level > _MAX_LEVEL * len(margin):
        return None
    if mostly_rtl([lines]):
        return None  # a right-to-left page's margin is on its right
    return margin, body


def beside_table(
    lines: Sequence[LayoutLine], everything: Sequence[LayoutLine], tables: Sequence[BBox]
) -> tuple[list[LayoutLine], list[LayoutLine]] | None:
    """(column, rest): the lines of a narrow column left of a ruled table that runs down
    the column's whole height, or None. ``lines``: the page's lines outside its ruled
    tables; ``everything``: with the tables' lines; ``tables``: the tables' boxes.

    A timetable's stop list and its notes, a price list's conditions: a sidebar set
    beside a page's one dominant table, its lines at heights of their own (a blank
    stretch between its top and its foot), is read after the table and the lines under
    it, as a margin column is. Laid out with the page, its lines go before the table
    (what lies wholly left of a table is read first: a left column beside it). The
    column is every line left of the table within its height, three or more, over half
    the table's height, at most half as wide as the table, with few lines level with the
    table's rows (a row's label outside the grid stands level with its row)."""
    for x0, top, x1, bottom in tables:
        tall = bottom - top
        side = [ln for ln in lines if ln.bbox[2] <= x0 and top - 1 <= ln.bbox[1] <= ln.bbox[3] <= bottom + 1]
        if len(side) < _MIN_LINES or any(
            ln.bbox[0] < x0 and ln.bbox[2] > x0 and ln.bbox[3] > top and ln.bbox[1] < bottom for ln in lines
        ):
            continue  # a line across the table's left edge: no column apart
        span = max(ln.bbox[3] for ln in side) - min(ln.bbox[1] for ln in side)
        wide = max(ln.bbox[2] for ln in side) - min(ln.bbox[0] for ln in side)
        if 2 * span < tall or 2 * wide > x1 - x0:
            continue
        ids = {id(ln) for ln in side}
        inside = [ln for ln in everything if id(ln) not in ids and ln.bbox[1] < bottom and ln.bbox[3] > top]
        level = 0
        for ln in side:
            tol = _LEVEL_EM * font_size(ln)
            level += any(
                abs(b.bbox[1] - ln.bbox[1]) <= tol and abs(b.bbox[3] - ln.bbox[3]) <= tol for b in inside
            )
        if level > _MAX_LEVEL * len(side) or mostly_rtl([list(lines)]):
            continue
        return side, [ln for ln in lines if id(ln) not in ids]
    return None


def _print(lines: Sequence[LayoutLine]) -> float:
    """The lines' print size, weighted by their characters."""
    chars = sum(len(ln.text) for ln in lines) or 1
    return sum(font_size(ln) * len(ln.text) for ln in lines) / chars
