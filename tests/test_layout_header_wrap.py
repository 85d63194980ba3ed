"""Header cells printed over two lines in an unruled table (worker/engines/layout/table_rows.py):
a second header line that only continues the cells above it (a unit under each label) is
part of those cells, while a first data row with an empty stub and a row of sub-headers
under a group header stay rows of their own."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

COLUMNS = (72, 230, 330, 430, 530)  # the stub's left edge, then each figure column's right edge


def _draw(path: Path, header: list[list[str]], body: list[list[str]], *, line: float = 11.5) -> Path:
    """A table without rules: header lines at the line spacing ``line``, body rows a row apart."""
    c = canvas.Canvas(str(path), pagesize=letter)
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
    c.save()
    return path


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
    assert len(table.rows) == len(BODY) + 2
