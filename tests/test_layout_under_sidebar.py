"""A paragraph whose last lines run on at full width under a box floated beside its column
(a Wikipedia infobox) ends with those lines, before the box is read; text under two columns
of running text stays after both."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, RIGHT_TEXT, convert, words

INFOBOX = [
    ("Reign", ["1 October 959 - 8 July 975"]),
    ("Predecessor", ["Eadwig"]),
    ("Successor", ["Edward the Martyr"]),
    ("Born", ["943/944", "England"]),
    ("Died", ["8 July 975"]),
    ("Spouses", ["Aethelflaed", "Wulfthryth", "Aelfthryth"]),
    ("Issue", ["Edward the Martyr", "Edith of Wilton", "Edmund"]),
    ("House", ["Wessex"]),
    ("Father", ["Edmund I"]),
    ("Mother", ["Aelfgifu of Shaftesbury"]),
    ("Dynasty", ["House of Wessex", "Cerdicings"]),
    ("Religion", ["Christianity"]),
]
LAST = (
    "The last paragraph of the article goes on beside the box and does not end there, since "
    "its sentence runs on past the foot of the box and across the whole width of the page "
    "below it as the browser lays it out"
)
FULL = " and it ends only here, under the box."


def _article_with_infobox(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    c.setFont("Helvetica", 11)
    for text in (LEFT_TEXT, RIGHT_TEXT, LEFT_TEXT, RIGHT_TEXT, LAST):
        lines = simpleSplit(text, "Helvetica", 11, 280)
        for line in lines:
            c.drawString(40, y, line)
            y -= 15
        y -= 10
    y += 10
    # The box beside the column: a caption, then label/value rows in a smaller size.
    c.setFont("Helvetica-Bold", 9.5)
    c.drawString(400, HEIGHT - 80, "King of the English")
    by = HEIGHT - 110
    for label, values in INFOBOX:
        c.setFont("Helvetica-Bold", 9.5)
        c.drawString(350, by, label)
        c.setFont("Helvetica", 9.5)
        for value in values:
            c.drawString(430, by, value)
            by -= 17
        by -= 4
    # The box ends beside the column's last line, above the line that runs on under it.
    assert y + 15 < by + 21 < y + 30
    # The paragraph's last line, at the column's pitch, across the page under the box.
    c.setFont("Helvetica", 11)
    c.drawString(40, y, "which only a reader following the sentence sees" + FULL)
    c.save()
    return path


def _two_columns_then_full_width(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 11)
    left = simpleSplit(LEFT_TEXT + " The column ends without a stop and", "Helvetica", 11, 250)
    right = simpleSplit(RIGHT_TEXT, "Helvetica", 11, 250)
    y = HEIGHT - 72
    for i, line in enumerate(left):
        c.drawString(40, y - 15 * i, line)
    for i, line in enumerate(right):
        c.drawString(320, y - 15 * i, line)
    y -= 15 * max(len(left), len(right))
    c.drawString(40, y, "A closing line set across both columns follows them" + FULL)
    c.save()
    return path


def test_given_a_paragraph_running_on_under_an_infobox_then_its_last_line_ends_it(tmp_path: Path) -> None:
    # given: a column of prose beside a box of label/value rows; the last paragraph's
    # final line runs across the full width under the box
    pdf = _article_with_infobox(tmp_path / "infobox.pdf")

    # when
    blocks = convert(pdf).blocks

    # then: the paragraph holds its last line and comes before the box's text
    texts = [words(b.text) for b in blocks]
    last = next(i for i, t in enumerate(texts) if t.startswith("The last paragraph"))
    assert texts[last].endswith(words(FULL)), texts[last]
    box = next(i for i, t in enumerate(texts) if "Eadwig" in t)
    assert last < box, texts


def test_given_two_prose_columns_then_the_full_width_line_under_them_stays_last(tmp_path: Path) -> None:
    # given: two columns of running text in the same size, a full-width line under them
    pdf = _two_columns_then_full_width(tmp_path / "columns.pdf")

    # when
    blocks = convert(pdf).blocks

    # then: the second column is read before the line under both
    texts = [words(b.text) for b in blocks]
    right = next(i for i, t in enumerate(texts) if t.startswith("The right column"))
    closing = next(i for i, t in enumerate(texts) if "A closing line" in t)
    assert right < closing, texts
