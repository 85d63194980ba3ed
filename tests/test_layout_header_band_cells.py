"""A ruled item table whose header is a shaded band over its figures' columns only, no
rule between the header's cells (worker/engines/layout/merged_cells.py): "VAT" and
"Price" each head the ruled column under them, not one cell spanning both, and the corner
over the description column stays empty.

Each test reads: given a page drawn so (with reportlab, the band and the shaded price
cell as fills), when the pdf-text engine converts it, then ..."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, fill_box

_W, _H = A4
ROWS = [["", "VAT", "Price"], ["Support 2/2023 to 1/2024", "21 %", "1 000,00 EUR"]]


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)

    c.setFont("Helvetica-Oblique", 9.3)
    c.drawString(26.5, _H - 364, "We invoice you for the following services")
    fill_box(c, _H, 416.5, 382.4, 567.7, 410.1, 0.9)  # the header band over the figures' columns
    fill_box(c, _H, 26.5, 409.7, 567.7, 410.4, 0.0)  # the rule under the header
    fill_box(c, _H, 459.5, 410.4, 567.7, 440.2, 0.93)  # the price cell shaded
    fill_box(c, _H, 26.5, 439.8, 567.7, 440.5, 0.0)  # the rule under the row
    c.setFont("Helvetica", 9.3)
    c.drawRightString(447.7, _H - 400, ROWS[0][1])
    c.drawRightString(563.2, _H - 400, ROWS[0][2])
    c.drawString(26.5, _H - 429, ROWS[1][0])
    c.drawRightString(454.4, _H - 429, ROWS[1][1])
    c.drawRightString(563.5, _H - 429, ROWS[1][2])
    c.save()
    return path


def test_given_a_header_band_without_inner_rules_then_each_header_heads_its_column(
    tmp_path: Path,
) -> None:
    page = convert(_draw(tmp_path / "header-band.pdf"))

    [table] = [b for b in page.blocks if b.kind == "table"]
    assert table.rows == ROWS
