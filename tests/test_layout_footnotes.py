"""Footnotes set under the first of two columns are read after the whole page body."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, RIGHT_TEXT, convert

NOTES = (
    "1 Trip log entries from April to June, station export.",
    "2 Setting changed by the contractor on 3 October.",
)


def _draw_notes_under_first_column(path: Path) -> Path:
    """Two 10 pt columns, the left one running down the page, the right one ending near
    the top (the last page of a note), and two 8 pt footnotes under the left column."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    left = simpleSplit(" ".join([LEFT_TEXT] * 12), "Helvetica", 10, 216)[:46]
    y = HEIGHT - 72
    for line in left:
        c.drawString(72, y, line)
        y -= 13
    y = HEIGHT - 72
    for line in simpleSplit(RIGHT_TEXT, "Helvetica", 10, 216):
        c.drawString(324, y, line)
        y -= 13
    c.setLineWidth(0.5)
    c.line(72, 70, 160, 70)
    c.setFont("Helvetica", 8)
    y = 58
    for note in NOTES:
        c.drawString(80, y, note)
        y -= 10
    c.save()
    return path


def test_given_footnotes_under_the_first_column_then_they_are_read_after_the_second(tmp_path: Path) -> None:
    # Given: a two-column page whose footnotes sit at the foot of the left column
    pdf = _draw_notes_under_first_column(tmp_path / "notes.pdf")

    # When: it is converted
    blocks = [b for b in convert(pdf).blocks if b.kind not in ("page_header", "page_footer")]

    # Then: the footnotes come last, in their order, after the right column's text
    notes = [i for i, b in enumerate(blocks) if b.kind == "footnote"]
    assert notes, [b.kind for b in blocks]
    assert notes == list(range(notes[0], len(blocks))), [b.kind for b in blocks]
    assert " ".join(blocks[i].text for i in notes) == " ".join(NOTES)
    right = next(i for i, b in enumerate(blocks) if b.text.startswith("The right column"))
    assert right < notes[0]


BODY = (
    "The committee met on the first day of the month and read the report of the auditors "
    "who had examined the accounts of the fund for the year and found them in order."
)
NOTE = (
    "Report of the auditors to the committee, with the statement of accounts for the year, "
    "the letters exchanged with the bank and the tables of receipts and payments by month."
)


def _draw_notes_under_each_column(path: Path) -> Path:
    """Three columns of 9 pt body text over long 7 pt notes at the foot of each column, as
    the Federal Register sets them: the notes hold more words than the body, and each
    begins with its number raised above the line."""
    c = canvas.Canvas(str(path), pagesize=letter)
    width = 160
    number = 0
    for col in range(3):
        x = 45 + col * 177
        y = HEIGHT - 60
        c.setFont("Times-Roman", 9)
        # Each column's body: two paragraphs, the second starting with an indent.
        for lead, text in (("", BODY), ("   ", BODY)):
            for line in simpleSplit(lead + text, "Times-Roman", 9, width):
                c.drawString(x, y, line)
                y -= 10
        y -= 14
        c.setLineWidth(0.5)
        c.line(x, y + 8, x + 50, y + 8)
        for _ in range(2):
            number += 1
            lines = simpleSplit(" ".join([NOTE] * 2), "Times-Roman", 7, width - 8)
            c.setFont("Times-Roman", 4.5)
            c.drawString(x + 6, y + 3, str(number))
            c.setFont("Times-Roman", 7)
            c.drawString(x + 10, y, lines[0])
            y -= 8
            for line in lines[1:]:
                c.drawString(x, y, line)
                y -= 8
            y -= 2
    c.save()
    return path


def test_given_notes_under_each_column_in_more_words_than_the_body_then_the_body_stays_body(
    tmp_path: Path,
) -> None:
    # Given: a three-column page whose 7 pt notes outnumber its 9 pt body text
    pdf = _draw_notes_under_each_column(tmp_path / "register.pdf")

    # When: it is converted
    blocks = [b for b in convert(pdf).blocks if b.kind not in ("page_header", "page_footer")]

    # Then: the body's paragraphs are paragraphs (no "heading" for being larger than the
    # notes), the six notes are footnotes, and every note comes after all the body text
    kinds = [b.kind for b in blocks]
    assert "section_header" not in kinds and "title" not in kinds, kinds
    notes = [i for i, b in enumerate(blocks) if b.kind == "footnote"]
    assert [blocks[i].text.split()[0] for i in notes] == ["1", "2", "3", "4", "5", "6"], kinds
    assert notes == list(range(len(blocks) - 6, len(blocks))), kinds
    assert all(b.text.startswith("The committee") for b in blocks[: len(blocks) - 6]), [
        b.text[:20] for b in blocks
    ]


TERMS = (
    "Rates are variable and may change at any time. Fees and charges apply to every loan "
    "and are set out in the schedule that comes with the offer, which the borrower keeps."
)


def _draw_marked_terms_that_go_on(path: Path) -> Path:
    """A page of 9 pt prose over a longer section of 7 pt terms, two of whose paragraphs
    start with a raised mark ("1", "2") and are followed by more terms below them."""
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    c.setFont("Times-Roman", 9)
    for line in simpleSplit(" ".join([BODY] * 6), "Times-Roman", 9, 468):
        c.drawString(72, y, line)
        y -= 11
    y -= 14
    for mark in ("1", "2", "", ""):
        lines = simpleSplit(" ".join([TERMS] * 2), "Times-Roman", 7, 460)
        if mark:
            c.setFont("Times-Roman", 4.5)
            c.drawString(72, y + 3, mark)
        c.setFont("Times-Roman", 7)
        c.drawString(80 if mark else 72, y, lines[0])
        y -= 8
        for line in lines[1:]:
            c.drawString(72, y, line)
            y -= 8
        y -= 6
    c.save()
    return path


def test_given_raised_marks_on_terms_that_go_on_below_then_they_stay_where_they_are(tmp_path: Path) -> None:
    # Given: small-print terms, two of them marked with a raised "1" and "2", and more
    # terms under them (the notes of a rate sheet, not footnotes at a column's foot)
    pdf = _draw_marked_terms_that_go_on(tmp_path / "terms.pdf")

    # When: it is converted
    blocks = [b for b in convert(pdf).blocks if b.kind not in ("page_header", "page_footer")]

    # Then: nothing is a footnote and the marked terms are read in their place
    assert [b.kind for b in blocks if b.kind == "footnote"] == []
    starts = [b.text[:2] for b in blocks]
    assert starts.index("1 ") < starts.index("2 ") < len(blocks) - 2, starts
