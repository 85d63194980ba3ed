"""A ruled grid's text by cell (grids.py places the lines): a line that runs across a
column rule cut there by its words, a word drawn across a rule cut at it, and a cell's
lines read as one text."""

from __future__ import annotations

import bisect

from common.documents.results import Word
from worker.engines.layout.cell_joins import wrapped
from worker.engines.layout.model import LayoutLine
from worker.engines.layout.table_rows import unbulleted
from worker.engines.layout.tables import mostly_rtl


def split_at_rules(ln: LayoutLine, xs: list[float]) -> list[LayoutLine]:
    """A line that runs across a vertical rule (two cells' text close enough to read as one
    fragment) cut there, by its words."""
    x0, top, x1, bottom = ln.bbox
    inner = [x for x in xs if x0 + 1.0 < x < x1 - 1.0]
    if not inner or not ln.words:
        return [ln]
    words = [piece for w in ln.words for piece in _split_word(w, inner)]
    groups: dict[int, list[Word]] = {}
    for w in words:
        groups.setdefault(bisect.bisect_left(inner, (w.bbox[0] + w.bbox[2]) / 2), []).append(w)
    if len(groups) == 1:
        return [ln]
    out: list[LayoutLine] = []
    for k in sorted(groups):
        ws = groups[k]
        box = (min(w.bbox[0] for w in ws), top, max(w.bbox[2] for w in ws), bottom)
        text = " ".join(w.text for w in ws)
        out.append(
            LayoutLine(text=text, bbox=box, size=ln.size, bold=ln.bold, confidence=ln.confidence, words=ws)
        )
    return out


def _split_word(w: Word, inner: list[float]) -> list[Word]:
    """A "word" drawn across a rule is two cells' text that the PDF put no space between
    (pdfium then reads one word): cut it at the rule, its characters shared out by width,
    since a word's own glyph boxes are not kept."""
    wx0, wtop, wx1, wbottom = w.bbox
    cuts = [x for x in inner if wx0 + 1.0 < x < wx1 - 1.0]
    if not cuts or len(w.text) < 2:
        return [w]
    out: list[Word] = []
    text, start, at = w.text, wx0, 0
    n = len(text)
    for x in cuts:
        k = min(max(round(n * (x - wx0) / (wx1 - wx0)), at + 1), n - 1)
        if k <= at:
            continue
        out.append(Word(text=text[at:k], bbox=(start, wtop, x, wbottom), confidence=w.confidence))
        start, at = x, k
    out.append(Word(text=text[at:], bbox=(start, wtop, wx1, wbottom), confidence=w.confidence))
    return out


def cell_text(lns: list[LayoutLine]) -> str:
    """A cell's lines read top to bottom (left to right on one row), as one text; a word
    hyphenated at a line's end is joined again, a compound's hyphen kept (cell_joins.wrapped)."""
    lns.sort(key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    rows: list[list[LayoutLine]] = []
    for ln in lns:
        if rows:
            last = rows[-1][-1]
            if ln.bbox[1] < last.bbox[3] - 0.5 * (last.bbox[3] - last.bbox[1]):
                rows[-1].append(ln)
                continue
        rows.append([ln])
    text = ""
    rtl = mostly_rtl([lns])  # a row's lines read from the right
    for row in rows:
        row.sort(key=lambda ln: -ln.bbox[2] if rtl else ln.bbox[0])
        part = " ".join(unbulleted(ln.text) for ln in row)
        text = wrapped(text, part)
    return text


def turned_labels(pieces: list[LayoutLine], xs: list[float]) -> tuple[list[LayoutLine], list[float]]:
    """The sideways lines that are all the first or last ruled column holds, and the
    column boundaries without that column's inner side: labels set down the side of the
    grid (a timetable's fare zones, each beside its group of rows) are no column of
    cells, and the header cell drawn across the band heads the column beside it. A
    turned head over a column of cells is that column's head, and stays."""
    cols: dict[int, list[LayoutLine]] = {}
    for p in pieces:
        cols.setdefault(bisect.bisect_left(xs, (p.bbox[0] + p.bbox[2]) / 2), []).append(p)
    for c, inner in ((1, 1), (len(xs) - 1, len(xs) - 2)):
        lns = cols.get(c, [])
        if len(xs) > 3 and lns and all(ln.turned for ln in lns):
            return lns, xs[:inner] + xs[inner + 1 :]
    return [], xs
