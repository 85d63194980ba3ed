"""Blocks of lines side by side that a table test takes for a table's columns.

An invoice's client address beside its date and number fields beside the seller's
address; a payment slip's address beside its amount-due grid: each block sets its lines
at a spacing of its own, and they share a band only by chance. Read as a table, row by
row, their lines interleave ("4155 CONIFER DRIVE  Invoice Number  UNITED STATES"); a
reader reads each block whole, the left one first. A table's columns line up row by row:
its cells, however many lines each holds, share its rows' baselines.
"""

from __future__ import annotations

import itertools

from worker.engines.layout.cell_joins import wraps_in_cell
from worker.engines.layout.model import (
    Band,
    Cuts,
    LayoutLine,
    font_size,
    make_band,
    runs_on,
    side_by_side_rows,
    split_bands,
)
from worker.engines.layout.table_rows import mostly_rtl

_LEVEL_EM = 0.15  # tops or feet this close (ems of the smaller line) stand on one row
_MIN_ROWS = 4  # fewer rows beside a grid are too few to tell chance from a table's rows
# A cut parts two lines of a band cleanly when they stand this far apart (ems of the
# line after it) at least: closer, they are pieces of one run (figures set as separate
# lines, "0000 0000 0000").
_CLEAN_GAP_EM = 1.0
# A blank stripe this tall (ems of the line under it) across both blocks ends them, once
# each has this many lines above it (fewer: a title's gap to the lines under it).
_STRIPE_EM = 1.0
_STRIPE_LINES = 2
# Blocks side by side share this many rows at least before a line under them is told
# to belong to the left one (left_tail).
_TAIL_LEVEL_ROWS = 2


def own_blocks(bands: list[Band], cuts: Cuts) -> list[list[Band]] | None:
    """The region cut at a gutter into two blocks of lines, each at a spacing of its own
    (as panel_grids.own_lines: no line wrapped; here, unruled, on more evidence: of the
    block with fewer rows, four or more, half the rows or more stand level with none of
    the other's; their first rows not level, as a table's head row is), in reading order,
    then the bands below the end of the shorter block; else None. The cut must part every band
    cleanly: no line across it, and no line cut from its neighbour by less than a word
    space's em (a run of figures set as separate lines, "0000 0000 0000")."""
    for cut in cuts:
        if not _clean(bands, cut):
            continue
        left = [ln for band in bands for ln in band if ln.bbox[2] <= cut]
        right = [ln for band in bands for ln in band if ln.bbox[0] >= cut]
        ra, rb = side_by_side_rows(left), side_by_side_rows(right)
        if len(ra) < 2 or len(rb) < 2:
            continue
        # Room to run on: the left block up to the right one's edge, the right one past
        # its widest line by as much again as the gutter between them.
        l1, (r0, r1) = _extent(left)[1], _extent(right)
        if _broken(ra, r0) or _broken(rb, r1 + r0 - l1) or _level(ra[0], rb[0]) or not _apart(ra, rb):
            continue
        # What one block runs on with below the other's end is read after both, unless
        # it goes on at the block's own spacing and edge: the block is longer, no more.
        # What follows a blank stripe across both once both have begun is read after
        # both too (a grid of fields under the two addresses).
        short, long = sorted((ra, rb), key=_foot)
        end = min(_runs_on_to(long, _foot(short)), _stripe(left, right))
        head = [band for band in bands if band.top <= end]
        parts = [_part(head, cut, before=True), _part(head, cut, before=False)]
        tail = [band for band in bands if band.top > end]
        return [*(parts[::-1] if mostly_rtl(bands) else parts), *([tail] if tail else [])]
    return None


def left_tail(group: list[Band], after: list[Band], cut: float) -> tuple[list[Band], list[Band], int] | None:
    """Two blocks side by side (``group``, parted at ``cut``) and the lines after them
    that run on down the left block across the gutter, below the right block's end: (the
    left block with them, the right block, how many bands of ``after`` they are); else
    None. A long line (a bank account under the seller's address) may reach past the
    buyer's block beside it; below that block's last line nothing stands beside it, the
    left block has gone on alone already, and the line goes on at its spacing and edge
    (:func:`runs_on`): the block's last line, not a line across the page after both
    (which reaches the right block's far edge)."""
    left, right = split_bands(group, cut)
    level = sum(1 for band in group if min(ln.bbox[0] for ln in band) < cut < max(ln.bbox[2] for ln in band))
    if len(left) < 2 or level < _TAIL_LEVEL_ROWS:
        # (A note beside a paragraph's first line is no block beside the paragraph.)
        return None
    block = [ln for band in left for ln in band]
    foot = max(ln.bbox[3] for band in right for ln in band)
    if not any(ln.bbox[1] >= foot for ln in block):
        # Blocks that end level (labels beside their values, two addresses) leave the
        # lines under them to both; the left block goes on alone past the right one first.
        return None
    # A line across both blocks (a closing line under two columns) reaches the right
    # block's far edge; the left block's long line stops short of it.
    far = max(ln.bbox[2] for band in right for ln in band)
    n = 0
    while n < len(after) and len(after[n]) == 1:
        ln = after[n][0]
        if not (ln.bbox[0] < cut < ln.bbox[2] < far and ln.bbox[1] >= foot and runs_on(block, [ln])):
            break
        block.append(ln)
        n += 1
    if not n:
        return None
    return [*left, *after[:n]], right, n


