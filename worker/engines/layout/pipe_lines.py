"""Lines whose parts are set apart by "|" characters ("Date | Category | Amount", a contact
line "a@b.com | +1 555 0100 | Boston"): one line each, not cut at their wide gaps.

A typewriter-style report pads its "|"-separated fields with runs of spaces, which the
text layer drops: the line then has gaps as wide as a table's cell gaps, and cut there its
pieces are read column by column ("| 4,250.00 | USD" after the next rows). A "|" at the
edge of a gap says the gap is a separator's padding, and the line reads through it. Only
where such pipes line up, row under row, do they draw a table's column sides (a table
typed with "|" characters): there the gaps stay cuts and the table is found as before.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

PIPES = "|\u2502\u2503"  # the ASCII bar, and the box-drawing bars a text export may use
# A separator's padding is at most this wide; wider is a gutter whatever stands beside it.
_MAX_PIPE_GAP_EM = 8.0
# Pipes this close in x are one column side (a monospace table's).
_ALIGN_PT = 1.5
# A column side is a pipe at a gap in at least this many rows (a header and two rows).
_TABLE_ROWS = 3

Piece = tuple[float, float, str]  # a row's fragment: x0, x1, text


def is_pipe(c: str) -> bool:
    """Whether ``c`` (a text's first or last character) is a pipe: "" (a blank text) is
    none, though ``"" in PIPES`` holds."""
    return len(c) == 1 and c in PIPES


def _gap_pipes(row: Sequence[Piece]) -> list[float]:
    """Where the row's pipes stand at the edges of the gaps between its pieces."""
    xs: list[float] = []
    for left, right in itertools.pairwise(row):
        if is_pipe(right[2].lstrip()[:1]):
            xs.append(right[0])
        elif is_pipe(left[2].rstrip()[-1:]):
            xs.append(left[1])
    return xs


def table_pipes(rows: Sequence[Sequence[Piece]]) -> list[float]:
    """The x of each pipe at a gap that lines up with such pipes in other rows: the
    column sides of a table typed with pipes. Most pages have no pipe: nothing is done."""
    found = [x for row in rows if len(row) > 1 for x in _gap_pipes(row)]
    if len(found) < _TABLE_ROWS:
        return []
    found.sort()
    return [x for x in found if sum(1 for y in found if abs(y - x) <= _ALIGN_PT) >= _TABLE_ROWS]


def joins_at_pipe(left: str, right: Piece, gap: float, size: float, sides: Sequence[float]) -> bool:
    """Whether a gap of ``gap`` between ``left``'s text and the piece ``right`` is a "|"
    separator's padding, read through (not a table's column side in ``sides``)."""
    if gap > _MAX_PIPE_GAP_EM * size:
        return False
    if is_pipe(right[2].lstrip()[:1]):
        x = right[0]
    elif is_pipe(left.rstrip()[-1:]):
        x = right[0] - gap
    else:
        return False
    return not any(abs(x - s) <= _ALIGN_PT for s in sides)
