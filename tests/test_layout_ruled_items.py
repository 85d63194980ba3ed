"""An invoice's item table of one item: column heads in small print, a rule under them
across the table, and one item whose description takes a second line (worker/engines/
layout/ruled_items.py, table_wraps.py). Two rows with cells side by side were a table
only when both were in one size; the rule across them is what makes them one. The
description's second line, at the cell's leading under it and far closer than the
header stands above the row, is the cell's (the row's smallest print, a superscript
note mark, made the gap look wide).
"""

from __future__ import annotations

from common.documents.results import Block
from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

HEAD, ROW = 7.5, 9.0  # the heads' print and the item's


def _span(text: str, x0: float, top: float, size: float, *, right: bool = False) -> TextSpan:
    width = 0.5 * size * len(text)
    if right:
        x0 -= width
    return TextSpan(text, x0, top, x0 + width, top + 1.2 * size, size, False)


def _page(*, rule: bool) -> list[Block]:
    spans = [TextSpan("Invoice", 30.0, 60.0, 110.0, 84.0, 20.0, True)]
    spans += [_span("Invoice number 2E9958F3-0010", 30.0, 100.0, ROW)]
    spans += [_span("Pay online", 30.0, 260.0, ROW)]
    spans += [
        _span("Description", 30.0, 322.0, HEAD),
        _span("Qty", 385.0, 322.0, HEAD, right=True),
        _span("Unit price", 449.0, 322.0, HEAD, right=True),
        _span("Tax", 499.0, 322.0, HEAD, right=True),
        _span("Amount", 582.0, 322.0, HEAD, right=True),
    ]
    spans += [
        _span("ChatGPT Plus Subscription", 30.0, 342.3, ROW),
        _span("1", 385.0, 342.3, ROW, right=True),
        _span("$20.00", 449.0, 342.3, ROW, right=True),
        _span("0%", 490.0, 342.3, ROW, right=True),
        TextSpan("[1]", 490.0, 341.3, 499.0, 349.5, 6.84, False),
        _span("$20.00", 582.0, 342.3, ROW, right=True),
        _span("May 5 - Jun 5, 2024", 30.0, 355.8, ROW),
    ]
    spans += [_span("[1] Tax to be paid on reverse charge basis", 30.0, 481.0, HEAD)]
    rules = [(30.0, 336.8, 582.0, 337.5)] if rule else []
    return layout_lines(spans_to_lines(spans), 612, 792, rules=rules)


def test_given_one_item_under_heads_ruled_off_in_smaller_print_then_it_is_a_table_with_its_wrapped_line() -> (
    None
):
    # given / when
    tables = [b for b in _page(rule=True) if b.kind == "table"]

    # then
    assert [t.rows for t in tables] == [
        [
            ["Description", "Qty", "Unit price", "Tax", "Amount"],
            ["ChatGPT Plus Subscription May 5 - Jun 5, 2024", "1", "$20.00", "0%[1]", "$20.00"],
        ]
    ]


def test_given_the_same_two_rows_without_a_rule_between_them_then_they_are_no_table() -> None:
    # given / when: two rows in two sizes, nothing drawn across them
    blocks = _page(rule=False)

    # then
    assert not [b for b in blocks if b.kind == "table"]
