"""Label/value rows keyed by "Label:" on every row (label_values.keyed_rows): a
statement's service block at a line's leading, a rule drawn cell by cell between its
labels and its values. The text pairs each label with its value, so the rows are lines,
not a two-column table. Totals ("SUBTOTAL:   30000.00", "Subtotal   1,509.40") stay a
table, keyed or not, as most invoices' references have them; so does a grid ruled round
every cell (grids.py: forms' references keep those)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert, words

ITEMS = [("Mobile app", "2", "10000", "20000"), ("Web app", "1", "10000", "10000")]
KEYED = [("SUBTOTAL:", "30000.00"), ("GST:", "5400.00"), ("TOTAL:", "35400.00")]
UNKEYED = [("Subtotal", "30000.00"), ("GST 18%", "5400.00"), ("Total due", "35400.00")]
SERVICE = [
    ("Website:", "www.example-bank.com"),
    ("Service Center:", "58212 / 5045111 / 4111"),
    ("Hearing Impaired:", "0810-222-0000"),
    ("International Calls:", "0803-333-0540"),
]


def _quote(path: Path, totals: list[tuple[str, str]]) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(50, HEIGHT - 60, "Pricing")
    c.setFont("Helvetica-Bold", 10)
    for x, head in zip((50, 300, 400, 500), ("DESCRIPTION", "QUANTITY", "PRICE", "TOTAL"), strict=True):
        c.drawString(x, HEIGHT - 110, head)
    c.setFont("Helvetica", 10)
    for i, row in enumerate(ITEMS):
        for x, cell in zip((50, 300, 400, 500), row, strict=True):
            c.drawString(x, HEIGHT - 135 - 20 * i, cell)
    c.line(50, HEIGHT - 170, 560, HEIGHT - 170)
    for i, (label, value) in enumerate(totals):
        c.drawString(400, HEIGHT - 195 - 20 * i, label)
        c.drawString(500, HEIGHT - 195 - 20 * i, value)
    c.save()
    return path


def test_given_totals_keyed_by_colons_then_they_stay_a_table(tmp_path: Path) -> None:
    # given: an item table, and under its rule totals whose labels end with ":"
    pdf = _quote(tmp_path / "quote.pdf", KEYED)

    # when
    result = convert(pdf)

    # then: amounts keyed or not, the totals a two-column table of their own, as most
    # invoices' references have them (a few read them as lines: the minority)
    rows = [t.rows for t in result.blocks if t.kind == "table" and t.rows]
    assert [[label, value] for label, value in KEYED] in rows, rows


def test_given_totals_with_unkeyed_labels_then_they_stay_a_table(tmp_path: Path) -> None:
    # given: the same quote, its totals' labels without colons
    pdf = _quote(tmp_path / "quote.pdf", UNKEYED)

    # when
    result = convert(pdf)

    # then: the totals a two-column table of their own, as invoices' references have them
    rows = [t.rows for t in result.blocks if t.kind == "table" and t.rows]
    assert [[label, value] for label, value in UNKEYED] in rows, rows


def test_given_a_keyed_block_split_by_a_rule_then_it_reads_as_lines(tmp_path: Path) -> None:
    # given: on the right a service block under a head between two rules, one vertical
    # rule between its labels and values, the rows at a line's leading; a paragraph
    # across the page under it
    path = tmp_path / "statement.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(
        50, HEIGHT - 170, "Your monthly service fee was waived because you maintained an average balance"
    )
    c.drawString(50, HEIGHT - 183, "of $ 7,500 or more during the statement period.")
    c.line(320, HEIGHT - 50, 570, HEIGHT - 50)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(322, HEIGHT - 62, "CUSTOMER SERVICE INFORMATION")
    c.line(320, HEIGHT - 66, 570, HEIGHT - 66)
    top = HEIGHT - 67
    for i in range(len(SERVICE)):  # the rule drawn cell by cell, as a word processor does
        c.line(420, top - 14 * i, 420, top - 14 * (i + 1))
    c.setFont("Helvetica", 9)
    for i, (label, value) in enumerate(SERVICE):
        c.drawString(325, top - 12 - 14 * i, label)
        c.drawString(425, top - 12 - 14 * i, value)
    c.save()

    # when
    result = convert(path)

    # then: no table; each label with its value
    assert not [b for b in result.blocks if b.kind == "table"]
    text = words(result.text or "")
    for label, value in SERVICE:
        assert f"{label} {value}" in text, (label, text)
