"""Blocks of details set side by side (tables.py asks): a letterhead's footer or an
invoice's client and buyer blocks, each a column of its own "Label: value" lines, are
columns of text, not a table's columns, even when their lines meet row by row."""

from __future__ import annotations

import itertools
import re

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine, runs_on, split_bands
from worker.engines.layout.table_rows import indented_under, is_figure, mostly_rtl

# A label runs to this many characters after its first letter: "Overdue interest",
# "Registration number" and the like fit; a sentence that happens to hold a colon does not.
_LABEL_CHARS = 28
# "Phone: +372 ...", "Reg. No.: 302991474", "IBAN: EE24...": a short label with its colon
# and a value after it, in one cell. (A time, "12:30", has no letter before its colon.)
_KEYED = re.compile(rf"^\s*([^\W\d_][^:]{{0,{_LABEL_CHARS}}}?)\s*:\s+\S")
# A block of details labels two lines or more, each with a label of its own: one label
# repeated is a table column's note, not a block's labels.
_MIN_KEYS = 2
# ... and at least this share of its lines (an address block's "Phone:" and "E-mail:"
# under four lines of address); a rare "Note:" in a long column of text is no block.
_KEYED_SHARE = 0.25
# "BILL TO:", "Ship to:", "Service address:": a block's head, a short label alone on its line.
_HEAD = re.compile(rf"^\s*[^\W\d_][^:]{{0,{_LABEL_CHARS}}}:\s*$")
# "Label: | value" rows in cells of their own beside another block: three rows or more
# (two side-by-side blocks can meet on two rows of a table by chance).
_MIN_PAIR_KEYS = 3
# Points a line under the grid may stand beyond the grid's widest line spacing and still
# be a block's last line: rounding in the producer's baselines, not a gap.
_PITCH_SLACK = 1.0


def _key(text: str) -> str | None:
    found = _KEYED.match(text)
    return found.group(1).casefold() if found else None


def detail_blocks(bands: list[Band], start: int, end: int, cuts: Cuts) -> tuple[int, list[list[Band]]] | None:
    """The grid ``bands[start:end]`` and the lines that end its blocks under it, cut into
    its blocks side by side in reading order (left to right, or right to left on a page
    whose text reads that way), when a column of it is a block of details
    (:func:`_detail_columns`): (the end of what was cut, the blocks); else None.

    It is cut at the boundaries on either side of each such column: the blocks beside
    it (a date and terms block of "Label | value" rows beside the client's address) are
    read on their own, row by row, as they would be with no address beside them. The
    lines alone under the grid at its line pitch are the longest block's last lines
    (the grid ends with the last row where two blocks meet)."""
    end = _tail(bands, start, end, cuts)
    grid = bands[start:end]
    found = _detail_columns(grid, cuts) or _headed_columns(grid, cuts)
    if found:
        at = sorted({cuts[c] for c in found if c < len(cuts)} | {cuts[c - 1] for c in found if c > 0})
    else:
        pair = _label_pair(grid, cuts)
        if pair is None:
            return None
        at = [cuts[c] for c in (pair - 1, pair + 1) if 0 <= c < len(cuts)]
    bands = grid
    parts: list[list[Band]] = []
    rest = bands
    for cut in at:
        left, rest = split_bands(rest, cut)
        parts.append(left)
    parts.append(rest)
    if mostly_rtl(grid):
        # The block at the right is read first on a right-to-left page, as its columns
        # are (columns.py).
        parts.reverse()
    return end, [p for p in parts if p]


def _tail(bands: list[Band], start: int, end: int, cuts: Cuts) -> int:
    """The end of the grid ``bands[start:end]`` with the one-cell lines right under it at
    no more than its widest line spacing, or going on down their column at its own
    spacing and edge (model.runs_on): a block set a little off the rows of a shorter
    one beside it shares bands with it, and the bands' spacing is none of its own."""
    spacing = max((b.top - a.bottom for a, b in itertools.pairwise(bands[start:end])), default=0.0)
    columns: dict[int, list[LayoutLine]] = {}
    for band in bands[start:end]:
        for col, lns in band_cells(band, cuts).items():
            columns.setdefault(col, []).extend(lns)
    while end < len(bands):
        cells = band_cells(bands[end], cuts)
        if len(cells) != 1:
            break
        ((col, lns),) = cells.items()
        column = columns.setdefault(col, [])
        if bands[end].top - bands[end - 1].bottom > spacing + _PITCH_SLACK and not runs_on(column, lns):
            break
        column.extend(lns)
        end += 1
    return end


