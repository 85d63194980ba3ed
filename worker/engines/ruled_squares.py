"""Checkboxes drawn as four rules: a form that draws its boxes side by side as lines (or
as thin filled bars) gives a small square no path of its own, only two short level
rules and two short upright ones meeting at its corners. Read as rules, the box is no
checkbox (its option is a plain line) and only a frame holding nothing; read as a
square, it is one, as a box drawn with one path is (drawings.py asks).

A square closed by rules that touch no other rule stands alone: a comb's cells, drawn
side by side, share their sides, and a table's cells are rules of a grid.
"""

from __future__ import annotations

from worker.engines.text_spans import Rule

_BOX_MIN, _BOX_MAX = 4.0, 20.0  # a checkbox's side, in points (drawings.py's)
_CORNER_PT = 1.0  # sides meet within a line's width or so
_SQUARE = 0.2  # sides differ by this share at most


def ruled_squares(rules: list[Rule]) -> tuple[list[Rule], list[tuple[float, float, float, float]]]:
    """The rules that are no checkbox's sides, and the checkbox squares (x0, top, x1,
    bottom) that four of ``rules`` close and nothing else touches."""
    level = [i for i, r in enumerate(rules) if _short(r[2] - r[0]) and r[3] - r[1] < r[2] - r[0]]
    if len(level) < 2:  # most pages: no short level rule at all
        return rules, []
    # Rules by the cells of a coarse grid they cover, so that a page of thousands of
    # rules (a dense grid drawn cell by cell) looks at a square's neighbours only.
    near: dict[tuple[int, int], list[int]] = {}
    for k, r in enumerate(rules):
        for cell in _cells((r[0], r[1], r[2], r[3])):
            near.setdefault(cell, []).append(k)
    levels = set(level)
    taken: set[int] = set()
    squares: list[tuple[float, float, float, float]] = []
    for i in level:
        if i in taken:
            continue
        x0, t0, x1, b0 = rules[i]
        side = x1 - x0
        box = (x0, (t0 + b0) / 2, x1, (t0 + b0) / 2 + side)
        around = sorted({k for cell in _cells(box) for k in near.get(cell, ())} - taken - {i})
        below = [
            k
            for k in around
            if k in levels
            and abs(rules[k][0] - x0) <= _CORNER_PT
            and abs(rules[k][2] - x1) <= _CORNER_PT
            and abs(rules[k][1] - t0 - side) <= _SQUARE * side
        ]
        if not below:
            continue
        j = below[0]
        top, bottom = box[1], (rules[j][1] + rules[j][3]) / 2
        sides = [
            k
            for k in around
            if _short(rules[k][3] - rules[k][1])
            and rules[k][2] - rules[k][0] < rules[k][3] - rules[k][1]
            and abs(rules[k][1] - top) <= 2 * _CORNER_PT
            and abs(rules[k][3] - bottom) <= 2 * _CORNER_PT
        ]
        left = [k for k in sides if abs((rules[k][0] + rules[k][2]) / 2 - x0) <= _CORNER_PT]
        right = [k for k in sides if abs((rules[k][0] + rules[k][2]) / 2 - x1) <= _CORNER_PT]
        if not left or not right:
            continue
        own = {i, j, left[0], right[0]}
        box = (x0, top, x1, bottom)
        if any(_touches(rules[k], box) for k in around if k not in own):
            continue  # a comb's cell, or a cell of a grid
        taken |= own
        squares.append(box)
    if not squares:
        return rules, []
    return [r for k, r in enumerate(rules) if k not in taken], squares


_CELL_PT = 24.0  # the coarse grid's cell: wider than a checkbox


def _cells(box: tuple[float, float, float, float]) -> list[tuple[int, int]]:
    """The coarse grid's cells that ``box`` (x0, top, x1, bottom), a corner's slack
    round it, covers."""
    x0, top, x1, bottom = box
    cols = range(int((x0 - _CORNER_PT) // _CELL_PT), int((x1 + _CORNER_PT) // _CELL_PT) + 1)
    rows = range(int((top - _CORNER_PT) // _CELL_PT), int((bottom + _CORNER_PT) // _CELL_PT) + 1)
    return [(c, r) for c in cols for r in rows]


def _short(length: float) -> bool:
    return _BOX_MIN <= length <= _BOX_MAX + _CORNER_PT


def _touches(rule: Rule, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return (
        rule[0] <= x1 + _CORNER_PT
        and rule[2] >= x0 - _CORNER_PT
        and rule[1] <= bottom + _CORNER_PT
        and rule[3] >= top - _CORNER_PT
    )
