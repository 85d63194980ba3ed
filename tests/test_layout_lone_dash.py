"""A dash alone on its line lists nothing (worker/engines/layout/not_items.py): a form
prints an en dash between the boxes of an identification number's comb, or as a blank value;
with no word after it on its line or under it, it is text, no list item. A dash that
marks an item's words stays a bullet.

The test reads: given a form's lines with a dash alone among them, when the page is
laid out, then the dash is no list item and the dashed item beside it still is."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, HEIGHT - 72, "Enter your taxpayer identification number in the boxes below.")
    c.drawString(72, HEIGHT - 100, "Employer identification number")
    c.drawString(140, HEIGHT - 124, "\u2013")
    c.drawString(72, HEIGHT - 160, "Keep a copy of this form for your records:")
    c.drawString(72, HEIGHT - 178, "\u2013 Sign and date the form before you send it.")
    c.save()
    return path


def test_given_a_dash_alone_on_its_line_then_it_is_no_list_item(tmp_path: Path) -> None:
    # Given a form's page with a dash alone between two labels, and a dashed item
    page = convert(_draw(tmp_path / "dash.pdf"))
    # When it is laid out
    items = [b.text for b in page.blocks if b.kind == "list_item"]
    # Then only the dashed item is a list item
    assert items == ["Sign and date the form before you send it."], [(b.kind, b.text) for b in page.blocks]
