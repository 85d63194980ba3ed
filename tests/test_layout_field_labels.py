"""A form's fields drawn as boxes side by side, their labels beside them inside the
drawing ("Street:" [____] "House nr:" [____]): the boxes' sides cross into one ruled
grid whose only text is the labels (worker/engines/layout/grids.py). It is no table:
the labels are lines of the form, read with the rest of it."""

from __future__ import annotations

from worker.engines.layout.grids import ruled_tables
from worker.engines.layout.model import LayoutLine

XS = [60.0, 120.0, 300.0, 360.0, 540.0]  # label, field, label, field
YS = [100.0, 118.0, 136.0]


def _grid() -> list[tuple[float, float, float, float]]:
    rules = [(XS[0], y - 0.5, XS[-1], y + 0.5) for y in YS]
    rules += [(x - 0.5, YS[0], x + 0.5, YS[-1]) for x in XS]
    return rules


def test_given_field_boxes_with_only_labels_in_them_then_no_table() -> None:
    # given: two rows of label + empty field, twice across
    labels = [("Street:", 0, 0), ("House nr:", 0, 2), ("Postcode:", 1, 0), ("City:", 1, 2)]
    lines = [
        LayoutLine(text=t, bbox=(XS[c] + 4.0, YS[r] + 4.0, XS[c] + 50.0, YS[r] + 14.0)) for t, r, c in labels
    ]

    # when
    tables, rest = ruled_tables(lines, _grid())

    # then: the labels stay lines of the page
    assert tables == []
    assert sorted(ln.text for ln in rest) == sorted(t for t, _, _ in labels)


def test_given_the_same_grid_with_values_then_it_is_a_table() -> None:
    # given: the fields filled in
    cells = [("Street:", 0, 0), ("Main St", 0, 1), ("House nr:", 0, 2), ("12", 0, 3)]
    cells += [("Postcode:", 1, 0), ("1010", 1, 1), ("City:", 1, 2), ("Vienna", 1, 3)]
    lines = [
        LayoutLine(text=t, bbox=(XS[c] + 4.0, YS[r] + 4.0, XS[c] + 50.0, YS[r] + 14.0)) for t, r, c in cells
    ]

    # when
    tables, _ = ruled_tables(lines, _grid())

    # then
    assert [t.table for t in tables] == [
        [["Street:", "Main St", "House nr:", "12"], ["Postcode:", "1010", "City:", "Vienna"]]
    ]
