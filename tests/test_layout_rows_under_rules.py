"""A table ruled only between its rows (worker/engines/layout/): an invoice's item table
draws a rule under its shaded header band and one under each body row but the last, the
last row set under the last full-width rule at the table's row pitch, and under it only a
short rule over the total's cell. Read by its rules the table ended at its last
full-width rule: the last item row and the total came out as paragraphs.
"""

from __future__ import annotations

from common.documents.results import Block
from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

SIZE = 12.0
LEFT, MID, RIGHT = 56.2, 417.0, 555.0
PITCH = 26.25

Rule = tuple[float, float, float, float]


def _span(text: str, x0: float, top: float, *, right: bool = False, bold: bool = False) -> TextSpan:
    width = 6.0 * len(text)
    if right:  # right-aligned: x0 is the right end
        x0 -= width
    return TextSpan(text, x0, top, x0 + width, top + 14.4, SIZE, bold)


def _h(y: float, x0: float = LEFT, x1: float = RIGHT) -> Rule:
    return (x0, y - 0.4, x1, y + 0.4)


def _v(x: float, y0: float, y1: float) -> Rule:
    return (x - 0.25, y0, x + 0.25, y1)


ITEMS = [
    ("Aperture Science Handheld Portal Device", "10,000.00 USD"),
    ("Aperture Science Weighted Pivot Cube", "7,200.00 USD"),
    ("Aperture Science Propulsion Gel", "500.00 USD"),
    ("Aperture Science Repulsion Gel", "500.00 USD"),
]


def _page(after: list[TextSpan] | None = None) -> list[Block]:
    spans = [
        _span("Payment Method", 60.3, 300.0, bold=True),
        _span("Wire transfer", 60.3, 320.0),
        _span("Item", 60.3, 361.4, bold=True),
        _span("Price", 551.5, 361.4, right=True, bold=True),
    ]
    head_bottom = 382.2
    # The header band's box; under it and under each body row a rule split at the
    # column boundary (two cells' bottom borders), none under the last row.
    rules = [_h(356.2), _h(head_bottom), _v(LEFT, 356.2, head_bottom), _v(RIGHT, 356.2, head_bottom)]
    for k, (item, price) in enumerate(ITEMS):
        top = head_bottom + 5.4 + k * PITCH
        spans += [_span(item, 60.3, top), _span(price, 551.4, top, right=True)]
        y = head_bottom + k * PITCH
        rules += [_h(y, LEFT, MID), _h(y, MID, RIGHT)]
    total_rule = head_bottom + len(ITEMS) * PITCH
    rules.append(_h(total_rule, 434.2, RIGHT))
    spans.append(_span("Total: 18,200.00 USD", 550.4, total_rule + 8.0, right=True))
    return layout_lines(spans_to_lines([*spans, *(after or [])]), 612, 792, rules=rules)


def test_given_the_last_row_under_the_last_rule_at_the_row_pitch_then_it_is_the_tables() -> None:
    # when
    [table] = [b for b in _page() if b.kind == "table"]

    # then: the last item row and the total under its short rule are rows of the table
    assert table.rows == [
        ["Item", "Price"],
        *[[item, price] for item, price in ITEMS],
        ["", "Total: 18,200.00 USD"],
    ]


def test_given_a_paragraph_after_the_table_then_it_stays_a_paragraph() -> None:
    # given: a note under the total, set across the page, not in the table's columns
    note = [
        _span("Thank you for your business. Payment is due within thirty days of the", 60.3, 540.0),
        _span("invoice date; please quote the invoice number with your transfer.", 60.3, 556.0),
    ]

    # when
    blocks = _page(note)

    # then
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows is not None and table.rows[-1] == ["", "Total: 18,200.00 USD"]
    assert any(b.kind == "paragraph" and b.text.startswith("Thank you") for b in blocks)


def test_given_totals_set_closer_than_the_rows_under_the_last_rule_then_they_stay_out_of_its_rows() -> None:
    # given: under the last rule two lines of totals within one row pitch (a subtotal
    # over a tax), in the price column
    head_bottom = 382.2
    spans = [_span("Item", 60.3, 361.4, bold=True), _span("Price", 551.5, 361.4, right=True, bold=True)]
    rules = [_h(356.2), _v(LEFT, 356.2, head_bottom), _v(RIGHT, 356.2, head_bottom)]
    for k, (item, price) in enumerate(ITEMS[:3]):
        y = head_bottom + k * PITCH
        spans += [_span(item, 60.3, y + 5.4), _span(price, 551.4, y + 5.4, right=True)]
        rules += [_h(y, LEFT, MID), _h(y, MID, RIGHT)]
    last = head_bottom + 3 * PITCH
    rules += [_h(last, LEFT, MID), _h(last, MID, RIGHT)]
    spans += [_span("Subtotal: 17,700.00", 551.4, last + 5.4, right=True)]
    spans += [_span("Tax: 0.00", 551.4, last + 17.0, right=True)]

    # when
    blocks = layout_lines(spans_to_lines(spans), 612, 792, rules=rules)

    # then: the table's rows are its items; the totals are not one row of it
    tables = [b for b in blocks if b.kind == "table"]
    assert tables and tables[0].rows is not None
    assert all("Subtotal" not in cell for row in tables[0].rows for cell in row)
