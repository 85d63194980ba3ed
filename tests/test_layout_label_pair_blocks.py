"""A "Label: | value" block beside another block (worker/engines/layout/detail_blocks.py,
_label_pair): an invoice's address beside its details, or the client's references
beside a boxed amount due, their lines on the same baselines, are two blocks read one
after the other, not one table.

Each test reads: given an invoice page drawn so (with reportlab), when the pdf-text
engine converts it, then no table holds the blocks, and each label reads with its value."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words

ADDRESS = ["CustomersRUs Pty Ltd", "Jane Citizen", "12 Example Street", "Sydney NSW", "2000"]
DETAILS = [
    ("Invoice Number:", "987654321"),
    ("Issue Date:", "Mar 19, 2017"),
    ("Payment Terms:", "Due Immediately"),
    ("Billing ID:", "1234-5678-9012"),
    ("Billing Account Number:", "9876-5432-1098"),
]
REFERENCES = [
    ("Bill to:", "CustomersRUs"),
    ("Billing ID:", "1234-5678-9012"),
    ("Invoice number:", "987654321"),
]


def _invoice(path: Path) -> Path:
    # "Bill to" and its address at the left, "Details" and its label/value rows from the
    # page's middle, row for row on the address's baselines; at the foot, the client's
    # references at the left and a framed "Amount due" level with their first row.
    _, height = letter
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(50, height - 60, "Invoice")
    c.setFont("Helvetica-Bold", 10)
    c.drawString(50, height - 120, "Bill to")
    c.drawString(306, height - 120, "Details")
    c.setFont("Helvetica", 10)
    for k, (line, (label, value)) in enumerate(zip(ADDRESS, DETAILS, strict=True)):
        y = height - 134 - 14 * k
        c.drawString(50, y, line)
        c.drawString(306, y, label)
        c.drawString(450, y, value)
    c.drawString(50, height - 250, "Thank you for your business. Payment is due on receipt of this invoice.")
    for k, (label, value) in enumerate(REFERENCES):
        c.drawString(50, height - 600 - 14 * k, label)
        c.drawString(150, height - 600 - 14 * k, value)
    c.rect(330, height - 605, 230, 20)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(340, height - 598, "Amount due in AUD:")
    c.drawRightString(550, height - 598, "$521.79")
    c.save()
    return path


def test_given_an_address_beside_label_value_rows_when_converted_then_each_block_reads_whole(
    tmp_path: Path,
) -> None:
    page = convert(_invoice(tmp_path / "invoice.pdf"))
    text = words(page.text or "")

    assert "|" not in (page.markdown or "")
    assert words(" ".join(ADDRESS)) in text
    for label, value in DETAILS:
        assert f"{label} {value}" in text, (label, value, text)
    assert text.index("2000") < text.index("Invoice Number:")


def test_given_references_beside_a_boxed_amount_when_converted_then_the_amount_reads_with_its_label(
    tmp_path: Path,
) -> None:
    page = convert(_invoice(tmp_path / "invoice.pdf"))
    text = words(page.text or "")

    # The references read one after another, the framed amount not between them.
    assert words(" ".join(f"{label} {value}" for label, value in REFERENCES)) in text, text
    assert "Amount due in AUD: $521.79" in text
