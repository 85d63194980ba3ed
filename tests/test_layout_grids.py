"""Ruled tables (worker/engines/layout/grids.py): grids with spanning headers and wrapped
cells, borders drawn cell by cell, columns ruled but rows not, rules only above and below rows
(booktabs), a table beside a paragraph (ruled, and its unruled twin), justified text running up
to a ruled table, and a large heading over a grid alone on its page."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert


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


def test_given_a_header_cell_merged_across_a_column_rule_then_its_centred_word_stays_whole(
    tmp_path: Path,
) -> None:
    # given: a fully ruled grid whose first row has "Exports" in a cell merged over two
    # columns: the rule between those columns stops under it, and the word, centred over
    # the pair, stands across the place where the rule runs in the rows below
    path = tmp_path / "merged-header.pdf"
    xs = [72, 180, 260, 340]
    ys = [HEIGHT - 80, HEIGHT - 98, HEIGHT - 116, HEIGHT - 134, HEIGHT - 152]
    c = canvas.Canvas(str(path), pagesize=letter)
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in (xs[0], xs[-1]):
        c.line(x, ys[0], x, ys[-1])
    c.line(xs[1], ys[0], xs[1], ys[-1])
    c.line(xs[2], ys[1], xs[2], ys[-1])  # not through the merged header cell
    c.setFont("Helvetica-Bold", 10)
    c.drawString(xs[0] + 4, ys[0] - 13, "Partner")
    c.drawCentredString(xs[2], ys[0] - 13, "Exports")
    c.setFont("Helvetica", 10)
    rows = [["Partner", "Exports", ""], ["", "2022", "2023"]]
    rows += [["Chile", "40.74", "18.95"], ["Peru", "12.10", "9.80"]]
    for r, row in enumerate(rows[1:], start=1):
        for k, cell in enumerate(row):
            if cell:
                c.drawString(xs[k] + 4, ys[r] - 13, cell)
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == rows
