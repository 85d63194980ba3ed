"""Row marks: a form's line numbers ("2", "3", "4", "5a", "b"), an outline's, a list's
bullets, set in a column of their own before (or after) the lines they mark. They are no
column of text to read before the text beside it: each belongs to the line it stands on."""

from __future__ import annotations

import re

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine
from worker.engines.layout.patterns import BULLETS
from worker.engines.layout.tables import mostly_rtl

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
