"""Bullets drawn as shapes (worker/engines/drawn_bullets.py): small filled dots left of a
résumé's lines, no glyph in the text layer. They were paragraphs, and two one-line points
close together one paragraph; each is a list item, and a dot inside a line is no bullet."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

_POINTS = [
    "Built and led a team of six researchers working on foundational models",
    "Developed regularization techniques for large language models",
    "Mentored four PhD interns",
]


def _page(path: Path, *, shape: str) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    c.setFont("Helvetica-Bold", 13)
    c.drawString(72, y, "Research Scientist, Example Labs")
    c.setFont("Helvetica", 11)
    y -= 24
    for text in _POINTS:
        # the bullet: a 3.75 pt dot (or square) at the line's middle height, then the text
        if shape == "circle":
            c.circle(78, y + 3.5, 1.875, stroke=0, fill=1)
        else:
            c.rect(76.1, y + 1.6, 3.75, 3.75, stroke=0, fill=1)
        c.drawString(90, y, text)
        y -= 15
    y -= 20
    c.drawString(72, y, "Boston")
    c.circle(114, y + 3.5, 1.5, stroke=0, fill=1)  # a separator inside a line
    c.drawString(120, y, "Berlin")
    c.save()
    return path


def _check(path: Path) -> None:
    result = convert(path)
    items = [b for b in result.blocks if b.kind == "list_item"]
    assert [b.text for b in items] == _POINTS
    assert all(b.level == 0 and b.checked is None for b in items)
    assert "Boston Berlin" in [b.text for b in result.blocks if b.kind == "paragraph"]


def test_given_lines_marked_by_drawn_dots_then_each_is_a_list_item(tmp_path: Path) -> None:
    # given / when / then: three one-line points, each after a filled circle
    _check(_page(tmp_path / "dots.pdf", shape="circle"))


def test_given_lines_marked_by_drawn_squares_then_each_is_a_list_item(tmp_path: Path) -> None:
    # given / when / then: the same with small filled squares
    _check(_page(tmp_path / "squares.pdf", shape="square"))
