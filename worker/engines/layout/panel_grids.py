"""Boxes of blocks drawn edge to edge (grids.py asks): an invoice's head drawn as a band
of coloured boxes, the supplier's address beside the customer's, then a payment box
beside a box of dates, each a list of its own "Label   value" rows. Their outlines meet
and join into one drawn grid, but its cells are blocks, read one by one (each row of a
box with its value), not a table's cells read row by row across the page. So is a grid
of ruled boxes of lines, each box at a spacing of its own (the seller's address over the
buyer's, the bank details over the invoice's number and dates)."""

from __future__ import annotations

import bisect
import itertools
import re

from worker.engines.layout.cell_joins import wraps_in_cell
from worker.engines.layout.merged_cells import merge_cells
from worker.engines.layout.model import LayoutLine, font_size, side_by_side_rows
from worker.engines.layout.rule_groups import Seg

_MIN_ROWS = 2  # text rows in every box: a block, not a value
_SAME_PRINT = 1.15  # sizes within this ratio are one print
_BLANK_EM = 0.8  # a gap this tall (ems) between rows is a blank line: a new block
_LEVEL_EM = 0.3  # rows whose feet lie this close (ems) stand on one baseline
# A label of a few words, its colon, then its value: "Transaction No: 1456891".
_KEYED = re.compile(r"^\s*[^\W\d][^:]{0,30}:\s+\S")


def panel_cells(
    pieces: list[LayoutLine], hs: list[Seg], vs: list[Seg], xs: list[float], ys: list[float]
) -> list[list[LayoutLine]] | None:
    """The blocks of the drawn cells' lines (:func:`_blocks`), box by box in reading
    order, each box's lines row by row, when the grid's cells are boxes of blocks;
    else None.

    Every box that holds text holds two text rows or more, and in one drawn row two
    boxes side by side each keep columns of their own (a row of two lines side by side:
    a label and its value), or each keep a line spacing of their own (:func:`_own_lines`),
    on a different count of text rows: their lines do not pair up as a table's row does.
    (A ruled table whose rules bound groups of rows has its columns' lines level with
    one another, a wrapped cell's line alone under its row; nor does a table cell hold
    two lines side by side.)"""
    nrows, ncols = len(ys) - 1, len(xs) - 1
    if nrows < 1 or ncols < 2:
        return None
    root = merge_cells(hs, vs, xs, ys)
    cells: dict[int, list[LayoutLine]] = {}
    for p in pieces:
        x0, t, x1, b = p.bbox
        c = min(max(bisect.bisect_left(xs, (x0 + x1) / 2) - 1, 0), ncols - 1)
        r = min(max(bisect.bisect_left(ys, (t + b) / 2) - 1, 0), nrows - 1)
        cells.setdefault(root[r * ncols + c], []).append(p)
    rows = {k: box_rows(lns) for k, lns in cells.items()}
    edges: dict[int, tuple[float, float]] = {}  # each box's left and right, drawn
    for i, k in enumerate(root):
        c = i % ncols
        left, right = edges.get(k, (xs[c], xs[c + 1]))
        edges[k] = (min(left, xs[c]), max(right, xs[c + 1]))
    keys = _key_band(rows)
    if len(rows) - len(keys) < 2 or any(len(rs) < _MIN_ROWS for k, rs in rows.items() if k not in keys):
        return None
    apart = False
    for r in range(nrows):
        # The boxes that start on this drawn row, left to right.
        own = sorted({root[r * ncols + c] for c in range(ncols)} & rows.keys(), key=lambda k: k % ncols)
        for ka, kb in itertools.pairwise(own):
            if ka // ncols != r or kb // ncols != r:
                continue
            ra, rb = rows[ka], rows[kb]
            # (Under a band of "Label: value" boxes no header row names the columns:
            # boxes of unequal rows side by side are blocks, not one table row.)
            if len(ra) != len(rb) and (
                keys or (_own_columns(ra) and _own_columns(rb)) or _own_lines(ra, rb, edges[ka], edges[kb])
            ):
                apart = True
    if not apart:
        return None
    return [lns for k in _reading_order(rows) for lns in _blocks(rows[k])]