def _foot(rows: list[list[LayoutLine]]) -> float:
    return max(ln.bbox[3] for row in rows for ln in row)


def _runs_on_to(rows: list[list[LayoutLine]], end: float) -> float:
    """How far a block beside a shorter one that ends at ``end`` goes on: to the foot of
    its last row that goes on, one after another, at its own spacing and left edge from
    its rows above ``end`` (:func:`runs_on`); ``end`` where none does."""
    above = [ln for row in rows if min(ln.bbox[1] for ln in row) <= end for ln in row]
    for row in rows:
        if min(ln.bbox[1] for ln in row) > end:
            if not runs_on(above, row):
                break
            above += row
            end = max(end, max(ln.bbox[3] for ln in row))
    return end


def _clean(bands: list[Band], cut: float) -> bool:
    for band in bands:
        for ln in band:
            if ln.bbox[0] < cut < ln.bbox[2]:
                return False
        before = [ln.bbox[2] for ln in band if ln.bbox[2] <= cut]
        after = [ln for ln in band if ln.bbox[0] >= cut]
        if before and after:
            nxt = min(after, key=lambda ln: ln.bbox[0])
            if nxt.bbox[0] - max(before) < _CLEAN_GAP_EM * font_size(nxt):
                return False
    return True


def _extent(lines: list[LayoutLine]) -> tuple[float, float]:
    return min(ln.bbox[0] for ln in lines), max(ln.bbox[2] for ln in lines)


def _part(bands: list[Band], cut: float, *, before: bool) -> list[Band]:
    out: list[Band] = []
    for band in bands:
        lns = [ln for ln in band if (ln.bbox[2] <= cut if before else ln.bbox[0] >= cut)]
        if lns:
            out.append(make_band(lns))
    return out


def _broken(rows: list[list[LayoutLine]], right: float) -> bool:
    """Whether a line of a block runs on wrapped into the next: its next one's first
    word would not have fitted before ``right`` (cell_joins.wraps_in_cell), or the next
    one starts in lower case (a wrapped row label, "Other comprehensive income," over
    "net of tax") under a line of the row above."""
    for a, b in itertools.pairwise(rows):
        if len(a) == 1 and len(b) == 1 and wraps_in_cell(a[0], b[0], min(a[0].bbox[0], b[0].bbox[0]), right):
            return True
        for y in b:
            if y.text.lstrip()[:1].islower() and any(
                x.bbox[0] < y.bbox[2] and y.bbox[0] < x.bbox[2] for x in a
            ):
                return True
    return False


def _level(ra: list[LayoutLine], rb: list[LayoutLine]) -> bool:
    (ta, fa, sa), (tb, fb, sb) = _edges(ra), _edges(rb)
    return abs(ta - tb) <= _LEVEL_EM * min(sa, sb) or abs(fa - fb) <= _LEVEL_EM * min(sa, sb)


def _apart(ra: list[list[LayoutLine]], rb: list[list[LayoutLine]]) -> bool:
    """Whether the blocks set their rows at spacings of their own: the one with fewer
    rows has enough of them, and half of them or more stand level with none of the
    other's rows. A table's columns share their rows' baselines, but for a row label
    set between its rows or a head over some columns only."""
    few, many = sorted((ra, rb), key=len)
    if len(few) < _MIN_ROWS:
        return False
    edges = [_edges(row) for row in many]
    apart = 0
    for row in few:
        top, foot, size = _edges(row)
        apart += all(
            abs(top - t) > _LEVEL_EM * min(size, s) and abs(foot - f) > _LEVEL_EM * min(size, s)
            for t, f, s in edges
        )
    return 2 * apart >= len(few)


def _edges(row: list[LayoutLine]) -> tuple[float, float, float]:
    """A row's top, its foot, its smallest size: rows stand level when their tops or their
    feet meet (glyph-tight boxes: a descender drops one foot, a capital raises one top)."""
    return min(ln.bbox[1] for ln in row), max(ln.bbox[3] for ln in row), min(font_size(ln) for ln in row)


def _stripe(left: list[LayoutLine], right: list[LayoutLine]) -> float:
    """The top of the first blank stripe an em tall or more across both blocks below
    the start of the lower one, with two lines or more of each block above it (not a
    title's gap to the lines under it); infinity where there is none."""
    start = max(min(ln.bbox[1] for ln in left), min(ln.bbox[1] for ln in right))
    foot = start
    for ln in sorted(left + right, key=lambda ln: ln.bbox[1]):
        if ln.bbox[1] > start and ln.bbox[1] - foot >= _STRIPE_EM * font_size(ln):
            above = [sum(x.bbox[3] <= foot for x in side) for side in (left, right)]
            if min(above) >= _STRIPE_LINES:
                return foot
        foot = max(foot, ln.bbox[3])
    return float("inf")
