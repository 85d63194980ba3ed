"""Marks that are the print's, not the text's, and words that only look like list items,
on PDF pages drawn here: a rule typed as a run of dashes (of bullets, equals signs, dots)
is left out as a drawn rule is
(worker/engines/glyph_boxes.py); a word set between two dashes ("- and" and an en dash) is no bullet
item (layout/patterns.py); a browser's print header (date and title) over its print
footer (address and "1/5"), and a page number in words ("Lehekülg 1 / 1") on the first
row close over the text, are the page's furniture (layout/running.py, page_marks.py)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert
from worker.engines.layout.patterns import list_mark

WIDTH, HEIGHT = A4
BODY = [
    "The appeal is from the small claims track, where the claim was heard on the papers",
    "and dismissed; the claimant says the judge was wrong to find that the name was not",
    "used in the course of trade, and the defendants say that it was never used at all.",
]


def _body(c: canvas.Canvas, y: float) -> float:
    c.setFont("Helvetica", 11)
    for line in BODY:
        c.drawString(57, y, line)
        y -= 14
    return y


def test_given_a_rule_typed_as_dashes_between_paragraphs_then_it_is_left_out(tmp_path: Path) -> None:
    # given: a line of twenty spaced dashes between two paragraphs, and a nil dash in words
    path = tmp_path / "dashes.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    y = _body(c, HEIGHT - 120) - 10
    c.drawString(230, y, " ".join(["-"] * 20))
    _body(c, y - 24)
    c.drawString(57, y - 90, "Costs - none")
    c.save()

    # when
    result = convert(path)

    # then: no dashes line and no list items; the dash among words stays
    text = result.text or ""
    assert "- - -" not in text and "Costs - none" in text
    assert [b for b in result.blocks if b.kind == "list_item"] == []


def test_given_rules_typed_as_bullets_equals_and_dots_then_they_are_left_out_and_blanks_stay(
    tmp_path: Path,
) -> None:
    # given: paragraphs parted by a run of bullets, a run of equals signs and a run of
    # ellipses, each a line alone, and a form's line with a blank of underscores in it
    path = tmp_path / "rules.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    y = HEIGHT - 120
    for rule in ("\u2022\u2022\u2022\u2022\u2022", "=" * 30, "\u2026" * 12):
        y = _body(c, y) - 10
        c.drawCentredString(WIDTH / 2, y, rule)
        y -= 24
    c.drawString(57, y, "Name of the claimant ____________________")
    c.save()

    # when
    result = convert(path)

    # then: no rule is text, none is a list item; the form's blank stays with its label
    text = result.text or ""
    assert "\u2022" not in text and "===" not in text and "\u2026" not in text
    assert [b for b in result.blocks if b.kind == "list_item"] == []
    assert "Name of the claimant ____________________" in text


def test_given_a_word_between_dashes_then_it_is_no_list_item() -> None:
    # given / then: the parties' "- and" with an en dash is set off, a dash bullet's item is listed
    assert list_mark("- and \u2013") == ""
    assert list_mark("- apples and pears") == "bullet"


def test_given_a_browser_print_header_over_its_print_footer_then_both_are_furniture(tmp_path: Path) -> None:
    # given: "9/4/2017 Document" in 8 pt at the top, close over the text, and the print's
    # footer "https://… 1/5" at the foot
    path = tmp_path / "print.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 8)
    c.drawString(26, HEIGHT - 22, "9/4/2017")
    c.drawString(298, HEIGHT - 22, "Document")
    _body(c, HEIGHT - 42)
    c.setFont("Helvetica", 8)
    c.drawString(26, 20, "https://www.sec.gov/Archives/edgar/data/845877/a8-k.htm")
    c.drawString(558, 20, "1/5")
    c.save()

    # when
    result = convert(path)

    # then
    heads = [b.text for b in result.blocks if b.kind == "page_header"]
    assert heads == ["9/4/2017 Document"]
    assert "9/4/2017" not in (result.text or "")


def test_given_a_date_and_title_at_the_top_without_a_print_footer_then_they_stay(tmp_path: Path) -> None:
    # given: the same top row over a page with no footer
    path = tmp_path / "letter.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 8)
    c.drawString(26, HEIGHT - 22, "9/4/2017")
    c.drawString(298, HEIGHT - 22, "Document")
    _body(c, HEIGHT - 42)
    c.save()

    # then: nothing says the row is the print's
    assert "9/4/2017" in (convert(path).text or "")


def test_given_a_worded_page_number_on_the_first_row_close_over_the_text_then_it_is_furniture(
    tmp_path: Path,
) -> None:
    # given: an invoice's "Lehekülg 1 / 1" in pieces at the top right, 7 pt over its title
    path = tmp_path / "invoice.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 8)
    c.drawString(404, HEIGHT - 38, "Lehekülg")
    c.drawString(446, HEIGHT - 38, "1")
    c.drawString(462, HEIGHT - 38, "/ 1")
    c.setFont("Helvetica-Bold", 12)
    c.drawString(28, HEIGHT - 58, "AS Kaupmees & Ko")
    _body(c, HEIGHT - 80)
    c.save()

    # when
    result = convert(path)

    # then
    assert [b.text for b in result.blocks if b.kind == "page_header"] == ["Lehekülg 1 / 1"]
