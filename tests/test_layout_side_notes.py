"""Notes set in the margin beside the running text (a journal article's "Correspondence to"
and "Received", in small print, in a narrow column left of its first text column) are read
after the text that starts above them, not between the lines of the paragraph they stand
beside."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, RIGHT_TEXT, convert, words

NOTES = [
    "Correspondence to:",
    "Dr A Author,",
    "1 Main Street,",
    "Springfield;",
    "author@example.org",
    "",
    "Received 13 May 2003",
    "Accepted 15 July 2004",
]
FOOT = "Abbreviations: CSR, corporate social responsibility; TNC, transnational corporation."


def _article_with_side_notes(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    top = HEIGHT - 90
    # Two columns of running text, 9 pt.
    c.setFont("Times-Roman", 9)
    middle = simpleSplit(LEFT_TEXT + " " + RIGHT_TEXT + " " + LEFT_TEXT, "Times-Roman", 9, 180)
    for k, line in enumerate(middle):
        c.drawString(165, top - 10 * k, line)
    right = simpleSplit(RIGHT_TEXT + " " + LEFT_TEXT, "Times-Roman", 9, 180)
    for k, line in enumerate(right):
        c.drawString(360, top - 10 * k, line)
    # A note at the foot of the right column, in small print, a blank line under its text.
    foot_top = top - 10 * len(middle) + 30
    c.setFont("Times-Roman", 7)
    for k, line in enumerate(simpleSplit(FOOT, "Times-Roman", 7, 180)):
        c.drawString(360, foot_top - 8 * k, line)
    # The margin notes, 7 pt, left of the middle column, beside its lower lines.
    notes_top = top - 10 * (len(middle) - len(NOTES) - 1)
    for k, line in enumerate(NOTES):
        c.drawString(60, notes_top - 8 * k, line)
    assert foot_top < top - 10 * len(right) and foot_top < notes_top
    c.save()
    return path


def test_given_notes_in_the_margin_then_they_follow_the_text_beside_them(tmp_path: Path) -> None:
    # given: a narrow column of small-print notes in the left margin, beside the lower
    # lines of the first of two text columns; a small-print note at the second's foot
    pdf = _article_with_side_notes(tmp_path / "sidenotes.pdf")

    # when
    text = words(" ".join(b.text for b in convert(pdf).blocks))

    # then: both columns' text first, whole; then the margin notes; then the foot note
    notes = text.index("Correspondence to:")
    assert text.index("Accepted 15 July 2004") > notes
    last_of_middle = words(LEFT_TEXT)[-40:]
    assert -1 < text.index(last_of_middle) < notes, text
    assert -1 < text.rindex(words(LEFT_TEXT)[-40:]) < notes, text
    assert text.index("Abbreviations:") > notes, text


def _label_beside_its_value(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    top = HEIGHT - 105
    # A form's caption: a small-print label at the left margin, level with the first of
    # the three short lines it labels; running text under it, full width.
    c.setFont("Times-Roman", 7)
    c.drawString(72, top, "IN THE MATTER OF:")
    c.setFont("Times-Roman", 11)
    for k, line in enumerate(["Northwind Holdings, LLC, et al.", "Case No: 09-13654 (JHW)"]):
        c.drawString(180, top - 14 * k, line)
    c.drawString(216, top - 28, "See Exhibit A for List of Affiliated Debtors")
    c.setFont("Times-Roman", 9)
    for k, line in enumerate(simpleSplit(LEFT_TEXT, "Times-Roman", 9, 460)):
        c.drawString(72, top - 64 - 11 * k, line)
    c.save()
    return path


def test_given_a_lone_small_label_beside_its_value_then_it_is_read_first(tmp_path: Path) -> None:
    # given: one line of small print at the left margin, level with the first of the
    # lines it labels (a form's caption), not notes of a few lines
    pdf = _label_beside_its_value(tmp_path / "label.pdf")

    # when
    text = words(" ".join(b.text for b in convert(pdf).blocks))

    # then: the label is read before what it labels
    assert text.index("IN THE MATTER OF:") < text.index("Northwind Holdings"), text
