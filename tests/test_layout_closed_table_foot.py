"""An item table closed by a rule under its last row, its totals under the rule in the
right half (worker/engines/layout/table_feet.py closed_foot, tables.py): an invoice
printed from a web page, a thick rule over the header and under the last item, no rules
between the items, one description wrapped onto a second line, and under the closing
rule "Subtotal", "GST" and "Amount due", each label at mid-page beside its amount.

The totals' labels and amounts left a gutter that the long description crosses; with
the wrapped line under it taken for text between blocks, the table was cut after the
wrapped row, and its last row came out as a second table with the totals as its rows.
The rule ends the table: the totals are no rows of it. And a description wrapped onto
three lines beside figures on its first (table_wraps.py continued) is one cell: its
third line stood under a line alone, not under the row, and came out as a row."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from common.documents.results import Block
from tests.layout_pages import convert

WIDTH, HEIGHT = A4
LEFT, RIGHT = 40.0, WIDTH - 40.0
ITEMS = [
    ("Red Widget", "5", "$24.95", "$124.75"),
    ("Blue Widget", "3", "$24.95", "$74.85"),
    (
        "Green Widget - a very special widget with a very special name description that "
        "is, in fact, too long to fit in the space provided so it has to wrap",
        "2",
        "$24.95",
        "$49.90",
    ),
    ("Red Widget", "4", "$24.95", "$99.80"),
]
TOTALS = [("Subtotal in AUD:", "$474.35"), ("* GST (10%):", "$47.44")]


def _invoice(path: Path, *, body: float, totals: float, wrap: float = 300.0, ruled: bool = False) -> Path:
    """The invoice page, the items at ``body`` pt, the descriptions wrapped at ``wrap``
    pt, and the totals at ``totals`` pt; a thin rule under every item where ``ruled``."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(LEFT, HEIGHT - 60, "Widgets Company")
    c.setFont("Helvetica", 10)
    for k, text in enumerate(("Invoice Number: 1044", "Issue Date: Mar 19, 2017")):
        c.drawString(LEFT, HEIGHT - 100 - 13 * k, text)
    # given: a thick rule over the header, a thin one under it
    y = HEIGHT - 180
    c.setLineWidth(2)
    c.line(LEFT, y, RIGHT, y)
    base = y - 5 - (body + 1)
    c.setFont("Helvetica-Bold", body + 1)
    c.drawString(LEFT + 4, base, "Description")
    c.drawCentredString(360, base, "Quantity")
    c.drawRightString(470, base, "Price")
    c.drawRightString(RIGHT - 4, base, "Total")
    y = base - 5
    c.setLineWidth(1)
    c.line(LEFT, y, RIGHT, y)
    # ... the items with no rules between them, the long description wrapped under its
    # row's figures
    c.setFont("Helvetica", body)
    for description, quantity, price, total in ITEMS:
        lines = simpleSplit(description, "Helvetica", body, wrap)
        base = y - 5 - body
        for k, line in enumerate(lines):
            c.drawString(LEFT + 4, base - 1.4 * body * k, line)
        c.drawCentredString(360, base, quantity)
        c.drawRightString(470, base, price)
        c.drawRightString(RIGHT - 4, base, total)
        y = base - 1.4 * body * (len(lines) - 1) - 5
        if ruled and (description, total) != (ITEMS[-1][0], ITEMS[-1][3]):
            c.setLineWidth(0.5)
            c.line(LEFT, y, RIGHT, y)
    # ... a thick rule under the last item, across the table
    c.setLineWidth(2)
    c.line(LEFT, y, RIGHT, y)
    # ... and the totals under it, the labels at mid-page, the amounts at the table's edge
    c.setFont("Helvetica", totals)
    y -= 4
    for label, amount in TOTALS:
        y -= 1.8 * totals
        c.drawString(WIDTH / 2, y, label)
        c.drawRightString(RIGHT - 4, y, amount)
    y -= 0.6 * totals
    c.setLineWidth(1)
    c.line(WIDTH / 2, y, RIGHT, y)
    y -= 1.8 * totals
    c.setFont("Helvetica-Bold", totals)
    c.drawString(WIDTH / 2, y, "Amount due in AUD:")
    c.drawRightString(RIGHT - 4, y, "$521.79")
    c.save()
    return path


def _text(block: Block) -> str:
    return " ".join(" ".join(row) for row in block.rows) if block.kind == "table" else block.text or ""


@pytest.mark.parametrize(("body", "totals"), [(8.0, 10.0), (9.0, 10.0)], ids=["larger", "near"])
def test_given_totals_under_the_rule_closing_an_item_table_then_the_table_ends_at_the_rule(
    tmp_path: Path, body: float, totals: float
) -> None:
    # when
    blocks = convert(_invoice(tmp_path / "invoice.pdf", body=body, totals=totals)).blocks

    # then: one table of the header and the four items, the wrapped description in its cell
    _assert_items_then_totals(blocks)


def test_given_a_description_wrapped_onto_three_lines_then_they_are_one_cell(tmp_path: Path) -> None:
    # given: the long description wrapped onto three lines, its figures beside the first
    # when
    blocks = convert(_invoice(tmp_path / "invoice.pdf", body=8.0, totals=10.0, wrap=200.0)).blocks

    # then: the third line joins the cell too, no row of its own
    _assert_items_then_totals(blocks)


def _assert_items_then_totals(blocks: list[Block]) -> None:
    tables = [b for b in blocks if b.kind == "table" and "Description" in _text(b)]
    assert len(tables) == 1, [b.rows for b in blocks if b.kind == "table"]
    [table] = tables
    assert table.rows == [["Description", "Quantity", "Price", "Total"], *[list(item) for item in ITEMS]]
    # ... and the totals read after it, no rows of it
    texts = [_text(b) for b in blocks]
    at = texts.index(_text(table))
    after = " ".join(texts[at + 1 :])
    for label, amount in [*TOTALS, ("Amount due in AUD:", "$521.79")]:
        assert label in after and amount in after, after


def test_given_items_ruled_row_by_row_and_totals_in_their_print_under_the_last_rule_then_they_stay_rows(
    tmp_path: Path,
) -> None:
    # given: a rule under every item, so that the one under the last closes no table of
    # unruled rows: it is one more row rule, and the totals under it, in the items'
    # print, go on in the table's columns (a statement printed from a web page)
    path = _invoice(tmp_path / "ruled.pdf", body=10.0, totals=10.0, ruled=True)

    # when
    blocks = convert(path).blocks

    # then: the subtotal and tax rows are rows of the items' table
    [table] = [b for b in blocks if b.kind == "table" and "Description" in _text(b)]
    assert any("$474.35" in row for row in table.rows), table.rows
