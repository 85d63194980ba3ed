"""Tables (worker/engines/layout/tables.py): aligned line items become one table with their
cells, the text around it stays outside, and totals wider than a gutter keep the columns apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

INVOICE_ROWS = [
    ["Description", "Qty", "Unit price", "Amount"],
    ["Widget A", "2", "$10.00", "$20.00"],
    ["Gadget B", "1", "$45.50", "$45.50"],
    ["Service fee", "3", "$5.00", "$15.00"],
    ["Cable C", "10", "$1.25", "$12.50"],
]


@pytest.fixture
def invoice_pdf(tmp_path: Path) -> Path:
    """Invoice line items: a left-aligned description and right-aligned figures."""
    path = tmp_path / "invoice.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, y, "Invoice 2024-0117")
    y -= 30
    c.setFont("Helvetica", 10)
    c.drawString(72, y, "Billed to Example Corporation, 1 Main Street, Springfield.")
    y -= 30
    for i, (desc, qty, unit, amount) in enumerate(INVOICE_ROWS):
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 10)
        c.drawString(72, y, desc)
        c.drawRightString(330, y, qty)
        c.drawRightString(430, y, unit)
        c.drawRightString(530, y, amount)
        y -= 16
    y -= 20
    c.setFont("Helvetica", 10)
    c.drawString(72, y, "Thank you for your business. Payment is due within thirty days.")
    c.save()
    return path


def test_given_aligned_line_items_then_they_form_a_table_with_their_cells(invoice_pdf: Path) -> None:
    result = convert(invoice_pdf)

    tables = [b for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows == INVOICE_ROWS
    assert tables[0].text.startswith("| Description | Qty | Unit price | Amount |\n|---|---|---|---|")


def test_given_text_around_a_table_then_it_stays_outside_the_table_in_order(invoice_pdf: Path) -> None:
    result = convert(invoice_pdf)

    assert [b.kind for b in result.blocks] == ["title", "paragraph", "table", "paragraph"]
    assert result.blocks[-1].text.startswith("Thank you")


def test_given_totals_whose_amounts_reach_across_two_columns_then_the_columns_stay_apart(
    tmp_path: Path,
) -> None:
    # The amounts of the totals ("1,395.00 EUR") are wider than the gutter between the
    # unit price and amount columns: they must not merge those columns in every row.
    path = tmp_path / "totals.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    for i, (desc, qty, unit, amount) in enumerate(TOTALS_ROWS):
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 10)
        c.drawString(72, y, desc)
        c.drawRightString(330, y, qty)
        c.drawRightString(470, y, unit)
        c.drawRightString(530, y, amount)
        y -= 16
    y -= 8
    c.setFont("Helvetica", 10)
    for label, amount in (
        ("Subtotal:", "1,395.00 EUR"),
        ("VAT 20%:", "279.00 EUR"),
        ("Total due:", "1,674.00 EUR"),
    ):
        c.drawString(360, y, label)
        c.drawRightString(530, y, amount)
        y -= 16
    c.save()

    result = convert(path)

    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows is not None
    assert table.rows[: len(TOTALS_ROWS)] == TOTALS_ROWS
    assert [row[-1] for row in table.rows[len(TOTALS_ROWS) :]] == [
        "1,395.00 EUR",
        "279.00 EUR",
        "1,674.00 EUR",
    ]


TOTALS_ROWS = [
    ["Description", "Qty", "Unit price", "Amount"],
    ["Consulting, senior", "12", "95.00", "1,140.00"],
    ["Travel allowance", "3", "40.00", "120.00"],
    ["Report printing", "20", "4.50", "90.00"],
    ["Archive boxes", "5", "9.00", "45.00"],
]


# --- ruled tables (worker/engines/layout/grids.py) --------------------------------------


def _ruled_table_pdf(
    path: Path, rows: list[list[str]], spans: list[tuple[tuple[int, int], tuple[int, int]]]
) -> Path:
    """A table drawn with a grid (reportlab's platypus), long cells wrapped in their column."""
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = getSampleStyleSheet()["BodyText"]
    data = [[Paragraph(cell, body) if len(cell) > 20 else cell for cell in row] for row in rows]
    table = Table(data, colWidths=[150, 60, 60, 60, 60])
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    table.setStyle(TableStyle(style + [("SPAN", a, b) for a, b in spans]))
    doc = SimpleDocTemplate(str(path), pagesize=letter)
    doc.build([Paragraph("Figures are unaudited.", body), Spacer(1, 12), table])
    return path


SPANNING_ROWS = [
    ["Region", "2023", "", "2024", ""],
    ["", "Units", "Revenue", "Units", "Revenue"],
    ["North", "1,200", "$4.1m", "1,350", "$4.6m"],
    ["South and the islands, including the overseas territories", "800", "$2.2m", "910", "$2.5m"],
    ["East", "640", "$1.9m", "700", "$2.0m"],
]


def test_given_a_ruled_table_with_spanning_headers_and_wrapped_cells_then_its_grid_is_as_drawn(
    tmp_path: Path,
) -> None:
    # given: "2023" and "2024" span two columns each, "Region" two rows, and one cell's
    # text wraps onto three lines inside its ruled cell
    path = _ruled_table_pdf(
        tmp_path / "spanning.pdf", SPANNING_ROWS, [((1, 0), (2, 0)), ((3, 0), (4, 0)), ((0, 0), (0, 1))]
    )

    # when
    result = convert(path)

    # then: the spreadsheet grid, the spanned cells' text in their top-left cell and the
    # wrapped cell whole, and the paragraph above outside the table
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == SPANNING_ROWS
    assert [b.kind for b in result.blocks] == ["paragraph", "table"]


def test_given_a_ruled_table_drawn_cell_by_cell_with_a_close_cell_gap_then_cells_split_at_the_rules(
    tmp_path: Path,
) -> None:
    # given: borders drawn as one rectangle per cell, and text in neighbouring cells so close
    # (4 pt apart) that the PDF has no space between them: pdfium reads "Bolt0.10" as a word
    path = tmp_path / "tight.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    xs = [72, 130, 188, 246]
    rows = [
        ["Code", "Item", "Price"],
        ["A-1", "Bolt", "0.10"],
        ["A-2", "Nut", "0.05"],
        ["B-7", "Washer", "0.02"],
    ]
    for i, row in enumerate(rows):
        top = HEIGHT - 100 - 16 * i
        for j, cell in enumerate(row):
            c.rect(xs[j], top - 16, xs[j + 1] - xs[j], 16)
            c.drawRightString(xs[j + 1] - 1, top - 12, cell) if j < 2 else c.drawString(
                xs[j] + 1, top - 12, cell
            )
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == rows


def test_given_columns_ruled_but_rows_unruled_then_rows_come_from_the_lines(tmp_path: Path) -> None:
    # given: a frame and column rules, no rule between the rows
    path = tmp_path / "columns-only.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    xs = [72, 200, 300]
    rows = [["Name", "Role"], ["Ada", "Engineer"], ["Grace", "Admiral"], ["Linus", "Maintainer"]]
    top = HEIGHT - 100
    for i, (name, role) in enumerate(rows):
        c.drawString(xs[0] + 4, top - 14 - 14 * i, name)
        c.drawString(xs[1] + 4, top - 14 - 14 * i, role)
    bottom = top - 14 * len(rows) - 6
    c.rect(xs[0], bottom, xs[-1] - xs[0], top - bottom)
    c.line(xs[1], top, xs[1], bottom)
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == rows


BESIDE_TEXT = (
    "The committee reviewed the figures for the year and found that the northern region "
    "grew fastest, while the southern region held steady despite the weather. The table on "
    "the right gives the totals per region, in thousands of units, as reported by each office."
)
BESIDE_ROWS = [
    ["Region", "Units", "Share"],
    ["North", "1,350", "41%"],
    ["South", "910", "28%"],
    ["East", "700", "21%"],
]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_given_a_table_beside_a_paragraph_then_they_come_out_as_the_paragraph_then_the_table(
    tmp_path: Path, ruled: bool
) -> None:
    # given: a paragraph on the left at 13 pt line pitch, a table on the right at 18 pt
    from reportlab.lib.utils import simpleSplit

    path = tmp_path / "beside.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    y = 700
    for line in simpleSplit(BESIDE_TEXT, "Helvetica", 10, 200):
        c.drawString(72, y, line)
        y -= 13
    xs, top, h = [320, 400, 460, 530], 712, 18
    for i, row in enumerate(BESIDE_ROWS):
        for j, cell in enumerate(row):
            c.drawString(xs[j] + 4, top - h * (i + 1) + 5, cell)
    if ruled:
        for i in range(len(BESIDE_ROWS) + 1):
            c.line(xs[0], top - h * i, xs[-1], top - h * i)
        for x in xs:
            c.line(x, top, x, top - h * len(BESIDE_ROWS))
    c.save()

    # when
    result = convert(path)

    # then
    assert [b.kind for b in result.blocks] == ["paragraph", "table"]
    assert " ".join(result.blocks[0].text.split()) == BESIDE_TEXT
    assert result.blocks[1].rows == BESIDE_ROWS


PROGRAMME = [
    ["Day", "Morning", "", "Afternoon"],
    ["", "Session", "Room", ""],
    ["Monday", "Opening talk", "Hall A", "Workshops"],
    ["Tuesday", "Panel discussion", "Hall B", "Site visit"],
    ["Wednesday", "Closing session", "Hall A", "Departure"],
]


def test_given_an_unruled_table_of_words_under_a_bold_header_spanning_two_columns_then_it_is_a_grid(
    tmp_path: Path,
) -> None:
    # given: no rules, no figures, no "Label:" keys; a bold header whose "Morning" is
    # centred over the Session and Room columns, with the header cells centred on theirs
    path = tmp_path / "programme.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    lefts = [72, 160, 290, 370]
    widths = [80, 120, 70, 90]
    top = HEIGHT - 100
    c.setFont("Helvetica-Bold", 10)
    c.drawCentredString(lefts[0] + widths[0] / 2, top, "Day")
    c.drawCentredString((lefts[1] + lefts[2] + widths[2]) / 2, top, "Morning")
    c.drawCentredString(lefts[3] + widths[3] / 2, top, "Afternoon")
    c.drawCentredString(lefts[1] + widths[1] / 2, top - 16, "Session")
    c.drawCentredString(lefts[2] + widths[2] / 2, top - 16, "Room")
    c.setFont("Helvetica", 10)
    for i, row in enumerate(PROGRAMME[2:]):
        for x, cell in zip(lefts, row, strict=True):
            c.drawString(x, top - 32 - 16 * i, cell)
    c.save()

    # when
    result = convert(path)

    # then: the spanning header in the first column it covers
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == PROGRAMME


def test_given_a_right_to_left_table_then_its_first_column_is_the_rightmost() -> None:
    # given: OCR lines of a Hebrew price list: product on the right, price on the left
    from tests.layout_pages import ocr_line
    from worker.engines.layout import layout_lines

    rows = [
        ["מוצר", "דגם", "מחיר"],
        ["מדפסת", "HP M404", "1200"],
        ["מסך", "Dell P2422H", "850"],
        ["מקלדת", "K120", "45"],
    ]
    lines = []
    for i, (product, model, price) in enumerate(rows):
        top = 100 + 16 * i
        lines.append(ocr_line(price, 100, top, 130))
        lines.append(ocr_line(model, 220, top, 290))
        lines.append(ocr_line(product, 400, top, 440))

    # when
    blocks = layout_lines(lines, 612, 792)

    # then
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows == rows


BOOKTABS_ROWS = [
    ["Region", "Units sold (thousands)", "Revenue in euros (millions)"],
    ["North", "1,350", "4.6"],
    ["South", "910", "2.5"],
    ["East", "700", "2.0"],
    ["West", "330", "0.9"],
]


@pytest.mark.parametrize("ruled_rows", [False, True], ids=["header-rule", "rule-per-row"])
def test_given_horizontal_rules_only_then_the_lines_between_two_rules_are_one_row(
    tmp_path: Path, ruled_rows: bool
) -> None:
    # given: no vertical rules; a rule above the table, one under its header (whose cells
    # wrap onto two lines) and one under it, and in one variant a rule under every row,
    # one of whose first cells wraps too
    path = tmp_path / "booktabs.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    xs, top = [72, 200, 330], HEIGHT - 100
    c.setLineWidth(0.5)
    c.line(72, top, 460, top)
    header = [["Region", "Units sold", "Revenue in euros"], ["", "(thousands)", "(millions)"]]
    for i, row in enumerate(header):
        for x, cell in zip(xs, row, strict=True):
            c.drawString(x, top - 12 - 12 * i, cell)
    y = top - 30
    c.line(72, y, 460, y)
    rows = [list(r) for r in BOOKTABS_ROWS[1:]]
    if ruled_rows:
        rows[1][0] = "South and the"  # wraps: "islands" on the next line
    for i, (region, units, revenue) in enumerate(rows):
        c.drawString(xs[0], y - 13, region)
        c.drawRightString(xs[1] + 50, y - 13, units)
        c.drawRightString(xs[2] + 50, y - 13, revenue)
        y -= 16
        if ruled_rows and i == 1:
            c.drawString(xs[0], y - 10, "islands")
            y -= 12
        if ruled_rows:
            c.line(72, y, 460, y)
    c.line(72, y - 4, 460, y - 4)
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    expected = [list(r) for r in BOOKTABS_ROWS]
    if ruled_rows:
        expected[2][0] = "South and the islands"
    assert table.rows == expected


def test_given_justified_text_running_up_to_a_ruled_table_then_its_lines_stay_out_of_the_cells(
    tmp_path: Path,
) -> None:
    # given: a justified paragraph whose lines end 8 pt from a ruled table's cell text
    # (less than an em: the paragraph's line and the cell read as one line of text)
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    path = tmp_path / "justified.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    rows = [["Code", "Rate"], ["STD", "21%"], ["RED", "9%"], ["ZERO", "0%"]]
    xs, top = [306, 360, 420], 712
    lines = simpleSplit(BESIDE_TEXT, "Helvetica", 10, 230)
    for i, line in enumerate(lines):
        text = c.beginText(72, 700 - 13 * i)
        text.setFont("Helvetica", 10)
        if i < len(lines) - 1:  # justified: word spaces widened to end each line at 302
            text.setWordSpace((230 - stringWidth(line, "Helvetica", 10)) / line.count(" "))
        text.textLine(line)
        c.drawText(text)
    c.setFont("Helvetica", 10)
    for i, row in enumerate(rows):
        c.drawString(xs[0] + 4, top - 13 * (i + 1) + 1, row[0])
        c.drawString(xs[1] + 4, top - 13 * (i + 1) + 1, row[1])
        c.line(xs[0], top - 13 * i, xs[-1], top - 13 * i)
    c.line(xs[0], top - 13 * len(rows), xs[-1], top - 13 * len(rows))
    for x in xs:
        c.line(x, top, x, top - 13 * len(rows))
    c.save()

    # when
    result = convert(path)

    # then
    assert [b.kind for b in result.blocks] == ["paragraph", "table"]
    assert " ".join(result.blocks[0].text.split()) == BESIDE_TEXT
    assert result.blocks[1].rows == rows


WRAPPED_ROWS = [
    ["Service", "Hours", "Rate", "Amount"],
    ["Consulting for the migration of the billing system", "12", "95.00", "1,140.00"],
    ["Travel", "3", "40.00", "120.00"],
    ["Training of the support team on the new release", "8", "60.00", "480.00"],
    ["Archive boxes", "5", "9.00", "45.00"],
]


def test_given_an_unruled_table_whose_description_wraps_then_each_item_is_one_row(tmp_path: Path) -> None:
    # given: no rules; two descriptions wrap onto a second line at the line spacing, the
    # rows are set a row's gap apart
    path = tmp_path / "wrapped.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 100
    for i, (service, hours, rate, amount) in enumerate(WRAPPED_ROWS):
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 10)
        first, _, rest = service.partition(" of the ") if i in (1, 3) else (service, "", "")
        c.drawString(72, y, first + (" of the" if rest else ""))
        if rest:
            c.drawString(72, y - 12, rest)
        c.drawRightString(330, y, hours)
        c.drawRightString(420, y, rate)
        c.drawRightString(520, y, amount)
        y -= 30 if rest else 18
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == WRAPPED_ROWS


