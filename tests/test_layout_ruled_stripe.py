"""A ruled column that holds two columns with no rule between them
(worker/engines/layout/grids.py).

An invoice's line items are drawn with a rule between most columns, but its unit price
and its discount share one ruled column: "Unit price" over right-aligned prices, and
"Disc." over right-aligned rates an em or so to their right. A blank stripe runs down
the ruled column through every row, with a header on each side: two columns. A column
of amounts with their currency sign set apart at its left edge has a blank stripe too,
but its header runs across it: one column.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4
ITEMS = [("Nougat 250g", "5", "4,55", "10%", "-20,48"), ("Olive oil 10L", "10", "19,80", "", "-198,00")]


def _draw_items(path: Path) -> Path:
    """The line items: rules at x 40, 220, 280, 400 and 480; price and discount share
    the column from 280 to 400."""
    c = canvas.Canvas(str(path), pagesize=A4)
    xs = [40, 220, 280, 400, 480]
    tops = [HEIGHT - 100, HEIGHT - 120, HEIGHT - 138, HEIGHT - 156]
    for x in xs:
        c.line(x, tops[0], x, tops[-1])
    for y in tops:
        c.line(xs[0], y, xs[-1], y)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(44, tops[0] - 13, "Description")
    c.drawRightString(276, tops[0] - 13, "Qty")
    c.drawRightString(345, tops[0] - 13, "Unit price")
    c.drawRightString(392, tops[0] - 13, "Disc.")
    c.drawRightString(476, tops[0] - 13, "Total")
    c.setFont("Helvetica", 9)
    for k, (desc, qty, price, disc, total) in enumerate(ITEMS):
        y = tops[k + 1] - 12
        c.drawString(44, y, desc)
        c.drawRightString(276, y, qty)
        c.drawRightString(345, y, price)
        if disc:
            c.drawRightString(392, y, disc)
        c.drawRightString(476, y, total)
    # A ruled table of amounts, each with its dollar sign at the column's left edge
    tops = [HEIGHT - 220, HEIGHT - 238, HEIGHT - 256, HEIGHT - 274]
    for x in (40, 220, 400):
        c.line(x, tops[0], x, tops[-1])
    for y in tops:
        c.line(40, y, 400, y)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(44, tops[0] - 12, "Item")
    c.drawCentredString(310, tops[0] - 12, "Amount paid in the year")
    c.setFont("Helvetica", 9)
    for k, (item, amount) in enumerate([("Rent", "12,000"), ("Insurance", "1,250")]):
        y = tops[k + 1] - 12
        c.drawString(44, y, item)
        c.drawString(226, y, "$")
        c.drawRightString(394, y, amount)
    c.save()
    return path


def test_given_two_columns_in_one_ruled_column_then_each_is_a_column(tmp_path: Path) -> None:
    # Given line items whose unit price and discount share one ruled column
    pdf = _draw_items(tmp_path / "items.pdf")
    # When the page is converted
    tables = [b.rows for b in convert(pdf).blocks if b.kind == "table" and b.rows]
    # Then the price and the discount are columns of their own
    items = next(t for t in tables if t[0][0] == "Description")
    assert items[0] == ["Description", "Qty", "Unit price", "Disc.", "Total"]
    assert items[1] == list(ITEMS[0])
    assert items[2] == list(ITEMS[1])
    # And a column of amounts under a header across it keeps its dollar signs
    amounts = next(t for t in tables if t[0][0] == "Item")
    assert amounts == [["Item", "Amount paid in the year"], ["Rent", "$ 12,000"], ["Insurance", "$ 1,250"]]
