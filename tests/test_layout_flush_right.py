"""Lines set flush right (an invoice's "LABEL: value" fields at its top right) are ragged
on the left: a line that leaves room there for the next line's first word was broken on
purpose, and each is a line of its own, as a left-aligned field list's lines are
(blocks._forced_break). A paragraph whose first line is indented stays one paragraph."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

RIGHT = 540.0
FIELDS = [
    ("INVOICE:", "INV-204"),
    ("INVOICE DATE:", "03/11/2024"),
    ("DUE DATE:", "04/10/2024"),
    ("CUSTOMER NAME:", "NORTHWIND TRADERS LIMITED"),
    ("SERVICE PERIOD:", "02/01/2024 - 02/29/2024"),
    ("CUSTOMER ID:", "CID-9921"),
]
PARAGRAPH = [
    "        Payment is due within thirty days of the invoice date. Please quote the",
    "invoice number with every payment, and write to the address above with any question",
    "about the charges listed on this invoice.",
]


def _invoice(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, HEIGHT - 60, "NORTHWIND LTD.")
    y = HEIGHT - 110
    for label, value in FIELDS:
        # the label in bold, the value in regular weight, the pair ending at the right edge
        value_w = stringWidth(" " + value, "Helvetica", 9)
        label_w = stringWidth(label, "Helvetica-Bold", 9)
        c.setFont("Helvetica-Bold", 9)
        c.drawString(RIGHT - value_w - label_w, y, label)
        c.setFont("Helvetica", 9)
        c.drawString(RIGHT - value_w, y, " " + value)
        y -= 14
    c.setFont("Helvetica", 9)
    y -= 30
    for line in PARAGRAPH:
        c.drawString(72, y, line)
        y -= 12
    c.save()
    return path


def test_given_flush_right_label_value_lines_then_each_is_a_line_of_its_own(tmp_path: Path) -> None:
    # given: six "LABEL: value" lines set flush right at the page's top right, then an
    # ordinary paragraph whose first line is indented
    pdf = _invoice(tmp_path / "invoice.pdf")

    # when
    md = convert(pdf).markdown or ""

    # then: each field is a line of its own, none run on with the next
    lines = [ln.strip() for ln in md.splitlines() if ln.strip()]
    for label, value in FIELDS:
        assert f"{label} {value}" in lines, md
    # and the indented paragraph is still one paragraph
    assert any(ln.startswith("Payment is due") and ln.endswith("this invoice.") for ln in lines), md
