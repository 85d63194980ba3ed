"""The drawn cells of a ruled grid (grids.py): the grid's columns and rows are where any
rule runs, and neighbouring cells with no rule between them are one drawn cell (a header
spanning columns, a label spanning rows)."""

from __future__ import annotations

from worker.engines.layout.model import rule_across
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
