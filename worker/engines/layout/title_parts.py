"""A title set on one line in two parts far apart ("Conference 2014" at the left margin,
"Registration form" at the right): read as one line, the left part and then the right,
before the rows under the left part (columns.py asks, when it orders blocks that sit
side by side at different heights).

The two parts often differ in size, so the smaller one's top stands lower: ordered by
where blocks start, the right part would come after the whole block under the left
part. What tells a title's parts: both larger than the body text, the right one a line
of its own, standing level with the left one (overlapping it by half the smaller's
height) and with nothing under it in its column (a column's heading stands over its
text), and the left part's block going on in smaller print under it.

For the same reason two blocks start level when their first lines stand level so, not
only when their tops do (:func:`starts_level`): a title in large print at the right
("F A C T U R A" over an invoice's number) whose top stands above the first line of the
sender's block at the left, level with it, is read after that block, as any block
beside another that starts level with it is.
"""

from __future__ import annotations

from worker.engines.layout.model import Band, font_size

_TITLE_RATIO = 1.2  # a title's print: this much larger than the body text, or more

# A block in reading terms: where it starts, its column, its bands.
Stack = tuple[float, int, list[Band]]


def title_parts_apart(stacks: list[Stack], body: float) -> list[Stack]:
    """``stacks`` with each block whose first band is the left part of a title split
    after that band, so that the title's right part (a block of its own in a later
    column) is read right after it."""
    out = list(stacks)
    for _, k, right in stacks:
        # (a heading over a column of its own, "4.2.2 Heat" over its text beside
        # "4.2.1 Electricity" over its own, stands over blocks in its column)
        if len(right) != 1 or not _title(right[0], body) or sum(1 for s in stacks if s[1] == k) > 1:
            continue
        for i, (top, j, left) in enumerate(out):
            if j >= k or len(left) < 2 or not _title(left[0], body):
                continue
            if not _level(left[0], right[0]) or _size(left[1]) >= _size(left[0]):
                continue
            out[i : i + 1] = [(top, j, left[:1]), (left[1].top, j, left[1:])]
            break
    return out


def starts_level(a: Stack, b: Stack, level: float) -> bool:
    """Whether block ``b``, read after ``a`` by where they start, starts level with it:
    no more than ``level`` lower, or its first line level with ``a``'s (:func:`_level`)
    whatever their print sizes."""
    return b[0] - a[0] <= level or _level(a[2][0], b[2][0])


def _size(band: Band) -> float:
    return max(font_size(ln) for ln in band)


def _title(band: Band, body: float) -> bool:
    return all(font_size(ln) >= _TITLE_RATIO * body for ln in band)


def _level(a: Band, b: Band) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= 0.5 * min(a.bottom - a.top, b.bottom - b.top)