DATA = Path(__file__).parent / "data" / "tables"


def test_given_an_unruled_table_right_under_a_paragraph_then_it_is_one_table_not_prose_beside_a_column() -> (
    None
):
    # given: LibreOffice's PDF of an HTML table with no borders straight under a paragraph
    # (unruled_under_paragraph.html beside it). The paragraph covers the first three
    # columns' gaps; a route with a descender ("Rosslare - Fishguard") ends a fifth of an
    # em lower than the operator beside it, and the bold header's "Company" reaches
    # higher than "Pier", which shares its cell
    path = DATA / "unruled_under_paragraph.pdf"

    # when
    result = convert(path)

    # then: one table under the paragraph (not the routes as prose beside the operators),
    # its header cells read left to right, and the pier numbers a column of their own
    # though they stand only half an em from the operators (their headers a gutter apart)
    assert [b.kind for b in result.blocks] == ["title", "paragraph", "table"]
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [
        ["Crossing", "Leaves", "Lands", "Pier", "Company"],
        ["Rosslare - Fishguard", "06:40", "10:05", "4", "Stena Line"],
        ["Dublin - Liverpool", "08:15", "11:30", "2", "Irish Ferries"],
        ["Galway - Inishmore", "16:00", "07:30", "1", "Aran Ferries"],
    ]


def test_given_a_large_heading_over_a_ruled_table_alone_then_it_is_the_title_not_body_text(
    tmp_path: Path,
) -> None:
    # given: an 18 pt heading, then a ruled grid of 10 pt cells and nothing else: the
    # heading is the only text outside the grid
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    path = tmp_path / "shifts.pdf"
    rows = [["Team", "Day", "Shift"], ["Blue", "Monday", "Early"], ["Green", "Tuesday", "Late"]]
    rows += [["Red", "Wednesday", "Night"], ["Amber", "Thursday", "Early"]]
    table = Table(rows, colWidths=[150, 150, 150])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    heading = getSampleStyleSheet()["Heading1"]  # 18 pt bold
    SimpleDocTemplate(str(path), pagesize=letter).build(
        [Paragraph("Shift plan", heading), Spacer(1, 12), table]
    )

    # when
    result = convert(path)

    # then: the page's body size is the grid's, so the heading stands out as one
    assert (result.blocks[0].kind, result.blocks[0].text) == ("title", "Shift plan")
    assert [b.kind for b in result.blocks] == ["title", "table"]
