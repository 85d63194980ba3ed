"""Rows inside a ruled band (worker/engines/layout/band_rows.py): a grid ruled only every
few rows, a body drawn as one box under a ruled header, and the multi-line cells that must
stay whole (a long text wrapped beside single-line cells, two wrapped columns, a list in
one cell)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

BANDED_ROWS = [
    ["State", "Permit", "Handgun", "Long Gun", "Total"],
    ["Alabama", "18,870", "23,022", "22,650", "71,137"],
    ["Alaska", "209", "3,062", "3,209", "7,095"],
    ["Arizona", "2,303", "12,382", "9,041", "27,087"],
    ["Arkansas", "3,298", "6,359", "11,611", "25,048"],
    ["California", "98,452", "41,181", "35,007", "180,116"],
    ["Colorado", "4,144", "19,784", "16,082", "42,271"],
    ["Connecticut", "9,631", "11,594", "5,072", "26,438"],
    ["Delaware", "204", "2,152", "2,424", "5,040"],
]


def test_given_a_grid_ruled_every_fourth_row_then_each_text_line_is_a_row(tmp_path: Path) -> None:
    # given: a grid whose columns are all ruled but whose rows are ruled only under the
    # header and then every fourth row (a banded sheet), names left, counts right
    path = tmp_path / "banded.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    xs, top, pitch = [72, 170, 230, 290, 350, 420], HEIGHT - 100, 12
    for i, row in enumerate(BANDED_ROWS):
        y = top - pitch * (i + 1) + 3
        c.drawString(xs[0] + 3, y, row[0])
        for j, cell in enumerate(row[1:], start=1):
            c.drawRightString(xs[j + 1] - 3, y, cell)
    bottom = top - pitch * len(BANDED_ROWS)
    for i in (0, 1, 5, len(BANDED_ROWS)):
        c.line(xs[0], top - pitch * i, xs[-1], top - pitch * i)
    for x in xs:
        c.line(x, top, x, bottom)
    c.save()

    # when
    result = convert(path)

    # then: one row per state, as printed, not one row per band of four states
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == BANDED_ROWS


RECORDS = [
    [
        "DH0001",
        "05/03/2019",
        "TRAVEL CARD",
        "STAFF TRANSPORTATION",
        "AIRFARE FOR E JOHNSON AND RETURN",
        "920.68",
    ],
    [
        "DH0002",
        "05/24/2019",
        "TRAVEL CARD",
        "STAFF TRANSPORTATION",
        "AIRFARE FOR S COWING AND RETURN",
        "907.96",
    ],
    ["DH0003", "05/03/2019", "SENATOR CARD", "SENATOR'S TRANSPORTATION", "TRAIN FARE TO NEW YORK", "737.94"],
]


def test_given_a_body_boxed_under_a_ruled_header_then_records_are_rows_with_their_second_lines(
    tmp_path: Path,
) -> None:
    # given: a header ruled into columns, and under it the body drawn as ONE box with no
    # rule inside; each record is a line of cells whose description has a second line
    path = tmp_path / "boxed-body.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 8)
    xs = [40, 110, 170, 260, 450, 520]
    top, head = HEIGHT - 100, 20
    for x, label in zip(xs[:-1], ["DOCUMENT NO.", "POSTED", "PAYEE", "DESCRIPTION", "AMOUNT"], strict=True):
        c.drawString(x + 3, top - 13, label)
    c.rect(xs[0], top - head, xs[-1] - xs[0], head)
    for x in xs[1:-1]:
        c.line(x, top, x, top - head)
    y = top - head - 14
    for doc, posted, payee, first, second, amount in RECORDS:
        c.drawString(xs[0] + 3, y, doc)
        c.drawString(xs[1] + 3, y, posted)
        c.drawString(xs[2] + 3, y, payee)
        c.drawString(xs[3] + 3, y, first)
        c.drawString(xs[3] + 3, y - 10, second)
        c.drawRightString(xs[5] - 3, y, amount)
        y -= 26
    c.rect(xs[0], y + 10, xs[-1] - xs[0], top - head - (y + 10))
    c.save()

    # when
    result = convert(path)

    # then: one row per record, its description's two lines in one cell
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [["DOCUMENT NO.", "POSTED", "PAYEE", "DESCRIPTION", "AMOUNT"]] + [
        [doc, posted, payee, f"{first} {second}", amount]
        for doc, posted, payee, first, second, amount in RECORDS
    ]


TERMS = [
    (
        "Bolt",
        "A threaded fastener with a head, used with a nut to clamp parts together.",
        "Steel or brass, zinc plated when used outdoors.",
    ),
    (
        "Rivet",
        "A permanent fastener set by deforming its tail once it is in place.",
        "Aluminium for sheet metal work on aircraft skins.",
    ),
]


def test_given_ruled_cells_whose_text_wraps_in_two_columns_then_each_cell_stays_one_row(
    tmp_path: Path,
) -> None:
    # given: a grid ruled at every row, where the definition and the note wrap to the same
    # number of lines at the same heights beside a one-line term, and a cell holding a
    # list of one item a line beside a one-line label
    path = tmp_path / "wrapped.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    xs, top, pitch = [72, 140, 300, 460], HEIGHT - 100, 11
    ys = [top]
    y = top
    for term, definition, note in TERMS:
        wrapped = [
            simpleSplit(t, "Helvetica", 9, xs[k + 2] - xs[k + 1] - 6)
            for k, t in enumerate((definition, note))
        ]
        c.drawString(xs[0] + 3, y - 10, term)
        for k, lines in enumerate(wrapped):
            for i, text in enumerate(lines):
                c.drawString(xs[k + 1] + 3, y - 10 - pitch * i, text)
        y -= pitch * max(len(w) for w in wrapped) + 4
        ys.append(y)
    for i, item in enumerate(["Nut", "Washer", "Screw"]):
        c.drawString(xs[1] + 3, y - 10 - pitch * i, item)
    c.drawString(xs[0] + 3, y - 10, "Kit")
    y -= pitch * 3 + 4
    ys.append(y)
    for yy in ys:
        c.line(xs[0], yy, xs[-1], yy)
    for x in xs:
        c.line(x, top, x, y)
    c.save()

    # when
    result = convert(path)

    # then: one row per ruled row, each wrapped cell whole
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [[t, d, n] for t, d, n in TERMS] + [["Kit", "Nut Washer Screw", ""]]


@pytest.mark.parametrize("body_ruled", [True, False], ids=["rows-ruled", "body-banded"])
def test_given_a_ruled_header_whose_labels_are_all_on_two_lines_then_it_stays_one_row(
    tmp_path: Path, body_ruled: bool
) -> None:
    # given: a header band where every label is broken onto two lines at the same heights
    # (not wrapped: each column has room), under it rows ruled one by one or banded
    path = tmp_path / "two-line-header.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    xs, top, pitch = [72, 200, 320, 440], HEIGHT - 100, 12
    header = [("Fiscal", "Year"), ("Total", "Revenue"), ("Net", "Income")]
    for x, (first, second) in zip(xs, header, strict=False):
        c.drawString(x + 3, top - 10, first)
        c.drawString(x + 3, top - 10 - pitch, second)
    y = top - 2 * pitch - 4
    ys = [top, y]
    body = [["2021", "1,200", "310"], ["2022", "1,350", "345"], ["2023", "1,410", "362"]]
    for row in body:
        for x, cell in zip(xs, row, strict=False):
            c.drawString(x + 3, y - 10, cell)
        y -= pitch + 2
        if body_ruled:
            ys.append(y)
    ys.append(y)
    for yy in ys:
        c.line(xs[0], yy, xs[-1], yy)
    for x in xs:
        c.line(x, top, x, y)
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [["Fiscal Year", "Total Revenue", "Net Income"], *body]


def test_given_a_boxed_body_with_a_note_across_its_last_line_then_only_the_note_spans_the_columns(
    tmp_path: Path,
) -> None:
    # given: a ruled header over a body boxed as one, whose last line is a note running
    # across all the columns
    path = tmp_path / "boxed-note.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    xs, top, pitch = [72, 180, 260, 340], HEIGHT - 100, 12
    header = ["Item", "Units", "Price"]
    body = [["Bolt", "120", "0.10"], ["Nut", "300", "0.05"], ["Washer", "80", "0.02"]]
    for x, label in zip(xs, header, strict=False):
        c.drawString(x + 3, top - 10, label)
    c.rect(xs[0], top - 14, xs[-1] - xs[0], 14)
    for x in xs[1:-1]:
        c.line(x, top, x, top - 14)
    y = top - 14
    for row in body:
        for x, cell in zip(xs, row, strict=False):
            c.drawString(x + 3, y - 10, cell)
        y -= pitch
    note = "Prices in euros per unit, before tax"
    c.drawString(xs[0] + 60, y - 10, note)
    y -= pitch + 2
    c.rect(xs[0], y, xs[-1] - xs[0], top - 14 - y)
    c.save()

    # when
    result = convert(path)

    # then: the rows keep their columns; the note is one cell of its own row
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [header, *body, [note, "", ""]]


def test_given_group_headers_over_columns_ruled_from_the_sub_headers_down_then_they_are_a_row(
    tmp_path: Path,
) -> None:
    # given: a header band with no rule across it, where group headers ("2023", "2024")
    # sit over columns whose rules start only under them, at the sub-headers
    path = tmp_path / "group-heads.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    xs, top = [72, 170, 230, 290, 350, 410], HEIGHT - 100
    groups = [(1, 3, "2023"), (3, 5, "2024")]
    subs = ["Region", "Units", "Revenue", "Units", "Revenue"]
    body = [["North", "1,200", "4.1", "1,350", "4.6"], ["South", "800", "2.2", "910", "2.5"]]
    for a, b, label in groups:
        c.drawCentredString((xs[a] + xs[b]) / 2, top - 10, label)
    for x, label in zip(xs, subs, strict=False):
        c.drawString(x + 3, top - 24, label)
    mid, y = top - 14, top - 28
    for row in body:
        c.line(xs[0], y, xs[-1], y)
        for x, cell in zip(xs, row, strict=False):
            c.drawString(x + 3, y - 10, cell)
        y -= 14
    c.line(xs[0], top, xs[-1], top)
    c.line(xs[0], y, xs[-1], y)
    for k, x in enumerate(xs):
        c.line(x, top if k in (0, 1, 3, 5) else mid, x, y)
    c.save()

    # when
    result = convert(path)

    # then: the group headers are a row of their own, each in the first column it spans
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [["", "2023", "", "2024", ""], subs, *body]


def test_given_a_wrapped_cell_beside_figures_centred_in_their_cells_then_the_row_stays_whole(
    tmp_path: Path,
) -> None:
    # given: a grid ruled at every row, where one description wraps onto three lines and
    # the cells beside it are centred on its middle line (they line up with it across
    # the columns)
    path = tmp_path / "centred.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    xs, top, pitch = [72, 140, 300, 360, 420], HEIGHT - 100, 11
    text = "Supply and fit of the replacement window frames on the north side of the building"
    lines = simpleSplit(text, "Helvetica", 9, xs[2] - xs[1] - 6)
    assert len(lines) == 3
    for i, line in enumerate(lines):
        c.drawString(xs[1] + 3, top - 10 - pitch * i, line)
    for x, cell in zip([xs[0], *xs[2:]], ["W-12", "4", "1,250.00"], strict=False):
        c.drawString(x + 3, top - 10 - pitch, cell)
    y = top - pitch * 3 - 4
    for x, cell in zip(xs, ["W-13", "Sealant", "2", "80.00"], strict=False):
        c.drawString(x + 3, y - 10, cell)
    bottom = y - pitch - 4
    for yy in (top, y, bottom):
        c.line(xs[0], yy, xs[-1], yy)
    for x in xs:
        c.line(x, top, x, bottom)
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [["W-12", text, "4", "1,250.00"], ["W-13", "Sealant", "2", "80.00"]]
