"""An invoice's item rows: a row on the border of the totals box, and a row whose item
cell wraps under its figures (worker/engines/layout/band_rows.py, table_wraps.py).

A ruled item table draws each row's borders cell by cell; the last row's lower border is
the totals box's upper one, drawn as one piece under the item columns (the totals' label
spans them). Read as one drawn cell there, the last row's code, name, quantity and price
run together into its first cell. An unruled item table sets an item's code and
reference under its name at the name's own leading, the figures beside the first line
only: the lines under the last row are that row's, not text after the table.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4
COLS = [43.5, 135.0, 318.0, 364.0, 423.0, 483.0, 552.0]
HEADER = ["Product code", "Product name and additional info", "Quantity", "Price", "Sum", "Tax rate"]
ITEMS = [
    ("SERVER", "Server hosting", "Kaunas", "3 pcs", "6,00", "18,00", "0%"),
    ("STORAGE", "Backup storage", "Vilnius", "2 pcs", "4,50", "9,00", "0%"),
]
TOTALS = [("Subtotal:", "27,00"), ("Tax:", "0,00"), ("Total (EUR):", "27,00")]


def _y(top: float) -> float:
    return HEIGHT - top


def _border(c: canvas.Canvas, top: float, xs: list[float]) -> None:
    """A row's border drawn cell by cell, one piece between each two of ``xs``."""
    for a, b in itertools.pairwise(xs):
        c.line(a + 0.4, _y(top), b - 0.4, _y(top))


def _draw_ruled(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.5)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(43, _y(70), "Invoice No. 15293")
    # The header: a box per cell, column rules down its height only
    _border(c, 283, COLS)
    _border(c, 300, COLS)
    for x in COLS:
        c.line(x, _y(283), x, _y(300))
    c.setFont("Helvetica-Bold", 9)
    for x, text in zip(COLS, HEADER, strict=False):
        c.drawString(x + 3, _y(294), text)
    # The items: a border between them drawn cell by cell; the last one's lower border
    # is the totals box's upper one, one piece under the item columns
    c.setFont("Helvetica", 9)
    for k, (code, name, more, qty, price, total, tax) in enumerate(ITEMS):
        top = 300 + 30 * k
        c.drawString(COLS[0] + 3, _y(top + 11), code)
        c.drawString(COLS[1] + 3, _y(top + 11), name)
        c.drawString(COLS[1] + 3, _y(top + 22.3), more)
        for x, text in zip(COLS[3:], (qty, price, total, tax), strict=False):
            c.drawRightString(x - 3, _y(top + 11), text)
        if k + 1 < len(ITEMS):
            _border(c, top + 30, COLS)
    bottom = 300 + 30 * len(ITEMS)
    _border(c, bottom, [COLS[0], COLS[4], COLS[5], COLS[6]])
    for k, (label, amount) in enumerate(TOTALS):
        c.drawRightString(COLS[4] - 3, _y(bottom + 12 + 18 * k), label)
        c.drawRightString(COLS[5] - 3, _y(bottom + 12 + 18 * k), amount)
    c.save()
    return path


def test_given_last_item_row_on_the_totals_border_then_its_cells_stay_apart(tmp_path: Path) -> None:
    # Given a ruled item table whose last row's lower border is the totals box's, drawn
    # as one piece under the item columns
    page = convert(_draw_ruled(tmp_path / "invoice.pdf"))
    # When the page is read
    tables = [b.rows for b in page.blocks if b.kind == "table" and b.rows]
    rows = [row for table in tables for row in table]
    # Then the last item's code, name, quantity and price are cells of their own
    last = next(row for row in rows if "STORAGE" in " ".join(row))
    assert last[:4] == ["STORAGE", "Backup storage Vilnius", "2 pcs", "4,50"]
    # And the first item reads the same way
    first = next(row for row in rows if "SERVER" in " ".join(row))
    assert first[:4] == ["SERVER", "Server hosting Kaunas", "3 pcs", "6,00"]


UNRULED_HEAD = [
    ("Jnr. Tekst", 33),
    ("Kogus Ühik", 277),
    ("Põhihind", 338),
    ("Hind KMta", 387),
    ("Kokku", 515),
]
UNRULED_ITEM = [
    ("1 KAUBAALUS 1/4 puit", 42),
    ("-1,000 tk", 277),
    ("6,393", 351),
    ("5,153", 400),
    ("-5,15", 540),
]
WRAPPED = [("C47092 12340101", 57), ("Alusarve : LL1192196", 51)]


def _draw_unruled(path: Path, items: int) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(28, _y(58), "Kreeditarve LKR824191")
    c.setFont("Helvetica", 8)
    for text, x in UNRULED_HEAD:
        c.drawString(x, _y(166), text)
    for x, text in ((351, "KMga"), (401, "KMta"), (530, "KMta")):
        c.drawString(x, _y(175), text)
    c.setLineWidth(2)
    _border(c, 178, [27.0, 250.0, 300.0, 372.0, 421.0, 501.0, 559.0])
    top = 190.0
    for k in range(items):
        for text, x in UNRULED_ITEM:
            c.drawString(x, _y(top), text.replace("1 ", f"{k + 1} ", 1) if x == 42 else text)
        for j, (text, x) in enumerate(WRAPPED):
            c.drawString(x, _y(top + 9.2 * (j + 1)), text)
        top += 36.0
    c.setLineWidth(1)
    c.line(28, _y(top), 578, _y(top))
    for k, (label, amount) in enumerate([("Ridade summa kokku KMta", "-5,15"), ("Kokku KMga", "-6,39")]):
        c.drawString(375, _y(top + 20 + 9.2 * k), label)
        c.drawRightString(560, _y(top + 20 + 9.2 * k), amount)
    c.save()
    return path


def test_given_item_cell_wrapped_under_its_figures_then_the_lines_are_its_row(tmp_path: Path) -> None:
    # Given an unruled item table whose item name runs on over two lines under it, at
    # its own leading, beside figures on its first line only
    page = convert(_draw_unruled(tmp_path / "credit.pdf", items=1))
    text = page.text or ""
    # When the page is read, then the wrapped lines read with the item, before its figures
    at = [text.find(t) for t in ("1 KAUBAALUS 1/4 puit", "C47092 12340101", "Alusarve : LL1192196", "6,393")]
    assert -1 not in at and at == sorted(at)
    # And the item's cell holds them
    cells = [cell for b in page.blocks if b.kind == "table" and b.rows for row in b.rows for cell in row]
    assert any("KAUBAALUS" in cell and "Alusarve" in cell for cell in cells)
