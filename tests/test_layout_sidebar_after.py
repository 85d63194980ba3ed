"""A narrow sidebar left of a page's main column (a résumé's contact details and skill
lists) is read after the main column when the main column opens with the page's largest
print (the name) or a rule down the page's height divides them
(worker/engines/layout/column_sets.py sidebar_after), whether the columns are read as
one set (columns.py) or the sidebar runs beside text in sections (full_height_side); a
sidebar that holds the name itself is still read first."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, RIGHT_TEXT, convert, words

SKILLS = [
    "Skills",
    "Python",
    "Distributed systems",
    "Stream processing",
    "Kubernetes",
    "Languages",
    "English",
    "Spanish",
    "Contact",
    "jane@example.org",
    "Springfield",
    "Certifications",
    "Cloud Architect",
]


def _resume(path: Path, *, name_in: str, rule: bool) -> Path:
    """A sidebar of short lines at x 40, a main column of prose at x 220; the name
    (24 pt) at the top of the column ``name_in`` ("main", "side" or "none": set in the
    sidebar's print, in the main column); a rule down the gutter when ``rule``."""
    c = canvas.Canvas(str(path), pagesize=letter)
    side_y = main_y = HEIGHT - 60
    if name_in != "none":
        c.setFont("Helvetica-Bold", 24)
        c.drawString(220 if name_in == "main" else 40, HEIGHT - 60, "Jane Example")
        if name_in == "main":
            main_y -= 36
        else:
            side_y -= 36
    else:
        c.setFont("Helvetica-Bold", 10)
        c.drawString(220, main_y, "Jane Example")
        main_y -= 24
    # The sidebar's lines at a wider pitch than the prose's: they stand at other heights.
    c.setFont("Helvetica", 10)
    for item in SKILLS:
        c.drawString(40, side_y, item)
        side_y -= 19
    for heading, text in (("Summary", LEFT_TEXT), ("Experience", RIGHT_TEXT), ("Research", LEFT_TEXT)):
        c.setFont("Helvetica-Bold", 12)
        c.drawString(220, main_y, heading)
        main_y -= 18
        c.setFont("Helvetica", 10)
        for line in simpleSplit(text, "Helvetica", 10, 340):
            c.drawString(220, main_y, line)
            main_y -= 13
        main_y -= 12
    if rule:
        c.setLineWidth(1.5)
        c.line(190, 0, 190, HEIGHT)
    c.save()
    return path


def _sectioned_resume(path: Path) -> Path:
    """The name over the main column's three sections, a blank stripe across the page
    between them, the sidebar's lines beside each section from the page's top down."""
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 60
    c.setFont("Helvetica-Bold", 24)
    c.drawString(220, y, "Jane Example")
    items = iter(SKILLS)
    side_y = y
    c.setFont("Helvetica", 10)
    for _ in range(2):
        c.drawString(40, side_y - 3, next(items))
        side_y -= 19
    y -= 36
    for heading, text in (("Summary", LEFT_TEXT), ("Experience", RIGHT_TEXT), ("Research", LEFT_TEXT)):
        top = y
        c.setFont("Helvetica-Bold", 12)
        c.drawString(220, y, heading)
        y -= 18
        c.setFont("Helvetica", 10)
        for line in simpleSplit(text, "Helvetica", 10, 340):
            c.drawString(220, y, line)
            y -= 13
        side_y = top if heading != "Summary" else side_y
        for _ in range(3 if heading != "Research" else 5):
            c.drawString(40, side_y - 3, next(items))
            side_y -= 19
        y = min(y, side_y) - 40
    c.save()
    return path


def _order(text: str) -> tuple[int, int, int]:
    """Where the main column's first heading, its last line and the sidebar's first and
    last lines are read."""
    at = {k: text.find(k) for k in ("Summary", "Research", "Skills", "Cloud Architect")}
    assert all(v >= 0 for v in at.values()), (at, text)
    assert at["Skills"] < at["Cloud Architect"], text  # the sidebar read in its own order
    return at["Summary"], at["Research"], at["Skills"]


def test_given_a_left_sidebar_beside_a_main_column_opening_with_the_name_then_the_main_column_is_read_first(
    tmp_path: Path,
) -> None:
    # given: the name in the largest print at the top of the main column, right of a sidebar
    pdf = _resume(tmp_path / "resume.pdf", name_in="main", rule=False)

    # when
    text = words(convert(pdf).text or "")

    # then: the name, the main column, then the sidebar
    summary, research, skills = _order(text)
    assert text.find("Jane Example") < summary < research < skills, text


def test_given_a_rule_down_the_page_between_a_left_sidebar_and_the_main_column_then_the_main_is_read_first(
    tmp_path: Path,
) -> None:
    # given: no larger print anywhere, but a rule from the page's top to its foot in the gutter
    pdf = _resume(tmp_path / "resume.pdf", name_in="none", rule=True)

    # when
    text = words(convert(pdf).text or "")

    # then
    summary, research, skills = _order(text)
    assert summary < research < skills, text


def test_given_a_left_sidebar_that_holds_the_name_then_it_is_still_read_first(tmp_path: Path) -> None:
    # given: the name at the top of the sidebar, no rule: the page is read from the sidebar
    pdf = _resume(tmp_path / "resume.pdf", name_in="side", rule=False)

    # when
    text = words(convert(pdf).text or "")

    # then
    summary, research, skills = _order(text)
    assert text.find("Jane Example") < skills < summary < research, text


def test_given_a_left_sidebar_down_the_height_of_a_main_column_in_sections_then_the_main_column_is_read_first(
    tmp_path: Path,
) -> None:
    # given: blank stripes across the page between the sections, the sidebar beside them all
    pdf = _sectioned_resume(tmp_path / "resume.pdf")

    # when
    text = words(convert(pdf).text or "")

    # then: the name and the sections, then the sidebar whole
    summary, research, skills = _order(text)
    assert text.find("Jane Example") < summary < research < skills, text
