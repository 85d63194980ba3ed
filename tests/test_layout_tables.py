"""Tables (worker/engines/layout/tables.py): aligned line items become one table with their
cells, the text around it stays outside, totals wider than a gutter keep the columns apart, and
unruled tables (a bold header spanning two columns, right to left, wrapped descriptions, right
under a paragraph) are grids; tables drawn with rules are in tests/test_layout_grids.py."""

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


PORTS = [
    ["Port", "Jan", "Feb", "Mar", "Apr", "May", "Total"],
    ["Felixstowe", "1,275", "32,997", "12,897", "4,292", "61,976", "113,437"],
    ["Southampton", "59,783", "53,777", "39,319", "23,319", "61,329", "237,527"],
    ["Liverpool", "12,054", "17,463", "23,331", "57,275", "38,365", "148,488"],
    ["Immingham", "2,049", "51,323", "38,880", "6,052", "47,638", "145,942"],
    ["Dover", "52,261", "5,063", "23,234", "22,607", "62,490", "165,655"],
]


def test_given_a_booktabs_table_with_tight_rows_then_each_body_line_is_a_row(tmp_path: Path) -> None:
    # given: three rules only (above the header, under it, under the last row), 8 pt
    # figures in rows set at the line spacing: the rules frame the table and close its
    # header, they do not make its body one row
    path = tmp_path / "booktabs.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    top = HEIGHT - 100
    c.setLineWidth(0.5)
    c.line(60, top + 10, 520, top + 10)
    for i, row in enumerate(PORTS):
        y = top - 10 * i
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 8)
        c.drawString(62, y, row[0])
        for k, cell in enumerate(row[1:]):
            c.drawRightString(190 + 55 * k, y, cell)
        if i == 0:
            c.line(60, y - 3, 520, y - 3)
    c.line(60, top - 10 * len(PORTS) + 6, 520, top - 10 * len(PORTS) + 6)
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == PORTS


LABOUR = [
    ["", "Employed (thousands)", "", "", "Rate (%)", ""],
    ["Region", "2021", "2022", "2023", "2022", "2023"],
    ["Highland", "9,055.2", "8,982.9", "9,326.6", "8.3", "2.8"],
    ["Moray Coast", "2,794.8", "2,865.9", "2,887.0", "9.0", "4.0"],
    ["Upper Tay", "2,123.2", "2,276.9", "2,180.1", "2.8", "4.9"],
    ["Lowmarsh", "3,691.5", "3,645.5", "3,958.2", "4.3", "4.2"],
    ["All regions", "17,664.7", "17,770.3", "18,351.9", "6.1", "4.0"],
]


def test_given_sub_columns_under_a_spanning_group_header_then_each_is_a_column(tmp_path: Path) -> None:
    # given: no rules; a bold group header centred over three and over two columns, a
    # bold row of years under it, and a bold total as the last row
    path = tmp_path / "groups.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    rights = [276, 326, 377, 457, 537]
    top = HEIGHT - 100
    c.setFont("Helvetica-Bold", 9)
    c.drawCentredString((246 + 377) / 2, top, LABOUR[0][1])
    c.drawCentredString((444 + 537) / 2, top, LABOUR[0][4])
    for i, row in enumerate(LABOUR[1:]):
        y = top - 14 * (i + 1)
        c.setFont("Helvetica-Bold" if i in (0, len(LABOUR) - 2) else "Helvetica", 9)
        c.drawString(57, y, row[0])
        for x, cell in zip(rights, row[1:], strict=True):
            c.drawRightString(x, y, cell)
    c.save()

    # when
    result = convert(path)

    # then: six columns, each group header in the first column it covers, whole
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == LABOUR


STATEMENT = [
    ["", "Note", "2024 £000", "2023 £000"],
    ["Revenue", "3", "48,512", "45,077"],
    ["Cost of sales", "", "(31,204)", "(29,880)"],
    ["Gross profit", "", "17,308", "15,197"],
    ["Distribution costs", "6", "(4,118)", "(3,964)"],
    ["Operating profit", "9", "6,600", "4,722"],
]


