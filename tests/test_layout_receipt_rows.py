"""An unruled item table's rows: an item cell whose second line starts with a capital,
and totals whose labels start in the wide space of the description column
(worker/engines/layout/table_wraps.py, table_totals.py).

A receipt sets an item's period under its name ("$10 / month" over "Jul 19 - Aug 19,
2024") at the line spacing, the figures beside the first line only: the second line is
the item's, though it starts with a capital. Rows of a dense table, each one line, stand
as close to the row below as to the row above: a lone line among them is a row.

The totals under the items ("Subtotal", "Total", "Amount paid") start far right of the
descriptions and far left of the quantities, right-aligned at the right: a gutter on each
side, a column of their own. They are the description column's (the references'
convention: the label in the column where the labels start).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = letter
TOTALS = [("Subtotal", "$10.00"), ("Total", "$10.00"), ("Amount paid", "$10.00")]


def _y(top: float) -> float:
    return HEIGHT - top


def _tables(path: Path) -> list[list[list[str]]]:
    page = convert(path)
    return [b.rows for b in page.blocks if b.kind == "table" and b.rows]


def _draw_receipt(path: Path, totals_x: float) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(30, _y(60), "Receipt")
    c.setFont("Helvetica", 9)
    c.drawString(30, _y(90), "Invoice number 87B37C9-0152")
    c.drawString(30, _y(102), "Date paid July 19, 2024")
    c.setFont("Helvetica", 7.5)
    c.drawString(30, _y(290), "Description")
    for x, text in ((457, "Qty"), (521, "Unit price"), (582, "Amount")):
        c.drawRightString(x, _y(290), text)
    c.line(30, _y(298), 582, _y(298))
    c.setFont("Helvetica", 9)
    c.drawString(30, _y(312), "$10 / month")
    c.drawString(30, _y(325.5), "Jul 19 \u2013 Aug 19, 2024")
    for x, text in ((457, "1"), (521, "$10.00"), (582, "$10.00")):
        c.drawRightString(x, _y(312), text)
    for k, (label, amount) in enumerate(TOTALS):
        top = 358 + 22 * k
        c.line(totals_x, _y(top - 12), 582, _y(top - 12))
        c.setFont("Helvetica-Bold" if k == 2 else "Helvetica", 9)
        c.drawString(totals_x, _y(top), label)
        c.drawRightString(582, _y(top), amount)
    c.setFont("Helvetica", 9)
    c.drawString(30, _y(450), "Questions? Contact us at billing@example.org or call the office.")
    c.save()
    return path


def test_given_item_cell_second_line_capitalised_then_it_stays_in_the_item_row(tmp_path: Path) -> None:
    # Given a receipt whose item's period, starting with a capital, sits under its name
    # at the line spacing, much closer to it than to the totals under it
    tables = _tables(_draw_receipt(tmp_path / "receipt.pdf", totals_x=306))
    # When the page is read, then the item's cell holds both lines, in one row
    [table] = tables
    assert table[1] == ["$10 / month Jul 19 \u2013 Aug 19, 2024", "1", "$10.00", "$10.00"]
    assert not any(row[0].startswith("Jul 19") for row in table)


def test_given_totals_labels_in_the_description_space_then_they_are_its_column(tmp_path: Path) -> None:
    # Given totals whose labels start between the descriptions and the quantities
    tables = _tables(_draw_receipt(tmp_path / "receipt.pdf", totals_x=306))
    # When the page is read, then the table keeps the header's four columns
    [table] = tables
    assert table[0] == ["Description", "Qty", "Unit price", "Amount"]
    # And each label is in the description column, its amount in the amount column
    assert table[-3:] == [[label, "", "", amount] for label, amount in TOTALS]


def test_given_totals_labels_under_the_unit_price_then_they_stay_there(tmp_path: Path) -> None:
    # Given totals whose labels start under the unit prices (an item column)
    tables = _tables(_draw_receipt(tmp_path / "receipt.pdf", totals_x=487))
    # When the page is read, then each label stays in the unit price column
    [table] = tables
    assert [row[2] for row in table[-3:]] == [label for label, _ in TOTALS]
    assert [row[0] for row in table[-3:]] == ["", "", ""]


DENSE = [
    ("Apples", "2", "3.00"),
    ("Pears", "1", "1.50"),
    ("Vegetables", "", ""),
    ("Carrots", "4", "2.00"),
    ("Onions", "3", "1.20"),
    ("Leeks", "2", "2.40"),
]


def test_given_dense_table_then_a_lone_capitalised_row_stays_a_row(tmp_path: Path) -> None:
    # Given a dense table, every row one line at the line spacing, one of them a label
    # alone ("Vegetables") right under a row
    path = tmp_path / "dense.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, _y(70), "Market prices")
    c.setFont("Helvetica", 9)
    c.drawString(72, _y(110), "Item")
    c.drawRightString(300, _y(110), "Qty")
    c.drawRightString(400, _y(110), "Price")
    for k, (item, qty, price) in enumerate(DENSE):
        top = 123 + 11.5 * k
        c.drawString(72, _y(top), item)
        c.drawRightString(300, _y(top), qty)
        c.drawRightString(400, _y(top), price)
    c.save()
    # When the page is read
    [table] = _tables(path)
    # Then each line is a row of its own
    assert [row[0] for row in table] == ["Item", *(item for item, _, _ in DENSE)]
