"""Blocks of text set beside an invoice's key/value rows, each on its own line pitch
(worker/engines/layout/tables.py).

An invoice heads its page with a delivery address beside the billing address (another
size, another line pitch), then its dates and references as bold labels with their
values, beside the salesperson's contact block. The addresses' lines meet the rows
under them now and then by chance: read as one grid with them, the two addresses
interleave (and the contact block with the keys). Cut off, each part is read on its own
(the keys beside the contact block as label_values.rows_beside reads them).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4
LEFT_ADDRESS = [
    "Ma jolie boutique",
    "35 rue de la Republique",
    "69001 Lyon",
    "France",
    "+33 4 72 07 08 55",
    "sav@majolieboutique.net",
]
RIGHT_ADDRESS = ["Ma jolie boutique", "Alexandre Payet", "35 rue de la Republique", "69001 Lyon", "France"]
KEYS = [
    ("Date de facture", "16/11/2017"),
    ("Conditions de paiement", "Paiement immediat"),
    ("Date d'echeance", "16/11/2017"),
    ("Votre reference", "PO445"),
    ("Facture liee", "FA-2017-0010"),
    ("N TVA client", "FR19787878784"),
]
CONTACT = ["Tony Dubois", "+33 4 72 07 08 56", "+33 6 11 22 33 44", "tony.dubois@example.fr"]


def _draw_invoice_head(path: Path, contact: bool = True) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(34, HEIGHT - 100, "Avoir AV-2017-0005")
    # Grey bars: under the address's heading, the labels' column, the contact's heading
    c.setFillGray(0.93)
    c.rect(34, HEIGHT - 137, 263, 17, stroke=0, fill=1)
    c.rect(31, HEIGHT - 321, 120, 102, stroke=0, fill=1)
    c.rect(323, HEIGHT - 236, 240, 17, stroke=0, fill=1)
    c.setFillGray(0)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(37, HEIGHT - 132, "Adresse de livraison")
    # The delivery address at 10 pt, 11.5 pt apart; the billing address at 11 pt, 12.65
    # pt apart, starting half a line higher
    for k, text in enumerate(LEFT_ADDRESS):
        c.setFont("Helvetica", 10)
        c.drawString(37, HEIGHT - 149 - 11.5 * k, text)
    for k, text in enumerate(RIGHT_ADDRESS):
        c.setFont("Helvetica", 11)
        c.drawString(326, HEIGHT - 144.0 - 12.65 * k, text)
    # The keys and values, 17 pt apart; the contact block's heading on the first row,
    # its lines 11.5 pt apart from the second row on
    for k, (key, value) in enumerate(KEYS):
        c.setFont("Helvetica-Bold", 10)
        c.drawString(34, HEIGHT - 231 - 17 * k, key)
        c.setFont("Helvetica", 10)
        c.drawString(158, HEIGHT - 231 - 17 * k, value)
    if contact:
        c.setFont("Helvetica-Bold", 10)
        c.drawString(326, HEIGHT - 231, "Contact commercial")
        c.setFont("Helvetica", 10)
        for k, text in enumerate(CONTACT):
            c.drawString(326, HEIGHT - 248 - 11.5 * k, text)
    c.save()
    return path


def test_given_addresses_over_key_rows_beside_a_contact_then_each_block_reads_whole(tmp_path: Path) -> None:
    # Given two addresses side by side, each on its own line pitch, over key/value rows
    # beside a contact block
    pdf = _draw_invoice_head(tmp_path / "invoice.pdf")
    # When the page is converted
    page = convert(pdf)
    text = page.text or ""
    # Then each address reads whole, the delivery address first
    left = [text.index(t, text.index(LEFT_ADDRESS[0])) for t in LEFT_ADDRESS[1:]]
    right_start = text.index("Alexandre Payet")
    assert all(at < right_start for at in left)
    # And no address line is a row of a table with the keys
    cells = [cell for b in page.blocks if b.kind == "table" and b.rows for row in b.rows for cell in row]
    assert not any(t in cell for t in ("Alexandre Payet", "69001 Lyon") for cell in cells)
    # And each label reads with its value, the contact block after them, its lines in order
    for key, value in KEYS:
        assert text.index(value, text.index(key)) - text.index(key) <= len(key) + 2
    at = [text.index(t) for t in ["FR19787878784", "Contact commercial", *CONTACT]]
    assert at == sorted(at)


def test_given_addresses_side_by_side_over_key_rows_then_they_are_no_rows_of_the_keys(tmp_path: Path) -> None:
    # Given two addresses side by side, each on its own line pitch, over key/value rows
    # (nothing beside them: the guard for the rows read as before)
    pdf = _draw_invoice_head(tmp_path / "invoice.pdf", contact=False)
    # When the page is converted
    page = convert(pdf)
    text = page.text or ""
    # Then each address reads whole, the delivery address first, then the billing one
    left = [text.index(t, text.index(LEFT_ADDRESS[0])) for t in LEFT_ADDRESS[1:]]
    right_start = text.index("Alexandre Payet")
    assert all(at < right_start for at in left)
    # And the keys come after the addresses, each with its value
    assert text.index("France", right_start) < text.index(KEYS[0][0])
    for key, value in KEYS:
        assert text.index(value, text.index(key)) - text.index(key) <= len(key) + 2
