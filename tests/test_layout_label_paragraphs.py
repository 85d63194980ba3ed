"""Two paragraphs of "Label: value" lines side by side (a payslip's employee details beside
its tax details, each a paragraph with line breaks) against a form's rows of labels.

A form's "Name: ...   Date: ..." rows read best row by row; two paragraphs set side by
side, their lines at a paragraph's leading, are read one after the other.

Each test reads: given such a page, when the pdf-text engine converts it, then the text
comes in the order it was written."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from tests.layout_pages import convert, words

LEFT = ["Member: Joan Whitaker", "Member no. 77120", "Branch: Kendal"]
RIGHT = ["Plan: Family plus", "Renewal: 1 April 2026", "Paid by: direct debit"]


def _paragraphs_pdf(path: Path) -> Path:
    styles = getSampleStyleSheet()
    grid = Table(
        [
            [
                Paragraph("<br/>".join(LEFT), styles["BodyText"]),
                Paragraph("<br/>".join(RIGHT), styles["BodyText"]),
            ]
        ],
        colWidths=[240, 240],
    )
    grid.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    doc.build([Paragraph("Membership statement", styles["Heading1"]), grid])
    return path


def test_given_two_paragraphs_of_labels_side_by_side_when_converted_then_each_is_read_whole(
    tmp_path: Path,
) -> None:
    # given: two paragraphs of three label lines each, side by side
    path = _paragraphs_pdf(tmp_path / "details.pdf")

    # when
    page = convert(path)

    # then: the left paragraph, then the right one
    text = words(" ".join(b.text for b in page.blocks))
    assert words(" ".join(LEFT + RIGHT)) in text


def _form_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    y = A4[1] - 80
    for left, right in [
        ("Name: Joan Whitaker", "Date: 3 March 2026"),
        ("Phone: 01539 720114", "Ref: KW-2231"),
    ]:
        c.drawString(57, y, left)
        c.drawString(320, y, right)
        y -= 22  # a form's rows, a blank line apart
    c.save()
    return path


def test_given_a_forms_rows_of_labels_when_converted_then_they_are_read_row_by_row(tmp_path: Path) -> None:
    # given: two rows of two labels each, a form's rows apart
    path = _form_pdf(tmp_path / "form.pdf")

    # when
    page = convert(path)

    # then
    text = words(" ".join(b.text for b in page.blocks))
    assert text == "Name: Joan Whitaker Date: 3 March 2026 Phone: 01539 720114 Ref: KW-2231"
