"""The rows at a ruled table's foot (worker/engines/layout/table_feet.py): a form printed
from a fixed template draws its item table down to a fixed height, the items at the top,
the body blank under them, and at the foot, under a rule across the table, the total row
or a ledger's balances, each figure in its column. The blank stripe cut the page there,
and the foot rows came out as a table of their own (with the tax block under them).
"""

from __future__ import annotations

from common.documents.results import Block
from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

SIZE = 9.0
LEFT, RIGHT = 28.0, 567.0

Rule = tuple[float, float, float, float]


def _span(text: str, x: float, top: float, *, right: bool = False) -> TextSpan:
    width = 4.5 * len(text)
    x0 = x - width if right else x
    return TextSpan(text, x0, top, x0 + width, top + 11.0, SIZE, False)


def _h(y: float) -> Rule:
    return (LEFT, y - 0.5, RIGHT, y + 0.5)


# The item table's columns: a description, then figures right-aligned at these edges.
HEADS = ["Product", "Qty", "Rate", "Gross", "Tax", "Net"]
EDGES = [180.0, 250.0, 320.0, 400.0, 480.0]
ITEMS = [
    ("Enlite Basic", ["1", "16000", "16000", "0", "16000"]),
    ("Enlite Pro", ["2", "9000", "18000", "0", "18000"]),
]


def _invoice() -> list[Block]:
    spans = [_span("Buyer: Labanya Milk", 36.0, 120.0)]
    spans += [_span(HEADS[0], 36.0, 198.0)] + [
        _span(h, x, 198.0, right=True) for h, x in zip(HEADS[1:], EDGES, strict=True)
    ]
    for k, (item, figures) in enumerate(ITEMS):
        top = 218.0 + 14.0 * k
        spans += [_span(item, 36.0, top)] + [
            _span(f, x, top, right=True) for f, x in zip(figures, EDGES, strict=True)
        ]
    # The foot: the total under its rule, then the tax block under the next one.
    spans += [_span("TOTAL", 36.0, 645.0)]
    spans += [
        _span(f, x, 645.0, right=True)
        for f, x in zip(["3", "34000", "0", "34000"], [EDGES[0], *EDGES[2:]], strict=True)
    ]
    for k, (label, value) in enumerate([("Taxable", "34000"), ("SGST", "0"), ("Invoice Amount", "34000")]):
        spans += [_span(label, 420.0, 662.0 + 14.0 * k), _span(value, 560.0, 662.0 + 14.0 * k, right=True)]
    rules = [_h(y) for y in (196.0, 216.0, 642.0, 659.0, 705.0)]
    return layout_lines(spans_to_lines(spans), 612, 842, rules=rules)


def test_given_a_total_row_under_the_rule_at_the_foot_of_an_empty_body_then_it_is_the_tables() -> None:
    # when
    tables = [b.rows for b in _invoice() if b.kind == "table"]

    # then: the total is the item table's last row, its figures in their columns
    assert tables[0] == [
        HEADS,
        *[[item, *figures] for item, figures in ITEMS],
        ["TOTAL", "3", "", "34000", "0", "34000"],
    ]


def test_given_a_tax_block_under_the_total_rows_rule_then_it_is_not_the_tables() -> None:
    # when
    blocks = _invoice()

    # then: the item table ends at its total; the tax labels are no row of it
    [items] = [b for b in blocks if b.kind == "table" and b.rows and b.rows[0] == HEADS]
    assert "Taxable" not in items.text and "Invoice Amount" not in items.text
    assert any("Taxable" in b.text for b in blocks)


# A ledger: date, particulars, voucher type and number, then the debit and credit amounts.
LEDGER = ["Date", "Particulars", "Voucher Type", "Voucher No.", "Dr. Amount", "Cr. Amount"]
LEDGER_X = [28.0, 99.0, 255.0, 340.0, 425.0, 510.0]
ENTRIES = [
    ["30/07/2021", "To Sales A/c", "TAX Invoice", "1", "10.00", "0.00"],
    ["12/01/2022", "To Customer One", "Receipt", "1", "1000.00", "0.00"],
]
BALANCES = [
    ("Opening Balance", "0.00", "0.00"),
    ("Total", "1010.00", "0.00"),
    ("Closing Balance", "1010.00", "0.00"),
]


def _ledger(after: list[TextSpan] | None = None, *, credit: bool = True) -> list[Block]:
    spans = [_span("CASH ACCOUNT", 260.0, 20.0), _span("From 30/07/2021 To 12/01/2022", 234.0, 33.0)]
    spans += [_span(h, x, 44.0) for h, x in zip(LEDGER, LEDGER_X, strict=True)]
    for k, row in enumerate(ENTRIES):
        top = 60.0 + 11.5 * k
        spans += [_span(t, x, top) for t, x in zip(row[:4], LEDGER_X[:4], strict=True)]
        spans += [_span(row[4], 482.0, top, right=True), _span(row[5], 567.0, top, right=True)]
    for k, (label, dr, cr) in enumerate(BALANCES):
        top = 684.0 + 14.0 * k
        # the label starts in the voucher type column and runs on over the empty number's
        spans += [_span(label, 283.0, top), _span(dr, 482.0, top, right=True)]
        spans += [_span(cr, 567.0, top, right=True)] if credit else []
    return layout_lines(spans_to_lines([*spans, *(after or [])]), 612, 842, rules=[_h(55.0), _h(678.0)])


def test_given_balance_rows_under_a_rule_at_the_page_foot_then_they_are_the_ledgers_rows() -> None:
    # when
    tables = [b.rows for b in _ledger() if b.kind == "table"]

    # then: one table, the balances in the voucher type and amount columns
    assert tables == [[LEDGER, *ENTRIES, *[["", "", label, "", dr, cr] for label, dr, cr in BALANCES]]]


def test_given_a_paragraph_under_the_rule_then_it_is_no_row_of_the_table() -> None:
    # given: a note across the columns under the rule, where balances would stand
    note = [
        _span("Errors and omissions excepted; please report any difference within fifteen days.", 40.0, 740.0)
    ]

    # when
    blocks = _ledger(note)

    # then
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows is not None and "Errors" not in table.text
    assert any(b.kind != "table" and "Errors and omissions" in b.text for b in blocks)


def test_given_labels_with_one_amount_each_under_the_rule_then_they_are_no_rows_of_the_table() -> None:
    # given: the balances without their credit column: a label beside one amount
    blocks = _ledger(credit=False)

    # then: a totals block of its own, the ledger's rows the entries alone
    tables = [b.rows for b in blocks if b.kind == "table"]
    assert tables[0] == [LEDGER, *ENTRIES]
