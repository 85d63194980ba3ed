"""Furniture a single page shows by its own signs (worker/engines/layout/running.py), on
PDF pages drawn here: one page gives no repetition to go on, but a browser's print stamp
(date and time, the page's address, "1/2"), a magazine's running head at the page's outer
edge and its footer ending in "| 17", and a form's catalogue number and revision on its
last row say what they are. A letter's own date and a title at the top stay text."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

BODY = [
    "Reference is made to the agreement between the parties dated the first of March, under",
    "which the adviser serves as the exclusive agent for any offering of the company's shares.",
    "The parties now agree to extend the term of that agreement by ninety days in all cases.",
]

HEBREW_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# "Our branches' opening hours change from Sunday", in logical order
HEBREW_BODY = ["שעות הפתיחה של הסניפים שלנו משתנות מיום ראשון"] * 3


def _lines(c: canvas.Canvas, x: float, y: float, size: float, lines: list[str], lead: float) -> float:
    c.setFont("Helvetica", size)
    for line in lines:
        c.drawString(x, y, line)
        y -= lead
    return y


def test_given_a_browsers_print_stamp_then_its_header_and_footer_are_furniture(tmp_path: Path) -> None:
    # given: a letter printed from a browser: 8 pt stamp (date and time, then the address)
    # a line above the 10 pt text, the address and "1/2" at the foot; the letter's own
    # date at the right of its text
    _, height = A4
    path = tmp_path / "printed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 8)
    c.drawString(25, height - 22, "26/03/2024, 22:30")
    c.drawString(194, height - 22, "example.org/archive/letters/renewal-2024.htm")
    y = _lines(c, 34, height - 42, 10, ["AMENDMENT TO THE ENGAGEMENT LETTER OF 11 OCTOBER 2023"], 12)
    c.drawRightString(560, y - 12, "October 11, 2023")
    _lines(c, 34, y - 36, 10, BODY, 12)
    c.setFont("Helvetica", 8)
    c.drawString(25, 16, "https://www.example.org/archive/letters/renewal-2024.htm")
    c.drawRightString(570, 16, "1/2")
    c.save()

    # when
    result = convert(path)

    # then: the stamp's rows are furniture; the letter's heading, date and text are text
    assert result.blocks[0].kind == "page_header" and result.blocks[0].text.startswith("26/03/2024, 22:30")
    assert result.blocks[-1].kind == "page_footer" and result.blocks[-1].text.endswith("1/2")
    text = result.text or ""
    assert "22:30" not in text and "example.org" not in text and "1/2" not in text
    assert text.startswith("AMENDMENT TO THE ENGAGEMENT LETTER")
    assert "October 11, 2023" in text and "ninety days in all cases." in text


def test_given_a_magazines_running_head_and_footer_then_they_are_furniture(tmp_path: Path) -> None:
    # given: a magazine page: its section's name in 14 pt at the top right, far above the
    # 9 pt text that opens with a bold title at the left; at the foot the site, the
    # magazine and the issue, and the page number a bar away in a larger size
    _, height = letter
    path = tmp_path / "magazine.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 14)
    c.drawRightString(567, height - 45, "FieldNotes")
    c.setFont("Helvetica-Bold", 10)
    c.drawString(67, height - 92, "Appendix")
    _lines(c, 67, height - 110, 9, BODY * 4, 11)
    c.setFont("Helvetica", 8)
    c.drawString(61, 32, "www.fieldnotes.org | FieldNotesWorld | May 2021")
    c.setFont("Helvetica", 9.5)
    c.drawString(574, 32, "| 17")
    c.save()

    # when
    result = convert(path)

    # then
    assert result.blocks[0].kind == "page_header" and result.blocks[0].text == "FieldNotes"
    assert result.blocks[-1].kind == "page_footer" and result.blocks[-1].text.endswith("| 17")
    text = result.text or ""
    assert text.startswith("Appendix") and "FieldNotes" not in text and "May 2021" not in text


def _alone_at_the_top(path: Path, text: str, *, right: bool, hebrew: bool = False) -> Path:
    """A 14 pt line alone at the top, far above 9 pt text (Hebrew: drawn in visual order,
    right-aligned, as a browser draws a dir=rtl page)."""
    _, height = letter
    c = canvas.Canvas(str(path), pagesize=letter)
    font = "Helvetica"
    if hebrew:
        pdfmetrics.registerFont(TTFont("DejaVuHebrewSigns", str(HEBREW_FONT)))
        font = "DejaVuHebrewSigns"
    c.setFont(font, 14)
    (c.drawRightString(560, height - 45, text) if right else c.drawString(67, height - 45, text))
    c.setFont(font, 9)
    y = height - 110
    for line in HEBREW_BODY * 4 if hebrew else BODY * 4:
        if hebrew:
            c.drawRightString(560, y, " ".join(w[::-1] for w in reversed(line.split())))
        else:
            c.drawString(67, y, line)
        y -= 11
    c.save()
    return path


def test_given_a_title_or_a_dated_reference_alone_at_the_top_then_it_stays_text(tmp_path: Path) -> None:
    # given: an exhibit's reference (with digits) at the top right, a title at the left, a
    # Hebrew title at the right (where its lines start), each far above the text
    pages = {
        "exhibit": _alone_at_the_top(tmp_path / "exhibit.pdf", "Exhibit 10.17", right=True),
        "title": _alone_at_the_top(tmp_path / "title.pdf", "Field Notes", right=False),
        "hebrew": _alone_at_the_top(tmp_path / "hebrew.pdf", "מחירון", right=True, hebrew=True),
    }
    for name, path in pages.items():
        # when
        result = convert(path)

        # then
        assert result.blocks[0].kind not in ("page_header", "page_footer"), name


def test_given_a_forms_catalogue_number_on_its_last_row_then_only_the_codes_are_furniture(
    tmp_path: Path,
) -> None:
    # given: a form that ends at 80 % of the page, its last row the privacy notice in bold
    # at the left, the catalogue number and the form's number and revision in small print
    _, height = letter
    path = tmp_path / "form.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = _lines(c, 45, height - 60, 9, BODY * 3, 12)
    c.setFont("Helvetica-Bold", 8)
    c.drawString(36, y - 4, "For Privacy Act Notice, see separate instructions.")
    c.setFont("Helvetica", 7)
    c.drawString(388, y - 4, "Cat. No. 55512X")
    c.setFont("Helvetica", 7.5)
    c.drawRightString(576, y - 4, "Form 1234 (Rev. 1-2020)")
    c.save()

    # when
    result = convert(path)

    # then
    assert result.blocks[-1].kind == "page_footer"
    assert result.blocks[-1].text == "Cat. No. 55512X Form 1234 (Rev. 1-2020)"
    text = result.text or ""
    assert text.rstrip().endswith("For Privacy Act Notice, see separate instructions.")
    assert "55512X" not in text and "Rev. 1-2020" not in text


def test_given_a_word_alone_at_the_top_right_just_over_a_ruled_grid_then_it_stays_text(
    tmp_path: Path,
) -> None:
    # given: an invoice's type alone at the top right, in the print of the seller's name,
    # just over the ruled grid of its head (two boxes of lines side by side), the body
    # outside the grid far below
    _, height = A4
    path = tmp_path / "credit-note.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 15)
    c.drawRightString(563, height - 22, "Credit")
    c.setLineWidth(0.8)
    for y in (34, 120):
        c.line(28, height - y, 567, height - y)
    for x in (28, 283.5, 567):
        c.line(x, height - 34, x, height - 120)
    c.drawString(36, height - 52, "Harbour Supplies")
    c.setFont("Helvetica", 10)
    c.drawString(36, height - 70, "Quay Lane 4")
    c.drawString(297, height - 52, "Invoice No: 17")
    c.drawString(297, height - 70, "Date: 29/03/2022")
    _lines(c, 36, height - 400, 10, BODY, 12)
    c.save()

    # when
    result = convert(path)

    # then
    assert all(b.kind not in ("page_header", "page_footer") for b in result.blocks)
    assert (result.text or "").startswith("Credit")
