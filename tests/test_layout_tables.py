"""Tables (worker/engines/layout/tables.py): aligned line items become one table with their
cells, the text around it stays outside, and totals wider than a gutter keep the columns apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

INVOICE_ROWS = [
    ["Description", "Qty", "Unit price", "Amount"],
    ["Widget A", "2", "$10.00", "$20.00"],
    ["Gadget B", "1", "$45.50", "$45.50"],
    ["Service fee", "3", "$5.00", "$15.00"],
    ["Cable C", "10", "$1.25", "$12.50"],
]


@pytest.fixture
def invoice_pdf(tmp_path: Path) -> Path:
    """Invoice line items: a left-aligned description and right-aligned figures."""
    path = tmp_path / "invoice.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, y, "Invoice 2024-0117")
    y -= 30
    c.setFont("Helvetica", 10)
    c.drawString(72, y, "Billed to Example Corporation, 1 Main Street, Springfield.")
    y -= 30
    for i, (desc, qty, unit, amount) in enumerate(INVOICE_ROWS):
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 10)
        c.drawString(72, y, desc)
        c.drawRightString(330, y, qty)
        c.drawRightString(430, y, unit)
        c.drawRightString(530, y, amount)
        y -= 16
    y -= 20
    c.setFont("Helvetica", 10)
    c.drawString(72, y, "Thank you for your business. Payment is due within thirty days.")
    c.save()
    return path


def test_given_aligned_line_items_then_they_form_a_table_with_their_cells(invoice_pdf: Path) -> None:
    result = convert(invoice_pdf)

    tables = [b for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows == INVOICE_ROWS
    assert tables[0].text.startswith("| Description | Qty | Unit price | Amount |\n|---|---|---|---|")


def test_given_text_around_a_table_then_it_stays_outside_the_table_in_order(invoice_pdf: Path) -> None:
    result = convert(invoice_pdf)

    assert [b.kind for b in result.blocks] == ["title", "paragraph", "table", "paragraph"]
    assert result.blocks[-1].text.startswith("Thank you")


def test_given_totals_whose_amounts_reach_across_two_columns_then_the_columns_stay_apart(
    tmp_path: Path,
) -> None:
    # The amounts of the totals ("1,395.00 EUR") are wider than the gutter between the
    # unit price and amount columns: they must not merge those columns in every row.
    path = tmp_path / "totals.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    for i, (desc, qty, unit, amount) in enumerate(TOTALS_ROWS):
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 10)
        c.drawString(72, y, desc)
        c.drawRightString(330, y, qty)
        c.drawRightString(470, y, unit)
        c.drawRightString(530, y, amount)
        y -= 16
    y -= 8
    c.setFont("Helvetica", 10)
    for label, amount in (
        ("Subtotal:", "1,395.00 EUR"),
        ("VAT 20%:", "279.00 EUR"),
        ("Total due:", "1,674.00 EUR"),
    ):
        c.drawString(360, y, label)
        c.drawRightString(530, y, amount)
        y -= 16
    c.save()

    result = convert(path)

    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows is not None
    assert table.rows[: len(TOTALS_ROWS)] == TOTALS_ROWS
    assert [row[-1] for row in table.rows[len(TOTALS_ROWS) :]] == [
        "1,395.00 EUR",
        "279.00 EUR",
        "1,674.00 EUR",
    ]


TOTALS_ROWS = [
    ["Description", "Qty", "Unit price", "Amount"],
    ["Consulting, senior", "12", "95.00", "1,140.00"],
    ["Travel allowance", "3", "40.00", "120.00"],
    ["Report printing", "20", "4.50", "90.00"],
    ["Archive boxes", "5", "9.00", "45.00"],
]
