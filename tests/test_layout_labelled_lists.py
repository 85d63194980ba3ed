"""Two lists of "Label:" keys and values set side by side, at one line pitch, the right one
shorter (an order's references beside its venue's details).

Their lines meet row by row and read as one grid of four columns with a column of
"Label:" keys, a table; but each list labels its own entries and ends on its own row.

Each test reads: given such a page, when the pdf-text engine converts it, then each list
is read on its own, the left one first, no row pairing one list's entry with the other's."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words

LEFT = [
    ("Order / Rev:", "2025-03-0412"),
    ("Alt Order #:", "HX-SPRING-25"),
    ("Product Desc:", "Spring Concert Series Bundle"),
    ("Estimate:", "QT-2231"),
    ("Run Dates:", "03/14/2025 - 04/30/2025"),
    ("Original Date / Rev:", "02/20/25 / 03/02/25"),
]
RIGHT = [
    ("Venue:", "Riverside Hall"),
    ("Main Contact:", "Imke Varga"),
    ("Site:", "BRS-04"),
]


def _order_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, 740, "Service Order")
    c.setFont("Helvetica", 9)
    c.drawString(50, 712, "Prepared for the spring season; the details below are binding once signed.")
    y = 680.0
    for i, (key, value) in enumerate(LEFT):
        c.drawString(50, y - 12 * i, key)
        c.drawString(150, y - 12 * i, value)
    for i, (key, value) in enumerate(RIGHT):
        c.drawString(350, y - 12 * i, key)
        c.drawString(450, y - 12 * i, value)
    c.drawString(50, 580, "Payment is due within thirty days of the invoice date.")
    c.save()
    return path


def test_given_labelled_lists_side_by_side_when_converted_then_no_row_pairs_the_lists(tmp_path: Path) -> None:
    # given
    path = _order_pdf(tmp_path / "order.pdf")

    # when
    page = convert(path)

    # then: no table row holds an entry of both lists
    for block in page.blocks:
        for row in block.rows or []:
            cells = " ".join(row)
            assert not ("Order / Rev:" in cells and "Venue:" in cells)


def test_given_labelled_lists_side_by_side_when_converted_then_the_left_reads_first(
    tmp_path: Path,
) -> None:
    # given
    path = _order_pdf(tmp_path / "order.pdf")

    # when
    page = convert(path)

    # then: the left list's entries, in order, then the right list's
    text = words(" ".join(" ".join(" ".join(r) for r in b.rows) if b.rows else b.text for b in page.blocks))
    left = " ".join(f"{k} {v}" for k, v in LEFT)
    right = " ".join(f"{k} {v}" for k, v in RIGHT)
    assert words(left) in text
    assert text.index(words(left)) < text.index(words(right))
