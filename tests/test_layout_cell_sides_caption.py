"""Two ruled tables one under the other, the upper one narrower, with caption lines
between them set at the page's margin, left of the tables' indented frames
(worker/engines/layout/cell_sides.py): the upper table's last border ends where the
lower one's first border breaks between two cells, and a cell's side was read there,
down the gap between the tables. The two came out as one grid, the captions a row of
it cut at the frame's edge ("C" | "omplex Table")."""

from __future__ import annotations

import itertools

from tests.layout_lines import mono_line
from worker.engines.layout.grids import ruled_tables
from worker.engines.layout.model import LayoutLine

UPPER = [50.0, 150.0, 250.0, 350.0]
LOWER = [50.0, 120.0, 200.0, 280.0, 350.0, 420.0]


def _line(text: str, x0: float, top: float) -> LayoutLine:
    return mono_line(text, x0, top)


def _table(
    xs: list[float], top: float, rows: list[list[str]]
) -> tuple[list[LayoutLine], list[tuple[float, float, float, float]]]:
    """A table at ``top``: 20 pt rows, each border drawn one piece per cell, its frame's
    sides drawn down its height; no column rule inside."""
    ys = [top + 20.0 * k for k in range(len(rows) + 1)]
    rules = [(a, y - 0.3, b, y + 0.3) for y in ys for a, b in itertools.pairwise(xs)]
    rules += [(x - 0.3, ys[0], x + 0.3, ys[-1]) for x in (xs[0], xs[-1])]
    lines = [
        _line(cell, xs[c] + 5.0, ys[r] + 5.0) for r, row in enumerate(rows) for c, cell in enumerate(row)
    ]
    return lines, rules


FIRST = [["Colour", "Vans", "Cars"], ["Red", "4", "5"], ["Black", "7", "5"]]
SECOND = [["Name", "Jan", "Feb", "Mar", "Total"], ["Ann", "1", "2", "3", "6"], ["Bob", "4", "5", "6", "15"]]
CAPTIONS = ["Second Table", "Sales by month"]


def test_given_captions_at_the_margin_between_two_tables_then_they_stay_two_tables() -> None:
    # given: a three-column table, two caption lines 7 pt left of its frame under it,
    # then a wider five-column table whose second-last column rule is under the first
    # table's right side
    lines, rules = _table(UPPER, 100.0, FIRST)
    more_lines, more_rules = _table(LOWER, 200.0, SECOND)
    captions = [_line(text, 43.0, 165.0 + 14.0 * k) for k, text in enumerate(CAPTIONS)]

    # when
    tables, rest = ruled_tables([*lines, *captions, *more_lines], rules + more_rules)

    # then: two tables as drawn; the captions are whole lines between them
    assert [t.table for t in tables] == [FIRST, SECOND]
    assert [ln.text for ln in rest] == CAPTIONS
