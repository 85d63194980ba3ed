"""Sidebars beside running text that goes on past them are read after the main text
(twelve's convention, "sidebars after the body"):

- a box, framed or shaded, beside the first lines of a column whose paragraph runs on
  under it at full width (worker/engines/layout/frames.py run_on_boxes) is read after
  the body, not between the lines of the paragraph it interrupts;
- a table of contents in small print in the margin beside a main column that runs on
  above and below it (page.py) is read after the main column, not slotted between its
  paragraphs by its height.

A box at the head of an article's second column, with that column's text under it, is
no such sidebar: it is read in its column.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, RIGHT_TEXT, convert, words

BOX = [
    ("Helvetica-Bold", 11, "Grant Title and Investigator"),
    ("Helvetica", 10, "Growth Factors in Development"),
    ("Helvetica", 10, "A. Researcher, Center for Biology"),
    ("Helvetica", 10, "Grant number 827405"),
    ("Helvetica-Bold", 11, "Key Findings"),
    ("Helvetica", 10, "An organ culture system was built to"),
    ("Helvetica", 10, "assess the effects of the compounds."),
    ("Helvetica", 10, "Publications include ten articles."),
]
OPENING = " ".join([LEFT_TEXT, RIGHT_TEXT, LEFT_TEXT])
CLOSING = "The closing paragraph says what the work found and where it is published."


def _summary_with_shaded_box(path: Path, *, stroke: bool) -> Path:
    """A title, a heading, a first paragraph in a narrow column at x 72 beside a box at
    the right (filled, or framed when ``stroke``), the paragraph going on under the box
    across the full width, then a full-width paragraph."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, HEIGHT - 72, "Growth Factors and Development")
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, HEIGHT - 100, "Project Scope")
    top = HEIGHT - 108
    box_bottom = top - 14 * len(BOX) - 12
    c.setFillColorRGB(0.8, 0.9, 1.0)
    c.setStrokeColorRGB(0, 0, 0)
    c.rect(290, box_bottom, 270, top - box_bottom, fill=1, stroke=1 if stroke else 0)
    c.setFillColorRGB(0, 0, 0)
    y = top - 14
    for font, size, text in BOX:
        c.setFont(font, size)
        c.drawString(298, y, text)
        y -= 14
    # The paragraph: narrow lines beside the box, full-width lines under it.
    c.setFont("Helvetica", 10)
    y = top - 10
    narrow = simpleSplit(OPENING, "Helvetica", 10, 200)
    at = 0
    while y > box_bottom - 4 and at < len(narrow):
        c.drawString(72, y, narrow[at])
        y -= 12
        at += 1
    rest = " ".join(narrow[at:])
    for line in simpleSplit(rest, "Helvetica", 10, 470):
        c.drawString(72, y, line)
        y -= 12
    y -= 12
    c.drawString(72, y, CLOSING)
    c.save()
    return path


def test_given_a_shaded_box_beside_a_paragraph_that_runs_on_under_it_then_it_follows_the_body(
    tmp_path: Path,
) -> None:
    # given: a shaded box beside a paragraph's first lines, the paragraph going on under it
    pdf = _summary_with_shaded_box(tmp_path / "shaded.pdf", stroke=False)

    # when
    text = words(" ".join(b.text for b in convert(pdf).blocks))

    # then: the whole body first (the paragraph whole, the closing one), then the box
    box = text.index("Grant Title and Investigator")
    assert -1 < text.index(words(OPENING)) < box, text
    assert -1 < text.index(CLOSING) < box, text
    assert text.index("Publications include ten articles.") > box, text


def test_given_a_framed_box_beside_a_paragraph_that_runs_on_under_it_then_it_follows_the_body(
    tmp_path: Path,
) -> None:
    # given: the same page with the box outlined
    pdf = _summary_with_shaded_box(tmp_path / "framed.pdf", stroke=True)

    # when
    text = words(" ".join(b.text for b in convert(pdf).blocks))

    # then
    box = text.index("Grant Title and Investigator")
    assert -1 < text.index(words(OPENING)) < box, text
    assert -1 < text.index(CLOSING) < box, text


