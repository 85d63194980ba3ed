"""An invoice's page number among the file's pages ("1 / 1") set right over its footer
block, just above the bottom margin, is the page's (worker/engines/layout/page_marks.py's
over_foot): the footer block fills the margin and the number stands on top of it."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4
BODY = [
    "Thank you for your order. The amount will be collected from your account by direct",
    "debit on the due date stated above, under the mandate you have given us.",
]
FOOTER = [
    "Example Hosting GmbH",
    "Industriestr. 25 | 91710 Gunzenhausen",
    "Registergericht Ansbach, HRB 6089",
]


def test_given_a_page_number_over_the_footer_block_then_it_is_the_pages(tmp_path: Path) -> None:
    # given: an invoice's body, "1 / 1" at the right just above the margin, and a footer
    # block of three small rows in the margin under it
    path = tmp_path / "invoice.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9)
    y = HEIGHT - 200
    for line in BODY:
        c.drawString(57, y, line)
        y -= 11
    c.setFont("Helvetica", 6)
    c.drawString(555, 0.105 * HEIGHT, "1 / 1")
    y = 0.082 * HEIGHT
    for line in FOOTER:
        c.drawString(57, y, line)
        y -= 7.2
    c.save()

    # when
    result = convert(path)

    # then: the number is furniture, the footer block stays text, last
    assert [b.text for b in result.blocks if b.kind == "page_footer"] == ["1 / 1"]
    text = result.text or ""
    assert "1 / 1" not in text
    assert text.startswith("Thank you for your order.") and "Registergericht Ansbach" in text
