"""A tight unruled table's header row read as one line (worker/engines/layout/
header_rows.py flush_heads): a receipt set in HTML (WeasyPrint) pads its cells by a
word space, so "Description Quantity Price" is one bold line, each word over the start
of its column, and the cut between the columns falls in a word space. It is the table's
header row, each word a cell, not a heading over the table."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

HEAD = ["Description", "Quantity", "Price"]
ROWS = [["Product 1", "2", "$10.00"], ["Product 2", "1", "$20.00"], ["Product 3", "4", "$5.00"]]


def _receipt(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(62, HEIGHT - 250, "Items")
    # the columns start where the header's words do: one word space after the last
    x = [64.5]
    for word in HEAD[:-1]:
        x.append(x[-1] + stringWidth(word + " ", "Helvetica-Bold", 12))
    c.setFont("Helvetica-Bold", 12)
    c.drawString(x[0], HEIGHT - 290, " ".join(HEAD))
    c.setFont("Helvetica", 12)
    for k, row in enumerate(ROWS):
        for col, text in enumerate(row):
            c.drawString(x[col], HEIGHT - 306.3 - 16.3 * k, text)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(62, HEIGHT - 380, "Total")
    c.save()
    return path


def test_given_a_bold_line_whose_words_start_the_columns_under_it_then_it_is_the_header_row(
    tmp_path: Path,
) -> None:
    # given: "Description Quantity Price" in bold, one word space apart, each word at the
    # start of a column of the rows under it
    pdf = _receipt(tmp_path / "receipt.pdf")

    # when
    result = convert(pdf)

    # then: the header is the table's first row, a word a cell, and no heading
    [table] = [b.rows for b in result.blocks if b.kind == "table"]
    assert [list(r) for r in table] == [HEAD, *ROWS]
    assert "### Description" not in (result.markdown or "")
