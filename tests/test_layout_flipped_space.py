"""Upright text drawn in a flipped page space, and text a negative size turns over.

Some producers draw a page in a y-down space (a CTM of "1 0 0 -1 0 H") and set text in it
at a negative size ("/F0 -12 Tf") with a mirrored text matrix or horizontal scaling
("-100 Tz"): each text object's matrix then says 180 degrees while the glyphs, drawn by the
size times that matrix, stand upright and run left to right. Read by the matrix alone,
the whole page became upside-down lines, their letters reversed. The displayed angle is
that of the glyphs as drawn: the matrix with the size's sign; a negative size in an
upright space does turn the text over."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from common.documents.results import blocks_to_text
from tests.layout_pages import HEIGHT, LEFT_TEXT, RIGHT_TEXT, WIDTH, convert, words
from worker.engines.textlayer import extract_text_layer

TITLE = "Flipped Space Fact Sheet"


def _draw_flipped(path: Path, *, mirror: str) -> Path:
    """A 20 pt title over two paragraphs of 10 pt prose, all drawn upright in a y-down
    page space at negative sizes; the text is turned back upright by "-100 Tz"
    (``mirror`` "scale") or by a mirrored text matrix "-1 0 0 1" (``mirror`` "matrix")."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.transform(1, 0, 0, -1, 0, HEIGHT)  # y runs down from the page's top edge

    def line(x: float, y: float, size: float, text: str) -> None:
        t = c.beginText()
        t.setFont("Helvetica", -size)
        if mirror == "scale":
            t.setHorizScale(-100)
            t.setTextOrigin(x, y)
        else:
            t.setTextTransform(-1, 0, 0, 1, x, y)
        t.textOut(text)
        c.drawText(t)

    line(72, 72, 20, TITLE)
    y = 120.0
    for text in (LEFT_TEXT, RIGHT_TEXT):
        for row in simpleSplit(text, "Helvetica", 10, 400):
            line(72, y, 10, row)
            y += 13
        y += 13
    c.save()
    return path


@pytest.mark.parametrize("mirror", ["scale", "matrix"])
def test_given_upright_text_in_a_flipped_space_then_it_reads_in_order(tmp_path: Path, mirror: str) -> None:
    # Given: a page drawn upright in a y-down space at negative font sizes
    pdf = _draw_flipped(tmp_path / f"flipped-{mirror}.pdf", mirror=mirror)

    # When: it is converted
    result = convert(pdf)

    # Then: nothing is read as turned; the title and paragraphs read as drawn, in order
    text = blocks_to_text(result.blocks)
    assert text.split() == f"{TITLE} {LEFT_TEXT} {RIGHT_TEXT}".split(), text
    assert [b.text for b in result.blocks][1:] == [words(LEFT_TEXT), words(RIGHT_TEXT)]


def test_given_upright_text_in_a_flipped_space_then_its_size_is_positive(tmp_path: Path) -> None:
    # Given: the flipped page
    pdf = _draw_flipped(tmp_path / "flipped.pdf", mirror="scale")

    # When: its text layer is read
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        layer = extract_text_layer(doc[0])
    finally:
        doc.close()

    # Then: no turned lines, and the title is the largest text at its displayed size
    assert layer.turned == []
    sizes = {round(s[5]) for s in layer.spans}
    assert sizes == {10, 20}, sizes


def _draw_turned_by_size(path: Path) -> Path:
    """Ten lines of prose in an ordinary y-up space, and a label set at "-10 Tf": its
    glyphs are drawn turned 180 degrees, though its text matrix is the identity."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setFont("Helvetica", 10)
    for k in range(10):
        c.drawString(72, HEIGHT - 72 - 13 * k, f"Line {k} of the ordinary body text that reads across.")
    t = c.beginText()
    t.setFont("Helvetica", -10)
    t.setTextOrigin(500, 500)
    t.textOut("Turned by its size")
    c.drawText(t)
    c.save()
    return path


def test_given_a_negative_size_in_an_upright_space_then_the_text_is_turned(tmp_path: Path) -> None:
    # Given: an upside-down label whose matrix is upright but whose size is negative
    pdf = _draw_turned_by_size(tmp_path / "turned.pdf")

    # When: it is converted
    result = convert(pdf)

    # Then: the label is read whole, in its own direction, not reversed among the lines
    text = blocks_to_text(result.blocks)
    assert "Turned by its size" in text, text
    assert "ezis" not in text
