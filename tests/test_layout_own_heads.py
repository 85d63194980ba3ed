"""A top row in small print that one page shows to be the document's own text, not a
running head (worker/engines/layout/print_rows.py's own_head): the document's date alone
over an invoice, as a letter dates itself, and a lead sentence over an open letter's
body. A running title in the same print, a few words, stays furniture."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4
BODY = [
    "The committee met four times during the year and reviewed every application that",
    "reached it before the deadline, with the help of two external assessors appointed",
    "for their knowledge of the local housing market and of energy efficiency measures.",
]


def _page(path: Path, head: str) -> Path:
    """A4, 11 pt body; ``head`` in 8 pt where a word processor puts its header."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 8)
    c.drawString(57, HEIGHT - 0.075 * HEIGHT, head)
    c.setFont("Helvetica", 11)
    y = HEIGHT - 0.12 * HEIGHT
    for line in BODY:
        c.drawString(57, y, line)
        y -= 13.5
    c.save()
    return path


def test_given_a_date_alone_over_the_text_then_it_is_the_documents_text(tmp_path: Path) -> None:
    # given: an invoice dated in small print alone at the top
    result = convert(_page(tmp_path / "dated.pdf", "2019-01-25"))

    # then: the date is the first line of its text
    assert (result.text or "").startswith("2019-01-25\n\nThe committee met")


def test_given_a_lead_sentence_over_the_text_then_it_is_the_documents_text(tmp_path: Path) -> None:
    # given: an open letter's lead line in small print over its body
    lead = "This statement was signed by senior retired officers of the defence forces"
    result = convert(_page(tmp_path / "letter.pdf", lead))

    # then: it is read first
    assert (result.text or "").startswith(lead + "\n\nThe committee met")


def test_given_a_running_title_over_the_text_then_it_stays_furniture(tmp_path: Path) -> None:
    # given: a report's title in the same small print, a few words
    result = convert(_page(tmp_path / "report.pdf", "Regional Housing Grants Review"))

    # then: it is the page's, not the text's
    assert result.blocks[0].kind == "page_header"
    assert (result.text or "").startswith("The committee met")
