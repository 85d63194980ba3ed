"""Boxes of blocks drawn edge to edge (worker/engines/layout/panel_grids.py): an invoice's
head drawn as coloured boxes, the title box at the top right, the supplier's and the
customer's addresses side by side under it (a thin rule between them), then a payment
box beside a box of dates, each a list of its own "Label   value" rows. The boxes'
outlines meet and join into one drawn grid; its cells are blocks, read one by one.

Each test reads: given a page drawn so (with reportlab, the boxes as fills), when the
pdf-text engine converts it, then ..."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from common.documents.results import PageResult
from tests.layout_pages import convert, fill_box, words

_W, _H = A4
TITLE = ["Invoice 2023-0142", "Tax document"]
SUPPLIER = ["SUPPLIER", "Other Company Ltd.", "Testing Street 321", "123 45 Testville", "Czech Republic"]
CUSTOMER = ["CUSTOMER", "Orchard Trading Ltd.", "Market Square 12/4", "110 00 Prague", "United Kingdom"]
IDS = [("Reg. no", "99899989", "28897501"), ("VAT no", "CZ1234567890", "GB28897501")]
PAYMENT = [
    ("Bank account", "45-1234567890/6210"),
    ("IBAN", "CZ6508000000192000145399"),
    ("Bank name", "Test Bank a.s."),
    ("SWIFT/BIC", "TESTCZPPXXX"),
    ("Variable symbol", "233"),
    ("Payment method", "Transfer"),
]
DATES = [("Date of issue", "10. 02. 2023"), ("Due date", "24. 02. 2023"), ("Taxable supply", "10. 02. 2023")]
AFTER = "We invoice you for the following services"


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)

    fill_box(c, _H, 297.5, 28.3, 583.5, 89.2, 0.6)
    c.setFont("Helvetica-Bold", 15.8)
    c.drawString(311.8, _H - 56, TITLE[0])
    c.setFont("Helvetica", 8.6)
    c.drawString(311.8, _H - 71, TITLE[1])
    c.setLineWidth(0.5)
    c.setStrokeGray(0.9)
    c.line(297.5, _H - 89.2, 297.5, _H - 225.4)  # the rule between the addresses
    for k, (a, b) in enumerate(zip(SUPPLIER, CUSTOMER, strict=True)):
        y = _H - 112 - 13.5 * k - (6 if k else 0)
        c.setFont("Helvetica-Bold" if k == 1 else "Helvetica", 9.3 if k else 7.9)
        c.drawString(26.5, y, a)
        c.drawString(312.5, y, b)
    c.setFont("Helvetica", 9.3)
    for k, (label, ours, theirs) in enumerate(IDS):
        y = _H - 199 - 13.5 * k
        c.drawString(26.5, y, label)
        c.drawString(120.4, y, ours)
        c.drawString(312.5, y, label)
        c.drawString(401.4, y, theirs)
    fill_box(c, _H, 12.2, 225.4, 297.5, 325.8, 0.7)
    fill_box(c, _H, 297.5, 225.4, 583.5, 325.8, 0.9)
    for k, (label, value) in enumerate(PAYMENT):
        c.drawString(26.5, _H - 245 - 13.6 * k, label)
        c.drawRightString(283, _H - 245 - 13.6 * k, value)
    for k, (label, value) in enumerate(DATES):
        c.drawString(312.5, _H - 245 - 13.6 * k, label)
        c.drawRightString(570, _H - 245 - 13.6 * k, value)
    c.setFont("Helvetica-Oblique", 9.3)
    c.drawString(26.5, _H - 364, AFTER)
    c.save()
    return path


@pytest.fixture
def page(tmp_path: Path) -> PageResult:
    return convert(_draw(tmp_path / "boxed-head.pdf"))


def test_given_boxes_of_blocks_edge_to_edge_then_no_table_is_made_of_them(page: PageResult) -> None:
    assert [b for b in page.blocks if b.kind == "table"] == []


def test_given_boxes_of_blocks_edge_to_edge_then_each_box_is_read_whole_in_turn(page: PageResult) -> None:
    supplier = [*SUPPLIER, *(f"{label} {ours}" for label, ours, _ in IDS)]
    customer = [*CUSTOMER, *(f"{label} {theirs}" for label, _, theirs in IDS)]
    boxes = [
        TITLE,
        supplier,
        customer,
        [f"{label} {value}" for label, value in PAYMENT],
        [f"{label} {value}" for label, value in DATES],
        [AFTER],
    ]

    assert words(page.text or "") == words(" ".join(line for box in boxes for line in box))


SHIP = ["SHIP TO", "Ann Baker", "12 Mill Road", "Leeds", "LS1 4AB"]
PET = ["PET INFO", "Rex - Collie"]
KEYED = ["Order No: 5521", "Date: 03/02/2022"]


def _receipt(path: Path) -> Path:
    # A receipt's head: a ruled band of "Label: value" cells over two ruled boxes side by
    # side, each a caption over its lines, the right one shorter.
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.5)
    for y in (154.5, 175.5, 264.4):
        c.line(72, _H - y, 476, _H - y)
    for x in (72, 228, 476):
        c.line(x, _H - 154.5, x, _H - 264.4)
    c.setFont("Helvetica", 12)
    c.drawString(78, _H - 166, KEYED[0])
    c.drawString(380, _H - 166, KEYED[1])
    for k, line in enumerate(SHIP):
        c.drawString(78, _H - 202 - 14.7 * k, line)
    c.drawString(233, _H - 202, PET[0])
    c.drawString(233, _H - 202 - 14.7 * 2, PET[1])
    c.save()
    return path


def test_given_a_band_of_keyed_cells_over_boxes_of_blocks_then_each_box_is_read_whole(tmp_path: Path) -> None:
    page = convert(_receipt(tmp_path / "receipt.pdf"))

    assert [b for b in page.blocks if b.kind == "table"] == []
    assert words(page.text or "") == words(" ".join([*KEYED, *SHIP, *PET]))


SELLER = [
    "Harbour Supplies",
    "Quay Lane 4",
    "PHONE : 0161 555 0199",
    "EMAIL: sales@harbour.example",
    "VAT GB2211",
]
BANK = ["Deals in : Marine parts", "Bank Details:", "A/c No.: 40-11-22, IFSC: HBX01"]
BUYER = ["TO : Mill Street Dairy", "62 Mill Street", "STATE CODE : 21"]
INVOICE = ["TAX INVOICE", "Inv No : 17", "Inv Date : 29/03/2022", "Ch No & Dt : 29/03/2022", "L.R No"]


def _boxed_head(path: Path) -> Path:
    # An invoice's head as a 2 x 2 grid of ruled boxes (the seller over the buyer, the
    # bank details over the invoice's data), each box's lines set at its own spacing, the
    # seller's name larger; the bottom boxes' first, second and last lines level.
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.8)
    for y in (84, 169, 254):
        c.line(28, _H - y, 567, _H - y)
    for x in (28, 283.5, 567):
        c.line(x, _H - 84, x, _H - 254)
    for k, (line, y) in enumerate(zip(SELLER, (100, 115, 127, 147, 164), strict=True)):
        c.setFont("Times-Bold", 15 if k == 0 else 10)
        c.drawString(34, _H - y, line)
    for line, y in zip(BANK, (98, 112, 158), strict=True):
        c.drawString(297.6, _H - y, line)
    for line, y in zip(BUYER, (183, 197, 243), strict=True):
        c.drawString(36.8, _H - y, line)
    for line, y in zip(INVOICE, (183, 197, 217, 231, 243), strict=True):
        c.drawString(297.6, _H - y, line)
    c.setFont("Times-Roman", 10)
    c.drawString(36.8, _H - 320, AFTER)
    c.save()
    return path


def test_given_boxes_of_lines_each_at_its_own_spacing_then_no_table_is_made_of_them(tmp_path: Path) -> None:
    page = convert(_boxed_head(tmp_path / "boxed-lines.pdf"))

    assert [b for b in page.blocks if b.kind == "table"] == []


def test_given_boxes_of_lines_each_at_its_own_spacing_then_each_box_is_read_whole_in_turn(
    tmp_path: Path,
) -> None:
    page = convert(_boxed_head(tmp_path / "boxed-lines.pdf"))

    assert words(page.text or "") == words(" ".join([*SELLER, *BANK, *BUYER, *INVOICE, AFTER]))


def _banded_table(path: Path) -> Path:
    # A table ruled every few rows, its header in the first band: in each band the amounts'
    # column holds fewer lines than the dates' (a blank cell), each level with a date.
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setLineWidth(0.8)
    for y in (84, 150, 216):
        c.line(28, _H - y, 400, _H - y)
    for x in (28, 200, 400):
        c.line(x, _H - 84, x, _H - 216)
    c.setFont("Helvetica", 10)
    bands = [
        (["Date", "01/02/2022", "02/02/2022", "03/02/2022"], ["Amount", "120.00", "", "75.50"]),
        (["04/02/2022", "05/02/2022", "06/02/2022"], ["", "12.00", "13.00"]),
    ]
    for k, (dates, amounts) in enumerate(bands):
        for j, (date, amount) in enumerate(zip(dates, amounts, strict=True)):
            c.drawString(34, _H - 98 - 66 * k - 14 * j, date)
            c.drawString(340, _H - 98 - 66 * k - 14 * j, amount)
    c.save()
    return path


def test_given_a_table_ruled_every_few_rows_then_it_stays_a_table(tmp_path: Path) -> None:
    page = convert(_banded_table(tmp_path / "banded.pdf"))

    assert len([b for b in page.blocks if b.kind == "table"]) == 1
    assert words(page.text or "").startswith("Date Amount 01/02/2022 120.00 02/02/2022 03/02/2022 75.50")
