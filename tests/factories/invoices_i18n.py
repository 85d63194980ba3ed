"""Invoices in German and English drawn with reportlab (a ruled line-item table, labelled
header fields, totals, bank details), with the typed record each must yield."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

GERMAN: dict[str, Any] = {
    "lines": [
        ("Muster Software GmbH", 11, True),
        ("Hauptstraße 5, 10115 Berlin", 9, False),
        ("", 9, False),
        ("Rechnung", 16, True),
        ("Rechnungsnummer: RE-2026-0042", 10, False),
        ("Rechnungsdatum: 15.03.2026", 10, False),
        ("Fällig am: 14.04.2026", 10, False),
    ],
    "header": ["Beschreibung", "Menge", "Einzelpreis", "Betrag"],
    "items": [["Beratung", "2", "300,00 €", "600,00 €"], ["Schulung", "1", "400,00 €", "400,00 €"]],
    "totals": [("Zwischensumme", "1.000,00 €"), ("MwSt 19%", "190,00 €"), ("Gesamtbetrag", "1.190,00 €")],
    "footer": ["IBAN: DE89 3704 0044 0532 0130 00", "USt-IdNr.: DE136695976"],
    "truth": {
        "invoice_number": "RE-2026-0042",
        "issue_date": "2026-03-15",
        "due_date": "2026-04-14",
        "total": {"amount": "1190.00", "currency": "EUR"},
        "subtotal": {"amount": "1000.00", "currency": "EUR"},
        "tax": {"amount": "190.00", "currency": "EUR"},
        "iban": "DE89370400440532013000",
        "vat_id": "DE136695976",
        "items": 2,
    },
}
ENGLISH: dict[str, Any] = {
    "lines": [
        ("Northwind Traders Ltd", 11, True),
        ("42 Harbour Road, Dublin", 9, False),
        ("", 9, False),
        ("INVOICE", 16, True),
        ("Invoice No.: INV-7781", 10, False),
        ("Invoice Date: 2026-02-01", 10, False),
        ("Due Date: 2026-03-03", 10, False),
    ],
    "header": ["Description", "Qty", "Unit Price", "Amount"],
    "items": [["Widgets", "10", "$12.50", "$125.00"], ["Gadgets", "3", "$25.00", "$75.00"]],
    "totals": [("Subtotal", "$200.00"), ("Tax 10%", "$20.00"), ("Total", "$220.00")],
    "footer": ["Payment terms: 30 days"],
    "truth": {
        "invoice_number": "INV-7781",
        "issue_date": "2026-02-01",
        "due_date": "2026-03-03",
        "total": {"amount": "220.00", "currency": "USD"},
        "subtotal": {"amount": "200.00", "currency": "USD"},
        "tax": {"amount": "20.00", "currency": "USD"},
        "iban": None,
        "vat_id": None,
        "items": 2,
    },
}


def invoice_pdf(spec: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    _, height = A4
    y = height - 60
    for text, size, bold in spec["lines"]:
        c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        c.drawString(60, y, text)
        y -= size + 8
    # the line items: a ruled grid, header in bold
    y -= 16
    xs = [60, 260, 330, 430, 530]
    rows = [spec["header"], *spec["items"]]
    top = y + 14
    for r, row in enumerate(rows):
        c.setFont("Helvetica-Bold" if r == 0 else "Helvetica", 10)
        for i, cell in enumerate(row):
            c.drawString(xs[i] + 4, y, cell)
        y -= 20
    bottom = y + 14
    for i in range(len(rows) + 1):
        c.line(xs[0], top - 20 * i, xs[-1], top - 20 * i)
    for x in xs:
        c.line(x, top, x, bottom)
    y -= 10
    for label, amount in spec["totals"]:
        c.setFont("Helvetica-Bold" if label == spec["totals"][-1][0] else "Helvetica", 10)
        c.drawString(334, y, label)
        c.drawRightString(526, y, amount)
        y -= 16
    y -= 30
    c.setFont("Helvetica", 9)
    for text in spec["footer"]:
        c.drawString(60, y, text)
        y -= 13
    c.showPage()
    c.save()
    return buf.getvalue()
