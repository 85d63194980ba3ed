"""The invoice: a deterministic 3-page Letter PDF drawn with reportlab, and its ground truth.

The ``INVOICE_*`` constants are what :func:`invoice_pdf` prints, so tests can assert on
extracted text: page 1 the header, parties, line items and totals, page 2 terms in two
columns drawn row by row, page 3 payment details.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

INVOICE_PAGE_COUNT = 3
INVOICE_NUMBER = "INV-2026-0042"
INVOICE_DATE = "2026-01-15"
INVOICE_DUE_DATE = "2026-02-14"
INVOICE_SELLER: list[str] = [
    "Pagemill Conversion GmbH",
    "Friedrichstrasse 123",
    "10117 Berlin, Germany",
    "VAT ID: DE123456789",
]
INVOICE_BUYER: list[str] = [
    "Northwind Archives Ltd.",
    "Attn: Accounts Payable",
    "42 Harbour Road",
    "Dublin D02 XY45, Ireland",
]
# (description, qty, unit price, amount) exactly as printed.
INVOICE_LINE_ITEMS: list[tuple[str, str, str, str]] = [
    ("Document conversion - Standard plan (Jan 2026)", "1", "499.00", "499.00"),
    ("Additional pages (per 1,000)", "12", "25.00", "300.00"),
    ("OCR add-on for scanned documents", "3", "43.20", "129.60"),
    ("Priority support hours", "2", "50.10", "100.20"),
]
INVOICE_SUBTOTAL = "1,028.80 EUR"
INVOICE_VAT = "205.76 EUR"
INVOICE_TOTAL = "1,234.56 EUR"
INVOICE_TOTAL_LINE = f"Total due: {INVOICE_TOTAL}"


INVOICE_TERMS_HEADING = "Terms and Conditions"
# Page 2 is two columns; the content stream draws them row by row (left line i,
# then right line i), so naive extraction interleaves them. Correct reading order
# is INVOICE_LEFT_COLUMN followed by INVOICE_RIGHT_COLUMN.
INVOICE_LEFT_COLUMN: list[str] = [
    "1. Payment is due within thirty days",
    "of the invoice date shown above.",
    "2. Late payments accrue interest at",
    "eight percent above the base rate.",
    "3. All prices are quoted in euros and",
    "exclude any bank transfer charges.",
    "4. Disputes must be raised in writing",
    "within fourteen days of receipt.",
]
INVOICE_RIGHT_COLUMN: list[str] = [
    "5. Services are provided as described",
    "in the order confirmation only.",
    "6. Either party may terminate with",
    "ninety days written notice.",
    "7. Liability is limited to the fees",
    "paid in the preceding twelve months.",
    "8. This agreement is governed by the",
    "laws of Germany; the courts of Berlin",
    "have exclusive jurisdiction.",
]


INVOICE_IBAN = "DE89 3704 0044 0532 0130 00"
INVOICE_BIC = "COBADEFFXXX"
INVOICE_CLOSING_NOTE = "Thank you for your business!"


def _footer(c: canvas.Canvas, page: int, total: int) -> None:
    width, _ = letter
    c.setFont("Helvetica", 8)
    c.setFillGray(0.4)
    c.drawString(72, 40, f"{INVOICE_SELLER[0]} - Invoice {INVOICE_NUMBER}")
    c.drawRightString(width - 72, 40, f"Page {page} of {total}")
    c.setFillGray(0)


def _invoice_page1(c: canvas.Canvas) -> None:
    width, height = letter
    left, right = 72.0, width - 72.0

    c.setFont("Helvetica-Bold", 22)
    c.drawString(left, height - 80, "INVOICE")

    c.setFont("Helvetica", 10)
    y = height - 80.0
    for label, value in (
        ("Invoice number:", INVOICE_NUMBER),
        ("Invoice date:", INVOICE_DATE),
        ("Due date:", INVOICE_DUE_DATE),
    ):
        c.drawRightString(right - 100, y, label)
        c.drawRightString(right, y, value)
        y -= 14

    y = height - 150.0
    c.setFont("Helvetica-Bold", 10)
    c.drawString(left, y, "From")
    c.drawString(330, y, "Bill to")
    c.setFont("Helvetica", 10)
    for i, (seller, buyer) in enumerate(zip(INVOICE_SELLER, INVOICE_BUYER, strict=True)):
        c.drawString(left, y - 14 * (i + 1), seller)
        c.drawString(330, y - 14 * (i + 1), buyer)

    # Line-item table.
    cols = (left, 360.0, 430.0, right)  # description (left), qty/unit/amount (right-aligned)
    y = height - 260.0
    c.setFillGray(0.9)
    c.rect(left - 4, y - 6, right - left + 8, 20, stroke=0, fill=1)
    c.setFillGray(0)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(cols[0], y, "Description")
    c.drawRightString(cols[1], y, "Qty")
    c.drawRightString(cols[2] + 40, y, "Unit price")
    c.drawRightString(cols[3], y, "Amount")
    c.setFont("Helvetica", 10)
    c.setLineWidth(0.5)
    for desc, qty, unit, amount in INVOICE_LINE_ITEMS:
        y -= 22
        c.drawString(cols[0], y, desc)
        c.drawRightString(cols[1], y, qty)
        c.drawRightString(cols[2] + 40, y, unit)
        c.drawRightString(cols[3], y, amount)
        c.line(left - 4, y - 7, right + 4, y - 7)

    y -= 36
    for label, value, bold in (
        ("Subtotal:", INVOICE_SUBTOTAL, False),
        ("VAT 20%:", INVOICE_VAT, False),
        ("Total due:", INVOICE_TOTAL, True),
    ):
        c.setFont("Helvetica-Bold" if bold else "Helvetica", 11 if bold else 10)
        c.drawRightString(right - 110, y, label)
        c.drawRightString(right, y, value)
        y -= 18

    c.setFont("Helvetica-Oblique", 9)
    c.drawString(left, y - 20, "Terms and conditions overleaf. Payment details on page 3.")
    _footer(c, 1, INVOICE_PAGE_COUNT)


def _invoice_page2(c: canvas.Canvas) -> None:
    width, height = letter
    left_x, right_x = 72.0, 324.0

    c.setFont("Helvetica-Bold", 16)
    c.drawString(left_x, height - 80, INVOICE_TERMS_HEADING)

    # Row by row on purpose: left line i then right line i, same baseline.
    c.setFont("Helvetica", 10)
    y = height - 120.0
    for i in range(max(len(INVOICE_LEFT_COLUMN), len(INVOICE_RIGHT_COLUMN))):
        if i < len(INVOICE_LEFT_COLUMN):
            c.drawString(left_x, y, INVOICE_LEFT_COLUMN[i])
        if i < len(INVOICE_RIGHT_COLUMN):
            c.drawString(right_x, y, INVOICE_RIGHT_COLUMN[i])
        y -= 15
    c.setLineWidth(0.5)
    c.setStrokeGray(0.6)
    c.line(width / 2, height - 105, width / 2, y)
    c.setStrokeGray(0)
    _footer(c, 2, INVOICE_PAGE_COUNT)


def _invoice_page3(c: canvas.Canvas) -> None:
    _, height = letter
    left = 72.0

    c.setFont("Helvetica-Bold", 16)
    c.drawString(left, height - 80, "Payment details")
    c.setFont("Helvetica", 10)
    y = height - 115.0
    for label, value in (
        ("Account holder:", INVOICE_SELLER[0]),
        ("Bank:", "Commerzbank Berlin"),
        ("IBAN:", INVOICE_IBAN),
        ("BIC:", INVOICE_BIC),
        ("Reference:", INVOICE_NUMBER),
        ("Amount:", INVOICE_TOTAL),
    ):
        c.drawString(left, y, label)
        c.drawString(left + 100, y, value)
        y -= 16

    y -= 24
    c.drawString(left, y, "Please quote the invoice number as the payment reference.")
    y -= 30
    c.setFont("Helvetica-Bold", 12)
    c.drawString(left, y, INVOICE_CLOSING_NOTE)
    c.setFont("Helvetica", 10)
    c.drawString(left, y - 16, "Questions? Contact billing@pagemill.example.")
    _footer(c, 3, INVOICE_PAGE_COUNT)


def invoice_pdf() -> bytes:
    """A deterministic 3-page Letter invoice (see the ``INVOICE_*`` constants)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1, pageCompression=1)
    c.setTitle(f"Invoice {INVOICE_NUMBER}")
    c.setAuthor(INVOICE_SELLER[0])
    for draw in (_invoice_page1, _invoice_page2, _invoice_page3):
        draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()
