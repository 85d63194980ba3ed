"""A white rectangle painted behind a page's content (wkhtmltopdf paints the page
background so) draws no line: its sides are no table frame around the text it covers
(worker/engines/drawings.py, drawn_boxes.unseen_paint)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4
ROWS = [
    ("Pos.", "Article", "Quantity", "Total"),
    ("1", "Copier paper", "30", "657.00"),
    ("2", "Toner", "6", "447.00"),
]


def _order(path: Path, *, background: tuple[float, float, float]) -> Path:
    """A title and a note above a ruled table and a closing line under it, all on a
    rectangle filled with ``background`` and not stroked."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFillColorRGB(*background)
    c.rect(57, 480, 480, 300, stroke=0, fill=1)  # its sides run along the table's
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(70, 750, "Order confirmation 2025-7781")
    c.setFont("Helvetica", 10)
    c.drawString(70, 720, "Delivery within 5 working days to the goods entrance.")
    xs, top = [57, 120, 330, 430, 537], 690
    for i, row in enumerate(ROWS):
        y = top - 20 * i
        for x, cell in zip(xs, row, strict=False):
            c.drawString(x + 4, y - 14, cell)
    for i in range(len(ROWS) + 1):
        c.line(xs[0], top - 20 * i, xs[-1], top - 20 * i)
    for x in xs:
        c.line(x, top, x, top - 20 * len(ROWS))
    c.drawString(70, 500, "Thank you for your order.")
    c.save()
    return path


def test_given_a_white_background_rectangle_then_it_frames_no_table(tmp_path: Path) -> None:
    # given: the order printed on a white, unstroked rectangle
    pdf = _order(tmp_path / "order.pdf", background=(1, 1, 1))

    # when
    result = convert(pdf)

    # then: the table is the ruled grid only; the text around it stays text
    tables = [b for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].rows == [list(r) for r in ROWS]
    texts = [b.text for b in result.blocks if b.kind != "table"]
    assert "Order confirmation 2025-7781" in texts and "Thank you for your order." in texts


def test_given_a_shaded_panel_then_its_sides_still_count(tmp_path: Path) -> None:
    # given: the same page on a grey panel, whose edges a reader sees
    pdf = _order(tmp_path / "panel.pdf", background=(0.85, 0.85, 0.85))

    # when
    result = convert(pdf)

    # then: the ruled grid's cells are still read as its rows (the panel changes nothing
    # inside it), whatever the panel's sides make of the text around
    table = next(b for b in result.blocks if b.kind == "table")
    assert [r[-1] for r in table.rows if r and r[-1]][-2:] == ["657.00", "447.00"]