def _detail_columns(bands: list[Band], cuts: Cuts) -> list[int]:
    """The columns of the grid that are blocks of details: two of their lines or more, and
    a quarter of them, carry their own labels, and these labels differ ("Phone: ...",
    "E-mail: ..."; a note now and then in a long column of descriptions is no label),
    and no other line of theirs is a figure: a block of details holds lines of text (an
    address), where a table's column of figures may have keyed details over it ("Cost
    centre: 4410" over a table's miles, the two sharing its gutters).

    A table's column has its label once, in its header; its cells hold values. A block
    of details beside another (a company's address beside its phone and registry numbers,
    a bank's SWIFT code over its IBAN) labels every line, each with its own label.

    A labelled line indented under the unlabelled line above it is no block's: it is a
    note under an entry's first line in a table's cell ("You sold" over "LT loss:
    $8,781.90"), where a block's labels start (or end) its lines at the block's edge."""
    keys: dict[int, set[str]] = {}
    keyed: dict[int, int] = {}
    lines: dict[int, int] = {}
    figured: set[int] = set()
    rtl = mostly_rtl(bands)
    leads: dict[int, LayoutLine] = {}  # each column's last line with no label
    for band in bands:
        for col, lns in band_cells(band, cuts).items():
            lines[col] = lines.get(col, 0) + len(lns)
            for ln in lns:
                key = _key(ln.text)
                if key is None:
                    leads[col] = ln
                elif col in leads and indented_under(ln, leads[col], rtl):
                    key = None
                if key is not None:
                    keys.setdefault(col, set()).add(key)
                    keyed[col] = keyed.get(col, 0) + 1
                elif is_figure(ln.text):
                    figured.add(col)
    return sorted(
        col
        for col, found in keys.items()
        if len(found) >= _MIN_KEYS and keyed[col] >= _KEYED_SHARE * lines[col] and col not in figured
    )


def _label_pair(bands: list[Band], cuts: Cuts) -> int | None:
    """The key column of a "Label: | value" block set beside another block in the grid,
    the values in the column after it: _MIN_PAIR_KEYS labels or more, each alone in its
    cell with its colon (a head over them, the grid's first row, may have none), all
    different, each with a value beside it; the columns either side of the pair hold two
    such labels at most one (another block: an address beside an invoice's details, a
    boxed "Amount due:" beside the client's references) and no column of figures (a
    table's amounts, or its row numbers before a column of labels); else None.

    A table's column names its values once, in its header; a label column inside a
    table would repeat that, and the blocks' own lines would meet only by chance."""
    n = len(cuts) + 1
    if n < 3 or len(bands) < _MIN_PAIR_KEYS:
        return None
    rows = [band_cells(band, cuts) for band in bands]

    def text(row: dict[int, list[LayoutLine]], col: int) -> str:
        return " ".join(ln.text for ln in row.get(col, [])).strip()

    for col in range(n - 1):
        cells = [(i, text(r, col), text(r, col + 1)) for i, r in enumerate(rows) if text(r, col)]
        labels = [(t, v) for i, t, v in cells if i > 0 or _HEAD.match(t)]
        if (
            len(labels) < _MIN_PAIR_KEYS
            or not all(_HEAD.match(t) and v for t, v in labels)
            or len({t.casefold() for t, _ in labels}) != len(labels)
        ):
            continue
        others = [c for c in range(n) if c not in (col, col + 1)]
        keyed = sum(1 for r in rows for c in others if _HEAD.match(text(r, c)))
        figures = [sum(1 for r in rows if is_figure(text(r, c))) for c in others]
        if keyed <= 1 and max(figures) <= 1 and any(text(r, c) for r in rows for c in others):
            return col
    return None


def _headed_columns(bands: list[Band], cuts: Cuts) -> list[int]:
    """Every column of the grid, where each is a block headed by a label of its own alone
    on its first line ("BILL TO:", "SHIP TO:", "SERVICE ADDRESS:" over three addresses)
    with lines of text under it, and none holds a figure; else none.

    Addresses set side by side meet row by row, but each is read whole: a table's header
    names a column of values, and does not end in a colon as a label before its value
    does."""
    if len(bands) < 2 or not cuts:
        return []
    head = band_cells(bands[0], cuts)
    if len(head) != len(cuts) + 1:
        return []
    if any(len(lns) != 1 or not _HEAD.match(lns[0].text) for lns in head.values()):
        return []
    for band in bands[1:]:
        for lns in band_cells(band, cuts).values():
            if any(is_figure(ln.text) or _HEAD.match(ln.text) for ln in lns):
                return []
    return sorted(head)
