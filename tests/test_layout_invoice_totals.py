"""An invoice's line items with few rows (worker/engines/layout/table_cuts.py, tables.py):
with one line item, the totals' labels under it ("Sales tax at 7.5%"), right-aligned under
the tax rates and reaching left under the unit prices, closed the gutter between the two
columns before three rows agreed on it, and the unit price and the rate came out as one
cell ("120.00 7.5%"); the labels belong to the column they are flush with. And a payment
advice's address block beside its key/value rows, on a pitch of its own, is no table."""

from __future__ import annotations

from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

SIZE = 9.0
EM = 4.6  # a glyph's width, about
SPACE = 2.5  # a word space


def _line(text: str, x: float, top: float, *, bold: bool = False, right: bool = False) -> list[TextSpan]:
    """One line's words as the text layer gives them; ``right``: ``x`` is its right end."""
    width = EM * len(text.replace(" ", "")) + SPACE * text.count(" ")
    x0 = x - width if right else x
    spans = []
    for word in text.split(" "):
        w = EM * len(word)
        spans.append(TextSpan(word, x0, top, x0 + w, top + SIZE, SIZE, bold, False))
        x0 += w + SPACE
    return spans


def _invoice() -> list[TextSpan]:
    # given: a bold header over five columns, the figures right-aligned under their heads
    spans = _line("Invoice 2291 for consulting services rendered in March", 40.0, 60.0)
    spans += _line("Item", 40.0, 100.0, bold=True)
    spans += _line("Hours", 330.0, 100.0, bold=True, right=True)
    spans += _line("Rate", 410.0, 100.0, bold=True, right=True)
    spans += _line("Tax", 470.0, 100.0, bold=True, right=True)
    spans += _line("Total EUR", 560.0, 100.0, bold=True, right=True)
    # ... one line item, its description wrapped
    spans += _line("Architecture review of the billing", 40.0, 122.0)
    spans += _line("4.00", 330.0, 122.0, right=True)
    spans += _line("120.00", 410.0, 122.0, right=True)
    spans += _line("7.5%", 470.0, 122.0, right=True)
    spans += _line("480.00", 560.0, 122.0, right=True)
    spans += _line("service and its queues", 40.0, 133.0)
    # ... and the totals: labels flush right with the tax rates, reaching under the rate
    for i, (label, value) in enumerate((("Subtotal", "480.00"), ("Sales tax at 7.5%", "36.00"))):
        spans += _line(label, 470.0, 156.0 + 20.0 * i, right=True)
        spans += _line(value, 560.0, 156.0 + 20.0 * i, right=True)
    spans += _line("Amount due", 470.0, 196.0, bold=True, right=True)
    spans += _line("516.00", 560.0, 196.0, bold=True, right=True)
    return spans


def test_given_one_line_item_and_totals_under_it_then_rate_and_tax_stay_two_columns() -> None:
    # when
    blocks = layout_lines(spans_to_lines(_invoice()), 612, 792)

    # then: five columns; each total's label in the tax column it is flush with
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows == [
        ["Item", "Hours", "Rate", "Tax", "Total EUR"],
        ["Architecture review of the billing service and its queues", "4.00", "120.00", "7.5%", "480.00"],
        ["", "", "", "Subtotal", "480.00"],
        ["", "", "", "Sales tax at 7.5%", "36.00"],
        ["", "", "", "Amount due", "516.00"],
    ]


def _advice() -> list[TextSpan]:
    # given: a payment advice: a heading and an address block on the left (13 pt pitch),
    # key/value rows on the right on a pitch of their own (14-17 pt), meeting a line of
    # the address now and then by chance, the last one a note under its empty field
    spans = [TextSpan("PAYMENT SLIP", 40.0, 401.0, 190.0, 421.0, 20.0, True, False)]
    for i, text in enumerate(("To: Harbour Supplies Ltd.", "8 Quay Road", "Portside", "ZIP 40110", "NORWAY")):
        spans += _line(text, 60.0, 428.0 + 13.0 * i)
    keys = (("Client", "Harbour Supplies Ltd."), ("Reference", "R-2291"), ("Balance", "516.00"))
    tops = (398.0, 413.0, 429.0)
    for (key, value), top in zip(keys, tops, strict=True):
        spans += _line(key, 330.0, top, bold=True)
        spans += _line(value, 420.0, top)
    spans += _line("Payable by", 330.0, 443.0, bold=True)
    spans += _line("April 30, 2024", 420.0, 443.0)
    spans += _line("Amount paid", 330.0, 460.0, bold=True)
    spans += _line("Write the amount you pay", 420.0, 481.0)
    return spans


def test_given_an_address_block_beside_key_value_rows_then_no_table_mixes_them() -> None:
    # when
    blocks = layout_lines(spans_to_lines(_advice()), 612, 792)

    # then: no grid that puts an address line in a row with a key and its value
    tables = [b for b in blocks if b.kind == "table"]
    assert not any("To: Harbour Supplies Ltd." in row for t in tables for row in t.rows or [])
