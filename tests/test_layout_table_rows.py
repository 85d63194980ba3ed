"""Table rows and headers (worker/engines/layout/table_rows.py): booktabs rows set tight,
sub-columns under a group header, two-line header cells, label-only rows, wrapped first
cells, empty last cells, centred group headers, and the lines right above a table that
are (or are not) its header; one synthetic page each."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

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

    # then: six columns, each group header in the first column it covers, whole; the
    # stub's header, printed on the second header row under an empty cell, spans both
    # header rows and is read in the first (a spanned cell's text in its top-left cell)
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [["Region", *LABOUR[0][1:]], ["", *LABOUR[1][1:]], *LABOUR[2:]]


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
    # (the stub headers, printed on the second header row under empty cells, span both
    # header rows: read in the first, as the real census table's truth has them)
    assert table.rows == [["Area", "Age", *CENSUS[0][2:]], ["", "", *CENSUS[1][2:]], *CENSUS[2:]]


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