def test_given_two_line_header_cells_above_the_columns_a_caption_shows_then_they_stay_in_the_table(
    tmp_path: Path,
) -> None:
    # given: a statement under its title and period line, a running head at the top
    # right across both years' columns (the page then shows no gutter between them);
    # rules above the header, under it and under the table; the years a line above "£000"
    path = tmp_path / "statement.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    c.drawRightString(539, HEIGHT - 50, "Northgate plc Annual Report")
    top = HEIGHT - 80
    c.setFont("Helvetica-Bold", 14)
    c.drawString(57, top, "Consolidated income statement for the year")
    c.setFont("Helvetica", 9.5)
    c.drawString(57, top - 20, "For the year ended 31 December 2024, in thousands of pounds sterling")
    y = top - 46
    c.setLineWidth(0.5)
    c.line(55, y + 12, 540, y + 12)
    c.setFont("Helvetica-Bold", 9.5)
    c.drawRightString(446, y, "2024")
    c.drawRightString(537, y, "2023")
    for i, row in enumerate(STATEMENT):
        y -= 12 if i == 0 else 15
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 9.5)
        c.drawString(58, y, row[0])
        c.drawRightString(354, y, row[1])
        c.drawRightString(446, y, row[2].split()[-1])
        c.drawRightString(537, y, row[3].split()[-1])
        if i == 0:
            c.line(55, y - 4, 540, y - 4)
    c.line(55, y - 4, 540, y - 4)
    c.save()

    # when
    result = convert(path)

    # then: the years are the first line of their header cells, not a heading above
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == STATEMENT
    assert not any(b.kind == "section_header" for b in result.blocks)


def _draw_rows(
    c: canvas.Canvas, rows: list[list[tuple[str, bool]]], rights: list[float], top: float
) -> float:
    """Rows set at the line spacing (no gap between rows): the first cell left-aligned at
    57, the others right-aligned at ``rights``; a cell is (text, bold). The y under them."""
    y = top
    for row in rows:
        for k, (text, bold) in enumerate(row):
            c.setFont("Helvetica-Bold" if bold else "Helvetica", 9)
            if k == 0:
                c.drawString(57, y, text)
            elif text:
                c.drawRightString(rights[k - 1], y, text)
        y -= 11
    return y


def test_given_a_label_only_row_under_a_bold_total_then_it_is_a_row_of_its_own(tmp_path: Path) -> None:
    # given: rows at the line spacing; a bold total, then a plain "of which:" with no
    # figures, then the items it breaks down
    path = tmp_path / "of_which.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    rows = [
        [("Commodity", True), ("2023", True), ("2024", True)],
        [("Total exports", True), ("412,906", True), ("398,117", True)],
        [("of which:", False), ("", False), ("", False)],
        [("Machinery", False), ("161,044", False), ("158,390", False)],
        [("Chemicals", False), ("88,215", False), ("91,002", False)],
        [("Other", False), ("109,214", False), ("99,206", False)],
    ]
    _draw_rows(c, rows, [330, 420], HEIGHT - 100)
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [[text for text, _ in row] for row in rows]


def test_given_a_first_cell_wrapped_above_its_rows_figures_then_it_is_one_row(tmp_path: Path) -> None:
    # given: rows a row's gap apart; the second statement wraps, its figures level with
    # its second line, the first line alone above them
    path = tmp_path / "wrapped_up.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    y = HEIGHT - 100
    for label, n, pct in (("Statement", "n", "%"), ("Trust the office", "546", "28")):
        c.drawString(57, y, label)
        c.drawRightString(330, y, n)
        c.drawRightString(420, y, pct)
        y -= 16
    c.drawString(57, y, "Have used official statistics at work in the past")
    y -= 10
    for label, n, pct in (("twelve months", "872", "53"), ("Know where to look", "494", "50")):
        c.drawString(57, y, label)
        c.drawRightString(330, y, n)
        c.drawRightString(420, y, pct)
        y -= 16
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [
        ["Statement", "n", "%"],
        ["Trust the office", "546", "28"],
        ["Have used official statistics at work in the past twelve months", "872", "53"],
        ["Know where to look", "494", "50"],
    ]


