"""Boxes set side by side above a table (a web invoice's flex header: the sender's
letterhead on the left, the invoice's number block on the right, "Bill to" under them),
then the line items with their columns of figures.

Each test reads: given a page drawn so (with reportlab, the rows ruled in pieces per cell
as Chromium draws a border-bottom), when the pdf-text engine converts it, then the boxes
are read one after the other and the table keeps its own columns."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from common.documents.results import PageResult
from tests.layout_pages import convert, words

_W, _H = A4
SENDER = ["Brightwave Digital Ltd", "Unit 4, Canal Works", "Leeds LS10 1AB", "VAT GB 412 7731 09"]
NUMBER = ["INVOICE", "Invoice no. BW-2025-0318", "Date: 31 March 2025", "Due: 30 April 2025"]
BILL_TO = ["Bill to", "Hollins and Marsh Architects", "22 Wellington Place", "Manchester M1 4EU"]
ITEMS = [
    ["Description", "Qty", "Unit price", "Amount"],
    ["Cloud hosting, standard plan (March)", "1", "240.00", "240.00"],
    ["Additional storage, 500 GB", "3", "18.50", "55.50"],
    ["Support hours, priority queue", "6", "95.00", "570.00"],
    ["Domain renewal, two years", "1", "34.90", "34.90"],
    ["SSL certificate, wildcard", "1", "129.00", "129.00"],
]
_EDGES = (57.0, 307.5, 356.25, 442.5, 539.25)  # the cells' borders, as the CSS table sets them


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9.5)
    y = _H - 72
    for left, right in zip(SENDER, NUMBER, strict=True):
        c.drawString(57, y, left)
        c.drawString(427, y, right)
        y -= 12.5
    y -= 12
    for line in BILL_TO:
        c.drawString(57, y, line)
        y -= 12.5
    y -= 8
    for row in ITEMS:
        c.drawString(61.5, y, row[0])
        for x, cell in zip((351.5, 438.3, 534.7), row[1:], strict=True):
            c.drawRightString(x, y, cell)
        # Each cell's bottom border a path of its own.
        for x0, x1 in itertools.pairwise(_EDGES):
            c.rect(x0, y - 5, x1 - x0, 0.75, stroke=0, fill=1)
        y -= 17.5
    c.save()
    return path


@pytest.fixture
def page(tmp_path: Path) -> PageResult:
    return convert(_draw(tmp_path / "flex-invoice.pdf"))


def test_given_boxes_above_a_table_when_converted_then_the_table_keeps_its_four_columns(
    page: PageResult,
) -> None:
    [table] = [b for b in page.blocks if b.kind == "table"]

    assert table.rows == ITEMS


def test_given_boxes_side_by_side_when_converted_then_each_box_is_read_whole_before_the_next(
    page: PageResult,
) -> None:
    text = words(" ".join(b.text for b in page.blocks if b.kind != "table"))

    assert text == words(" ".join(SENDER + NUMBER + BILL_TO))
