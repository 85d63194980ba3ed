"""An invoice or a form set in bold or large type (worker/engines/layout/field_heads.py):
its values (dates, numbers, amounts, identifiers) and its labels, whatever their print,
are no headings; the same label repeated for each party is decided alike everywhere;
and a letterhead's headings take their levels by size."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4
BODY = [
    "Payment is due within fourteen days of the invoice date by bank transfer to the account",
    "of the seller shown above. Please quote the invoice number with every payment you make.",
]


def _headings(path: Path) -> list[str]:
    return [b.text for b in convert(path).blocks if b.kind in ("section_header", "title")]


def _notes(c: canvas.Canvas, y: float) -> None:
    # A real section: a bold title over running text, which it heads.
    c.setFont("Helvetica-Bold", 12)
    c.drawString(57, y, "Remarks")
    c.setFont("Helvetica", 9)
    for line in BODY:
        y -= 12
        c.drawString(57, y, line)


def test_given_values_set_larger_than_their_labels_then_neither_is_a_heading(tmp_path: Path) -> None:
    # given: an e-invoice's header, bold labels over their values in a larger bold print
    # (a number, a date, an amount), three fields side by side, then a section over text
    path = tmp_path / "fields.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(57, HEIGHT - 60, "Invoice")
    y = HEIGHT - 110
    for x, label, value in (
        (57, "Invoice number", "FV/2023/11/001"),
        (240, "Issue date", "2/11/2023"),
        (420, "Amount due", "1 234,56 PLN"),
    ):
        c.setFont("Helvetica-Bold", 10)
        c.drawString(x, y, label)
        c.setFont("Helvetica-Bold", 14)
        c.drawString(x, y - 18, value)
    _notes(c, y - 80)
    c.save()

    # when / then: the title and the section head; no label, no value does
    assert _headings(path) == ["Invoice", "Remarks"]


def test_given_a_bold_value_beside_its_plain_label_then_it_is_no_heading(tmp_path: Path) -> None:
    # given: "Invoice type" in plain print and, further along its row, its value in a
    # larger bold print; under them a bold label with its date beside it
    path = tmp_path / "beside.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    y = HEIGHT - 80
    for label, value in (("Invoice type", "Basic invoice"), ("Date of sale", "31.10.2023")):
        c.setFont("Helvetica", 9)
        c.drawString(57, y, label)
        c.setFont("Helvetica-Bold", 12)
        c.drawString(220, y, value)
        y -= 26
    _notes(c, y - 30)
    c.save()

    # when / then
    assert _headings(path) == ["Remarks"]


def test_given_a_label_repeated_for_each_party_then_no_occurrence_is_a_heading(tmp_path: Path) -> None:
    # given: the seller's and the buyer's "Tax ID", "Name" and "Address" in bold over
    # their values in a smaller plain print, the buyer's address two lines further down
    path = tmp_path / "parties.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    for x, party, gap in ((57, "Seller", 0), (310, "Buyer", 24)):
        y = HEIGHT - 80
        c.setFont("Helvetica-Bold", 13)
        c.drawString(x, y, party)
        y -= 24
        for label, values in (
            ("Tax ID", ["5252344078"]),
            ("Name", ["Northwind Trading Ltd."]),
            ("Address", ["12 Harbour Road", "Portsmouth PO1 2AB"]),
        ):
            c.setFont("Helvetica-Bold", 10)
            c.drawString(x, y, label)
            y -= 13 + (gap if label == "Address" else 0)
            c.setFont("Helvetica", 9)
            for v in values:
                c.drawString(x, y, v)
                y -= 12
            y -= 10
    _notes(c, HEIGHT - 320)
    c.save()

    # when
    headings = _headings(path)

    # then: the parties and the section head; every label, each "Address" too, is a field's
    assert headings == ["Seller", "Buyer", "Remarks"]


def test_given_a_letterhead_over_a_larger_title_then_levels_follow_the_print_size(tmp_path: Path) -> None:
    # given: an authority's name in bold 14, its name in a second language in bold 12,
    # its address, then the document's title in bold 16 and sections in bold 11
    path = tmp_path / "letterhead.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    y = HEIGHT - 60
    for size, text in ((14, "Northern Water Authority"), (12, "Autorite des Eaux du Nord")):
        c.setFont("Helvetica-Bold", size)
        c.drawCentredString(WIDTH / 2, y, text)
        y -= size + 6
    c.setFont("Helvetica", 9)
    c.drawCentredString(WIDTH / 2, y, "12 Harbour Road, Portsmouth PO1 2AB")
    c.setFont("Helvetica-Bold", 16)
    c.drawCentredString(WIDTH / 2, y - 60, "Tenancy Agreement")
    _notes(c, y - 100)
    c.save()

    # when
    blocks = [b for b in convert(path).blocks if b.kind == "section_header"]

    # then: the larger the print, the higher the level (1 the highest); one size, one level
    assert [(b.text, b.level) for b in blocks] == [
        ("Northern Water Authority", 2),
        ("Autorite des Eaux du Nord", 3),
        ("Tenancy Agreement", 1),
        ("Remarks", 3),
    ]


def test_given_dates_numbers_amounts_and_codes_then_they_are_values_and_titles_are_not() -> None:
    from worker.engines.layout.field_heads import value_line

    # given / when / then
    for text in (
        "2/11/2023",
        "31.10.2023",
        "FV/2023/11/001",
        "1 234,56 PLN",
        "PL5252344078",
        "2023-10-01 - 2023-10-31",
        "No. 198900000001",
        "Kč 12.100,-",
        "*TXN98765202411231432*",
    ):
        assert value_line(text), text
    for text in (
        "Part 3",
        "Results 2010-2024",
        "Q3 2023",
        "COVID-19",
        "Annex",
        "4.2 Methods",
        "No. 5 Street",
    ):
        assert not value_line(text), text
