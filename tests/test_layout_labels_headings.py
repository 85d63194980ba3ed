"""Bold print on business documents that heads nothing (worker/engines/layout/not_headings.py):
a form's bold labels with their values under or beside them, a label and its value on
one bold line, and a court's header of bold lines stacked at the line pitch. A real
section title, which stands apart and heads running text, stays a heading."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, WIDTH, convert
from worker.engines.layout.model import PageStats, Proto, Row
from worker.engines.layout.not_headings import unhead_fields

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


def test_given_a_forms_answers_typed_large_under_their_questions_then_they_are_no_headings(
    tmp_path: Path,
) -> None:
    # given: a report form, its bold questions ending in a colon, the answers typed in a
    # larger print under them, and a field with its date on one line
    path = tmp_path / "answers.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = _body(c, HEIGHT - 72) - 10
    for question, answer in (
        ("Description of the placement and basis for the decision to place the child there:", "N/A"),
        ("Summary of services provided to the family in the last five years:", "None"),
    ):
        y -= 24
        c.setFont("Helvetica-Bold", 10)
        c.drawString(72, y, question)
        c.setFont("Helvetica", 12)
        y -= 14
        c.drawString(72, y, answer)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, y - 30, "Due Date: Jun 3, 2013")
    y = _body(c, y - 45) - 20
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, y, "Annual statement")
    _body(c, y - 18)
    c.save()

    # when / then: only the title over running text heads it
    assert _headings(path) == ["Annual statement"]


def test_given_a_bold_currency_sign_alone_then_it_is_no_heading(tmp_path: Path) -> None:
    # given: a statement's currency sign set apart in bold over its column
    path = tmp_path / "sign.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(72, HEIGHT - 72, "$")
    _body(c, HEIGHT - 100)
    c.save()

    # when / then
    assert _headings(path) == []


def test_given_an_answer_typed_large_after_its_label_on_its_row_then_it_is_no_heading() -> None:
    # given: "Agency:" in bold and, further along its row, its answer in a larger print,
    # each a block of its own (the form's fields stand apart across the page)
    def row(text: str, x0: float, x1: float, size: float, bold: bool) -> Row:
        return Row(text, x0, 100.0, x1, 100.0 + size, size, bold, None)

    label = Proto(kind="paragraph", rows=[row("Agency:", 285.0, 321.0, 9.0, True)], size=9.0)
    answer = Proto(
        kind="paragraph",
        rows=[row("Bureau of Milwaukee Child Welfare", 335.0, 496.0, 11.0, False)],
        size=11.0,
        heading=True,
    )

    # when
    unhead_fields([label, answer], PageStats(body=9.0, body_bold=False))

    # then
    assert not answer.heading
