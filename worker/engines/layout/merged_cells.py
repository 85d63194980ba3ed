"""The drawn cells of a ruled grid (grids.py): the grid's columns and rows are where any
rule runs, and neighbouring cells with no rule between them are one drawn cell (a header
spanning columns, a label spanning rows)."""

from __future__ import annotations

import bisect

from worker.engines.layout.model import LayoutLine, rule_across
from worker.engines.layout.rule_groups import Seg


def merge_cells(hs: list[Seg], vs: list[Seg], xs: list[float], ys: list[float]) -> list[int]:
    """For each cell (row-major), the index of the top-left cell of the drawn cell it is
    part of: neighbours with no rule between them are one cell."""
    nrows, ncols = len(ys) - 1, len(xs) - 1
    parent = list(range(nrows * ncols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the root stays the top-left cell

    for r in range(nrows):
        for c in range(ncols):
            i = r * ncols + c
            if c + 1 < ncols and not rule_across(vs, xs[c + 1], ys[r], ys[r + 1]):
                union(i, i + 1)
            if r + 1 < nrows and not rule_across(hs, ys[r + 1], xs[c], xs[c + 1]):
                union(i, i + ncols)
    return [find(i) for i in range(nrows * ncols)]


def apart_in_columns(
    root: list[int], pieces: list[LayoutLine], xs: list[float], ys: list[float], slack: float
) -> list[int]:
    """``root`` (:func:`merge_cells`) with the drawn cells of one row whose lines each
    stand within one column, in two columns or more, cut back into their columns: a
    header band drawn without rules between its cells ("VAT" and "Price" over the ruled
    columns of their figures) heads each column apart, and a body row boxed by rules
    with only the table's outer verticals (its columns ruled in the header alone) keeps
    its label and figures in their columns. A spanning cell's text crosses the column
    boundary it spans ("Exports" centred over two); ``slack``: how far past a column's
    rule a line may reach and still stand within it."""
    ncols = len(xs) - 1
    nrows = len(ys) - 1
    members: dict[int, list[int]] = {}
    for i, k in enumerate(root):
        members.setdefault(k, []).append(i)
    held: dict[int, list[tuple[int, LayoutLine]]] = {}
    for p in pieces:
        x0, t, x1, b = p.bbox
        c = min(max(bisect.bisect_left(xs, (x0 + x1) / 2) - 1, 0), ncols - 1)
        r = min(max(bisect.bisect_left(ys, (t + b) / 2) - 1, 0), nrows - 1)
        held.setdefault(root[r * ncols + c], []).append((c, p))
    out = list(root)
    for k, cells in members.items():
        lns = held.get(k, [])
        if len(cells) < 2 or len({i // ncols for i in cells}) != 1 or len(lns) < 2:
            continue
        if len({c for c, _ in lns}) < 2:
            continue
        if all(xs[c] - slack <= p.bbox[0] and p.bbox[2] <= xs[c + 1] + slack for c, p in lns):
            for i in cells:
                out[i] = i
    return out