TOC = [
    "Table of Contents",
    "1 Overview",
    "2 The Review Process",
    "3 Data Classification",
    "4 Security Controls",
    "5 Vendor Engagement",
    "6 Privacy Assessment",
    "7 Conclusion",
]
SECTIONS = [
    ("Overview", " ".join([LEFT_TEXT, RIGHT_TEXT])),
    ("Scope", " ".join([RIGHT_TEXT, LEFT_TEXT])),
    ("The Review Process", " ".join([LEFT_TEXT, LEFT_TEXT])),
    ("Data Classification", " ".join([RIGHT_TEXT, RIGHT_TEXT])),
]


def _white_paper_with_margin_contents(path: Path) -> Path:
    """The title (20 pt) over a main column of 9 pt paragraphs under 12 pt headings at x
    180; a table of contents in 7.5 pt at x 45 in the left margin, beside the main
    column's middle, the column running on above and below it."""
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 120
    c.setFont("Helvetica", 20)
    c.drawString(180, y, "Vendor Review Program")
    y -= 34
    tops: list[float] = []
    for heading, text in SECTIONS:
        c.setFont("Helvetica", 12)
        c.drawString(180, y, heading)
        y -= 18
        c.setFont("Helvetica", 9)
        for line in simpleSplit(text, "Helvetica", 9, 380):
            c.drawString(180, y, line)
            tops.append(y)
            y -= 12
        y -= 14
    toc_y = tops[len(tops) // 3]
    c.setFont("Helvetica", 7.5)
    for item in TOC:
        c.drawString(45, toc_y, item)
        toc_y -= 11
    c.save()
    return path


def test_given_contents_in_the_margin_beside_the_main_column_then_they_follow_it(tmp_path: Path) -> None:
    # given: a small-print table of contents in the left margin beside the middle of a
    # main column that runs on above and below it
    pdf = _white_paper_with_margin_contents(tmp_path / "contents.pdf")

    # when
    text = words(" ".join(b.text for b in convert(pdf).blocks))

    # then: the main column whole, then the contents
    toc = text.index("Table of Contents")
    assert text.index("7 Conclusion") > toc, text
    for heading, body in SECTIONS:
        assert -1 < text.index(f"{heading} {words(body)}") < toc, text


def _two_columns_with_box(path: Path) -> Path:
    """Two columns of prose (x 72 and x 320, 220 wide); a shaded box at the head of the
    right column, that column's text under it."""
    c = canvas.Canvas(str(path), pagesize=letter)
    top = HEIGHT - 90
    c.setFont("Helvetica", 10)
    for k, line in enumerate(simpleSplit(OPENING + " " + OPENING, "Helvetica", 10, 220)):
        c.drawString(72, top - 12 * k, line)
    box_bottom = top - 14 * 4 - 6
    c.setFillColorRGB(0.8, 0.9, 1.0)
    c.rect(316, box_bottom, 228, top + 12 - box_bottom, fill=1, stroke=0)
    c.setFillColorRGB(0, 0, 0)
    for k, (font, size, text) in enumerate(BOX[:4]):
        c.setFont(font, size)
        c.drawString(322, top - 14 * k, text)
    c.setFont("Helvetica", 10)
    for k, line in enumerate(simpleSplit(OPENING, "Helvetica", 10, 220)):
        c.drawString(320, box_bottom - 16 - 12 * k, line)
    c.save()
    return path


def test_given_a_box_at_the_head_of_an_articles_second_column_then_it_is_read_in_that_column(
    tmp_path: Path,
) -> None:
    # given: a shaded box over the right column's text, the left column running down
    # beside both (the text under the box is the right column's, not the left's)
    pdf = _two_columns_with_box(tmp_path / "columns.pdf")

    # when
    text = words(" ".join(b.text for b in convert(pdf).blocks))

    # then: the left column, the box, the right column's text under it
    box = text.index("Grant Title and Investigator")
    assert -1 < text.index(words(OPENING + " " + OPENING)) < box, text
    assert text.rindex("Reading order matters") > box, text
