"""A list set in a table's cell (worker/engines/layout/table_rows.py unbulleted): the cell
reads as the items' text, without the bullet glyphs that mark them (a table has no list
items; the references keep no bullet in a cell)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = letter
ROWS = [
    (["IF the entity on line 1 is a(n) . . ."], ["THEN check the box for . . ."]),
    (["\u2022 Corporation"], ["Corporation"]),
    (
        ["\u2022 Individual", "\u2022 Sole proprietorship, or", "\u2022 Single-member LLC"],
        ["Individual/sole proprietor"],
    ),
    (["\u2022 Partnership"], ["Partnership"]),
]


def _y(top: float) -> float:
    return HEIGHT - top


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, _y(72), "For a joint account, the table below says which box to check.")
    c.setLineWidth(0.5)
    left, mid, right = 72.0, 300.0, 540.0
    top = 90.0
    c.line(left, _y(top), right, _y(top))
    for first, second in ROWS:
        height = 14.0 * max(len(first), len(second)) + 6.0
        for k, text in enumerate(first):
            c.drawString(left + 4, _y(top + 13 + 14 * k), text)
        for k, text in enumerate(second):
            c.drawString(mid + 4, _y(top + 13 + 14 * k), text)
        c.line(left, _y(top + height), right, _y(top + height))
        for x in (left, mid, right):
            c.line(x, _y(top), x, _y(top + height))
        top += height
    c.save()
    return path


def test_given_bulleted_items_in_a_ruled_cell_then_the_cell_reads_their_text(tmp_path: Path) -> None:
    # Given a ruled table whose left cells list items, each marked by a bullet glyph
    page = convert(_draw(tmp_path / "instructions.pdf"))
    # When the page is read
    tables = [b.rows for b in page.blocks if b.kind == "table" and b.rows]
    # Then the cells hold the items' text without their bullets
    assert tables == [
        [
            ["IF the entity on line 1 is a(n) . . .", "THEN check the box for . . ."],
            ["Corporation", "Corporation"],
            ["Individual Sole proprietorship, or Single-member LLC", "Individual/sole proprietor"],
            ["Partnership", "Partnership"],
        ]
    ]
