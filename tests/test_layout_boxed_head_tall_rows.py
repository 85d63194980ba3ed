"""A record layout printed from a spreadsheet whose header row is a boxed grid: double
rules above and under the heads and double vertical rules between the head cells, from
the header's top rule to its bottom rule only, every rule a thin filled rectangle cut at
each crossing. The body under it has no rules at all: each entry a row of one-line cells
whose last cell is a list of codes, the entries parted by a blank gap. The boxes close the
header, not the table: a reader reads the entries under it as its rows."""

from __future__ import annotations

import itertools
from pathlib import Path

from reportlab.pdfgen import canvas

from common.documents.page_blocks import Line
from tests.layout_pages import convert
from worker.engines.layout.header_grids import left_to_text
from worker.engines.layout.model import LayoutLine, Proto

WIDTH, HEIGHT = 792.0, 612.0
FONT = 7.5
LEAD = 8.5
THIN = 0.6
# The head cells' sides: each a double rule (the last cell has no right side).
SIDES = [62.0, 109.0, 245.0, 285.0, 364.0]
LEFT, RIGHT = 18.0, 523.0
TOP, BOTTOM = 58.0, 96.0  # the header's double rules, from the top of the page
HEAD = [
    ["Character", "Position"],
    ["Item", "Number"],
    ["Item Name"],
    ["Source", "Code"],
    ["Variable", "Name"],
    ["Code and Description"],
]
CELL_XS = [LEFT, *SIDES]
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
        ["Condo/Coop Status", "Before Vacancy"],
        ["531"],
        ["CONDOB"],
        ["1=No", "2=Yes, a condominium", "3=Yes, a cooperative", "4=Don't know", "8=Not reported"],
    ),
    (["53"], ["69"], ["Sewage Disposal"], ["533"], ["SEWER"], ["1=Public sewer", "2=Septic tank", "3=Other"]),
    (
        ["54"],
        ["70"],
        ["Source of Water"],
        ["534"],
        ["WATER"],
        ["1=Public system", "2=Individual well", "3=Other", "4=Bottled water"],
    ),
    (  # a list of 14 lines, one wrapped and indented
        ["55"],
        ["71"],
        ["Year Built"],
        ["535"],
        ["BUILT"],
        [
            "1=2010 or later",
            "2=2000 to 2009",
            "3=1990 to 1999",
            "4=1980 to 1989",
            "5=1970 to 1979",
            "6=1960 to 1969",
            "7=1950 to 1959",
            "8=1940 to 1949",
            "9=1939 or earlier, including",
            "   structures moved in",
            "10=Don't know",
            "11=Refused",
            "12=Not reported",
            "13=Not applicable",
        ],
    ),
]


def _rect(c: canvas.Canvas, x0: float, top: float, x1: float, bottom: float) -> None:
    # y measured from the top of the page, as the rules are given
    c.rect(x0, HEIGHT - bottom, x1 - x0, bottom - top, stroke=0, fill=1)


def _hrule(c: canvas.Canvas, y: float) -> None:
    # cut at every crossing with a side, each piece its own path
    xs = [LEFT, *[s for x in SIDES for s in (x, x + 1.0)], RIGHT]
    for x0, x1 in itertools.pairwise(xs):
        _rect(c, x0, y, x1, y + THIN)


