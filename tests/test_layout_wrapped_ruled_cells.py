"""A table with a rule under each row, drawn cell by cell, whose cells wrap onto two or
three lines (worker/engines/layout/row_groups.py, ruled_rows.rule_heights). A
disclosure form draws each row's rule as one segment per column, meeting at the column
boundaries: no single segment reaches across the table, so the rules were not seen as
rules between rows and every wrapped line became a row of its own with an empty first
cell. The segments at one height are one rule; the lines between two rules are one row,
and the last row (its rule under the table) keeps its lines too."""

from __future__ import annotations

import itertools

from common.documents.results import Block
from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.layout.ruled_rows import rule_heights
from worker.engines.textlayer import TextSpan

SIZE = 9.0
LEAD = 9.5  # a wrapped cell's line spacing
COLS = (30.0, 70.0, 250.0, 340.0, 430.0, 520.0)  # column boundaries (the segments' ends)
TEXT_X = (34.0, 74.0, 254.0, 344.0, 434.0)


def _span(text: str, x0: float, top: float) -> TextSpan:
    return TextSpan(text, x0, top, x0 + 4.6 * len(text), top + SIZE, SIZE, False, False)


def _rule(y: float) -> list[tuple[float, float, float, float]]:
    # One segment per column, overlapping its neighbour by a point at each boundary.
    return [(a - 0.8, y, b + 0.8, y + 1.6) for a, b in itertools.pairwise(COLS)]


def _row(top: float, cells: list[list[str]]) -> list[TextSpan]:
    return [
        _span(text, x, top + k * LEAD)
        for x, lines in zip(TEXT_X, cells, strict=True)
        for k, text in enumerate(lines)
    ]


def _page() -> list[Block]:
    # A header, then three rows 28 pt apart with a rule under each (and under the
    # header), drawn as one segment per column; cells of one to three lines.
    spans = _row(80.0, [["#"], ["NAME"], ["CITY"], ["KIND"], ["SINCE"]])
    spans += _row(108.0, [["1"], ["Lakeside Rowing Club"], ["Port Ellis,", "Oregon"], ["Club"], ["2004"]])
    spans += _row(136.0, [["2"], ["Harbour Survey Office"], ["Dunmore,", "Maine"], ["Agency"], ["2019"]])
    spans += _row(
        164.0, [["3"], ["Northfield Trust"], ["NEWTON,", "County of", "Hampshire"], ["Charity"], ["2021"]]
    )
    rules = [r for y in (100.0, 128.0, 156.0, 196.0) for r in _rule(y)]
    return layout_lines(spans_to_lines(spans), 612, 792, rules=rules)


def test_given_wrapped_cells_between_rules_drawn_cell_by_cell_then_each_cell_keeps_its_lines() -> None:
    # given / when
    blocks = _page()

    # then: one row per space between rules, each cell's lines joined; no continuation
    # rows with an empty first cell
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows is not None
    assert table.rows[0] == ["#", "NAME", "CITY", "KIND", "SINCE"]
    assert table.rows[1] == ["1", "Lakeside Rowing Club", "Port Ellis, Oregon", "Club", "2004"]
    assert table.rows[2] == ["2", "Harbour Survey Office", "Dunmore, Maine", "Agency", "2019"]
    assert table.rows[3][:2] == ["3", "Northfield Trust"]
    assert table.rows[3][3:] == ["Charity", "2021"]
    assert len(table.rows) == 4


def test_given_the_last_rows_third_line_above_its_rule_then_it_stays_in_the_cell() -> None:
    # given / when
    blocks = _page()

    # then
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows is not None
    assert table.rows[3][2] == "NEWTON, County of Hampshire"


def test_given_column_underlines_a_point_apart_then_they_are_no_rule_across_the_table() -> None:
    # given: segments meeting at the column boundaries at one height, and at another
    # height each column's own underline, a point short of the next
    meeting = _rule(100.0)
    underlines = [(a + 0.5, 150.0, b - 0.5, 150.8) for a, b in itertools.pairwise(COLS)]

    # when
    ys = rule_heights([*meeting, *underlines], COLS[0], COLS[-1], 0.0, 400.0)

    # then: only the rule drawn cell by cell reaches across
    assert [round(y) for y in ys] == [101]
