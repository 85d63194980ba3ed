"""Key/value blocks set side by side (tables.py asks): an invoice's client block ("Klient |
FLIIS TRADE OÜ", its address run on under the name) beside its dates block ("Arve
kuupäev | 29.05.2026"), or a letterhead footer's registry numbers beside its bank
details, each a column of unlabelled keys and a column of values. Set at one line pitch,
their lines meet row by row, and read as one grid of four columns the two lists
interleave; each is a list of its own (detail_blocks.py takes the blocks whose lines
carry "Label:" colons)."""

from __future__ import annotations

import bisect
import itertools

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine, Region, split_bands
from worker.engines.layout.table_rows import mostly_rtl

_KEY_CHARS = 30  # "Tellimuse kuupäev", "KMKR nr": a short phrase, not a sentence
_KEY_WORDS = 3

Cells = dict[int, list[LayoutLine]]


def key_value_blocks(bands: list[Band], start: int, end: int, cuts: Cuts) -> tuple[int, list[Region]] | None:
    """The grid ``bands[start:end]`` and the lines under it that belong to one of its
    blocks alone, cut into its blocks side by side in reading order (left to right, or
    right to left on a page whose text reads that way), when two of its column pairs are
    key/value lists (:func:`_pairs`) that keep rows of their own (:func:`_apart`): (the
    end of what was cut, the blocks); else None. Each list is a table of two columns,
    read row by row, each key beside its value; the other blocks (an address beside
    them) are flows, to be read on their own."""
    if len(cuts) < 3:
        return None
    grid = bands[start:end]
    n = len(cuts) + 1
    rtl = mostly_rtl(grid)

    def cells(rows: list[Band]) -> list[Cells]:
        out = [band_cells(band, cuts) for band in rows]
        # A right-to-left list sets its keys at the right of their values: look for the
        # lists on the grid mirrored, its columns numbered from the right.
        return [{n - 1 - col: cell for col, cell in row.items()} for row in out] if rtl else out

    rows = cells(grid)
    pairs = _pairs(rows, n)
    if len(pairs) < 2 or not _wide_gaps(rows, pairs, rtl):
        return None
    # Each list by its left column again (a value's, right to left), as the cuts count.
    own = sorted(n - 2 - col for col in pairs) if rtl else pairs
    at = sorted({cuts[c + 1] for c in own if c + 1 < len(cuts)} | {cuts[c - 1] for c in own if c > 0})
    tail = _tail(bands, start, end, at)
    # The longer list's last entries may stand under the grid, in its block alone.
    if not (_apart(rows, pairs) or _labelled(rows + cells(bands[end:tail]), pairs)):
        return None
    pairs, end = own, tail
    inner = [cuts[c] for c in pairs]
    out: list[Region] = []
    rest = bands[start:end]
    for lo, hi in zip([float("-inf"), *at], [*at, float("inf")], strict=True):
        part, rest = split_bands(rest, hi) if hi != float("inf") else (rest, [])
        if not part:
            continue
        mine = tuple(x for x in inner if lo < x < hi)
        out.append(Region("table", part, mine) if mine else Region("flow", part))
    if rtl:
        # The block at the right is read first, as a right-to-left page's columns are.
        out.reverse()
    return end, out


def _text(cells: Cells, col: int) -> str:
    return " ".join(ln.text for ln in cells.get(col, [])).strip()


def _is_key(text: str) -> bool:
    """A key of a list: a short word or phrase with no figure in it ("Pank", "Reg.nr.",
    "Original Date / Rev:": a slash or a "#" is no word)."""
    return (
        0 < len(text) <= _KEY_CHARS
        and sum(1 for word in text.split() if any(ch.isalnum() for ch in word)) <= _KEY_WORDS
        and not any(ch.isdigit() for ch in text)
        and any(ch.isalpha() for ch in text)
    )


def _pairs(rows: list[Cells], n: int) -> list[int]:
    """The columns that are the keys of a key/value list, the values in the column after
    them, left to right, not overlapping: two keys or more, all keys (:func:`_is_key`),
    all different (a table's column of words repeats its categories; a list names each
    of its values once), and a value beside half of them or more."""
    found: list[int] = []
    col = 0
    while col < n - 1:
        keys = [_text(r, col) for r in rows if _text(r, col)]
        valued = sum(1 for r in rows if _text(r, col) and _text(r, col + 1))
        if (
            len(keys) >= 2
            and all(map(_is_key, keys))
            and len({k.casefold() for k in keys}) == len(keys)
            and 2 * valued >= len(keys)
        ):
            found.append(col)
            col += 2
        else:
            col += 1
    return found


def _apart(rows: list[Cells], pairs: list[int]) -> bool:
    """Whether the lists keep rows of their own: on some row one list's value runs on
    under its key (no key, a value) while another starts a new entry (a key and a
    value). A table's row holds its cells together: where one cell wraps onto a line of
    its own, the others of the row have ended."""
    for r in rows:
        run_on = any(not _text(r, c) and _text(r, c + 1) for c in pairs)
        entry = any(_text(r, c) and _text(r, c + 1) for c in pairs)
        if run_on and entry:
            return True
    return False


def _labelled(rows: list[Cells], pairs: list[int]) -> bool:
    """Whether the lists label their own entries and end on rows of their own: every key
    ends in a colon ("Order / Rev:", "Cinema:"), and one list runs on for two rows or
    more under the other's last entry. A table's rows fill its columns of labels to its
    end; lists set side by side (an order's references beside its venue) are as long as
    their own entries, the shorter leaving its columns empty under it."""
    keys = [_text(r, c) for r in rows for c in pairs if _text(r, c)]
    if not keys or not all(key.endswith(":") for key in keys):
        return False
    last = [max(i for i, r in enumerate(rows) if _text(r, c) or _text(r, c + 1)) for c in pairs]
    return max(last) - min(last) >= 2


def _wide_gaps(rows: list[Cells], pairs: list[int], mirrored: bool = False) -> bool:
    """Whether each list stands further from the next than its keys from its values: the
    gap between blocks is the widest on their rows. (``mirrored``: the columns numbered
    from the right, their lines measured from the right edge.)"""

    def head(ln: LayoutLine) -> float:
        return -ln.bbox[2] if mirrored else ln.bbox[0]

    def tail(ln: LayoutLine) -> float:
        return -ln.bbox[0] if mirrored else ln.bbox[2]

    for a, b in itertools.pairwise(pairs):
        keys_end = max(tail(ln) for r in rows for ln in r.get(a, []))
        values_start = min(head(ln) for r in rows for ln in r.get(a + 1, []))
        inner = values_start - keys_end
        a_end = max(tail(ln) for r in rows for c in range(a, b) for ln in r.get(c, []))
        b_start = min(head(ln) for r in rows for ln in r.get(b, []))
        if b_start - a_end <= inner:
            return False
    return True


def _tail(bands: list[Band], start: int, end: int, at: list[float]) -> int:
    """The end of the grid ``bands[start:end]`` with the lines right under it that lie
    within one block alone (a client's address run on past the dates beside it), at no
    more than the grid's widest line spacing."""
    spacing = max((b.top - a.bottom for a, b in itertools.pairwise(bands[start:end])), default=0.0)
    while end < len(bands) and bands[end].top - bands[end - 1].bottom <= spacing + 1.0:
        sides = {bisect.bisect_left(at, (ln.bbox[0] + ln.bbox[2]) / 2) for ln in bands[end]}
        if len(sides) != 1:
            break
        end += 1
    return end
