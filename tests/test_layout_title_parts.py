"""A title set on one line in two parts far apart (worker/engines/layout/title_parts.py):
the right part is read right after the left one, not after the rows under the left part.

Each test reads: given a page drawn so (with reportlab), when the pdf-text engine converts
it, then the page's text reads so."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words

_, _H = A4
ROWS = [("Participant information", 112), ("Surname", 134), ("Preferred first name", 160), ("Position", 187)]


def _form(path: Path) -> Path:
    # A form's head: the event's name large at the left margin, "Registration form"
    # smaller at the right on the same baseline, the form's rows under the name.
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 28.4)
    c.drawString(42.6, _H - 88, "Summit 2014")
    c.setFont("Helvetica", 18)
    c.drawString(385, _H - 87, "Registration form")
    c.setFont("Helvetica", 12)
    for text, y in ROWS:
        c.drawString(44, _H - y, text)
    c.save()
    return path


def test_given_a_title_in_two_parts_on_one_line_then_the_right_part_follows_the_left(tmp_path: Path) -> None:
    text = words(convert(_form(tmp_path / "form.pdf")).text or "")

    assert text.startswith("Summit 2014 Registration form Participant information Surname"), text