def _page(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setFont("Helvetica-Bold", 10)
    c.drawCentredString(WIDTH / 2, HEIGHT - 30.0, "Record Layout: Housing Unit Record")
    c.drawCentredString(WIDTH / 2, HEIGHT - 43.0, "Condominium and Cooperative Items")
    for y in (TOP, TOP + 1.0, BOTTOM, BOTTOM + 1.0):
        _hrule(c, y)
    for x in SIDES:
        for side in (x, x + 1.0):
            _rect(c, side, TOP + 1.0 + THIN, side + THIN, BOTTOM)
    c.setFont("Helvetica-Bold", FONT)
    first, second = TOP + 16.0, TOP + 16.0 + LEAD
    for x, lines in zip(CELL_XS, HEAD, strict=True):
        ys = [first, second] if len(lines) == 2 else [second]
        for y, line in zip(ys, lines, strict=True):
            c.drawString(x + 3.0, HEIGHT - y, line)
    c.setFont("Helvetica", FONT)
    y = BOTTOM + 40.0
    for cells in ENTRIES:
        for x, lines in zip(CELL_XS, cells, strict=True):
            for k, line in enumerate(lines):
                c.drawString(x + 3.0, HEIGHT - (y + LEAD * k), line)
        y += LEAD * max(len(lines) for lines in cells) + 15.0
    c.setFont("Helvetica", 9)
    c.drawCentredString(WIDTH / 2, 30.0, "12")
    c.save()
    return path


def test_given_a_boxed_header_row_over_unruled_tall_rows_then_one_table(tmp_path: Path) -> None:
    # given: the page
    pdf = _page(tmp_path / "layout.pdf")

    # when
    result = convert(pdf)

    # then: one table, the heads joined and one row per entry, each code list in its cell
    tables = [b.rows for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1, [b.kind + ": " + b.text[:60] for b in result.blocks]
    [rows] = tables
    assert rows[0] == [" ".join(h) for h in HEAD]
    assert rows[1:] == [[" ".join(ln.strip() for ln in cell) for cell in cells] for cells in ENTRIES]


def test_given_a_boxed_header_and_a_row_of_values_over_a_table_then_the_grid_is_a_table(
    tmp_path: Path,
) -> None:
    # given: a boxed grid of a header and one ruled row of values (an order's "Ship via |
    # Method | Terms | Date" over "UPS | Ground | Net 30 | 7-Jul-7"), and a blank under it
    # an unruled table of one-line rows: no record layout of tall records
    path = tmp_path / "order.pdf"
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    xs = [LEFT, 150.0, 340.0, 465.0, RIGHT]
    heads, values = (
        ["SHIP VIA", "SHIPPING METHOD", "SHIPPING TERMS", "DATE"],
        ["UPS", "UPS Ground", "Net 30", "7-Jul-7"],
    )
    for y in (TOP, TOP + 20.0, TOP + 40.0):
        _rect(c, LEFT, y, RIGHT, y + THIN)
    for x in xs:
        _rect(c, x, TOP, x + THIN, TOP + 40.0)
    c.setFont("Helvetica", FONT)
    for k, row in enumerate((heads, values)):
        for x, text in zip(xs, row, strict=False):
            c.drawString(x + 3.0, HEIGHT - (TOP + 13.0 + 20.0 * k), text)
    for k, row in enumerate(
        (
            ["ITEM #", "DESCRIPTION", "QTY", "TOTAL"],
            ["A-1", "Widget", "2", "10.00"],
            ["A-2", "Gadget", "1", "25.00"],
            ["A-3", "Sprocket", "4", "8.00"],
        )
    ):
        for x, text in zip(xs, row, strict=False):
            c.drawString(x + 3.0, HEIGHT - (TOP + 75.0 + 11.0 * k), text)
    c.save()

    # when
    result = convert(path)

    # then: the grid is a table of its header and its row of values
    tables = [b.rows for b in result.blocks if b.kind == "table"]
    assert tables and tables[0] == [heads, values], [b.kind + ": " + b.text[:60] for b in result.blocks]


def _records_under_header(across: bool) -> bool:
    """left_to_text on a header grid of six boxed cells over three entries, each a row of
    one-line cells, then two lines: a list in the last cell, or a paragraph across all
    the columns (``across``)."""
    xs = [LEFT, *SIDES, RIGHT]
    heads = ["Date", "Location", "Aircraft", "Damage", "Injuries", "Source"]
    lines = [
        Line(text=h, bbox=(x0 + 3.0, 70.0, x1 - 3.0, 78.0))
        for h, (x0, x1) in zip(heads, itertools.pairwise(xs), strict=True)
    ]
    head = Proto(kind="table", rows=[], size=FONT, table=[heads], lines=lines)
    rest: list[LayoutLine] = []
    y = 110.0
    for _ in range(3):
        for x, cell in zip(xs, ["51", "67", "Status", "530", "None", "1=No"], strict=False):
            rest.append(LayoutLine(text=cell, bbox=(x + 3.0, y, x + 30.0, y + FONT), size=FONT))
        for _ in range(2):
            y += LEAD
            x0, x1 = (LEFT + 3.0, RIGHT - 20.0) if across else (SIDES[-1] + 3.0, SIDES[-1] + 90.0)
            rest.append(LayoutLine(text="2=Yes, a condominium", bbox=(x0, y, x1, y + FONT), size=FONT))
        y += LEAD + 15.0
    return left_to_text([head], xs, rest)


def test_given_a_header_grid_over_entries_with_lists_in_their_last_cell_then_the_text_reads_them() -> None:
    # given / when / then: a record layout: the text finder reads the header with them
    assert _records_under_header(across=False)


def test_given_a_header_grid_over_entries_each_told_in_a_paragraph_across_then_the_grid_keeps_it() -> None:
    # given: each entry followed by a paragraph across the columns (an accident report's
    # account of each entry, under its table's boxed header): no records of the grid
    # when / then: the grid finder keeps its header, as it did
    assert not _records_under_header(across=True)
