"""Underscores drawn as rules (worker/engines/drawn_underscores.py): TeX prints "\\_" as a
short bar at the foot of the line, with no glyph in the text layer; the bar that glues
two words is read as the "_" it shows ("Kick_To"), while an underline under a word, or
drawn piece by piece under a phrase's words and spaces, adds nothing."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert


def _glued(c: canvas.Canvas, x: float, y: float, parts: list[str], size: float = 12.0) -> None:
    """``parts`` set one after the other, each pair glued by a bar as TeX draws "\\_"."""
    c.setFont("Helvetica", size)
    for k, part in enumerate(parts):
        if k:
            c.rect(x + 0.2, y - 1.8, 0.4 * size, 0.8, stroke=0, fill=1)
            x += 0.4 * size + 0.4
        c.drawString(x, y, part)
        x += stringWidth(part, "Helvetica", size)


def test_given_underscores_drawn_as_bars_between_words_then_they_are_read(tmp_path: Path) -> None:
    # given a manual's action names, their underscores drawn as bars, and a word
    # underlined by a rule under its whole length
    path = tmp_path / "actions.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    _glued(c, 72, HEIGHT - 100, ["Kick", "To(targetx, targety): Kicks the ball to the target."])
    _glued(c, 72, HEIGHT - 120, ["Reduce", "Angle", "To", "Goal(): Moves the agent."])
    c.setFont("Helvetica", 12)
    c.drawString(72, HEIGHT - 140, "Note the limits.")
    c.rect(72, HEIGHT - 142, stringWidth("Note", "Helvetica", 12), 0.8, stroke=0, fill=1)
    # and a link underlined piece by piece, a bar under each word and each space
    x, y = 72.0, HEIGHT - 160
    c.setFont("Helvetica-Bold", 11)
    for k, word in enumerate(["Pay", "online", "now"]):
        if k:
            space = stringWidth(" ", "Helvetica-Bold", 11)
            c.rect(x - 0.5, y - 2, space + 1, 0.8, stroke=0, fill=1)
            x += space
        width = stringWidth(word, "Helvetica-Bold", 11)
        c.drawString(x, y, word)
        c.rect(x - 0.5, y - 2, width + 1, 0.8, stroke=0, fill=1)
        x += width
    c.save()

    # when it is converted
    text = convert(path).text or ""

    # then the glued names read with their underscores, the underlined word as it is
    assert "Kick_To(targetx, targety): Kicks the ball to the target." in text
    assert "Reduce_Angle_To_Goal(): Moves the agent." in text
    assert "Note the limits." in text
    assert "Pay online now" in text
