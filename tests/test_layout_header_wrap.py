"""Header cells printed over two lines (worker/engines/layout/table_rows.py, grids.py): a
second header line that only continues the cells above it (a unit under each label) is
part of those cells, in an unruled table, in a frame with column rules only, and in boxed
header cells over unruled rows; a first data row with an empty stub and a row of
sub-headers under a group header stay rows of their own."""

from __future__ import annotations

import itertools
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

COLUMNS = (72, 230, 330, 430, 530)  # the stub's left edge, then each figure column's right edge


def _draw(path: Path, header: list[list[str]], body: list[list[str]], *, line: float = 11.5) -> Path:
    """A table without rules: header lines at the line spacing ``line``, body rows a row apart."""
    c = canvas.Canvas(str(path), pagesize=letter)
    _draw_on(c, header, body, line=line)
    c.save()
    return path


def _draw_on(c: canvas.Canvas, header: list[list[str]], body: list[list[str]], *, line: float = 11.5) -> None:
    y = HEIGHT - 100
    c.setFont("Helvetica", 10)
    for row in header:
        for col, text in enumerate(row):
            if text and col == 0:
                c.drawString(COLUMNS[0], y, text)
            elif text:
                c.drawRightString(COLUMNS[col], y, text)
        y -= line
    y -= 6
    for row in body:
        for col, text in enumerate(row):
            if text and col == 0:
                c.drawString(COLUMNS[0], y, text)
            elif text:
                c.drawRightString(COLUMNS[col], y, text)
        y -= 16


BODY = [
    ["Aberavon", "575", "-1.0", "12.9", "1,956"],
    ["Benmore", "16", "-2.4", "13.0", "2,336"],
    ["Carnach", "46", "2.9", "14.6", "2,761"],
    ["Dalach", "235", "1.9", "13.4", "3,269"],
]


def test_given_header_labels_with_their_unit_on_a_second_line_then_each_label_is_one_cell(
    tmp_path: Path,
) -> None:
    # given: each label but the stub's has its unit on the line under it, at the line spacing
    header = [
        ["Station", "Elevation", "Jan mean", "Jul mean", "Rainfall"],
        ["", "(m)", "(°C)", "(°C)", "(mm)"],
    ]
    path = _draw(tmp_path / "units.pdf", header, BODY)

    # when
    result = convert(path)

    # then: one header row, then the data
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows[0] == ["Station", "Elevation (m)", "Jan mean (°C)", "Jul mean (°C)", "Rainfall (mm)"]
    assert table.rows[1:] == BODY


def test_given_a_first_data_row_with_an_empty_stub_under_the_header_then_it_stays_a_row(
    tmp_path: Path,
) -> None:
    # given: the first row under the header has no stub and holds figures, at the line spacing
    header = [
        ["Station", "Elevation", "Jan mean", "Jul mean", "Rainfall"],
        ["", "575", "-1.0", "12.9", "1,956"],
    ]
    path = _draw(tmp_path / "empty-stub.pdf", header, BODY[1:])

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows[:2] == [header[0], header[1]]


def test_given_sub_headers_under_a_group_header_then_they_stay_a_row_of_their_own(tmp_path: Path) -> None:
    # given: "Temperature (°C)" centred over the two temperature columns, "Jan" and "Jul" under it
    path = tmp_path / "group.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 100
    c.setFont("Helvetica-Bold", 10)  # a bold header: the body's rows set the columns
    c.drawString(72, y, "Station")
    c.drawCentredString(365, y, "Temperature (°C)")
    c.drawRightString(530, y, "Rainfall")
    y -= 11.5
    c.drawRightString(330, y, "Jan")
    c.drawRightString(430, y, "Jul")
    c.drawRightString(530, y, "(mm)")
    y -= 17.5
    c.setFont("Helvetica", 10)
    for row in BODY:
        c.drawString(72, y, row[0])
        for col, text in zip((330, 430, 530), row[2:], strict=True):
            c.drawRightString(col, y, text)
        y -= 16
    c.save()

    # when
    result = convert(path)

    # then: the group header's row and the sub-headers' row are two rows
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert [cell for cell in table.rows[1] if cell][:2] == ["Jan", "Jul"]
    assert len(table.rows or []) == len(BODY) + 2


def test_given_a_ruled_frame_with_a_two_line_header_then_each_label_is_one_cell(tmp_path: Path) -> None:
    # given: a frame and column rules, no rule between the rows; the labels' units on a
    # second header line, at the line spacing
    path = tmp_path / "framed.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    xs = [72, 200, 300, 400]
    header = [["Station", "Elevation", "Rainfall"], ["", "(m)", "(mm)"]]
    body = [["Aberavon", "575", "1,956"], ["Benmore", "16", "2,336"], ["Carnach", "46", "2,761"]]
    top = HEIGHT - 100
    y = top - 14
    for row in [*header, *body]:
        for x, text in zip(xs, row, strict=False):
            c.drawString(x + 4, y, text)
        y -= 12 if row is header[0] else 16
    c.rect(xs[0], y + 6, xs[-1] - xs[0], top - y - 6)
    for x in xs[1:-1]:
        c.line(x, top, x, y + 6)
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [["Station", "Elevation (m)", "Rainfall (mm)"], *body]


def test_given_a_two_line_header_in_boxed_cells_over_unruled_rows_then_it_heads_one_table(
    tmp_path: Path,
) -> None:
    # given: each header cell drawn as a box holding its label and, under it, its unit;
    # the rows under the boxes without rules
    path = tmp_path / "boxed.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    edges = [66, 150, *[x + 4 for x in COLUMNS[1:]]]
    for x0, x1 in itertools.pairwise(edges):
        c.rect(x0, HEIGHT - 100 - 17, x1 - x0, 30)
    header = [
        ["Station", "Elevation", "Jan mean", "Jul mean", "Rainfall"],
        ["", "(m)", "(°C)", "(°C)", "(mm)"],
    ]
    _draw_on(c, header, BODY)
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [
        ["Station", "Elevation (m)", "Jan mean (°C)", "Jul mean (°C)", "Rainfall (mm)"],
        *BODY,
    ]


def test_given_rows_of_labels_and_values_then_no_label_continues_another(tmp_path: Path) -> None:
    # given: an invoice's payment details, label and value side by side, one row each;
    # the first row with a figure is the amount, so every row above it could pass for a
    # header line
    rows = [
        ("Account holder:", "Pagemill Conversion GmbH"),
        ("Bank:", "Commerzbank Berlin"),
        ("IBAN:", "DE89 3704 0044 0532 0130 00"),
        ("BIC:", "COBADEFFXXX"),
        ("Amount:", "1,234.56"),
    ]
    path = tmp_path / "details.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(57, 760, "Please pay within 14 days of the invoice date to the account below.")
    for i, (label, value) in enumerate(rows):
        c.drawString(57, 730 - 14 * i, label)
        c.drawString(170, 730 - 14 * i, value)
    c.save()

    # when
    result = convert(path)

    # then: each label stays on its own row, beside its value (lines: the labels are
    # keyed by ":", label_values.keyed_rows)
    assert not [b for b in result.blocks if b.kind == "table"]
    lines = [ln.strip() for ln in (result.text or "").splitlines() if ln.strip()]
    assert lines[1:] == [f"{label} {value}" for label, value in rows], lines
