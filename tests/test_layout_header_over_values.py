"""A row of column headers right over one row of figures and dates (a booking's summary:
"Start Date  End Date  Shows  Gross Amount  Net Amount" over its values) is read a row at a
time, as the one-row table it is, not column by column (worker/engines/layout/columns.py
read_as_columns); field labels with their colons over values still read label, value."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert, words

HEADERS = ["Start Date", "End Date", "Shows", "Gross Amount", "Net Amount"]
VALUES = ["12/20/24", "12/31/24", "48", "$12,500.00", "$11,250.00"]
LABELS = ["Invoice No:", "Issue Date:", "Due Date:", "Amount Due:"]
FIELDS = ["INV-0042", "03/04/2023", "04/04/2023", "$1,250.00"]


def _page(path: Path, heads: list[str], values: list[str]) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(50, HEIGHT - 80, "Booking Summary")
    c.setFont("Helvetica", 8)
    for k, (head, value) in enumerate(zip(heads, values, strict=True)):
        x = 50 + 105 * k
        c.drawString(x, HEIGHT - 97, head)
        c.drawString(x, HEIGHT - 109, value)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(50, HEIGHT - 127, "Totals")
    c.save()
    return path


def test_given_a_row_of_headers_over_one_row_of_figures_then_it_is_read_row_by_row(tmp_path: Path) -> None:
    # given: five headers, each over its figure or date, a line's leading apart
    pdf = _page(tmp_path / "summary.pdf", HEADERS, VALUES)

    # when
    text = words(convert(pdf).text or "")

    # then: the headers' row, then the values' row
    assert " ".join(HEADERS) in text, text
    assert " ".join(VALUES) in text, text


def test_given_field_labels_with_colons_over_their_values_then_each_label_is_read_with_its_value(
    tmp_path: Path,
) -> None:
    # given: "Label:" cells over their values
    pdf = _page(tmp_path / "fields.pdf", LABELS, FIELDS)

    # when
    text = words(convert(pdf).text or "")

    # then: label, value, label, value... as before
    for label, value in zip(LABELS, FIELDS, strict=True):
        assert f"{label} {value}" in text, text
