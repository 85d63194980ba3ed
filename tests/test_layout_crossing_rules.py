"""Rules that cross the whole page through a text box (a frame quartered by its midlines,
as a layout sample draws it) are no table's borders: the box's prose is read as
paragraphs, its words whole, not as a grid of cells cut where the rules pass."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, RIGHT_TEXT, convert, words

FRAME = (20.0, 200.0, 592.0, HEIGHT - 20)  # x0, y0, x1, y1 (PDF space, y up)
BOX = (250.0, 380.0, 580.0, 600.0)
NOTE = "A note set apart in the frame's lower left corner."


def _crossed_page(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setLineWidth(1)
    x0, y0, x1, y1 = FRAME
    c.rect(x0, y0, x1 - x0, y1 - y0)
    # Guide lines: one across the whole page between two lines of the box's first
    # paragraph, one down the whole frame through the box's words.
    mx, my = (x0 + x1) / 2, BOX[3] - 30.4
    c.line(0, my, letter[0], my)
    c.line(mx, y0, mx, y1)
    # A framed text box that the vertical midline runs through.
    bx0, by0, bx1, by1 = BOX
    c.rect(bx0, by0, bx1 - bx0, by1 - by0)
    c.setFont("Helvetica", 10)
    y = by1 - 16
    for para in (LEFT_TEXT, RIGHT_TEXT):
        for line in simpleSplit(para, "Helvetica", 10, bx1 - bx0 - 12):
            c.drawString(bx0 + 6, y, line)
            y -= 12
        y -= 8
    # Other text in the frame, lower than the box and beside no line of it.
    c.setFont("Helvetica", 8)
    c.drawString(30, 300, NOTE)
    c.save()
    return path


def test_given_page_wide_rules_through_a_text_box_then_its_prose_is_no_table(tmp_path: Path) -> None:
    # given: a framed page quartered by rules across it, one of them down through a
    # framed box of two paragraphs; a note lower down in the frame
    pdf = _crossed_page(tmp_path / "crossed.pdf")

    # when
    blocks = convert(pdf).blocks

    # then: no table, and both paragraphs read whole, their words uncut
    assert [b.kind for b in blocks if b.kind == "table"] == []
    text = words(" ".join(b.text for b in blocks))
    assert words(LEFT_TEXT) in text, text
    assert words(RIGHT_TEXT) in text, text
    assert NOTE in text, text
