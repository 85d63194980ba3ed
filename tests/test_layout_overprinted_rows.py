"""A page's footer lines that the producer placed at a fixed height, whatever the page
holds there, land on a table's last rows: printed over them, between two rows that keep
their spacing, they are no rows of the table but text after it (overprints.py)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

COLUMNS = [50, 80, 130, 190, 270, 330, 410, 460]
ROWS = [
    ["Show", "Screen", "Dates", "Title", "Time", "Days", "Rate", "Revenue"],
    ["1", "SCR-1", "12/20-12/25", "Holiday Special", "7:00 PM", "Daily", "$250", "$3,000"],
    ["2", "SCR-2", "12/20-12/31", "Winter Tales", "4:30 PM", "Daily", "$150", "$3,600"],
    ["3", "SCR-1", "12/26-12/31", "Mystery Night", "9:30 PM", "Daily", "$300", "$3,600"],
    ["4", "SCR-3", "12/27-12/31", "Late Show", "11:00 PM", "Fri-Sat", "$120", "$1,440"],
]
FOOTER = [
    "This order is subject to availability and the standard terms of sale.",
    "All times are approximate and subject to change.",
]
PITCH = 10.0


def _overprinted_table(path: Path, *, footer: bool) -> Path:
    """A table of 7 pt rows every 10 pt under a heading; with ``footer``, two lines of
    6 pt footer text drawn over it, each halfway between two of its last rows."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(50, HEIGHT - 600, "Show Details")
    top = HEIGHT - 620
    for k, row in enumerate(ROWS):
        c.setFont("Helvetica-Bold" if k == 0 else "Helvetica", 7)
        for x, cell in zip(COLUMNS, row, strict=True):
            c.drawString(x, top - k * PITCH, cell)
    if footer:
        c.setFont("Helvetica", 6)
        for k, line in enumerate(FOOTER):
            c.drawString(50, top - (k + 2.5) * PITCH, line)
    c.setFont("Helvetica", 9)
    c.drawString(50, top - len(ROWS) * PITCH - 10, "Total Revenue: $11,640.00")
    c.save()
    return path


def test_given_footer_lines_printed_over_a_tables_rows_then_they_are_text_after_it(tmp_path: Path) -> None:
    # given: a table with two footer lines printed over its last rows
    path = _overprinted_table(tmp_path / "over.pdf", footer=True)

    # when
    blocks = convert(path).blocks

    # then: the table's rows are its own, as without the footer, and the footer lines
    # are text read after it
    [table] = [b for b in blocks if b.kind == "table"]
    [plain] = [
        b
        for b in convert(_overprinted_table(tmp_path / "plain.pdf", footer=False)).blocks
        if b.kind == "table"
    ]
    assert table.rows == plain.rows == ROWS
    after = " ".join(b.text for b in blocks[blocks.index(table) + 1 :])
    assert all(line in after for line in FOOTER), after
