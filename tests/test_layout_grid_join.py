"""Rule pieces of one drawn line join in order along it, whatever rounding noise their
positions carry (worker/engines/layout/grids.py, _join): a grid's right rule drawn a
hair to the right of the zebra rows' right sides under it is still the grid's rule."""

from __future__ import annotations

from worker.engines.layout.grids import ruled_tables
from worker.engines.layout.model import LayoutLine

XS = [62.7, 178.4, 274.8, 361.5, 448.3, 544.6431]


def test_given_a_grid_above_row_boxes_a_hair_apart_then_it_keeps_its_last_column() -> None:
    # given: a 5-column ruled grid of two rows, and under it, apart, rows drawn as boxes
    # (a zebra table's) whose right sides stand 0.0002 pt left of the grid's right rule
    rules = [(62.2, y - 0.5, 545.1, y + 0.5) for y in (170.0, 186.0, 202.0)]
    rules += [(x - 0.5, 170.0, x + 0.5, 202.0) for x in XS]
    for top in (267.0, 298.0):
        rules += [(62.7, top - 0.5, 544.6, top + 0.5), (62.7, top + 15.5, 544.6, top + 16.5)]
        rules += [(62.2, top, 63.2, top + 16.0), (544.6429 - 0.5, top, 544.6429 + 0.5, top + 16.0)]
    lines = [
        LayoutLine(text=f"r{r}c{c}", bbox=(XS[c] + 6, y, XS[c] + 30, y + 10))
        for r, y in enumerate((173.0, 189.0))
        for c in range(5)
    ]

    # when
    tables, rest = ruled_tables(lines, rules)

    # then: one grid of five columns holds every cell; nothing is left beside it
    assert [t.table for t in tables] == [[[f"r{r}c{c}" for c in range(5)] for r in range(2)]]
    assert rest == []
