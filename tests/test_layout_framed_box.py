"""A box framed by rules beside the text (a journal's masthead box beside an article's
authors, in smaller print) is read whole, after the text beside it: its first line, above
the text's first, is not read with the title, nor its other lines between the authors'."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, convert, words

AUTHORS = [
    "Jane Roe",
    "Professor of Library Science, University of Somewhere",
    "John Doe",
    "Senior Librarian, Regional Information Centre",
]
BOX = [
    "Journal of Information Science",
    "Institute of Documentation",
    "Library Association",
    "Indexed in: LISA and SCOPUS",
    "http://www.example.org/journal",
    "Vol. 24 (2): 1-27, 2008",
]


def _article_head(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 15)
    c.drawCentredString(306, HEIGHT - 90, "A Survey of Librarians and Faculty")
    c.drawCentredString(306, HEIGHT - 110, "on Wireless Networks in Libraries")
    # The framed box on the right, its first line above the authors' first.
    box_top, pitch = HEIGHT - 130, 9.0
    c.setLineWidth(0.8)
    c.rect(400, box_top - pitch * len(BOX) - 4, 150, pitch * len(BOX) + 8)
    for k, line in enumerate(BOX):
        c.setFont("Helvetica-Bold" if k == 0 else "Helvetica", 6.5)
        c.drawCentredString(475, box_top - 6 - pitch * k, line)
    # The authors beside it, on the left, in the body's size.
    for k, line in enumerate(AUTHORS):
        c.setFont("Helvetica-Bold" if k % 2 == 0 else "Helvetica", 10)
        c.drawString(72, box_top - 26 - 13 * k, line)
    # The abstract under both.
    c.setFont("Helvetica", 10)
    y = box_top - pitch * len(BOX) - 30
    for line in simpleSplit(LEFT_TEXT, "Helvetica", 10, 470):
        c.drawString(72, y, line)
        y -= 13
    c.save()
    return path


def test_given_a_framed_box_beside_the_authors_then_it_is_read_whole_after_them(tmp_path: Path) -> None:
    # given: a title; under it the authors on the left, a framed box of small print on
    # the right starting a little higher; the abstract under both
    pdf = _article_head(tmp_path / "masthead.pdf")

    # when
    text = words(" ".join(b.text for b in convert(pdf).blocks))

    # then: title, authors, the box's lines in order, the abstract
    order = [text.index(s) for s in ["A Survey", AUTHORS[0], AUTHORS[3], *BOX, "Reading order matters"]]
    assert order == sorted(order), text
