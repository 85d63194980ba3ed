"""Blocks of details set side by side on one line pitch (worker/engines/layout/detail_blocks.py).

An invoice heads its page with the client's address beside the buyer's and beside its
dates and terms; its letterhead footer sets the company's address, its phone and registry
numbers and its bank details side by side. All are set at one size and one line pitch, so
their lines meet row by row: read as one grid, the addresses interleave line by line
("Main Street 1 | Harbour Road 7 | Payment method: | Bank transfer"). The blocks that
label every line of their own ("Phone: ...", "E-mail: ...", "Reg. No.: ...") are no
table's columns, whose labels stand once, in a header: each block reads whole.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4
CLIENT = [
    "Client",
    "Northwind Trading Ltd",
    "Main Street 1",
    "10115 Springfield",
    "Freedonia",
    "Reg. No.: 302991474",
    "VAT No.: FD100007828811",
]
BUYER = [
    "Buyer",
    "Harbour Goods Ltd",
    "Harbour Road 7, 20220 Shelbyville",
    "Freedonia",
    "Reg. No.: 402115566",
    "VAT No.: FD200044412219",
]
TERMS = [
    ("Date:", "30.04.2026"),
    ("Due date:", "14.05.2026"),
    ("Payment method:", "Bank transfer"),
    ("Overdue interest:", "0% per day"),
    ("", ""),
    ("Period", "01.04.2026 - 30.04.2026"),
]
FOOTER = [
    ["Acme Sound Ltd", "Quarry Lane 6", "12919 Capital City", "Freedonia"],
    ["Phone: +3726512238", "E-mail: info@acme.example", "Reg. No.: 11327069", "VAT No.: FD101103673"],
    ["Bank name: First Bank", "Bank account: 221033963977", "IBAN: FD672200221033963977", "SWIFT: FBNKFD2X"],
]
PITCH = 12.0


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(43, HEIGHT - 70, "Invoice No. 15293")
    top = HEIGHT - 108
    for k, text in enumerate(CLIENT):
        c.setFont("Helvetica-Bold" if k < 2 else "Helvetica", 9)
        c.drawString(43, top - PITCH * k, text)
    for k, text in enumerate(BUYER):
        c.setFont("Helvetica-Bold" if k < 2 else "Helvetica", 9)
        c.drawString(196, top - PITCH * k, text)
    for k, (key, value) in enumerate(TERMS):
        c.setFont("Helvetica-Bold", 9)
        c.drawString(360, top - PITCH * k, key)
        c.setFont("Helvetica", 9)
        c.drawRightString(552, top - PITCH * k, value)
    top = 110.0
    for x, block in zip((43, 211, 400), FOOTER, strict=True):
        c.setFont("Helvetica", 9)
        for k, text in enumerate(block):
            c.drawString(x, top - 11.3 * k, text)
    c.save()
    return path


def _in_order(text: str, lines: list[str]) -> bool:
    """Whether the lines come in this order, each after the one before."""
    at = 0
    for line in lines:
        at = text.find(line, at)
        if at < 0:
            return False
        at += len(line)
    return True


def test_given_address_blocks_side_by_side_then_each_reads_whole(tmp_path: Path) -> None:
    # Given a client and a buyer block, each labelling its registry lines, beside the
    # invoice's dates, all on one line pitch
    page = convert(_draw(tmp_path / "invoice.pdf"))
    text = page.text or ""
    # When read, then the client block reads whole before the buyer block
    assert _in_order(text, CLIENT[1:] + BUYER[1:])
    # And no address line is a table's cell
    cells = [cell for b in page.blocks if b.kind == "table" and b.rows for row in b.rows for cell in row]
    assert not any(t in cell for t in ("Main Street 1", "Harbour Goods Ltd") for cell in cells)
    # And each term reads with its value
    for key, value in TERMS:
        assert text.index(value, text.index(key)) - text.index(key) <= len(key) + 2


def test_given_letterhead_footer_blocks_then_each_reads_whole(tmp_path: Path) -> None:
    # Given a letterhead footer of three blocks side by side, two of them labelled line
    # by line
    page = convert(_draw(tmp_path / "invoice.pdf"))
    text = page.text or ""
    # When read, then each block reads whole, one after the other
    assert _in_order(text, FOOTER[0] + FOOTER[1] + FOOTER[2])
    # And none of them is a table
    cells = [cell for b in page.blocks if b.kind == "table" and b.rows for row in b.rows for cell in row]
    assert not any("Phone:" in cell or "IBAN:" in cell for cell in cells)


HEADED = [
    ["BILL TO:", "Northwind Finance", "12 Ledger Street,", "Springfield FD, 10115"],
    ["SHIP TO:", "Northwind Depot", "7 Harbour Road,", "Shelbyville FD, 20220"],
    ["SERVICE ADDRESS:", "Northwind Services", "3 Mill Lane,", "Capital City FD, 12919"],
]


def _headed(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(43, HEIGHT - 70, "INVOICE")
    top = HEIGHT - 120
    for x, block in zip((43, 240, 420), HEADED, strict=True):
        for k, text in enumerate(block):
            c.setFont("Helvetica-Bold" if k == 0 else "Helvetica", 9)
            c.drawString(x, top - PITCH * k, text)
    c.setFont("Helvetica", 9)
    c.drawString(43, top - 90, "Thank you for your business. Payment is due within thirty days.")
    c.save()
    return path


def test_given_blocks_each_headed_by_a_label_then_each_reads_whole(tmp_path: Path) -> None:
    # Given three addresses side by side, each under a head of its own ending in a colon
    # ("BILL TO:", "SHIP TO:", "SERVICE ADDRESS:"), their lines meeting row by row
    page = convert(_headed(tmp_path / "invoice.pdf"))
    text = page.text or ""
    # When read, then each block reads whole, its head first, one after the other
    assert _in_order(text, HEADED[0] + HEADED[1] + HEADED[2]), text
    # And no table is made of them
    assert not any(b.kind == "table" for b in page.blocks), page.markdown
