"""Ruled tables whose grid is not drawn as lines crossing lines (worker/engines/cell_fills.py,
worker/engines/drawings.py, worker/engines/layout/grids.py):

- a spreadsheet export paints borders as thin filled rectangles, one per cell side with a
  dot at each corner, draws no column rules at all, and shades every second row (and the
  header) with several rectangles a cell: its columns are where the borders break, and
  the sides where shading pieces of one colour meet are no rules;
- a table ruled between its columns but with no frame at its sides ends where its
  horizontal rules end, its first and last columns included.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert
from worker.engines.layout.grids import ruled_tables
from worker.engines.layout.model import LayoutLine

_H = letter[1]
_XS = [50.0, 170.0, 260.0, 350.0, 440.0]  # column sides, left to right
_LINE = 0.96  # a border's thickness, as the export draws it
_PAD = 5.0  # a shaded cell's padding, painted as pieces of its own
_SHADE = (0.82, 0.92, 0.95)
_BORDER = (0.47, 0.75, 0.83)


def _fill(c: canvas.Canvas, x0: float, top: float, x1: float, bottom: float, rgb: tuple[float, ...]) -> None:
    """A filled, unstroked rectangle given in top-down page coordinates."""
    c.setFillColorRGB(*rgb)
    c.rect(x0, _H - bottom, x1 - x0, bottom - top, stroke=0, fill=1)


def _border(c: canvas.Canvas, y: float, cols: list[int]) -> None:
    """The border along y under or over the cells of ``cols``: a piece per cell, a dot at
    each of its corners (the export's way)."""
    for col in cols:
        a, b = _XS[col], _XS[col + 1]
        _fill(c, a, y, a + _LINE, y + _LINE, _BORDER)
        _fill(c, a + _LINE, y, b, y + _LINE, _BORDER)
        _fill(c, b, y, b + _LINE, y + _LINE, _BORDER)


def _shade(c: canvas.Canvas, x0: float, top: float, x1: float, bottom: float) -> None:
    """A cell's shading in pieces: left and right padding, the text area in two bands, a
    strip under it; all one colour, touching."""
    mid = (top + bottom) / 2
    _fill(c, x0, top, x0 + _PAD, bottom - _PAD, _SHADE)
    _fill(c, x1 - _PAD, top, x1, bottom - _PAD, _SHADE)
    _fill(c, x0 + _PAD, top, x1 - _PAD, mid, _SHADE)
    _fill(c, x0 + _PAD, mid, x1 - _PAD, bottom - _PAD, _SHADE)
    _fill(c, x0, bottom - _PAD, x1, bottom, _SHADE)


def _text(c: canvas.Canvas, text: str, col: int, top: float) -> None:
    c.setFillColorRGB(0, 0, 0)
    c.drawString(_XS[col] + _PAD + 2, _H - top - 12, text)


def test_given_a_spreadsheet_export_with_borders_as_fills_then_every_row_keeps_its_columns(
    tmp_path: Path,
) -> None:
    # given: a two-level header (State and Total over both header rows, Revenue over
    # Medical and Family) and four rows, every second one shaded; borders are thin fills
    # drawn cell by cell, the frame's sides the only vertical ones
    path = tmp_path / "export.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    header, sub, rows = 100.0, 130.0, [160.0, 180.0, 200.0, 220.0, 240.0]
    _shade(c, _XS[0], header, _XS[1], rows[0])  # State: both header rows
    _shade(c, _XS[1], header, _XS[3], sub)  # Revenue: over two columns
    _shade(c, _XS[3], header, _XS[4], rows[0])  # Total: both header rows
    for k in (0, 2):
        for col in range(4):
            _shade(c, _XS[col], rows[k], _XS[col + 1], rows[k + 1])
    _border(c, header - _LINE, [0, 1, 2, 3])
    _border(c, sub - _LINE, [1, 2])  # under Revenue only: the cells below it meet there
    for y in rows:
        _border(c, y - _LINE, [0, 1, 2, 3])
    for top, bottom in zip([header, *rows], rows, strict=False):  # the frame's sides, row by row
        _fill(c, _XS[0] - _LINE, top, _XS[0], bottom - _LINE, _BORDER)
        _fill(c, _XS[4], top, _XS[4] + _LINE, bottom - _LINE, _BORDER)
    _text(c, "State", 0, header + 2)
    _text(c, "Revenue", 1, header + 2)
    _text(c, "Total", 3, header + 2)
    _text(c, "Medical", 1, sub + 2)
    _text(c, "Family", 2, sub + 2)
    body = [
        ["Assam", "14", "25", "39"],
        ["Bihar", "21", "43", "64"],
        ["Goa", "40", "11", "51"],
        ["Kerala", "27", "39", "66"],
    ]
    for k, cells in enumerate(body):
        for col, text in enumerate(cells):
            _text(c, text, col, rows[k] + 3)
    c.save()

    # when
    result = convert(path)

    # then: one table; the header cells are whole, Revenue spans its two columns, and
    # the unshaded rows are cut into cells as the shaded ones are
    [table] = [b.rows for b in result.blocks if b.kind == "table"]
    assert table == [["State", "Revenue", "", "Total"], ["", "Medical", "Family", ""], *body]


def _line(text: str, x0: float, top: float) -> LayoutLine:
    return LayoutLine(text=text, bbox=(x0, top, x0 + 6.0 * len(text), top + 10.0))


def test_given_a_table_ruled_without_side_frames_then_its_outer_columns_are_in_it() -> None:
    # given: rules across every row from x=50 to x=450, vertical rules only between the
    # columns (at 150, 250 and 350), none at the table's sides
    ys = [100.0, 120.0, 140.0, 160.0]
    rules = [(50.0, y - 0.25, 450.0, y + 0.25) for y in ys]
    rules += [(x - 0.25, ys[0], x + 0.25, ys[-1]) for x in (150.0, 250.0, 350.0)]
    cells = [
        ["PRODUCTS", "HARVEST", "SHARE", "VARIATION"],
        ["COTTON", "1.393", "886", "(35,8)"],
        ["RICE", "2.426", "2.389", "(1,3)"],
    ]
    xs = [55.0, 155.0, 255.0, 355.0]
    lines = [_line(text, xs[col], ys[r] + 5) for r, row in enumerate(cells) for col, text in enumerate(row)]

    # when
    tables, rest = ruled_tables(lines, rules)

    # then: one table of four columns, its first and last ones whole
    assert [t.table for t in tables] == [cells]
    assert rest == []


def test_given_zebra_rows_shaded_cell_by_cell_then_the_unshaded_last_row_stays_in_the_table(
    tmp_path: Path,
) -> None:
    # given: a header and every second row shaded, each cell a fill of its own touching the
    # next, no rule drawn; the last row is unshaded
    path = tmp_path / "zebra.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    rows = [
        ["Metric", "Q3", "Q4", "Target"],
        ["Orders shipped", "41,971", "54,982", "60,000"],
        ["On-time rate", "95.7%", "93.2%", "95.0%"],
        ["Returns processed", "2,817", "3,590", "3,000"],
    ]
    tops = [100.0 + 14.0 * k for k in range(len(rows))]
    for k in (0, 2):
        for col in range(4):
            _fill(c, _XS[col], tops[k], _XS[col + 1], tops[k] + 14.0, _SHADE)
    for k, cells in enumerate(rows):
        for col, text in enumerate(cells):
            _text(c, text, col, tops[k] - 1)
    c.save()

    # when
    result = convert(path)

    # then: the shading's outline is no border broken at every cell: the table is read
    # from its text, all four rows in it
    [table] = [b.rows for b in result.blocks if b.kind == "table"]
    assert table == rows
