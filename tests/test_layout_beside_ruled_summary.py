"""Unruled label/value lines beside a ruled table at its left (worker/engines/layout/
page.py _place): an invoice's VAT summary, ruled, and its "Paid / Due / Total" lines
beside it, the first of them a point or two above the table's top rule, are read table
first, as a block at the left is.

The test reads: given a page drawn so (with reportlab), when the pdf-text engine
converts it, then the summary table comes before the lines beside it."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words

SUMMARY = [
    ["Stawka VAT", "Netto", "Kwota VAT", "Brutto"],
    ["23%", "22 222,00", "5 111,06", "27 333,06"],
    ["Razem", "22 222,00", "5 111,06", "27 333,06"],
]
BESIDE = [("Zaplacono", "0,00 zl"), ("Do zaplaty", "27 333,06 zl"), ("Suma", "27 333,06 zl")]


def _ruled(c: canvas.Canvas, xs: list[float], top: float, rows: list[list[str]]) -> None:
    for r, row in enumerate(rows):
        for i, text in enumerate(row):
            c.drawString(xs[i] + 3, top - 16 * r - 11, text)
    for r in range(len(rows) + 1):
        c.line(xs[0], top - 16 * r, xs[-1], top - 16 * r)
    for x in xs:
        c.line(x, top, x, top - 16 * len(rows))


def _invoice(path: Path) -> Path:
    # The items, ruled across the page; under them the VAT summary, ruled, at the left,
    # and at the right three label/amount lines, unruled, the first baseline 5 pt under
    # the summary's top rule (its capitals reach above it).
    _, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9)
    items = [
        ["Lp.", "Nazwa", "Ilosc", "Cena netto", "Wartosc"],
        ["1", "Usluga programistyczna", "1", "22 222,00", "22 222,00"],
        ["2", "Hosting", "1", "0,00", "0,00"],
    ]
    _ruled(c, [40, 70, 300, 360, 440, 555], height - 100, items)
    top = height - 180
    _ruled(c, [40, 100, 170, 230, 300], top, SUMMARY)
    for k, (label, amount) in enumerate(BESIDE):
        c.drawString(340, top - 5 - 16 * k, label)
        c.drawRightString(555, top - 5 - 16 * k, amount)
    c.drawString(40, height - 300, "Uwagi: dziekujemy za terminowa platnosc.")
    c.save()
    return path


def test_given_label_lines_beside_a_ruled_summary_when_converted_then_the_summary_reads_first(
    tmp_path: Path,
) -> None:
    page = convert(_invoice(tmp_path / "faktura.pdf"))
    text = words(page.text or "")

    assert text.index("Stawka VAT") < text.index("Zaplacono") < text.index("Uwagi")
    assert text.index("Hosting") < text.index("Stawka VAT")
