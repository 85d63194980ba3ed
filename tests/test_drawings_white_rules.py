"""Lines drawn in white (worker/engines/drawings.py, drawn_boxes.white_line). A word
processor's layout table with its borders set to white frames two columns of text: on
white paper nobody sees the frame, and read as rules it made the page a two-column
table whose rows interleaved the columns (a course outline). White rules on a coloured
ground (a shaded header's cell borders) are seen and stay rules."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = letter
LEFT = [f"Module {n}: reading item {n} of the first column, in full." for n in range(1, 9)]
RIGHT = [f"Topic {n}: what the second column says about it, at length." for n in range(1, 9)]


def _columns_in_a_frame(path: Path, *, stroke: tuple[float, float, float]) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    top, bottom, xs = HEIGHT - 72, HEIGHT - 72 - 20 * len(LEFT) - 20, (60, 306, 552)
    # given: a 2-column frame with a rule across its middle, stroked in ``stroke``
    c.setStrokeColorRGB(*stroke)
    c.setLineWidth(0.75)
    for x in xs:
        c.line(x, top, x, bottom)
    for y in (top, (top + bottom) / 2, bottom):
        c.line(xs[0], y, xs[-1], y)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica", 9)
    for i, (a, b) in enumerate(zip(LEFT, RIGHT, strict=True)):
        c.drawString(xs[0] + 6, top - 16 - 20 * i, a)
        c.drawString(xs[1] + 6, top - 16 - 20 * i, b)
    c.save()
    return path


def test_given_a_frame_stroked_in_white_then_the_columns_read_one_after_the_other(tmp_path: Path) -> None:
    # when
    result = convert(_columns_in_a_frame(tmp_path / "white.pdf", stroke=(1.0, 1.0, 1.0)))

    # then: no table; the left column's lines all come before the right column's
    assert not [b for b in result.blocks if b.kind == "table"]
    text = result.text
    assert text.index(LEFT[-1]) < text.index(RIGHT[0])


def test_given_the_same_frame_in_black_then_it_is_a_table(tmp_path: Path) -> None:
    # when
    result = convert(_columns_in_a_frame(tmp_path / "black.pdf", stroke=(0.0, 0.0, 0.0)))

    # then: the drawn grid is a table (the white case differs only in colour)
    assert [b for b in result.blocks if b.kind == "table"]


def test_given_white_cell_borders_on_a_dark_header_then_they_still_split_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "header.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    xs, top = [60, 200, 340, 480], HEIGHT - 100
    # given: a dark header band with its column borders drawn in white on it, over a
    # body ruled in black
    c.setFillColorRGB(0.2, 0.3, 0.5)
    c.rect(xs[0], top - 20, xs[-1] - xs[0], 20, stroke=0, fill=1)
    c.setStrokeColorRGB(1, 1, 1)
    for x in xs[1:-1]:
        c.line(x, top, x, top - 20)
    c.setStrokeColorRGB(0, 0, 0)
    ys = [top - 20 - 18 * k for k in range(4)]
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    c.setFillColorRGB(1, 1, 1)
    c.setFont("Helvetica-Bold", 9)
    for x, label in zip(xs, ("Item", "Amount", "Share"), strict=False):
        c.drawString(x + 6, top - 14, label)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica", 9)
    rows = [["Rent", "1,200", "40%"], ["Food", "900", "30%"], ["Other", "900", "30%"]]
    for y, row in zip(ys, rows, strict=False):
        for x, cell in zip(xs, row, strict=False):
            c.drawString(x + 6, y - 13, cell)
    c.save()

    # when
    result = convert(path)

    # then: one table, the header's labels each in its own column
    tables = [b for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows[0] == ["Item", "Amount", "Share"]
    assert tables[0].rows[1:] == rows
