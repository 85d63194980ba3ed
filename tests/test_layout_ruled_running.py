"""A one-page document's running head and footer framed by rules.

A common page style sets its running head (the document's title and edition, no page
number) over a rule across the text's width at the top of the page, and its footer (a
product name and the page number, in front matter a roman one: "iii") under a rule at
the foot, both in the body's size. One page cannot confirm them by repetition, and the
head holds no page number; the footer's number marks the foot band as the page's, and
the head over the matching rule is its counterpart. What is the text's stays: a title
set over a rule in larger or bold print, and a head row over a rule on a page whose
foot no page number marks."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from common.documents.results import blocks_to_text
from tests.layout_pages import convert

WIDTH, HEIGHT = letter
HEAD = "National Survey Network, Data Model - Edition 2.0"
HEAD_DATE = "2021-04"
FOOT = "SurveyBase"
BODY = [
    "This document describes the data model of the survey network, its entities and the",
    "relations between them, for the producers and the users of the national data sets.",
    "Each entity is given with its attributes, their types and the values they may take.",
]
SECOND = [
    "The model was reviewed by the provinces and the territories before its publication,",
    "and the changes they asked for are listed in the revision history that follows.",
]


def _page(
    path: Path, *, number: str | None = "iii", head_font: tuple[str, float] = ("Helvetica", 10)
) -> Path:
    """A letter page: a head row in the top margin over a rule across the text's width,
    two paragraphs of 10 pt body, and a foot row under a rule (``number`` at its right;
    none if None)."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont(*head_font)
    c.drawString(72, HEIGHT - 57, HEAD)
    c.setFont("Helvetica", 10)
    c.drawRightString(540, HEIGHT - 57, HEAD_DATE)
    c.setLineWidth(0.75)
    c.line(72, HEIGHT - 60, 540, HEIGHT - 60)
    y = HEIGHT - 100
    for para in (BODY, SECOND):
        for line in para:
            c.drawString(72, y, line)
            y -= 13
        y -= 13
    c.line(72, 48, 540, 48)
    c.drawString(72, 38, FOOT)
    if number is not None:
        c.drawRightString(540, 38, number)
    c.save()
    return path


def _furniture(path: Path) -> tuple[list[str], str]:
    result = convert(path)
    furniture = [b.text for b in result.blocks if b.kind in ("page_header", "page_footer")]
    return furniture, blocks_to_text(result.blocks)


def test_given_a_ruled_head_and_a_ruled_footer_with_a_roman_number_then_both_are_furniture(
    tmp_path: Path,
) -> None:
    # Given: a one-page document with a head over a rule and "SurveyBase ... iii" under one
    pdf = _page(tmp_path / "ruled.pdf")

    # When: it is converted
    furniture, text = _furniture(pdf)

    # Then: the head and the footer are furniture; the text is the two paragraphs alone
    assert text.split() == " ".join(BODY + SECOND).split(), text
    assert len(furniture) == 2, furniture


def test_given_a_ruled_footer_with_a_figure_number_then_the_head_goes_with_it(tmp_path: Path) -> None:
    # Given: the same page numbered "7"
    pdf = _page(tmp_path / "seven.pdf", number="7")

    # When: it is converted
    furniture, text = _furniture(pdf)

    # Then: the head goes with the footer
    assert len(furniture) == 2, furniture
    assert text.split() == " ".join(BODY + SECOND).split(), text


def test_given_no_page_number_at_the_foot_then_the_head_stays_text(tmp_path: Path) -> None:
    # Given: the ruled head and a ruled foot row with no page number
    pdf = _page(tmp_path / "unnumbered.pdf", number=None)

    # When: it is converted
    _, text = _furniture(pdf)

    # Then: nothing confirms the head: it is read as text
    assert HEAD in text, text


def test_given_a_bold_title_over_the_rule_then_it_stays_text(tmp_path: Path) -> None:
    # Given: the head row set bold, as a title over a rule is
    pdf = _page(tmp_path / "title.pdf", head_font=("Helvetica-Bold", 10))

    # When: it is converted
    _, text = _furniture(pdf)

    # Then: the title is the text's
    assert HEAD in text, text