def _blocks(rows: list[list[LayoutLine]]) -> list[list[LayoutLine]]:
    """A box's rows as its blocks, in order: a row of lines side by side (a label and its
    value) is a block of its own, as is a run of rows of one print with no blank between
    them (an address; a title over its subtitle in smaller print is two)."""
    out: list[list[list[LayoutLine]]] = []
    for row in rows:
        if out:
            last = out[-1][-1]
            size, last_size = font_size(row[0]), font_size(last[0])
            gap = min(ln.bbox[1] for ln in row) - max(ln.bbox[3] for ln in last)
            if (
                len(row) == 1
                and len(last) == 1
                and max(size, last_size) <= _SAME_PRINT * min(size, last_size)
                and gap <= _BLANK_EM * size
            ):
                out[-1].append(row)
                continue
        out.append([row])
    return [[ln for row in block for ln in row] for block in out]


def _reading_order(rows: dict[int, list[list[LayoutLine]]]) -> list[int]:
    """The boxes by where their text starts: top down, those whose first lines stand
    level left to right. (A box merged with the blank above it, beside a title box,
    starts on the grid's first drawn row, under the title's text.)"""
    firsts = {k: rs[0][0] for k, rs in rows.items()}
    order = sorted(rows, key=lambda k: firsts[k].bbox[1])
    out: list[list[int]] = []
    for k in order:
        ln = firsts[k]
        if out and ln.bbox[1] < firsts[out[-1][0]].bbox[3] - 0.5 * (ln.bbox[3] - ln.bbox[1]):
            out[-1].append(k)
        else:
            out.append([k])
    return [k for level in out for k in sorted(level, key=lambda k: firsts[k].bbox[0])]


def _key_band(rows: dict[int, list[list[LayoutLine]]]) -> set[int]:
    """The boxes of the grid's first text row when each holds one line, a label with its
    value ("Transaction No: 1456891" beside "Date: 12/01/2021"): a band of keyed
    values over the boxes, where a table has its header row. Else none."""
    firsts = {k: rs[0][0] for k, rs in rows.items()}
    top = min(firsts.values(), key=lambda ln: ln.bbox[1])
    level = [k for k, ln in firsts.items() if ln.bbox[1] < top.bbox[3] - 0.5 * (top.bbox[3] - top.bbox[1])]
    if len(level) < 2 or any(len(rows[k]) != 1 or not _KEYED.match(firsts[k].text) for k in level):
        return set()
    return set(level)


def _own_columns(rows: list[list[LayoutLine]]) -> bool:
    return any(len(row) >= 2 for row in rows)


def _own_lines(
    ra: list[list[LayoutLine]], rb: list[list[LayoutLine]], ea: tuple[float, float], eb: tuple[float, float]
) -> bool:
    """Whether two boxes side by side are lines set each at a spacing of its own: every
    row of both is a line of its own, broken where the next one's first word would still
    have fitted (an address, a list of details; not text wrapped in a cell,
    cell_joins.wraps_in_cell), and some row of the box with fewer rows stands level with
    none of the other's (the seller's address beside the bank details, each at its own
    spacing). A table's cells, however many lines each holds, share its rows' baselines."""
    for rows, (left, right) in ((ra, ea), (rb, eb)):
        if any(wraps_in_cell(a[-1], b[0], left, right) for a, b in itertools.pairwise(rows)):
            return False
    few, many = sorted((ra, rb), key=len)
    feet = [max(ln.bbox[3] for ln in row) for row in many]
    for row in few:
        foot, size = max(ln.bbox[3] for ln in row), max(font_size(ln) for ln in row)
        if all(abs(foot - f) > _LEVEL_EM * size for f in feet):
            return True
    return False


def box_rows(lines: list[LayoutLine]) -> list[list[LayoutLine]]:
    """A box's lines row by row, each row left to right (model.side_by_side_rows)."""
    return side_by_side_rows(lines)
