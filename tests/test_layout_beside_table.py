"""Text beside a wide ruled table is read with the table, not as a column running down
from the text above it (the table's blank place is no gutter of the page)."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, WIDTH, convert

ROWS = [
    ("Meter", "Register", "Previous", "Current"),
    ("E 71 044 908", "Day", "18,204", "18,911"),
    ("E 71 044 908", "Night", "9,330", "9,642"),
    ("G 2 301 775", "Gas", "4,418", "4,537"),
]
COLS = [72.0, 180.0, 280.0, 370.0, 450.0]  # the grid's column rules


def _draw_notes_beside_grid(path: Path) -> Path:
    """Two address blocks side by side, a heading, a ruled 4 x 4 grid across most of the
    width with a narrow column of figures outside its frame to the right, a heading and
    a paragraph under it."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setFont("Helvetica", 10)
    y = HEIGHT - 100
    for left, right in (
        ("Mr Tomasz Wrona", "Account number 6650 2291 07"),
        ("Flat 3, 41 Quarry Lane", "Bill date 2 December 2025"),
        ("Derby DE22 1HS", "Period 1 Oct to 30 Nov 2025"),
    ):
        c.drawString(72, y, left)
        c.drawString(320, y, right)
        y -= 13
    c.setFont("Helvetica-Bold", 13)
    c.drawString(72, y - 14, "Meter readings")
    top = y - 28
    pitch = 16.0
    c.setLineWidth(1)
    for i in range(len(ROWS) + 1):
        c.line(COLS[0], top - i * pitch, COLS[-1], top - i * pitch)
    for x in COLS:
        c.line(x, top, x, top - len(ROWS) * pitch)
    c.setFont("Helvetica", 10)
    for i, row in enumerate(ROWS):
        base = top - i * pitch - 12
        for x, cell in zip(COLS, row, strict=False):
            c.drawString(x + 6, base, cell)
        c.drawRightString(540, base, ("Units", "707", "312", "119")[i])
    c.setFont("Helvetica-Bold", 13)
    y = top - len(ROWS) * pitch - 30
    c.drawString(72, y, "Charges")
    c.setFont("Helvetica", 10)
    c.drawString(72, y - 20, "The amount will be collected by direct debit on or after 16 December 2025.")
    c.save()
    return path


def test_given_figures_beside_a_wide_ruled_table_then_they_are_read_with_it(tmp_path: Path) -> None:
    # Given: a bill whose right address block sits above figures set beside a ruled grid
    pdf = _draw_notes_beside_grid(tmp_path / "bill.pdf")

    # When: it is converted
    blocks = [b for b in convert(pdf).blocks if b.kind not in ("page_header", "page_footer")]
    texts = [b.text for b in blocks]

    # Then: the address blocks and the heading, then the grid and the figures beside it,
    # then what follows the grid
    def at(prefix: str) -> int:
        return next(i for i, t in enumerate(texts) if prefix in t)

    table = next(i for i, b in enumerate(blocks) if b.kind == "table")
    assert max(at("Account number"), at("Meter readings")) < table, texts
    assert table < at("707") < at("Charges") < at("The amount"), texts


def _draw_heading_under_addresses(path: Path) -> Path:
    """Two address blocks side by side, a heading a blank line under the left one, and a
    paragraph further down."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setFont("Helvetica", 10)
    y = HEIGHT - 100
    for left, right in (
        ("Mr Tomasz Wrona", "Account number 6650 2291 07"),
        ("Flat 3, 41 Quarry Lane", "Bill date 2 December 2025"),
        ("Derby DE22 1HS", "Period 1 Oct to 30 Nov 2025"),
    ):
        c.drawString(72, y, left)
        c.drawString(320, y, right)
        y -= 13
    c.setFont("Helvetica-Bold", 13)
    c.drawString(72, y - 14, "Meter readings")
    c.setFont("Helvetica", 10)
    c.drawString(72, y - 160, "The amount will be collected by direct debit on or after 16 December 2025.")
    c.save()
    return path


def test_given_a_heading_under_two_address_blocks_then_it_is_read_after_both(tmp_path: Path) -> None:
    # Given: a bill's two address blocks side by side and a heading under the left one
    pdf = _draw_heading_under_addresses(tmp_path / "bill.pdf")

    # When: it is converted
    texts = [b.text for b in convert(pdf).blocks if b.kind not in ("page_header", "page_footer")]

    # Then: both address blocks come before the heading, not the heading as the rest of
    # the left column
    def at(prefix: str) -> int:
        return next(i for i, t in enumerate(texts) if prefix in t)

    assert at("Mr Tomasz") < at("Account number") < at("Meter readings") < at("The amount"), texts
