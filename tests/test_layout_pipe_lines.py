"""Lines whose fields are set apart by "|" characters (worker/engines/layout/pipe_lines.py):
a report typed with spaces around its separators loses the spaces in the text layer, and
cut at those gaps its lines were read piece column by piece column ("| 4,250.00 | USD"
after the next rows). They are one line each, in reading order; pipes that line up row
under row still draw a table's columns."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert
from worker.engines.layout import spans_to_lines
from worker.engines.textlayer import extract_text_layer

# Each row's fields at the x a typewriter's padding put them, in a proportional font:
# the gaps are wide (several ems) and the pipes of different rows do not line up.
_ROWS = [
    [(72, "Date"), (118, "| Category"), (196, "| Item"), (300, "| Amount | Currency")],
    [(72, "03/02/2025 | Travel | Train to Leeds"), (318, "| 86.40 | GBP"), (420, "| 86.40")],
    [(104, "| Booking reference: TRN-5521")],
    [(72, "03/04/2025 | Lodging | Hotel, 2 nights"), (330, "| 240.00 | GBP"), (446, "| 240.00")],
]


def _report(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 11)
    y = HEIGHT - 72
    c.drawString(72, y, "ITEMIZED EXPENSES:")
    for row in _ROWS:
        y -= 19
        for x, text in row:
            c.drawString(x, y, text)
    y -= 38
    c.drawString(72, y, "jane.doe@example.com")
    c.drawString(196, y, "| +1 555 0100 |")
    c.drawString(290, y, "Boston, MA")
    c.save()
    return path


def test_given_pipe_separated_lines_with_wide_gaps_then_each_is_one_line_in_order(tmp_path: Path) -> None:
    # given: a report's item lines, fields padded apart, "|" between them; a contact line
    path = _report(tmp_path / "report.pdf")

    # when
    result = convert(path)

    # then: every row one block, read as printed, top to bottom; no table
    texts = [b.text for b in result.blocks]
    assert texts == [
        "ITEMIZED EXPENSES:",
        "Date | Category | Item | Amount | Currency",
        "03/02/2025 | Travel | Train to Leeds | 86.40 | GBP | 86.40",
        "| Booking reference: TRN-5521",
        "03/04/2025 | Lodging | Hotel, 2 nights | 240.00 | GBP | 240.00",
        "jane.doe@example.com | +1 555 0100 | Boston, MA",
    ]
    assert all(b.kind != "table" for b in result.blocks)


def test_given_pipes_that_line_up_row_under_row_then_the_rows_stay_cut_at_them(tmp_path: Path) -> None:
    # given: a table typed with "|" column sides at the same x on every row
    path = tmp_path / "typed.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 11)
    for i, (name, qty, price) in enumerate(
        [("Item", "Qty", "Price"), ("Bolt", "40", "0.20"), ("Nut", "40", "0.10")]
    ):
        y = HEIGHT - 72 - 19 * i
        c.drawString(72, y, name)
        c.drawString(160, y, f"| {qty}")
        c.drawString(240, y, f"| {price}")
    c.save()
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        layer = extract_text_layer(pdf[0])
    finally:
        pdf.close()

    # when
    lines = spans_to_lines(layer.spans)

    # then: each row's cells are lines of their own, as the columns they are
    assert [ln.text for ln in lines] == [
        "Item",
        "| Qty",
        "| Price",
        "Bolt",
        "| 40",
        "| 0.20",
        "Nut",
        "| 40",
        "| 0.10",
    ]
