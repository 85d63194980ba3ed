"""Tables (worker/engines/layout/tables.py): aligned line items become one table with their
cells, the text around it stays outside, totals wider than a gutter keep the columns apart, and
unruled tables (a bold header spanning two columns, right to left, wrapped descriptions, right
under a paragraph) are grids; tables drawn with rules are in tests/test_layout_grids.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert
from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

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


SEGMENT_ROWS = [
    ["Segment", "2024", "2023"],
    ["Retail banking", "1,882", "1,704"],
    ["Corporate", "946", "1,015"],
    ["Wealth", "411", "388"],
    ["Treasury", "(57)", "102"],
    ["Eliminations", "(96)", "(83)"],
    ["Group", "3,086", "3,126"],
]
BESIDE_TEXT = [
    "Group operating income fell by 1.3% to 3,086 million. Retail",
    "banking grew on higher deposit margins, while the Treasury",
    "segment turned to a loss of 57 million after the revaluation",
    "of the fixed-rate bond book in the third quarter. Corporate",
    "income declined as loan volumes contracted in commercial real",
    "estate. Wealth management attracted net new assets of 1.2 billion,",
    "its best year since 2019, and the bank closed 38 branches.",
]
UNDER_TEXT = (
    "Operating expenses were flat: wage increases of 4.1% were offset by the closure of 38 branches "
    "and lower spending on external consultants. The cost-income ratio rose to 62.9% from 61.4%."
)


def test_given_a_table_beside_a_paragraph_less_than_an_em_away_then_it_is_a_grid_after_the_paragraph(
    tmp_path: Path,
) -> None:
    # given: an unruled table floated beside a paragraph, with a margin narrower than a
    # gutter: the paragraph's longest line ends 4 pt from the table's left-aligned labels,
    # between two of its rows (the paragraph's lines and the table's rows at their own
    # pitches), so no row shows the gap as a gutter, but no line of the seven beside the
    # table crosses it; bracketed negatives side by side
    path = tmp_path / "beside.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    widths = [c.stringWidth(t, "Helvetica", 10) for t in BESIDE_TEXT]
    label_x = 72 + max(widths) + 4
    for i, text in enumerate(BESIDE_TEXT):
        c.drawString(72, HEIGHT - 100 - 13 * i, text)
    for i, (label, a, b) in enumerate(SEGMENT_ROWS):
        y = HEIGHT - 108 - 16 * i
        c.drawString(label_x, y, label)
        c.drawRightString(label_x + 150, y, a)
        c.drawRightString(label_x + 200, y, b)
    for i, text in enumerate(simpleSplit(UNDER_TEXT, "Helvetica", 10, 480)):
        c.drawString(72, HEIGHT - 230 - 13 * i, text)
    c.save()

    # when
    result = convert(path)

    # then: the paragraph, then the table as a grid, then the text under both
    assert [b.kind for b in result.blocks] == ["paragraph", "table", "paragraph"]
    assert result.blocks[0].text == " ".join(BESIDE_TEXT)
    assert result.blocks[2].text == UNDER_TEXT
    assert result.blocks[1].rows == SEGMENT_ROWS


def test_given_bracketed_negatives_side_by_side_set_left_of_their_columns_then_each_is_its_own_cell(
    tmp_path: Path,
) -> None:
    # given: an unruled table whose bracketed negatives stand left of their column's
    # figures (the closing bracket hangs out, here two ems): "(96)" and "(83)" of one
    # row, the second reaching across the middle of the gap between the two columns
    # and looking, to a list, like an enumerator "(96)" before its item's text
    path = tmp_path / "negatives.pdf"
    rows = [
        ["Segment", "2024", "2023"],
        ["Retail banking", "1,882", "1,704"],
        ["Corporate", "946", "1,015"],
        ["Treasury", "(57)", "102"],
        ["Eliminations", "(96)", "(83)"],
        ["Group", "3,086", "3,126"],
    ]
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    for i, (label, a, b) in enumerate(rows):
        y = HEIGHT - 100 - 16 * i
        c.drawString(72, y, label)
        c.drawRightString(250 - (22 if a.startswith("(") else 0), y, a)
        c.drawRightString(296 - (24 if b.startswith("(") else 0), y, b)
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == rows


def test_given_header_cells_that_touch_then_they_are_two_cells() -> None:
    # given: a text layer's spans of a table whose "Age group" header (left-aligned over
    # its column) runs right up to the next column's right-aligned "Male", a twentieth of
    # a point apart, "Male" a little higher on its own baseline and drawn first (the
    # content stream goes by cells): the text layer starts a new word there, the gap
    # between the lines' boxes says one word
    rows = [
        ["Area", "Age group", "Male", "Female", "Total"],
        ["Urban", "0-15", "148,610", "304,075", "452,685"],
        ["Urban", "16-64", "165,305", "120,231", "285,536"],
        ["Rural", "65 and over", "171,589", "83,729", "255,318"],
    ]

    def span(text: str, x0: float, top: float, *, bold: bool = False, x1: float = 0.0) -> TextSpan:
        return TextSpan(text, x0, top, x1 or x0 + 4.5 * len(text), top + 8.0, 8.5, bold, False)

    spans = [span("Male", 192.3, 106.3, bold=True, x1=213.0)]
    spans += [span("Area", 56.8, 107.7, bold=True), span("Age", 148.4, 107.7, bold=True, x1=164.6)]
    spans += [span("group", 166.9, 107.7, bold=True, x1=192.25)]
    spans += [span("Female", 277.9, 107.7, bold=True), span("Total", 343.9, 107.7, bold=True)]
    for i, (area, age, *figures) in enumerate(rows[1:]):
        top = 120.7 + 14.6 * i
        spans += [span(area, 56.8, top), *(span(w, 107.5 + 16 * k, top) for k, w in enumerate(age.split()))]
        spans += [span(f, x - 31.3, top, x1=x) for f, x in zip(figures, (247.6, 307.0, 363.9), strict=True)]

    # when
    blocks = layout_lines(spans_to_lines(spans), 612, 792)

    # then
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows == rows


def test_given_row_spanning_stubs_printed_at_the_bottom_of_their_span_then_they_go_to_its_first_row(
    tmp_path: Path,
) -> None:
    # given: an unruled table whose area labels span three rows each and are printed on
    # the last of them (a cell aligned to its bottom), the age groups repeating under each
    path = tmp_path / "stubs.pdf"
    ages = ["0-15", "16-64", "65 and over"]
    figures = [["148,610", "304,075"], ["165,305", "120,231"], ["171,589", "83,729"]]
    figures += [["87,275", "57,847"], ["182,854", "306,911"], ["137,879", "205,506"]]
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 10)
    for x, head in ((72, "Area"), (150, "Age group")):
        c.drawString(x, HEIGHT - 100, head)
    for x, head in ((330, "Male"), (400, "Female")):
        c.drawRightString(x, HEIGHT - 100, head)
    c.setFont("Helvetica", 10)
    for i, (male, female) in enumerate(figures):
        y = HEIGHT - 116 - 14 * i
        if i % 3 == 2:
            c.drawString(72, y, "Urban" if i < 3 else "Rural")
        c.drawString(150, y, ages[i % 3])
        c.drawRightString(330, y, male)
        c.drawRightString(400, y, female)
    c.save()

    # when
    result = convert(path)

    # then: each label in the first row of its span, the rest of the span empty
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert [row[0] for row in table.rows] == ["Area", "Urban", "", "", "Rural", "", ""]
    assert [row[1] for row in table.rows] == ["Age group", *ages, *ages]


def test_given_stub_headers_printed_under_a_row_of_group_headers_then_they_go_to_the_first_header_row(
    tmp_path: Path,
) -> None:
    # given: an unruled table with two header rows, the group headers ("2011", "2021")
    # centred over their pairs of columns in the first, and the stub column's header
    # printed level with the second (a header cell spanning both, aligned to its bottom)
    path = tmp_path / "stub-heads.pdf"
    body = [["North", "1,200", "1,340", "1,410", "1,505"], ["South", "980", "1,010", "1,120", "1,090"]]
    body += [["East", "1,530", "1,610", "1,702", "1,688"], ["West", "870", "905", "932", "961"]]
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 10)
    c.drawCentredString(245, HEIGHT - 100, "2011")
    c.drawCentredString(375, HEIGHT - 100, "2021")
    c.drawString(72, HEIGHT - 114, "Region")
    for k, head in enumerate(["Male", "Female", "Male", "Female"]):
        c.drawRightString(240 + 65 * k, HEIGHT - 114, head)
    c.setFont("Helvetica", 10)
    for i, (region, *figures) in enumerate(body):
        y = HEIGHT - 130 - 14 * i
        c.drawString(72, y, region)
        for k, figure in enumerate(figures):
            c.drawRightString(240 + 65 * k, y, figure)
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows[:2] == [["Region", "2011", "", "2021", ""], ["", "Male", "Female", "Male", "Female"]]
    assert table.rows[2:] == body
