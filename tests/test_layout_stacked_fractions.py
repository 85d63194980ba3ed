"""Stacked fractions of display math (worker/engines/layout/fractions.py).

TeX sets a fraction's numerator over a drawn bar and its denominator under it, the bar
on the math axis of the equation's line. Each overlaps that line by less than half its
height: row grouping read the numerators, the equation's line with a hole, and the
denominators as three rows. The text layer's order is the reader's: the left-hand side,
each fraction's numerator then its denominator, the rest of the line.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

FONT, SIZE = "Times-Roman", 10.0
BEFORE = "The reflection coefficient of the antenna at each state is given by"
AFTER = "where the load and the input impedance are measured at the carrier frequency."


def _centred(c: canvas.Canvas, text: str, mid: float, y: float) -> None:
    c.drawString(mid - stringWidth(text, FONT, SIZE) / 2, y, text)


def _page(path: Path) -> Path:
    """A paragraph, a display equation "G = (Z - R) / (Z + R)," with its fraction stacked
    over a drawn bar, and a paragraph under it."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont(FONT, SIZE)
    y = HEIGHT - 100
    c.drawString(72, y, BEFORE)
    base = y - 30  # the equation's baseline, set off as display math is
    c.drawString(200, base, "G =")
    x0 = 200 + stringWidth("G =", FONT, SIZE) + 3
    width = stringWidth("Z - R", FONT, SIZE) + 4
    axis = base + 2.5
    c.setLineWidth(0.4)
    c.line(x0, axis, x0 + width, axis)
    _centred(c, "Z - R", x0 + width / 2, axis + 4.5)
    _centred(c, "Z + R", x0 + width / 2, axis - 9.5)
    c.drawString(x0 + width + 1, base, ",")
    c.drawString(72, base - 30, AFTER)
    c.save()
    return path


def test_given_a_stacked_fraction_then_the_equation_reads_as_one_line(tmp_path: Path) -> None:
    # Given a display equation whose fraction's numerator and denominator stand over
    # and under a drawn bar on the equation's line
    blocks = convert(_page(tmp_path / "eq.pdf")).blocks
    # When the page is read
    texts = [b.text or "" for b in blocks]
    # Then the equation is one line: the left-hand side, the numerator, the denominator,
    # the comma against it
    at = texts.index(BEFORE)
    assert texts[at + 1] == "G = Z - R Z + R,"
    assert texts[at + 2] == AFTER
