"""Row marks: a form's line numbers ("2", "3", "4", "5a", "b"), an outline's, a list's
bullets, set in a column of their own before (or after) the lines they mark. They are no
column of text to read before the text beside it: each belongs to the line it stands on."""

from __future__ import annotations

import re

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine
from worker.engines.layout.patterns import BULLETS
from worker.engines.layout.table_rows import is_figure, mostly_rtl

# A row's number: "6", "5a", "b", "12.", "(3)".
_LINE_NUMBER_RE = re.compile(r"^\(?(\d{1,3})?([a-z])?[.)]?$")
_MAX_MARK = 6  # the longest a row mark can be: "(123a)" (a bullet is one character)


def line_numbers(texts: list[str]) -> bool:
    """Whether a column's entries number its rows: short labels, two numbers at least,
    that go up one at a time (the same number again only for its next part, "5a" then
    "5b"; a letter alone, "b", is a part of the number above)."""
    nums: list[int] = []
    for text in texts:
        m = _LINE_NUMBER_RE.match(text.strip())
        if m is None or not (m.group(1) or m.group(2)):
            return False
        if m.group(1):
            n = int(m.group(1))
            if nums and not (n == nums[-1] + 1 or (n == nums[-1] and m.group(2))):
                return False
            nums.append(n)
    return len(nums) >= 2


def _marks(texts: list[str]) -> bool:
    return line_numbers(texts) or (bool(texts) and all(len(t) == 1 and t in BULLETS for t in texts))


def unmarked_cuts(bands: list[Band], cuts: Cuts) -> Cuts:
    """``cuts`` without those that set a column of row marks apart (:func:`line_numbers`,
    or bullets set a tab before their items) from the column of text it marks: the one
    after it (before it, right to left; for the last column, the one before), each mark
    level with text there. Read column by column, a form's numbered lines give all the
    numbers, then all the lines; a list, all its bullets, then its items."""
    if not cuts:
        return cuts
    ncols = len(cuts) + 1
    texts: dict[int, list[str]] = {}
    # Columns with an entry longer than any mark are no column of marks: their texts are
    # not gathered further (most columns: the first row's text says so).
    dead: set[int] = set()
    cells_of: list[dict[int, list[LayoutLine]]] = []
    for band in bands:
        cells = band_cells(band, cuts)
        cells_of.append(cells)
        for col, lns in cells.items():
            if col in dead:
                continue
            text = " ".join(ln.text.strip() for ln in lns)
            if len(text.strip()) > _MAX_MARK:
                dead.add(col)
                texts.pop(col, None)
                continue
            texts.setdefault(col, []).append(text)
    marks = [col for col, column in texts.items() if _marks(column)]
    if not marks:
        return cuts
    step = -1 if mostly_rtl(bands) else 1
    drop: set[int] = set()
    for col in marks:
        for other in (col + step, col - step):
            if 0 <= other < ncols and all(other in cells for cells in cells_of if col in cells):
                drop.add(min(col, other))  # the cut between the two columns
                break
    return tuple(c for i, c in enumerate(cuts) if i not in drop) if drop else cuts


# Numbered text read as a table, or not: a column of clause numbers or codes before
# paragraphs is a numbering of the rows, not a column of data (tables.py, segment.py).
_NUMBER_CHARS = 10  # a clause number or code ("1.2.1", "T.62 bis"), not a figure of data


def numeric_column(bands: list[Band], cuts: Cuts) -> bool:
    """Whether a column of the grid holds figures (half its cells under the first row or
    more), other than a numbering: see :func:`_numbering`."""
    cols: dict[int, list[bool]] = {}
    for band in bands[1:]:  # the first row may be the header
        for col, lns in band_cells(band, cuts).items():
            text = lns[0].text if len(lns) == 1 else " ".join(ln.text for ln in lns)
            cols.setdefault(col, []).append(is_figure(text))
    figures = [c for c, v in cols.items() if len(v) >= 2 and sum(v) * 2 >= len(v)]
    return bool(figures) and not _numbering(bands, cuts, figures, cols)


def _numbering(bands: list[Band], cuts: Cuts, figures: list[int], cols: dict[int, list[bool]]) -> bool:
    """Whether the grid's only column of figures is a numbering of the text beside it:
    two columns, the figures in the one its lines start from (left; right to left, the
    right), and not one figure in the other. Clause numbers or codes hung before their
    paragraphs ("1.1.1 Recommendation T.6 defines ...", "T.503 A document application
    profile ...") line up as a column beside text, but a table's figures are its data,
    set after the labels its rows start with."""
    if len(cuts) != 1 or len(figures) != 1:
        return False
    lead = 1 if mostly_rtl(bands) else 0
    return figures[0] == lead and not any(cols.get(1 - lead, []))


def numbered_rows(bands: list[Band], cuts: Cuts) -> bool:
    """Whether a region of two columns is numbered text, to be read row by row: in three
    rows or more a number or code stands before text with no figure (:func:`_numbering`),
    and no row pairs anything else (the lines across the gutter, a paragraph's wrapped
    lines under its number, go with them)."""
    if len(cuts) != 1:
        return False
    lead = 1 if mostly_rtl(bands) else 0
    numbered = 0
    for band in bands:
        cells = band_cells(band, cuts)
        if len(cells) < 2:
            continue
        number = " ".join(ln.text for ln in cells.get(lead, []))
        text = " ".join(ln.text for ln in cells.get(1 - lead, []))
        if not _number(number) or is_figure(text):
            return False
        numbered += 1
    return numbered >= 3


def _number(text: str) -> bool:
    """Whether a cell's text is a clause number or a code ("1.2.1", "T.62 bis", "F. 161"):
    short, of two words at most, with a digit."""
    return len(text) <= _NUMBER_CHARS and len(text.split()) <= 2 and any(map(str.isdigit, text))
