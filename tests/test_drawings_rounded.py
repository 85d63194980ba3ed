"""Checkboxes drawn as squares with rounded corners (worker/engines/drawings.py), as
Chromium prints an HTML ``<input type=checkbox>``: a white rounded square under a grey
rounded outline when empty; a white one under a square filled with the accent colour,
with a white tick stroked over it, when ticked. Other small rounded shapes (bullets,
radio buttons, a swatch, a rounded label) are no checkboxes."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from common.documents.results import PageResult
from tests.pdf_pages import text_layer_of as _layer
from worker.engines.base import PageInput
from worker.engines.pdf_text import PdfTextEngine


def _chromium_box(c: canvas.Canvas, x: float, y: float, tick: str) -> None:
    """An 8.25 pt box with 1.5 pt corners, drawn the way Chromium's PDFs draw it; ``tick``:
    "" for an empty box, "stroke" for its tick, "fill" for a tick drawn as a filled shape,
    "none" for the blue square with no tick on it."""
    c.setFillColorRGB(1, 1, 1)
    c.roundRect(x + 0.2, y + 0.2, 7.85, 7.85, 1.3, stroke=0, fill=1)
    if tick:
        c.setFillColorRGB(0, 117 / 255, 1)
        c.roundRect(x, y, 8.25, 8.25, 1.5, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.setStrokeColorRGB(1, 1, 1)
        c.setLineWidth(1.3)
        mark = c.beginPath()
        mark.moveTo(x + 1.65, y + 4.1)
        mark.lineTo(x + 3.3, y + 2.45)
        mark.lineTo(x + 6.6, y + 6.6)
        if tick == "stroke":
            c.drawPath(mark, stroke=1, fill=0)
        elif tick == "fill":
            mark.lineTo(x + 6.6, y + 5.2)
            mark.lineTo(x + 3.3, y + 1.2)
            mark.close()
            c.drawPath(mark, stroke=0, fill=1)
    else:
        c.setStrokeColorRGB(118 / 255, 118 / 255, 118 / 255)
        c.setLineWidth(0.75)
        c.roundRect(x + 0.375, y + 0.375, 7.5, 7.5, 1.3, stroke=1, fill=0)
    c.setFillColorRGB(0, 0, 0)
    c.setStrokeColorRGB(0, 0, 0)


def test_given_rounded_checkboxes_then_each_option_starts_with_its_box_glyph(tmp_path: Path) -> None:
    # given: a form's options after Chromium's boxes (the first ticked with a stroke, the
    # third with a filled tick, the fourth a blue square with only the white square under
    # it), one after a rounded outline with an "X" typed into it, and lines after small
    # rounded shapes that are no boxes: a round bullet, a radio button (a ring with a dot in it), a
    # swatch (a filled rounded square with nothing on it), a rounded label wider than
    # tall, a shaded rounded cell, and an icon (a white dot on a red rounded square)
    path = tmp_path / "rounded.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    options = [("Adult", "stroke"), ("Concession", ""), ("Email alerts", "fill"), ("Blue square", "none")]
    for i, (label, tick) in enumerate(options):
        y = 715 - 15 * i
        _chromium_box(c, 72, y - 1, tick)
        c.drawString(85, y, label)
    c.roundRect(72, 654, 8.25, 8.25, 1.5, stroke=1, fill=0)
    c.drawString(73.5, 655.5, "X")
    c.drawString(85, 655, "Text reminders")
    c.circle(76, 643, 2.5, stroke=0, fill=1)
    c.drawString(85, 640, "Round bullet")
    c.circle(76, 628, 4, stroke=1, fill=0)
    c.circle(76, 628, 2, stroke=0, fill=1)
    c.drawString(85, 625, "Radio option")
    c.setFillColorRGB(0.2, 0.5, 0.2)
    c.roundRect(72, 609, 8.25, 8.25, 1.5, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(85, 610, "Swatch legend")
    c.roundRect(72, 592, 18, 9, 2, stroke=1, fill=0)
    c.drawString(95, 595, "Rounded label")
    c.setFillColorRGB(0.9, 0.9, 0.9)
    c.roundRect(70, 575, 80, 14, 3, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(85, 579, "Shaded cell")
    c.setFillColorRGB(0.8, 0.1, 0.1)
    c.roundRect(72, 559, 9, 9, 2, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.circle(76.5, 563.5, 2.5, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(85, 560, "Record icon")
    c.save()

    # when
    layer = _layer(path)
    [result] = PdfTextEngine().convert([PageInput(1, layer.width, layer.height, text_layer=layer)])

    # then: the four boxes and their states, the boxes where drawn, the rest plain lines
    boxes = sorted(layer.boxes, key=lambda b: b[1])
    assert [b[4] for b in boxes] == [True, False, True, False]
    assert all(70 <= b[0] <= 73 and 7.5 <= b[2] - b[0] <= 11 for b in boxes)
    assert isinstance(result, PageResult)
    lines = [ln.text for b in result.blocks for ln in b.lines]
    assert [ln for ln in lines if ln[:1] in "☐☑"] == [
        "☑ Adult",
        "☐ Concession",
        "☑ Email alerts",
        "☑ Text reminders",
    ]
    for plain in (
        "Blue square",
        "Round bullet",
        "Radio option",
        "Swatch legend",
        "Rounded label",
        "Shaded cell",
    ):
        assert any(ln.endswith(plain) and ln[:1] not in "☐☑" for ln in lines), plain


# Debian's fonts-dejavu-core (scripts/services.sh installs it): a font with a tick glyph.
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_given_a_tick_glyph_on_a_filled_rounded_square_then_it_is_a_ticked_box(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    # given: a CSS-styled checkbox (a green rounded square with a white ✓ written on it),
    # and lines after shapes that are no boxes: a dark badge with a number, a close button
    # with an "x", a light grey rounded cell with a ✓ in it
    pdfmetrics.registerFont(TTFont("DejaVuTick", str(_DEJAVU)))
    path = tmp_path / "glyph.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    rows = [("✓", (0.13, 0.67, 0.47), "Keep me signed in"), ("3", (0.8, 0.2, 0.2), "Unread messages")]
    rows += [("x", (0.3, 0.3, 0.3), "Close the banner"), ("✓", (0.93, 0.93, 0.93), "Included in plan")]
    for i, (glyph, rgb, label) in enumerate(rows):
        y = 700 - 16 * i
        c.setFillColorRGB(*rgb)
        c.roundRect(72, y - 2, 9, 9, 2.25, stroke=0, fill=1)
        c.setFillColorRGB(*((1, 1, 1) if sum(rgb) < 2 else (0, 0, 0)))
        c.setFont("DejaVuTick", 7)
        c.drawCentredString(76.5, y, glyph)
        c.setFillColorRGB(0, 0, 0)
        c.setFont("Helvetica", 10)
        c.drawString(86, y, label)
    c.save()

    # when
    layer = _layer(path)
    [result] = PdfTextEngine().convert([PageInput(1, layer.width, layer.height, text_layer=layer)])

    # then: only the styled checkbox is a box, ticked, and its line starts with ☑
    assert [b[4] for b in layer.boxes] == [True]
    assert isinstance(result, PageResult)
    lines = [ln.text for b in result.blocks for ln in b.lines]
    assert "☑ Keep me signed in" in lines
    assert not [ln for ln in lines if ln[:1] in "☐☑" and not ln.endswith("signed in")]
