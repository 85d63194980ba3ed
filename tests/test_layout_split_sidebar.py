"""Blocks down the right of an invoice, a letterhead at the top and bank details at the
foot with the page's height blank between them, are two blocks, not a sidebar down the
page read after the whole body: the letterhead is read with the address block it stands
beside, the bank details at the foot."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

LETTERHEAD = [
    "Muster GmbH",
    "Ecke 12",
    "12345 Stadthausen",
    "fon (555) 23 78 -0",
    "fax (555) 23 78 -51",
    "info@example.org",
    "http://example.org/",
]
BANK = ["USt-ID: DE136695976", "IBAN DE88200800000970375700", "BIC COBADEFFXXX", "Kontoinhaber: Max Muster"]
BODY = [
    "Rechnung # RE-20190121/507 von 21.01.2019",
    "Leistungsdatum 17.01.2019",
    "Sehr geehrte Damen und Herren,",
    "wir berechnen Ihnen die folgenden Leistungen.",
    "Gestaltung einer Beispielrechnung, zwei Stunden",
    "Luftballons, bunt, vierhundert Stück",
    "Heiße Luft, zweihundert Liter",
    "Nettobetrag: 496,00 €",
    "Gesamtbetrag: 571,04 €",
    "Bitte überweisen Sie bis zum 11.02.2019.",
]


def _invoice(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 7.5)
    for k, line in enumerate(LETTERHEAD):
        c.drawString(451, HEIGHT - 80 - 15 * k, line)
    c.setFont("Helvetica", 12)
    for k, line in enumerate(["Theodor Est", "Bahnstr. 42", "88802 Spielkreis"]):
        c.drawString(71, HEIGHT - 120 - 30 * k, line)
    for k, line in enumerate(BODY):
        c.drawString(57, HEIGHT - 270 - 30 * k, line)
    c.setFont("Helvetica", 7.5)
    for k, line in enumerate(BANK):
        c.drawString(429, HEIGHT - 676 - 14 * k, line)
    c.save()
    return path


def test_given_a_letterhead_and_bank_lines_down_the_right_then_the_letterhead_is_read_at_the_top(
    tmp_path: Path,
) -> None:
    # given: a letterhead at the top right beside the address, bank lines at the foot right
    # when
    text = " ".join(b.text for b in convert(_invoice(tmp_path / "invoice.pdf")).blocks)

    # then: the letterhead before the body, the bank lines after it
    assert -1 < text.index("http://example.org/") < text.index("Rechnung #"), text
    assert text.index("Bitte überweisen") < text.index("IBAN"), text