def test_given_a_last_row_with_its_last_cell_empty_then_it_stays_in_the_table(tmp_path: Path) -> None:
    # given: a source line under the table across its first columns (the region then
    # shows a gutter before the last column only); the last row has no target
    path = tmp_path / "last_row.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    rows = [
        [("Indicator", True), ("2022", True), ("2023", True), ("Target", True)],
        [("Renewable share", False), ("41.5", False), ("46.4", False), ("60", False)],
        [("Final consumption", False), ("1,812", False), ("1,774", False), ("1,650", False)],
        [("Emissions", False), ("388.1", False), ("371.6", False), ("300", False)],
        [("Energy intensity", False), ("4.02", False), ("3.87", False), ("", False)],
    ]
    y = _draw_rows(c, rows, [300, 380, 520], HEIGHT - 100)
    c.setFont("Helvetica", 9)
    source = "Source: Energy Balance 2023; targets from the National Energy Plan, revised in 2024."
    c.drawString(57, y - 4, source)
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [[text for text, _ in row] for row in rows]


CENSUS = [
    ["", "", "2011 census", "", "", "2021 census", "", ""],
    ["Area", "Age", "Male", "Female", "Total", "Male", "Female", "Total"],
    ["Urban", "0-15", "148,610", "304,075", "452,685", "305,992", "37,445", "343,437"],
    ["", "16-64", "165,305", "120,231", "285,536", "97,814", "150,963", "248,777"],
    ["Rural", "0-15", "87,275", "57,847", "145,122", "384,276", "255,748", "640,024"],
    ["", "16-64", "182,854", "306,911", "489,765", "232,661", "323,418", "556,079"],
]


def test_given_group_headers_centred_within_the_middle_column_of_their_group_then_they_head_its_first(
    tmp_path: Path,
) -> None:
    # given: no rules; each census header centred over its three columns, short enough
    # to lie wholly over the middle one
    path = tmp_path / "census.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    rights = [248, 307, 364, 421, 480, 537]
    top = HEIGHT - 100
    c.setFont("Helvetica-Bold", 8.5)
    c.drawCentredString((190 + 364) / 2 + 2, top, "2011 census")
    c.drawCentredString((364 + 537) / 2 + 4, top, "2021 census")
    for i, row in enumerate(CENSUS[1:]):
        y = top - 14 * (i + 1)
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 8.5)
        c.drawString(57, y, row[0])
        c.drawString(108, y, row[1])
        for x, cell in zip(rights, row[2:], strict=True):
            c.drawRightString(x, y, cell)
    c.save()

    # when
    result = convert(path)

    # then: each group header in the first column of its group
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == CENSUS


def test_given_a_receipts_centred_address_and_title_right_above_its_items_then_they_stay_out_of_the_table(
    tmp_path: Path,
) -> None:
    # given: a narrow receipt whose centred address line and title sit right above its
    # item table, at the table's own spacing
    path = tmp_path / "receipt.pdf"
    c = canvas.Canvas(str(path), pagesize=(240, 400))
    c.setFont("Helvetica", 9)
    y = 360
    for line in ("12, Jalan Tampoi 7/4, Kawasan", "Tampoi, 81200 Johor Bahru", "TAX INVOICE"):
        c.drawCentredString(120, y, line)
        y -= 14
    for item, qty, total in (("Item", "Qty", "Total"), ("Meat + 3 Vege", "1", "7.10"), ("Rice", "2", "2.00")):
        c.drawString(20, y, item)
        c.drawRightString(150, y, qty)
        c.drawRightString(220, y, total)
        y -= 14
    c.save()

    # when
    result = convert(path)

    # then the table starts at its header row, and the lines above it are text
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows is not None and table.rows[0] == ["Item", "Qty", "Total"]
    assert "TAX INVOICE" in [b.text for b in result.blocks if b.kind != "table"]
