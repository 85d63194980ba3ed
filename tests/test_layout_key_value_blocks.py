"""Key/value lists set side by side (worker/engines/layout/key_value_blocks.py).

An invoice heads its page with the client's details beside its dates and terms, each a
column of unlabelled keys ("Client", "Invoice date": no colon) and a column of values,
the client's address running on under its name. Set at one line pitch, the two lists
meet row by row: read as one table of four columns they interleave ("Client | Northwind
Trading Ltd | Invoice date | 29.05.2026"). Each is a list of its own, read row by row.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4
CLIENT = [
    ("Client", "Northwind Trading Ltd"),
    ("", "Main Street 1, 10115 Springfield"),
    ("", "Freedonia"),
    ("Reg. no", "10539310"),
    ("VAT no", "FD100554524"),
    ("Recipient", "Harbour Goods Ltd"),
    ("", "Harbour Road 7, 20220 Shelbyville"),
]
TERMS = [
    ("Invoice date", "29.05.2026"),
    ("Delivery date", "29.05.2026"),
    ("Order no", "MTA07820297"),
    ("Order date", "28.05.2026"),
    ("Customer ref", "TL00872446"),
    ("Reference no", "1006618"),
    ("Due date", "12.06.2026"),
]
PITCH = 9.2


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(28, HEIGHT - 56, "Acme Traders Ltd")
    c.drawString(404, HEIGHT - 56, "Credit note CN824191")
    top = HEIGHT - 76
    c.setFont("Helvetica", 8)
    for k, ((key, value), (term, date)) in enumerate(zip(CLIENT, TERMS, strict=True)):
        y = top - PITCH * k
        c.drawString(30, y, key)
        c.drawString(90, y, value)
        c.drawString(404, y, term)
        c.drawString(495, y, date)
    c.save()
    return path


def test_given_key_value_lists_side_by_side_then_each_reads_row_by_row(tmp_path: Path) -> None:
    # Given a client's key/value list, its address run on under its keys, beside a list
    # of dates and terms on the same line pitch
    page = convert(_draw(tmp_path / "credit-note.pdf"))
    text = page.text or ""
    # When read, then the client's list reads whole before the terms
    client = [v for pair in CLIENT for v in pair if v]
    terms = [v for pair in TERMS for v in pair]
    at = 0
    for part in client + terms:
        at = text.find(part, at)
        assert at >= 0, part
        at += len(part)
    # And no row holds a client's value beside a term
    rows = [row for b in page.blocks if b.kind == "table" and b.rows for row in b.rows]
    for row in rows:
        joined = " ".join(row)
        assert not (any(v in joined for v in client) and any(t in joined for t, _ in TERMS)), row
