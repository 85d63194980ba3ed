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
