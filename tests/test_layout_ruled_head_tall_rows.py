"""A table whose header row of wrapped heads sits between double rules over a body with
no rules at all: each entry a row whose first cells are one line and whose last cell is
a list of codes, the entries parted by a blank gap, as a spreadsheet prints a record
layout. The rules close the header, not the table: a reader reads the entries under it
as its rows, each code list in its cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = letter
FONT = 8.0
LEAD = 10.0
# The blank between the header's lower rule and the first record: a line's, or wider
# (which alone cut the header off as a section of its own).
GAPS_UNDER_HEAD = [8.0, 20.0]
XS = [40.0, 100.0, 150.0, 270.0, 320.0, 390.0]
HEAD = [
    ["Character", "Position"],
    ["Item", "Number"],
    ["Item Name"],
    ["Source", "Code"],
    ["Variable", "Name"],
    ["Code and Description"],
]
ENTRIES = [
    (
        ["51"],
        ["67"],
        ["Condo/Coop Status"],
        ["530"],
        [],
        ["1=No", "2=Yes, a condominium", "3=Yes, a cooperative"],
    ),
    (
        ["52"],
        ["68"],
        ["Type of Heating", "Equipment"],
        ["531"],
        ["HEATEQ"],
        [
            "1=Warm-air furnace",
            "2=Steam or hot water",
            "3=Heat pump",
            "4=Built-in electric units",
            "5=Floor, wall or pipeless furnace",
            "6=Room heaters with flue",
            "7=Room heaters without flue",
            "8=Fireplaces or stoves",
            "9=None",
        ],
    ),
    (["54"], ["70"], ["Sewage Disposal"], ["533"], ["SEWER"], ["1=Public sewer", "2=Septic tank", "3=Other"]),
    (
        ["55"],
        ["71"],
        ["Source of Water"],
        ["534"],
        ["WATER"],
        ["1=Public system", "2=Individual well", "3=Other", "4=Bottled water"],
    ),
]


def _double_rule(c: canvas.Canvas, y: float) -> None:
    c.setLineWidth(0.5)
    c.line(40, y, 560, y)
    c.line(40, y - 1.5, 560, y - 1.5)


def _page(path: Path, gap: float = 8.0) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(40, HEIGHT - 60, "Record Layout: Housing Unit Record")
    y = HEIGHT - 80.0
    _double_rule(c, y)
    y -= 11.0
    c.setFont("Helvetica-Bold", FONT)
    for x, lines in zip(XS, HEAD, strict=True):
        for k, line in enumerate(lines):
            c.drawString(x, y - LEAD * k, line)
    y -= LEAD
    _double_rule(c, y - 4.0)
    y -= gap
    c.setFont("Helvetica", FONT)
    for cells in ENTRIES:
        y -= LEAD + 6.0
        for x, lines in zip(XS, cells, strict=True):
            for k, line in enumerate(lines):
                c.drawString(x, y - LEAD * k, line)
        y -= LEAD * (max(len(lines) for lines in cells) - 1)
    c.setFont("Helvetica", 9)
    c.drawString(40, y - 40.0, "Codes not listed are not used in this file.")
    c.save()
    return path


@pytest.mark.parametrize("gap", GAPS_UNDER_HEAD)
def test_given_a_header_between_rules_over_unruled_tall_rows_then_one_table(
    tmp_path: Path, gap: float
) -> None:
    # given: the page
    pdf = _page(tmp_path / "layout.pdf", gap)

    # when
    result = convert(pdf)

    # then: one table, the heads joined and one row per entry, each code list in its cell
    tables = [b.rows for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1, [b.kind + ": " + b.text[:60] for b in result.blocks]
    [rows] = tables
    assert rows[0] == [" ".join(h) for h in HEAD]
    assert rows[1:] == [[" ".join(cell) for cell in cells] for cells in ENTRIES]
