"""A list in the right one of two columns, each bullet set a tab (an em) before its
item's text and items wrapping onto a second line (worker/engines/layout/row_marks.py).
The item's wrapped lines start where the text after each bullet does, level with the
left column's lines: the gap after each bullet lines up with the gutter those rows show,
the bullet is cut from its text, and the bullets made a column of their own, read before
all the items' text. Each bullet belongs to the item it stands on."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, convert

ITEMS = (
    "Determining the immediate and underlying challenges of design",
    "Underlying considerations: usability and user experience",
    "Underlying considerations: materials and manufacturing processes",
    "Determining root challenges: organizational factors",
    "Management of changes, feedback, and iterations",
)


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 11)
    # given: a left column of prose running down beside the whole list
    y = HEIGHT - 72
    for line in simpleSplit(LEFT_TEXT + " " + LEFT_TEXT, "Helvetica", 11, 220):
        c.drawString(72, y, line)
        y -= 12.6
    # ... and a right column of bullets, each 12 pt before its wrapped item
    y = HEIGHT - 72
    for item in ITEMS:
        c.drawString(328, y, "\u25cf")
        for line in simpleSplit(item, "Helvetica", 11, 180):
            c.drawString(346, y, line)
            y -= 12.6
    c.save()
    return path


def test_given_a_column_of_bullets_a_tab_before_wrapped_items_when_converted_then_each_is_an_item(
    tmp_path: Path,
) -> None:
    # when
    result = convert(_draw(tmp_path / "bullets.pdf"))

    # then: every item is a list item with its whole text; no bullet stands alone
    items = [b.text for b in result.blocks if b.kind == "list_item"]
    assert items == list(ITEMS)
