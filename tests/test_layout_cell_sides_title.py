"""Two tables whose borders are drawn cell by cell, breaking at the same places, one
under the other with a title between them (worker/engines/layout/cell_sides.py): the
first table's last border and the second's first break at the same columns, and a
cell's side was read between them, across the title. The two tables came out as one
grid with the title cut into its cells ("D | ISTRIBUTI | ON")."""

from __future__ import annotations

import itertools

from tests.layout_lines import mono_line
from worker.engines.layout.grids import ruled_tables
from worker.engines.layout.model import LayoutLine

XS = [50.0, 150.0, 250.0, 350.0]


def _line(text: str, x0: float, top: float) -> LayoutLine:
    return mono_line(text, x0, top)


def _table(
    top: float, rows: list[list[str]]
) -> tuple[list[LayoutLine], list[tuple[float, float, float, float]]]:
    """A table at ``top``: 20 pt rows, each border drawn one piece per cell, its frame's
    sides drawn down its height; no column rule inside."""
    ys = [top + 20.0 * k for k in range(len(rows) + 1)]
    rules = [(a, y - 0.3, b, y + 0.3) for y in ys for a, b in itertools.pairwise(XS)]
    rules += [(x - 0.3, ys[0], x + 0.3, ys[-1]) for x in (XS[0], XS[-1])]
    lines = [
        _line(cell, XS[c] + 5.0, ys[r] + 5.0) for r, row in enumerate(rows) for c, cell in enumerate(row)
    ]
    return lines, rules


FIRST = [["State", "Men", "Women"], ["Kerala", "7.2", "8.8"], ["Orissa", "33.2", "50.0"]]
SECOND = [["State", "Boys", "Girls"], ["Kerala", "3.1", "2.9"], ["Orissa", "12.4", "15.0"]]
TITLE = "Table 7: distribution of households by literacy"


def test_given_a_title_between_two_tables_ruled_cell_by_cell_then_they_stay_two_tables() -> None:
    # given: the first table, a title across its column breaks 20 pt under it, then the
    # second table 20 pt under the title
    lines, rules = _table(100.0, FIRST)
    more_lines, more_rules = _table(190.0, SECOND)
    title = _line(TITLE, 100.0, 170.0)

    # when
    tables, rest = ruled_tables([*lines, title, *more_lines], rules + more_rules)

    # then: two tables as drawn; the title is text between them
    assert [t.table for t in tables] == [FIRST, SECOND]
    assert [ln.text for ln in rest] == [TITLE]
