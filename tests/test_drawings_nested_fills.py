"""A banded table whose cells are drawn as shading only, no rules: each cell painted as
a rectangle and, inside it, its padded text area painted again in the same colour, as a
word processor shades a cell and its paragraph (worker/engines/cell_fills.py). The
inner rectangle cannot be seen on the outer one, but its sides were read as rules: every
column was cut into its padding and its text area, and centred cell text of different
widths fell into different columns (13 columns for 5, cells drifting)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert
from worker.engines.cell_fills import seen_sides

WIDTH, HEIGHT = A4
XS = [40.0, 130.0, 310.0, 400.0, 490.0, 575.0]
ROWS = [
    ["Date", "Description", "Price", "Discount", "Line Total"],
    ["12/5/2020", "Manager Training", "$3,500", "-", "$3,500"],
    ["12/10/2020", "Team Training", "$2,500", "10%", "$2,250"],
    ["12/11/2020", "Leadership Training", "$4,500", "25%", "$3,375"],
]
SHADES = [(0.26, 0.4, 0.52), (0.83, 0.88, 0.92), None, (0.83, 0.88, 0.92)]
_PAD = 5.0


def _statement(path: Path) -> Path:
    """A heading over the banded table: a dark header row, then rows shaded, plain,
    shaded; each shaded cell a rectangle with its text area (inset by the padding on
    every side, the inset deeper in the body's figures columns) painted over it in the
    same colour; each cell's text centred in it."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(40, HEIGHT - 60, "Project statement")
    top = HEIGHT - 100
    for r, (row, shade) in enumerate(zip(ROWS, SHADES, strict=True)):
        y = top - 18.0 * r
        for k, cell in enumerate(row):
            x0, x1 = XS[k] + 0.7, XS[k + 1] - 0.7
            if shade is not None:
                c.setFillColorRGB(*shade)
                c.rect(x0, y - 17.0, x1 - x0, 17.0, stroke=0, fill=1)
                inset = _PAD if r == 0 or k < 2 else 2 * _PAD
                c.rect(x0 + inset, y - 15.0, x1 - x0 - 2 * inset, 13.0, stroke=0, fill=1)
            c.setFillColorRGB(1, 1, 1) if r == 0 else c.setFillColorRGB(0, 0, 0)
            c.setFont("Helvetica", 10)
            c.drawCentredString((x0 + x1) / 2, y - 12.0, cell)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(40, top - 18.0 * len(ROWS) - 40, "Thank you for your business!")
    c.save()
    return path


def test_given_cells_shaded_with_their_text_areas_then_the_cells_are_the_columns(tmp_path: Path) -> None:
    # given: the statement page
    pdf = _statement(tmp_path / "statement.pdf")

    # when
    result = convert(pdf)

    # then: one table of the five shaded columns, each cell's text in its own
    tables = [b.rows for b in result.blocks if b.kind == "table"]
    assert tables == [ROWS]


def test_given_a_panel_holding_several_cells_of_its_shade_then_their_sides_stay() -> None:
    # given: a grey panel and, inside it, two header cells of the same grey, apart (the
    # white cells painted round them are no fills: paper on paper)
    grey = (200, 200, 200, 255)
    panel = (20.0, 20.0, 420.0, 220.0, grey)
    cells = [(40.0, 40.0, 210.0, 60.0, grey), (230.0, 40.0, 400.0, 60.0, grey)]

    # when
    rules = seen_sides([panel, *cells], [])

    # then: the cells' sides are still drawn
    downs = {round((r[0] + r[2]) / 2) for r in rules if r[3] - r[1] > r[2] - r[0] and r[1] >= 39.0}
    assert {40, 210, 230, 400} <= downs


def test_given_a_cell_with_its_text_area_shaded_alike_then_only_the_cell_has_sides() -> None:
    # given: a shaded cell and its padded text area shaded in the same colour over it
    blue = (213, 224, 234, 255)
    cell = (40.0, 40.0, 220.0, 60.0, blue)
    area = (45.0, 42.0, 215.0, 58.0, blue)

    # when
    rules = seen_sides([cell, area], [])

    # then: the cell's four sides, and no side of the text area
    assert sorted((round(r[0]), round(r[1]), round(r[2]), round(r[3])) for r in rules) == [
        (40, 40, 40, 60),
        (40, 40, 220, 40),
        (40, 60, 220, 60),
        (220, 40, 220, 60),
    ]
