"""A header cell set off its column's alignment: a bank statement whose "Description"
header is right-aligned (a CSS class meant for the figures) over left-aligned
descriptions.

Given such a table (drawn with reportlab, header and body in the same weight), when the
pdf-text engine converts it, then the header heads its own column: no column of its own
between the descriptions and the figures."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

_W, _H = A4
ROWS = [
    ["Date", "Description", "Paid out", "Paid in", "Balance"],
    ["01 Sep 2025", "Cash withdrawal", "182.66", "", "2,658.51"],
    ["01 Sep 2025", "Card payment, Rail tickets", "269.52", "", "2,113.17"],
    ["02 Sep 2025", "Refund, Outdoor shop", "", "238.80", "2,351.97"],
    ["02 Sep 2025", "Standing order, Rent", "246.69", "", "2,105.28"],
    ["03 Sep 2025", "Direct debit, Northern Power", "148.02", "", "1,957.26"],
]


def test_given_a_right_aligned_header_over_left_aligned_text_when_converted_then_it_heads_that_column(
    tmp_path: Path,
) -> None:
    path = tmp_path / "statement.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 8.5)
    y = _H - 120
    for i, row in enumerate(ROWS):
        c.drawString(61.5, y, row[0])
        if i == 0:
            c.drawRightString(322.5, y, row[1])  # right-aligned, as the figures' class sets it
        else:
            c.drawString(129.0, y, row[1])
        for x, cell in zip((390.1, 457.6, 534.7), row[2:], strict=True):
            c.drawRightString(x, y, cell)
        y -= 15.5
    c.save()

    result = convert(path)

    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == ROWS
