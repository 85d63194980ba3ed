"""Checkboxes drawn as four rules (worker/engines/ruled_squares.py): a form that draws
each box side by side as lines gives the square no path of its own. Read as rules, the
box is no checkbox and its option a plain line; a reader sees a box before each option.

A comb's cells (a box for each letter of a number), drawn the same way side by side,
share their sides: they are no checkboxes.

The tests read: given such boxes drawn on a page, when the page is laid out, then the
options are checkbox items, and the comb's cells stay rules."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words
from worker.engines.ruled_squares import ruled_squares

WIDTH, HEIGHT = letter
OPTIONS = ["Individual or sole proprietor", "Partnership", "Trust or estate"]


def _lines_box(c: canvas.Canvas, x: float, y: float, side: float) -> None:
    """A square drawn as four lines, each its own path."""
    for x0, y0, x1, y1 in ((0, 0, 1, 0), (0, 1, 1, 1), (0, 0, 0, 1), (1, 0, 1, 1)):
        c.line(x + side * x0, y + side * y0, x + side * x1, y + side * y1)


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setLineWidth(0.5)
    c.setFont("Helvetica", 10)
    c.drawString(72, HEIGHT - 90, "Check the box for the filer's federal tax classification.")
    for k, option in enumerate(OPTIONS):
        y = HEIGHT - 112 - 16 * k
        _lines_box(c, 80, y - 1, 8)
        c.drawString(94, y, option)
    c.save()
    return path


def test_given_checkboxes_drawn_as_four_rules_then_each_option_is_a_checkbox_item(tmp_path: Path) -> None:
    # Given options each after a box drawn as four lines
    page = convert(_draw(tmp_path / "boxes.pdf"))
    # When the page is read
    items = [(words(b.text), b.checked) for b in page.blocks if b.kind == "list_item"]
    # Then each option is an unticked checkbox item
    assert items == [(opt, False) for opt in OPTIONS], [(b.kind, words(b.text)) for b in page.blocks]


def _sides(x: float, top: float, side: float) -> list[tuple[float, float, float, float]]:
    """A square's four rules as the text layer gives them (x0, top, x1, bottom)."""
    w = 0.5
    return [
        (x, top - w / 2, x + side, top + w / 2),
        (x, top + side - w / 2, x + side, top + side + w / 2),
        (x - w / 2, top, x + w / 2, top + side),
        (x + side - w / 2, top, x + side + w / 2, top + side),
    ]


def test_given_a_comb_drawn_as_rules_then_its_cells_stay_rules() -> None:
    # Given a lone square drawn as four rules, and a comb of nine square cells drawn the
    # same way side by side
    lone = _sides(80.0, 100.0, 8.0)
    comb = [r for k in range(9) for r in _sides(240.0 + 12.0 * k, 200.0, 12.0)]
    # When the squares among the rules are looked for
    rules, squares = ruled_squares(lone + comb)
    # Then the lone square is a checkbox, its rules gone; the comb's cells stay rules
    assert squares == [(80.0, 100.0, 88.0, 108.0)]
    assert rules == comb
