"""Bold print on business documents that heads nothing (worker/engines/layout/not_headings.py):
a form's bold labels with their values under or beside them, a label and its value on
one bold line, and a court's header of bold lines stacked at the line pitch. A real
section title, which stands apart and heads running text, stays a heading."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, WIDTH, convert

BODY = [
    "Payment is due within fourteen days of the invoice date by bank transfer to the account",
    "shown below. Please quote the invoice number with every payment you make to us.",
]


def _headings(path: Path) -> list[str]:
    return [b.text for b in convert(path).blocks if b.kind in ("section_header", "title")]


def _body(c: canvas.Canvas, y: float) -> float:
    c.setFont("Helvetica", 10)
    for line in BODY:
        c.drawString(72, y, line)
        y -= 13
    return y


def test_given_bold_labels_over_their_values_when_converted_then_they_are_no_headings(tmp_path: Path) -> None:
    # given: an invoice's "From" and "Bill to" in bold over their addresses, side by side,
    # and its terms under a bold title over running text
    path = tmp_path / "labels.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, HEIGHT - 72, "Tax invoice")
    for x, label, address in (
        (72, "From", ["Brightwater IT Services Ltd", "9 Canal Wharf", "Leeds LS11 5PZ"]),
        (320, "Bill to", ["Hollins and Pryce Solicitors", "27 Park Row", "Leeds LS1 5JL"]),
    ):
        y = HEIGHT - 110
        c.setFont("Helvetica-Bold", 10)
        c.drawString(x, y, label)
        c.setFont("Helvetica", 10)
        for line in address:
            y -= 14
            c.drawString(x, y, line)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(72, HEIGHT - 200, "Terms of payment")
    _body(c, HEIGHT - 214)
    c.save()

    # when
    headings = _headings(path)

    # then: the labels are lines of the form; the title over running text heads it
    assert headings == ["Tax invoice", "Terms of payment"]


def test_given_labels_stacked_in_a_column_when_converted_then_they_are_no_headings(tmp_path: Path) -> None:
    # given: a declarations page's right column, bold labels each over its value
    path = tmp_path / "column.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 100
    for label, values in (
        ("Insurance Company", ["Northwind Mutual"]),
        ("Policy Address", ["12 Orchard Lane", "Springfield"]),
    ):
        c.setFont("Helvetica-Bold", 10)
        c.drawString(350, y, label)
        c.setFont("Helvetica", 10)
        for v in values:
            y -= 13
            c.drawString(350, y, v)
        y -= 25
    c.save()

    # when / then
    assert _headings(path) == []


def test_given_a_bold_label_and_its_value_on_one_line_then_it_is_no_heading(tmp_path: Path) -> None:
    # given: a payslip's "Net pay" with its amount, a letter's reference with its number,
    # and a bold title ending in a year range over running text
    path = tmp_path / "inline.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    for text in ("Net pay 2,746.35", "Tenancy reference GH/7731/02", "Results 2010-2024"):
        c.setFont("Helvetica-Bold", 10)
        c.drawString(72, y, text)
        y = _body(c, y - 15) - 20
    c.save()

    # when / then: only the title heads its text
    assert _headings(path) == ["Results 2010-2024"]


def test_given_a_courts_header_of_stacked_bold_lines_then_none_is_a_heading(tmp_path: Path) -> None:
    # given: a judgment's header, bold lines at the line pitch, centred or set right, then
    # the judgment's text, and a section title standing apart over running text
    path = tmp_path / "court.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 60
    c.setFont("Helvetica-Bold", 10)
    for text, where in (
        ("THE SUPREME COURT", "centre"),
        ("326 & 327/00", "right"),
        ("JAMIE SINNOTT", "centre"),
        ("Plaintiff/Respondent", "right"),
        ("and", "centre"),
        ("THE MINISTER FOR EDUCATION", "centre"),
        ("Defendants/Appellants", "right"),
    ):
        if where == "centre":
            c.drawCentredString(WIDTH / 2, y, text)
        else:
            c.drawRightString(WIDTH - 72, y, text)
        y -= 12
    y = _body(c, y - 4) - 20
    c.setFont("Helvetica-Bold", 10)
    c.drawString(72, y, "Specific issues not arising")
    _body(c, y - 15)
    c.save()

    # when / then
    assert _headings(path) == ["Specific issues not arising"]


def test_given_bold_labels_with_values_beside_them_then_they_are_no_headings(tmp_path: Path) -> None:
    # given: a payment advice's bold labels, each with its value further along its row
    path = tmp_path / "beside.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 100
    for label, value in (("Customer", "Bayside Wholesale"), ("Invoice Number", "INV-0046")):
        c.setFont("Helvetica-Bold", 10)
        c.drawString(340, y, label)
        c.setFont("Helvetica", 10)
        c.drawString(440, y, value)
        y -= 14
    _body(c, y - 40)
    c.save()

    # when / then
    assert _headings(path) == []
