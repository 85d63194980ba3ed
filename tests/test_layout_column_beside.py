"""A column of text left of a ruled table that runs down beside it and on below it is read
whole before the table, as a rate sheet's terms beside its small table are: the column's
paragraphs under the table's foot are the same column, not text under the table."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, convert

ROWS = [["Loan", "Rate"], ["Fixed 3 years", "5.49"], ["Variable", "5.19"], ["Offset", "5.34"]]


def _column_beside_table(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    y = HEIGHT - 72
    # Four paragraphs in a column 230 pt wide, a blank line's extra space between them.
    for k in range(4):
        for line in simpleSplit(f"Term {k + 1}. {LEFT_TEXT}", "Helvetica", 9, 230):
            c.drawString(57, y, line)
            y -= 11
        y -= 4
    # A ruled table on the right, its foot above the column's last paragraph.
    top, h, xs = HEIGHT - 64, 20.0, [330, 450, 540]
    c.setLineWidth(0.5)
    for r in range(len(ROWS) + 1):
        c.line(xs[0], top - r * h, xs[-1], top - r * h)
    for x in xs:
        c.line(x, top, x, top - len(ROWS) * h)
    for r, row in enumerate(ROWS):
        for k, cell in enumerate(row):
            c.drawString(xs[k] + 4, top - r * h - 14, cell)
    c.save()
    return path


def test_given_a_column_running_beside_a_table_and_below_it_then_the_column_is_read_first(
    tmp_path: Path,
) -> None:
    # given: terms in a left column that runs down beside a small ruled table and on below it
    pdf = _column_beside_table(tmp_path / "beside.pdf")

    # when
    blocks = convert(pdf).blocks

    # then: the four terms are read in order, all before the table
    order = [b.text[:6] if b.kind != "table" else "table" for b in blocks]
    assert order == ["Term 1", "Term 2", "Term 3", "Term 4", "table"], order
