"""What a number or a letter at a line's start makes (worker/engines/layout/patterns.py,
blocks.py): a contract's sub-clauses "5.1." "5.2." are items under their clause (they
were paragraphs); a phone number "(555) 123-4567" on a line of its own is no item; and
lettered paragraphs of running text ("a. Individual. Generally, ..."), their letter at
the page's first-line indent and their lines wrapping back to the margin, are paragraphs,
while a lettered list whose lines wrap under its words stays a list."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

_CLAUSE = (
    "User is responsible and liable for all uses of the Software resulting from access "
    "provided by User, directly or indirectly, whether such access is permitted or not."
)


def test_given_sub_clauses_numbered_5_1_and_5_2_then_they_are_items_under_clause_5(tmp_path: Path) -> None:
    # given: clause 5 with a hanging number, then 5.1. and 5.2. indented, text a tab right
    path = tmp_path / "terms.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Times-Roman", 9)
    y = HEIGHT - 72
    c.drawString(72, y, "5.")
    c.drawString(108, y, "User Responsibilities.")
    for number in ("5.1.", "5.2."):
        y -= 17
        c.drawString(108, y, number)
        for i, line in enumerate(simpleSplit(_CLAUSE, "Times-Roman", 9, 396)):
            c.drawString(144 if i == 0 else 108, y, line)
            y -= 11
        y += 11
    c.save()

    # when
    result = convert(path)

    # then
    items = [(b.level, b.text[:5]) for b in result.blocks if b.kind == "list_item"]
    assert items == [(0, "5. Us"), (1, "5.1. "), (1, "5.2. ")]


def test_given_a_phone_number_on_a_line_of_its_own_then_it_is_no_item(tmp_path: Path) -> None:
    # given: a contact block, the phone number with its area code in brackets
    path = tmp_path / "contact.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 11)
    for i, text in enumerate(["sarah.chen@example.com", "(555) 123-4567", "San Francisco, CA"]):
        c.drawString(72, HEIGHT - 72 - 31 * i, text)
    c.save()

    # when
    result = convert(path)

    # then
    assert [(b.kind, b.text) for b in result.blocks if "555" in b.text] == [("paragraph", "(555) 123-4567")]


_PROSE = (
    "Generally, enter the name shown on your tax return. If you have changed your last name "
    "without informing the administration of the change, enter your first name, the last name "
    "as shown on your card, and your new last name."
)


def test_given_lettered_paragraphs_of_running_text_then_they_are_paragraphs(tmp_path: Path) -> None:
    # given: body paragraphs with a first-line indent; lettered ones start at that indent
    # and wrap back to the margin; then a lettered list whose lines wrap under its words
    path = tmp_path / "instructions.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    y = HEIGHT - 72
    for lead in ("", "a. Individual. ", "b. Sole proprietor. ", "c. Partnership. "):
        for i, line in enumerate(simpleSplit(lead + _PROSE, "Helvetica", 9, 240)):
            c.drawString(80 if i == 0 else 72, y, line)
            y -= 10
        y -= 2
    y -= 20
    for letter_, text in (
        ("a.", "Corporations that file"),
        ("b.", "Trusts, and estates of deceased persons"),
    ):
        c.drawString(72, y, letter_)
        for line in simpleSplit(text + " with the service within the year", "Helvetica", 9, 150):
            c.drawString(84, y, line)
            y -= 10
        y -= 2
    c.save()

    # when
    result = convert(path)

    # then: the three lettered paragraphs are paragraphs, the list's two items items
    paragraphs = [b.text[:3] for b in result.blocks if b.kind == "paragraph"]
    assert paragraphs == ["Gen", "a. ", "b. ", "c. "]
    assert [b.text[:5] for b in result.blocks if b.kind == "list_item"] == ["a. Co", "b. Tr"]
