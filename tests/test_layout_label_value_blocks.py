"""Label/value blocks without rules (worker/engines/layout/label_values.py): each label is
read with its value on its line ("Label value"), not every label first and then every
value.

Each test reads: given a page drawn so (with reportlab), when the pdf-text engine converts
it, then each label comes right before its value in the page's text."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, letter
from reportlab.pdfgen import canvas

from common.documents.results import Word
from tests.layout_pages import convert, words
from worker.engines.layout import LayoutLine, layout_lines


def _in_pairs(text: str, pairs: list[tuple[str, str]]) -> None:
    flat = words(text)
    for label, value in pairs:
        assert f"{label} {value}" in flat, (label, value, flat)


ACCOUNT = [
    ("Member Id", ": 20443981"),
    ("Account No", ": 7712004456310"),
    ("Account Type", ": SAVINGS ACCOUNT"),
    ("Currency", ": EUR"),
    ("Issued On", ": March 3, 2021"),
]


def _line(text: str, x0: float, top: float, x1: float, bottom: float, size: float, bold: bool) -> LayoutLine:
    """A text layer's line, its words spread over its width by their characters."""
    unit = (x1 - x0) / len(text)
    words: list[Word] = []
    at = 0
    for w in text.split(" "):
        words.append(Word(text=w, bbox=(x0 + unit * at, top, x0 + unit * (at + len(w)), bottom)))
        at += len(w) + 1
    return LayoutLine(text, (x0, top, x1, bottom), size, bold, None, words)


def _statement() -> list[LayoutLine]:
    # A statement's head as its text layer gives it: the holder's reference at the left,
    # wrapped onto a second line, beside the account's "Label : value" rows, their colons
    # set in a column of their own at the values' leading (a bold label, a value a little
    # larger); the longest label runs on into its value, one line of the two.
    lines = [
        _line("NORTHBANK", 41.0, 47.6, 107.2, 66.1, 22.0, True),
        _line("Maria Jensen", 40.8, 93.9, 103.8, 102.7, 10.5, True),
        _line("18 Harbour Lane,", 41.0, 121.4, 120.1, 130.4, 11.0, False),
        _line("Aarhus, DK 8000", 41.0, 134.9, 159.6, 143.9, 11.0, False),
        _line("Ref: STM 4410-88213-", 41.0, 186.2, 166.9, 195.2, 10.5, True),
        _line("552100", 41.0, 198.0, 78.6, 207.0, 10.5, True),
    ]
    tops = [186.0, 197.6, 208.5, 220.3, 231.6]
    for (label, value), top in zip(ACCOUNT, tops, strict=True):
        if label == "Account Type":
            lines.append(_line(f"{label} {value}", 358.7, top, 537.0, top + 8.6, 9.77, False))
            continue
        lines.append(_line(label, 358.9, top, 358.9 + 5.2 * len(label), top + 8.0, 9.5, True))
        lines.append(_line(value, 435.4, top - 0.4, 435.4 + 6.0 * len(value), top + 8.4, 9.95, False))
    lines.append(
        _line(
            "STATEMENT OF ACCOUNT FOR THE PERIOD OF 1-Feb-2021 TO 28-Feb-2021",
            41.0,
            262.0,
            444.2,
            271.0,
            10.5,
            True,
        )
    )
    return lines


def test_given_label_rows_with_aligned_colons_beside_a_block_then_each_label_reads_with_its_value() -> None:
    width, height = letter
    text = words(" ".join(b.text for b in layout_lines(_statement(), width, height)))

    _in_pairs(text, ACCOUNT)
    assert text.index("Ref: STM") < text.index("Member Id")


def _invoice_head(path: Path) -> Path:
    # An invoice's dates under its number, label and value apart at one line pitch, no
    # colon, then the seller's and the buyer's addresses side by side.
    _, height = letter
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(30, height - 48, "Invoice")
    c.setFont("Helvetica-Bold", 9)
    c.drawString(30, height - 78, "Invoice number 7C41A0D2-0007")
    c.setFont("Helvetica", 9)
    c.drawString(30, height - 91.5, "Date of issue")
    c.drawString(103.5, height - 91.5, "June 9, 2023")
    c.drawString(30, height - 105, "Date due")
    c.drawString(103.5, height - 105, "July 9, 2023")
    seller = ["Lumen Tools, Inc.", "77 Pine Avenue", "Suite 400", "Portland, Oregon 97205", "United States"]
    buyer = ["Bill to", "Kestrel Studio GmbH", "Hafenweg 3", "20457 Hamburg", "Germany"]
    for k, (a, b) in enumerate(zip(seller, buyer, strict=True)):
        c.setFont("Helvetica-Bold" if k == 0 else "Helvetica", 9)
        c.drawString(30, height - 133.5 - 13.5 * k, a)
        c.drawString(250.8, height - 133.5 - 13.5 * k, b)
    c.save()
    return path


def test_given_unkeyed_date_rows_when_converted_then_each_label_reads_with_its_date(tmp_path: Path) -> None:
    page = convert(_invoice_head(tmp_path / "invoice-head.pdf"))

    _in_pairs(page.text or "", [("Date of issue", "June 9, 2023"), ("Date due", "July 9, 2023")])


def _totals(path: Path) -> Path:
    # An item table's totals under its right columns, unruled but for a rule over the
    # grand total: each label beside its amount, the amounts set larger on the labels'
    # baselines, the tax's label naming its rate.
    _, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Oblique", 9.3)
    c.drawString(26.5, height - 365, "We invoice you for the following services")
    c.setFont("Helvetica", 9.3)
    c.drawString(26.5, height - 430, "Consulting, March 2022")
    c.drawRightString(454, height - 430, "21 %")
    c.drawRightString(563, height - 430, "2 400,00 EUR")
    c.rect(26.5, height - 440, 541, 0.7, stroke=0, fill=1)
    labels = [("Total without VAT", "2 400,00 EUR"), ("VAT 21 %", "504,00 EUR")]
    for k, (label, amount) in enumerate(labels):
        y = height - 480 - 18 * k
        c.setFont("Helvetica", 9.3)
        c.drawString(297.5, y, label)
        c.setFont("Helvetica", 11.5)
        c.drawRightString(568, y, amount)
    c.rect(297.5, height - 506, 270, 1.2, stroke=0, fill=1)
    c.setFont("Helvetica-Bold", 15.8)
    c.drawRightString(567, height - 524, "2 904,00 EUR")
    c.save()
    return path


def test_given_a_totals_block_with_larger_amounts_when_converted_then_each_label_reads_with_its_amount(
    tmp_path: Path,
) -> None:
    page = convert(_totals(tmp_path / "totals.pdf"))

    _in_pairs(page.text or "", [("Total without VAT", "2 400,00 EUR"), ("VAT 21 %", "504,00 EUR")])
