"""A table of two rows (worker/engines/layout/pair_grids.py, tables.py).

An invoice's VAT summary is a header over one line of figures ("Tax code | Base |
Quantity | VAT" over "24% VAT 24 % | 5,15 | 0,000 | 1,24"), set apart from the item
table above it: two rows, each with a cell in every column, the second ending in
figures. It is a table, though a grid needs three rows elsewhere. Three blocks of text
side by side over two lines (a footer's address, phone and bank) are not, nor is a
table's header of cells wrapped onto two lines ("Adverse event (MedDRA" over "preferred
term)", "Placebo" over "(N = 212)"), which belongs to the rows under it.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4


def _y(top: float) -> float:
    return HEIGHT - top


def _intro(c: canvas.Canvas) -> None:
    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, _y(70), "CREDIT NOTE 824191")
    c.setFont("Helvetica", 11)
    for k, text in enumerate(
        [
            "This credit note cancels the pallet charge of the delivery named above. The",
            "amount is set against the next invoice unless you ask us to pay it back to",
            "your account; the summary of value added tax stands under this note.",
        ]
    ):
        c.drawString(60, _y(110 + 14 * k), text)


def _draw_summary(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    _intro(c)
    c.setFont("Helvetica", 8)
    for x, text in ((180, "Summa alus"), (242, "Kogus"), (318, "Käibemaks")):
        c.drawRightString(x, _y(200), text)
    c.drawString(55, _y(200), "Käibemaksukood")
    c.drawString(35, _y(212), "24% Käibemaks 24 %")
    for x, text in ((180, "5,15"), (242, "0,000"), (318, "1,24")):
        c.drawRightString(x, _y(212), text)
    c.setFont("Helvetica", 11)
    c.drawString(60, _y(260), "Goods are delivered by the company's own transport.")
    c.save()
    return path


def _draw_blocks(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    _intro(c)
    c.setFont("Helvetica", 9)
    for x, first, second in (
        (60, "Sound and Vision Ltd", "Laki street 6, Tallinn"),
        (230, "Phone: see our website", "E-mail: info at our domain"),
        (400, "Bank name: Swedbank", "Account in euro only"),
    ):
        c.drawString(x, _y(200), first)
        c.drawString(x, _y(212), second)
    c.setFont("Helvetica", 11)
    c.drawString(60, _y(260), "Goods are delivered by the company's own transport.")
    c.save()
    return path


def test_given_header_over_one_row_of_figures_then_it_is_a_table(tmp_path: Path) -> None:
    # Given a VAT summary set apart under a paragraph: a header of four cells over one
    # row whose last three cells are figures
    page = convert(_draw_summary(tmp_path / "summary.pdf"))
    # When the page is read
    tables = [b.rows for b in page.blocks if b.kind == "table" and b.rows]
    # Then the two rows are a table of four columns
    assert tables == [
        [
            ["Käibemaksukood", "Summa alus", "Kogus", "Käibemaks"],
            ["24% Käibemaks 24 %", "5,15", "0,000", "1,24"],
        ]
    ]


def test_given_three_blocks_of_words_over_two_lines_then_no_table(tmp_path: Path) -> None:
    # Given three blocks of text side by side, two lines each, no figures in the second
    page = convert(_draw_blocks(tmp_path / "blocks.pdf"))
    # When the page is read
    tables = [b.rows for b in page.blocks if b.kind == "table" and b.rows]
    # Then no table is made of them
    assert tables == []


def _draw_header_lines(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    _intro(c)
    c.setFont("Helvetica", 8)
    c.drawString(60, _y(200), "Adverse event (MedDRA")
    c.drawString(60, _y(209), "preferred term)")
    for x, head, count in (
        (264, "Placebo", "(N = 212)"),
        (327, "10 mg", "(N = 208)"),
        (390, "25 mg", "(N = 215)"),
    ):
        c.drawRightString(x, _y(200), head)
        c.drawRightString(x, _y(209), count)
    c.setFont("Helvetica", 11)
    c.drawString(60, _y(260), "Goods are delivered by the company's own transport.")
    c.save()
    return path


def test_given_header_cells_wrapped_onto_two_lines_alone_then_no_table(tmp_path: Path) -> None:
    # Given a header of four cells, each wrapped onto a second line, the first cell's
    # second line running on in lower case, the counts under the arms in parentheses
    page = convert(_draw_header_lines(tmp_path / "header.pdf"))
    # When the page is read
    tables = [b.rows for b in page.blocks if b.kind == "table" and b.rows]
    # Then the two lines are no table of their own
    assert tables == []
