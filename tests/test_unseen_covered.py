"""Text painted over by an opaque box drawn after it (worker/engines/unseen_text.py), on
PDF pages drawn here: a browser's print of a page with a sticky header paints the
header's white box over the lines that scrolled under it, and their text stays in the
text layer. It is left out, as a reader of the printed page sees it; the header's own
text drawn on its box, a box drawn before the text (a background) and a box clipped to
leave the text out (a word processor's cell shading) hide nothing."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from reportlab.pdfgen import canvas

from worker.engines.textlayer import extract_text_layer

LINES = [
    "Fonctionnement",
    "Determination de la qualite",
    "Utiliser le verificateur",
    "Desactiver le verificateur",
]


def _words(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return " ".join(s.text for s in extract_text_layer(pdf[0]).spans)
    finally:
        pdf.close()


def _list_page(path: Path, *, box: str) -> Path:
    """Four 12 pt lines from the top, and a white box over the first two: drawn after
    them (``box="over"``), before them (``"under"``), or after them but clipped to a
    strip beside them (``"clipped"``); over the box, the header's own title."""
    c = canvas.Canvas(str(path), pagesize=(400, 300))
    if box == "under":
        c.setFillColorRGB(1, 1, 1)
        c.rect(20, 215, 360, 70, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica", 12)
    for k, line in enumerate(LINES):
        c.drawString(40, 260 - 25 * k, line)
    if box != "under":
        c.saveState()
        if box == "clipped":
            strip = c.beginPath()
            strip.rect(20, 215, 15, 70)
            c.clipPath(strip, stroke=0, fill=0)
        c.setFillColorRGB(1, 1, 1)
        c.rect(20, 215, 360, 70, stroke=0, fill=1)
        c.restoreState()
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(300, 268, "Header")
    c.save()
    return path


def test_given_lines_under_a_box_drawn_after_them_then_they_are_left_out(tmp_path: Path) -> None:
    # given: a sticky header's white box painted over the first two lines
    words = _words(_list_page(tmp_path / "over.pdf", box="over"))

    # then: those lines are gone; the header's title and the lines below stay
    assert "Fonctionnement" not in words and "Determination" not in words
    assert words == "Utiliser le verificateur Desactiver le verificateur Header"


def test_given_a_background_box_then_the_text_on_it_stays(tmp_path: Path) -> None:
    # given: the same box drawn first, under the text
    words = _words(_list_page(tmp_path / "under.pdf", box="under"))

    # then
    assert words.startswith("Fonctionnement Determination")


def test_given_a_box_clipped_beside_the_text_then_the_text_stays(tmp_path: Path) -> None:
    # given: the box drawn after the text, its clip a strip left of the lines
    words = _words(_list_page(tmp_path / "clipped.pdf", box="clipped"))

    # then
    assert words.startswith("Fonctionnement Determination")


def _framed_page(path: Path) -> Path:
    """The four lines on a grey cell whose shading is drawn after them, clipped to the
    cell's frame: one outline that runs round the cell's outer edge and back in round its
    inner area (a U open at the top), so the shading paints the frame and leaves the
    inner area, and the text on it, bare."""
    c = canvas.Canvas(str(path), pagesize=(400, 300))
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica", 12)
    for k, line in enumerate(LINES):
        c.drawString(40, 260 - 25 * k, line)
    c.saveState()
    frame = c.beginPath()
    for k, (x, y) in enumerate(
        ((20, 285), (20, 160), (380, 160), (380, 285), (375, 285), (375, 165), (25, 165), (25, 285))
    ):
        if k == 0:
            frame.moveTo(x, y)
        else:
            frame.lineTo(x, y)
    frame.close()
    c.clipPath(frame, stroke=0, fill=0)
    c.setFillColorRGB(0.8, 0.8, 0.8)
    c.rect(20, 160, 360, 125, stroke=0, fill=1)
    c.restoreState()
    c.save()
    return path


def test_given_shading_clipped_to_a_frame_outline_then_the_text_inside_stays(tmp_path: Path) -> None:
    # given: a grey box drawn after the lines, clipped to a frame round them
    words = _words(_framed_page(tmp_path / "frame.pdf"))

    # then: the frame hides nothing; every line stays
    assert words == " ".join(LINES)
