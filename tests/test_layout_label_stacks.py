"""Two stacks of a form's field labels side by side (an order's fields on the left, the
client's on the right), each label followed by a fill-in field of underscores or by
nothing, one stack longer than the other (layout/label_values.py label_stacks): each
stack is a block, read top to bottom, the left one first; a row across the gutter is not
one line ("Order No: Client Name:"). A label beside its value stays one row, and stacks
of equal length are a form's rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from common.documents.results import Word
from tests.layout_lines import positions
from tests.layout_pages import HEIGHT, convert
from worker.engines.layout import LayoutLine, layout_lines

LEFT = ["Order No:", "Order Date:"]
RIGHT = ["Client Name:", "Client Email:", "Client Phone:"]
PITCH = 25.0


def _draw_stacks(path: Path, left: list[str], right: list[str], *, fill: bool) -> Path:
    """A title, two stacks of 11 pt labels 216 points apart, each label filled out to its
    stack's right edge with underscores when ``fill``, and a closing paragraph."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(72, HEIGHT - 90, "Service Order")
    c.setFont("Helvetica", 11)
    for x, labels, width in ((72.0, left, 175.0), (288.0, right, 250.0)):
        for i, label in enumerate(labels):
            text = label
            while fill and c.stringWidth(text + "_", "Helvetica", 11) <= width:
                text += "_"
            c.drawString(x, HEIGHT - 150 - PITCH * i, text)
    c.drawString(72, HEIGHT - 260, "All prices include the studio's standard service charge.")
    c.save()
    return path


def _read(path: Path) -> str:
    return "\n".join(b.text for b in convert(path).blocks)


def test_given_two_stacks_of_filled_fields_then_the_left_stack_is_read_first(tmp_path: Path) -> None:
    # given: two order fields left, three client fields right, each filled with underscores
    pdf = _draw_stacks(tmp_path / "stacks.pdf", LEFT, RIGHT, fill=True)

    # when
    text = _read(pdf)

    # then: each stack top to bottom, the left one first, no row read across the gutter
    order = positions(text, [*LEFT, *RIGHT, "All prices"])
    assert order == sorted(order), text
    assert "Order No: Client Name:" not in " ".join(text.split())


def test_given_two_stacks_of_blank_labels_of_unequal_length_then_each_stack_is_read_whole(
    tmp_path: Path,
) -> None:
    # given: the same labels with nothing after them (the fields drawn on the form, or
    # none), the right stack a line longer than the left
    pdf = _draw_stacks(tmp_path / "blank.pdf", LEFT, RIGHT, fill=False)

    # when
    text = _read(pdf)

    # then
    order = positions(text, [*LEFT, *RIGHT, "All prices"])
    assert order == sorted(order), text


SIZE = 11.0
CHAR = 5.5


def _line(text: str, x0: float, top: float) -> LayoutLine:
    words: list[Word] = []
    x = x0
    for w in text.split(" "):
        words.append(Word(text=w, bbox=(x, top, x + CHAR * len(w), top + SIZE)))
        x += CHAR * (len(w) + 1)
    return LayoutLine(text=text, bbox=(x0, top, x0 + CHAR * len(text), top + SIZE), size=SIZE, words=words)


def test_given_labels_with_their_values_beside_them_then_each_row_is_read_whole() -> None:
    # given: keyed labels in the left column, their values (no labels) in the right
    rows = [("Order No:", "A-10442"), ("Order Date:", "12 May 2024"), ("Client:", "Harbour Lights Ltd")]
    lines = [
        ln
        for i, (k, v) in enumerate(rows)
        for ln in (_line(k, 72, 150 + PITCH * i), _line(v, 288, 150 + PITCH * i))
    ]

    # when
    text = "\n".join(b.text for b in layout_lines(lines, 612.0, 792.0))

    # then: a label with its value
    assert "Order No: A-10442" in text
    assert "Client: Harbour Lights Ltd" in text


@pytest.mark.parametrize("fill", ["", "__________"])
def test_given_stacks_of_equal_length_then_they_are_read_row_by_row(fill: str) -> None:
    # given: two rows of two labels each, blank or filled with underscores (a form's rows:
    # "Street:" beside "House nr:", "Postcode:" beside "City:")
    labels = [("Street:", "House nr:"), ("Postcode:", "City:")]
    lines = [
        ln
        for i, (a, b) in enumerate(labels)
        for ln in (_line(a + fill, 72, 150 + PITCH * i), _line(b + fill, 288, 150 + PITCH * i))
    ]

    # when
    text = " ".join(b.text for b in layout_lines(lines, 612.0, 792.0))

    # then: row by row, as a form's rows with values are
    assert text.index("House nr:") < text.index("Postcode:")
