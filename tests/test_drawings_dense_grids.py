"""A page of two dense ruled grids, each cell side drawn as a stroke of its own (a printed
timetable's two directions): the path walk reads the second grid's rules too, so its rows
and columns come out as drawn (worker/engines/path_reads.py's bound on paths)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from common.documents.results import PageResult
from tests.pdf_pages import text_layer_of
from worker.engines.base import PageInput
from worker.engines.pdf_text import PdfTextEngine

_COLS, _ROWS = 17, 26
_LEFT, _CELL_W, _CELL_H = 30.0, 32.0, 12.0


def _grid(c: canvas.Canvas, top: float, name: str) -> None:
    """A timetable of _ROWS stations by _COLS - 1 trains under a header row, every cell
    side a separate stroke (as a layout program that draws cell by cell writes it)."""
    c.setLineWidth(0.5)
    rows = _ROWS + 1
    for r in range(rows + 1):
        y = top - r * _CELL_H
        for k in range(_COLS):
            x = _LEFT + k * _CELL_W
            c.line(x, y, x + _CELL_W, y)
    for k in range(_COLS + 1):
        x = _LEFT + k * _CELL_W
        for r in range(rows):
            y = top - r * _CELL_H
            c.line(x, y, x, y - _CELL_H)
    c.setFont("Helvetica", 7)
    c.drawString(_LEFT + 2, top - 9, "Station")
    for k in range(1, _COLS):
        c.drawString(_LEFT + k * _CELL_W + 2, top - 9, f"{name}{k:02d}")
    for r in range(1, rows):
        y = top - r * _CELL_H - 9
        c.drawString(_LEFT + 2, y, f"Stop {r}")
        for k in range(1, _COLS):
            c.drawString(_LEFT + k * _CELL_W + 2, y, f"{(r + k) % 12 + 1}:{r:02d}p")


def test_given_two_dense_grids_drawn_stroke_by_stroke_then_the_second_keeps_its_cells(tmp_path: Path) -> None:
    # given: two grids of 17 columns and 27 rows, one under the other, about 1,900 strokes
    path = tmp_path / "timetable.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    _grid(c, 770, "N")
    _grid(c, 420, "S")
    c.save()

    # when
    layer = text_layer_of(path)
    (res,) = PdfTextEngine().convert([PageInput(1, layer.width, layer.height, text_layer=layer)])
    assert isinstance(res, PageResult)

    # then: both grids are tables of 27 rows, each cell holding its own time
    tables = [b.rows for b in res.blocks if b.kind == "table" and b.rows is not None]
    assert len(tables) == 2
    for table, name in zip(tables, "NS", strict=True):
        assert len(table) == _ROWS + 1
        assert all(len(row) == _COLS for row in table)
        assert table[0][1] == f"{name}01"
        last = _ROWS
        times = [f"{(last + k) % 12 + 1}:{last:02d}p" for k in range(1, _COLS)]
        assert table[last] == [f"Stop {last}", *times]
