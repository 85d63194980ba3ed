"""An unruled table whose title cells carry a second line in smaller print under the
title, a note that runs on under the next columns, empty on its line
(worker/engines/layout/table_wraps.py, sub_line): the notes inside the table came out
as rows of their own, and the last row's note fell out of the table, read as text
after it."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = letter
XS = [50, 80, 130, 250, 310, 360, 420]
HEAD = ["No", "Room", "Course", "Level", "Starts", "Weeks", "Fee"]
ROWS = [
    (
        ["1", "A-12", "Painting in Oils", "Basic", "9:00", "10", "$250"],
        "(Materials: 40 tubes); Studio Easel Set",
    ),
    (["2", "B-03", "Figure Drawing", "Mixed", "14:30", "8", "$180"], "(Materials: charcoal); Life Model Fee"),
    (["3", "A-07", "Watercolour", "Basic", "18:00", "6", "$150"], "(Materials: 12 pans); Paper Block A3"),
]


def _page(path: Path) -> Path:
    """A heading, the table (8 pt rows, each title's 7 pt note under it at the line
    spacing, running past the title's column), and a paragraph under it."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(50, HEIGHT - 60, "Course Schedule Details")
    y = HEIGHT - 80.0
    c.setFont("Helvetica-Bold", 8)
    for x, text in zip(XS, HEAD, strict=True):
        c.drawString(x, y, text)
    for cells, note in ROWS:
        y -= 10.0
        c.setFont("Helvetica", 8)
        for x, text in zip(XS, cells, strict=True):
            c.drawString(x, y, text)
        y -= 11.0
        c.setFont("Helvetica", 7)
        c.drawString(XS[2], y + 2.0, note)
    c.setFont("Helvetica", 10)
    c.drawString(50, y - 30.0, "All courses are subject to a minimum number of participants.")
    c.save()
    return path


def test_given_title_cells_with_notes_in_smaller_print_then_each_note_is_its_title_cells(
    tmp_path: Path,
) -> None:
    # given: the page
    pdf = _page(tmp_path / "schedule.pdf")

    # when
    result = convert(pdf)

    # then: one table, the header and three rows; each note is read in its title's cell
    tables = [b.rows for b in result.blocks if b.kind == "table"]
    expected = [HEAD] + [[*cells[:2], f"{cells[2]} {note}", *cells[3:]] for cells, note in ROWS]
    assert tables == [expected]
    assert not any("Materials" in b.text for b in result.blocks if b.kind != "table")
