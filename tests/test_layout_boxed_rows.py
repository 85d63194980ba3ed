"""A ruled table whose header is ruled into columns but whose body rows are each boxed
across the whole table, with only its outer sides drawn (worker/engines/layout/
merged_cells.apart_in_columns, cell_joins.py). A budget table frames every body row from
side to side, fills its shaded rows cell by cell, and draws column rules in its header
only: read by the rules alone each body row was one cell spanning the table, its label,
figures and wrapped minus signs run together as text. The row's text stands under the
header's columns: it is cut there, the rules above and below it still the row's bounds;
a title row whose caption runs across the columns stays one cell, and a header's shaded
box over two columns holding a head over each is cut into them.
"""

from __future__ import annotations

import itertools

from common.documents.results import Block
from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

SIZE = 8.0
XS = (60.0, 85.0, 200.0, 280.0, 360.0, 440.0)  # the header's column rules
TOP, HEAD, BOTTOM = 100.0, 130.0, 230.0
BODY = (130.0, 155.0, 170.0, 195.0, 210.0, 230.0)  # each body row boxed by full-width rules

Rule = tuple[float, float, float, float]


def _span(text: str, x0: float, top: float, *, right: bool = False) -> TextSpan:
    width = 4.4 * len(text)
    if right:  # right-aligned: x0 is the right end
        x0 -= width
    return TextSpan(text, x0, top, x0 + width, top + SIZE, SIZE, False)


def _h(y: float, x0: float = XS[0], x1: float = XS[-1]) -> Rule:
    return (x0, y - 0.25, x1, y + 0.25)


def _v(x: float, y0: float, y1: float) -> Rule:
    return (x - 0.25, y0, x + 0.25, y1)


def _values(top: float, values: list[str]) -> list[TextSpan]:
    return [_span(v, right - 4.0, top, right=True) for v, right in zip(values, XS[3:], strict=True) if v]


def _spans() -> list[TextSpan]:
    spans = [
        _span("No.", 63.0, 111.0),
        _span("Indicator", 90.0, 111.0),
        _span("Budget", 220.0, 111.0),
        _span("Actual", 300.0, 111.0),
        _span("Dev (%)", 383.0, 111.0),
    ]
    # A two-line label centred against its row's one line of figures.
    spans += [_span("Total Revenue &", 90.0, 133.0), _span("Grants", 90.0, 143.0)]
    spans += [_span("1", 66.0, 138.0), *_values(138.0, ["136,011", "176,414", "29.8"])]
    # A shaded row.
    spans += [_span("% of GDP", 96.0, 158.0), *_values(158.0, ["15.3", "16.8", ""])]
    # A minus sign the column's width pushed onto the line above its figure.
    spans += [_span("Other Revenue", 90.0, 178.0), _span("-", 436.0, 173.0, right=True)]
    spans += [_span("2", 66.0, 178.0), *_values(178.0, ["5,695", "4,510", ""])]
    spans += [_span("20.8", 436.0, 183.0, right=True)]
    spans += [_span("% of GDP", 96.0, 198.0), *_values(198.0, ["0.6", "0.5", ""])]
    spans += [
        _span("3", 66.0, 215.0),
        _span("Grants", 90.0, 215.0),
        *_values(215.0, ["2,652", "3,115", "17.5"]),
    ]
    return spans


def _rules() -> list[Rule]:
    rules = [_h(TOP), _h(HEAD), *(_h(y) for y in BODY)]
    rules += [_v(x, TOP, HEAD) for x in XS[1:-1]]
    rules += [_v(XS[0], TOP, BOTTOM), _v(XS[-1], TOP, BOTTOM)]
    # The shaded rows are filled cell by cell: each fill's edges are pieces of rule.
    for top, bottom in ((155.0, 170.0), (195.0, 210.0)):
        for a, b in itertools.pairwise(XS):
            rules += [_h(top, a + 0.3, b - 0.3), _h(bottom, a + 0.3, b - 0.3)]
    return rules


def _page() -> list[Block]:
    return layout_lines(spans_to_lines(_spans()), 612, 792, rules=_rules())


def test_given_body_rows_boxed_across_under_a_ruled_header_then_their_text_is_cut_into_its_columns() -> None:
    # given / when
    [table] = [b for b in _page() if b.kind == "table"]

    # then: each boxed row is a row of cells under the header's columns
    assert table.rows == [
        ["No.", "Indicator", "Budget", "Actual", "Dev (%)"],
        ["1", "Total Revenue & Grants", "136,011", "176,414", "29.8"],
        ["", "% of GDP", "15.3", "16.8", ""],
        ["2", "Other Revenue", "5,695", "4,510", "-20.8"],
        ["", "% of GDP", "0.6", "0.5", ""],
        ["3", "Grants", "2,652", "3,115", "17.5"],
    ]


def test_given_two_heads_in_one_header_box_over_two_ruled_columns_then_each_heads_its_own_column() -> None:
    # given: an invoice's item table; its header a shaded box over the two right-hand
    # columns holding both heads, the rule between those columns drawn under it only
    xs = (26.5, 416.5, 459.5, 567.7)
    head, body, end = 382.4, 410.0, 440.0
    spans = [
        _span("DPH", 428.0, 392.0),
        _span("Cena", 563.2, 392.0, right=True),
        _span("10/2/2015 - 9/2/2016", 26.5, 421.0),
        _span("21 %", 429.4, 421.0),
        _span("1 000,00", 563.5, 421.0, right=True),
    ]
    rules = [_h(head, xs[1], xs[3]), _h(body, xs[0], xs[3]), _h(end, xs[0], xs[3])]
    rules += [_v(xs[1], head, body), _v(xs[3], head, end), _v(xs[2], body, end)]

    # when
    [table] = [b for b in layout_lines(spans_to_lines(spans), 612, 792, rules=rules) if b.kind == "table"]

    # then
    assert table.rows == [["", "DPH", "Cena"], ["10/2/2015 - 9/2/2016", "21 %", "1 000,00"]]


def test_given_a_title_row_boxed_across_the_table_then_it_stays_one_cell() -> None:
    # given: the table under a row boxed across it holding its number at the left, its
    # caption centred over the columns and its unit at the right
    title = [
        _span("Table 5", 63.0, 88.0),
        _span("Revenue by year", 210.0, 88.0),
        _span("(GH¢ m)", 436.0, 88.0, right=True),
    ]
    spans = [*title, *_spans()]
    rules = [*_rules(), _h(84.0), _v(XS[0], 84.0, TOP), _v(XS[-1], 84.0, TOP)]

    # when
    [table] = [b for b in layout_lines(spans_to_lines(spans), 612, 792, rules=rules) if b.kind == "table"]

    # then: the title is one cell, the rows as before
    assert table.rows is not None
    assert table.rows[0] == ["Table 5 Revenue by year (GH¢ m)", "", "", "", ""]
    assert table.rows[1] == ["No.", "Indicator", "Budget", "Actual", "Dev (%)"]
