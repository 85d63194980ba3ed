"""Generated invoices with exact ground truth, for the field-level evaluation of
common/extraction (bench/fields_eval.py --generated N).

Six languages (English, German, French, Dutch, Spanish, Italian), each with its own labels,
date and number formats; three layouts (labels with values on the same line, labels above
their values, a header table of label cells); totals in the line-item table or below it;
four currencies. Seeded, so a given N always gives the same documents. Drawn with reportlab,
the way many billing systems draw PDFs.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

LANGUAGES: dict[str, dict[str, Any]] = {
    "en": {
        "title": "INVOICE",
        "number": "Invoice No.",
        "date": "Invoice Date",
        "due": "Due Date",
        "desc": "Description",
        "qty": "Qty",
        "price": "Unit Price",
        "amount": "Amount",
        "subtotal": "Subtotal",
        "tax": "VAT",
        "total": "Total",
        "iban": "IBAN",
        "vat_id": "VAT No.",
        "date_fmt": "{d:02d}/{m:02d}/{y}",
        "decimal": ".",
        "thousands": ",",
    },
    "de": {
        "title": "RECHNUNG",
        "number": "Rechnungsnummer",
        "date": "Rechnungsdatum",
        "due": "Fällig am",
        "desc": "Beschreibung",
        "qty": "Menge",
        "price": "Einzelpreis",
        "amount": "Betrag",
        "subtotal": "Zwischensumme",
        "tax": "MwSt",
        "total": "Gesamtbetrag",
        "iban": "IBAN",
        "vat_id": "USt-IdNr.",
        "date_fmt": "{d:02d}.{m:02d}.{y}",
        "decimal": ",",
        "thousands": ".",
    },
    "fr": {
        "title": "FACTURE",
        "number": "Facture n°",
        "date": "Date de facture",
        "due": "Échéance",
        "desc": "Désignation",
        "qty": "Qté",
        "price": "Prix unitaire",
        "amount": "Montant",
        "subtotal": "Total HT",
        "tax": "TVA",
        "total": "Total TTC",
        "iban": "IBAN",
        "vat_id": "N° TVA",
        "date_fmt": "{d:02d}/{m:02d}/{y}",
        "decimal": ",",
        "thousands": " ",
    },
    "nl": {
        "title": "FACTUUR",
        "number": "Factuurnummer",
        "date": "Factuurdatum",
        "due": "Vervaldatum",
        "desc": "Omschrijving",
        "qty": "Aantal",
        "price": "Prijs",
        "amount": "Bedrag",
        "subtotal": "Subtotaal",
        "tax": "BTW",
        "total": "Totaal",
        "iban": "IBAN",
        "vat_id": "BTW-nummer",
        "date_fmt": "{d:02d}-{m:02d}-{y}",
        "decimal": ",",
        "thousands": ".",
    },
    "es": {
        "title": "FACTURA",
        "number": "Número de factura",
        "date": "Fecha de factura",
        "due": "Fecha de vencimiento",
        "desc": "Descripción",
        "qty": "Cantidad",
        "price": "Precio",
        "amount": "Importe",
        "subtotal": "Base imponible",
        "tax": "IVA",
        "total": "Importe total",
        "iban": "IBAN",
        "vat_id": "NIF",
        "date_fmt": "{d:02d}/{m:02d}/{y}",
        "decimal": ",",
        "thousands": ".",
    },
    "it": {
        "title": "FATTURA",
        "number": "Numero fattura",
        "date": "Data fattura",
        "due": "Data di scadenza",
        "desc": "Descrizione",
        "qty": "Quantità",
        "price": "Prezzo unitario",
        "amount": "Importo",
        "subtotal": "Imponibile",
        "tax": "IVA",
        "total": "Totale",
        "iban": "IBAN",
        "vat_id": "Partita IVA",
        "date_fmt": "{d:02d}/{m:02d}/{y}",
        "decimal": ",",
        "thousands": ".",
    },
}
CURRENCIES = {"EUR": ("€", "after"), "USD": ("$", "before"), "GBP": ("£", "before"), "CHF": ("CHF", "before")}
# Valid IBANs and EU VAT numbers (check digits hold), from the python-stdnum documentation.
IBANS = [
    "DE89 3704 0044 0532 0130 00",
    "GB82 WEST 1234 5698 7654 32",
    "NL91 ABNA 0417 1643 00",
    "FR14 2004 1010 0505 0001 3M02 606",
]
VAT_IDS = ["DE136695976", "NL004495445B01", "FR40303265045", "ESB58378431"]
ITEMS = [
    "Consulting",
    "Software licence",
    "Support plan",
    "Training day",
    "Hosting",
    "Maintenance",
    "Installation",
    "Travel costs",
]


@dataclass
class Generated:
    name: str
    pdf: bytes
    truth: dict[str, Any]


def money(value: Decimal, lang: dict[str, Any], currency: str) -> str:
    whole, frac = f"{value:.2f}".split(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    number = lang["thousands"].join([whole, *groups]) + lang["decimal"] + frac
    symbol, where = CURRENCIES[currency]
    return (
        f"{number} {symbol}"
        if where == "after"
        else f"{symbol}{number}"
        if len(symbol) == 1
        else f"{symbol} {number}"
    )


def generate(n: int, seed: int = 20) -> list[Generated]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        code = list(LANGUAGES)[i % len(LANGUAGES)]
        lang = LANGUAGES[code]
        layout = ("inline", "above", "table")[(i // len(LANGUAGES)) % 3]
        currency = rng.choice(list(CURRENCIES))
        issued = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
        due = issued + timedelta(days=rng.choice([14, 30, 60]))
        number = rng.choice(["INV-", "RE-", "F", "2024/", ""]) + str(rng.randrange(1000, 99999))
        items = [
            (rng.choice(ITEMS), rng.randrange(1, 20), Decimal(rng.randrange(500, 250000)) / 100)
            for _ in range(rng.randrange(1, 6))
        ]
        subtotal = sum((q * p for _, q, p in items), Decimal(0)).quantize(Decimal("0.01"))
        rate = Decimal(rng.choice([7, 10, 19, 20, 21, 22]))
        tax = (subtotal * rate / 100).quantize(Decimal("0.01"))
        total = subtotal + tax
        k = rng.randrange(len(IBANS))
        truth = {
            "invoice_number": number,
            "issue_date": issued.isoformat(),
            "due_date": due.isoformat(),
            "total": f"{total:.2f}",
            "subtotal": f"{subtotal:.2f}",
            "tax": f"{tax:.2f}",
            "currency": currency,
            "iban": IBANS[k].replace(" ", ""),
            "vat_id": VAT_IDS[k],
            "language": code,
            "layout": layout,
        }
        pdf = _draw(
            lang,
            layout,
            currency,
            number,
            issued,
            due,
            items,
            subtotal,
            rate,
            tax,
            total,
            IBANS[k],
            VAT_IDS[k],
            i,
        )
        out.append(Generated(f"gen-{i:03d}-{code}-{layout}", pdf, truth))
    return out


def _fmt_date(lang: dict[str, Any], day: date) -> str:
    return str(lang["date_fmt"]).format(d=day.day, m=day.month, y=day.year)


def _draw(
    lang: dict[str, Any],
    layout: str,
    currency: str,
    number: str,
    issued: date,
    due: date,
    items: list[tuple[str, int, Decimal]],
    subtotal: Decimal,
    rate: Decimal,
    tax: Decimal,
    total: Decimal,
    iban: str,
    vat_id: str,
    i: int,
) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    _, height = A4
    y = height - 60
    c.setFont("Helvetica-Bold", 12)
    c.drawString(60, y, f"Seller Company {i} Ltd")
    c.setFont("Helvetica", 9)
    c.drawString(60, y - 14, f"{10 + i} Market Street, {1000 + i} City")
    y -= 60
    c.setFont("Helvetica-Bold", 18)
    c.drawString(60, y, lang["title"])
    y -= 30
    header = [
        (lang["number"], number),
        (lang["date"], _fmt_date(lang, issued)),
        (lang["due"], _fmt_date(lang, due)),
    ]
    c.setFont("Helvetica", 10)
    if layout == "inline":
        for label, value in header:
            c.drawString(60, y, f"{label}: {value}")
            y -= 14
    else:  # labels above their values, side by side (a table of label cells when ruled)
        for k, (label, value) in enumerate(header):
            x = 60 + 160 * k
            c.setFont("Helvetica-Bold", 9)
            c.drawString(x, y, label)
            c.setFont("Helvetica", 10)
            c.drawString(x, y - 14, value)
        if layout == "table":
            c.rect(56, y - 20, 480, 34)
            for k in (1, 2):
                c.line(56 + 160 * k, y - 20, 56 + 160 * k, y + 14)
        y -= 30
    y -= 20
    xs = [60, 280, 340, 440, 530]
    c.setFont("Helvetica-Bold", 10)
    for k, text in enumerate([lang["desc"], lang["qty"], lang["price"], lang["amount"]]):
        c.drawString(xs[k] + 2, y, text)
    c.line(xs[0], y - 4, xs[-1], y - 4)
    c.setFont("Helvetica", 10)
    for desc, qty, price in items:
        y -= 16
        c.drawString(xs[0] + 2, y, desc)
        c.drawString(xs[1] + 2, y, str(qty))
        c.drawString(xs[2] + 2, y, money(price, lang, currency))
        c.drawRightString(xs[4] - 4, y, money(price * qty, lang, currency))
    y -= 24
    for label, amount in [
        (lang["subtotal"], subtotal),
        (f"{lang['tax']} {rate}%", tax),
        (lang["total"], total),
    ]:
        c.setFont("Helvetica-Bold" if label == lang["total"] else "Helvetica", 10)
        c.drawString(xs[2] + 2, y, label)
        c.drawRightString(xs[4] - 4, y, money(amount, lang, currency))
        y -= 16
    y -= 30
    c.setFont("Helvetica", 9)
    c.drawString(60, y, f"{lang['iban']}: {iban}")
    c.drawString(60, y - 12, f"{lang['vat_id']}: {vat_id}")
    c.showPage()
    c.save()
    return buf.getvalue()
