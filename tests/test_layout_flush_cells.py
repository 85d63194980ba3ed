"""Two cells' texts the text layer reads as one line (worker/engines/layout/table_cells.py):
a long label ending a little more than a word space before its row's first figure
("Upper respiratory tract infection" then "14 (6.6)"). The label's last word reaches
over the column boundary, which runs down the middle of the gutter the other rows
leave; the figure starts flush with its column's figures. The line is cut there."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = letter
SIZE = 8.5
LONG = "Upper respiratory tract infection"
ROWS = [
    ("Headache", "18 (8.5)", "22 (10.6)", "31 (14.4)"),
    ("Nausea", "9 (4.2)", "15 (7.2)", "27 (12.6)"),
    ("Elevated enzymes", "1 (0.5)", "2 (1.0)", "6 (2.8)"),
    (LONG, "14 (6.6)", "12 (5.8)", "13 (6.0)"),
    ("Dizziness", "7 (3.3)", "4 (1.9)", "11 (5.1)"),
    ("Serious events", "3 (1.4)", "4 (1.9)", "5 (2.3)"),
]


def _y(top: float) -> float:
    return HEIGHT - top


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(58, _y(80), "Table 3 lists the adverse events by treatment group.")
    # The figures start a little more than a word space after the long label.
    first = 58.0 + stringWidth(LONG, "Helvetica", SIZE) + 0.45 * SIZE
    xs = [58.0, first, first + 62.0, first + 124.0]
    c.setFont("Helvetica", SIZE)
    for k, row in enumerate(ROWS):
        for x, text in zip(xs, row, strict=True):
            c.drawString(x, _y(110 + 14.0 * k), text)
    c.setFont("Helvetica", 10)
    c.drawString(58, _y(210), "Most events were mild and resolved without treatment.")
    c.save()
    return path


def test_given_a_label_read_with_its_rows_first_figure_then_the_line_is_cut_into_its_cells(
    tmp_path: Path,
) -> None:
    # Given an unruled table whose longest label ends a little more than a word space
    # before its row's first figure, which starts flush with the figures above and below
    page = convert(_draw(tmp_path / "events.pdf"))
    # When the page is read
    tables = [b.rows for b in page.blocks if b.kind == "table" and b.rows]
    # Then the label and the figure are cells of their own
    assert len(tables) == 1
    assert [LONG, "14 (6.6)", "12 (5.8)", "13 (6.0)"] in tables[0]
