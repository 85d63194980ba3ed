"""An invoice's item box set in smaller print than the page's text (worker/engines/layout/
table_cuts.py, table_wraps.py, table_cells.py).

The box's narrow columns stand closer together than an em of the page's body text, but
more than an em of their own print apart ("Menge" beside "Meng.-einheit", "Betrag"
beside "USt. %"): they are columns all the same. An item's code under its name, longer
than any name, reaches into the gutter past the boundary's middle, short of the
quantities: it is the name cell's second line. A header label broken after an
abbreviation's point keeps its compound's hyphen ("Meng.-" over "einheit").
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4


def _y(top: float) -> float:
    return HEIGHT - top


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, _y(70), "RECHNUNG 471102")
    c.setFont("Helvetica", 11)
    for k, text in enumerate(
        [
            "Thank you for your order. We invoice the following goods and services,",
            "delivered to the address given above, according to our general terms of",
            "delivery and payment. Please quote the invoice number with your payment.",
        ]
    ):
        c.drawString(60, _y(110 + 14 * k), text)
    c.setLineWidth(0.5)
    c.rect(40, _y(330), 535, 75)
    c.line(40, _y(286), 575, _y(286))
    c.setFont("Helvetica", 7)
    for x, text in ((60, "Unsere"), (306, "Menge"), (335, "Meng.-"), (424, "Preis/")):
        c.drawString(x, _y(273), text)
    for x, text in ((60, "Art.Nr."), (187, "Artikelbeschreibung"), (335, "einheit"), (421, "Einheit")):
        c.drawString(x, _y(283), text)
    c.drawRightString(542, _y(283), "Betrag")
    c.drawRightString(573, _y(283), "USt. %")
    c.setFont("Helvetica", 10)
    c.drawString(60, _y(296), "TB100A4")
    c.drawString(187, _y(296), "Trennblätter A4")
    c.drawRightString(316, _y(296), "20")
    c.drawString(335, _y(296), "Stk.")
    c.drawRightString(442, _y(296), "9,90")
    c.drawRightString(542, _y(296), "198,00")
    c.drawRightString(573, _y(296), "19")
    c.drawString(187, _y(307), "GTIN: 4012345001235")
    c.setFont("Helvetica", 11)
    c.drawString(60, _y(360), "Payable within 30 days net, 3% discount within 10 days.")
    c.save()
    return path


def test_given_item_box_in_small_print_then_its_narrow_columns_and_second_lines_stay_cells(
    tmp_path: Path,
) -> None:
    # Given an item box in 7 pt headers and 10 pt items on a page of 11 pt text, its
    # narrow columns an em and a half of their own print apart, an item's code under its
    # name reaching past the boundary's middle
    page = convert(_draw(tmp_path / "invoice.pdf"))
    # When the page is read
    tables = [b.rows for b in page.blocks if b.kind == "table" and b.rows]
    # Then each narrow column is a column, the header's compound keeps its hyphen, and
    # the code is the name cell's second line
    assert tables == [
        [
            [
                "Unsere Art.Nr.",
                "Artikelbeschreibung",
                "Menge",
                "Meng.-einheit",
                "Preis/ Einheit",
                "Betrag",
                "USt. %",
            ],
            ["TB100A4", "Trennblätter A4 GTIN: 4012345001235", "20", "Stk.", "9,90", "198,00", "19"],
        ]
    ]
