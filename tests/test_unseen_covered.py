"""Text painted over by an opaque box drawn after it (worker/engines/covered_text.py), on
PDF pages drawn here: a browser's print of a page with a sticky header paints the
header's white box over the lines that scrolled under it, and their text stays in the
text layer. It is left out, as a reader of the printed page sees it; the header's own
text drawn on its box, a box drawn before the text (a background) and a box clipped to
leave the text out (a word processor's cell shading) hide nothing."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.pdf_pages import raw_pdf
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


def _row_page(path: Path, *, low: float, high: float) -> Path:
    """Two 10 pt table rows, and a white box drawn after them over the first one from
    ``low`` to ``high`` points above its baseline."""
    c = canvas.Canvas(str(path), pagesize=(400, 300))
    c.setFont("Helvetica", 10)
    c.drawString(40, 250, "Mathematics (all subjects)")
    c.drawString(40, 235, "Physics and chemistry")
    c.setFillColorRGB(1, 1, 1)
    c.rect(38, 250 + low, 200, high - low, stroke=0, fill=1)
    c.save()
    return path


def test_given_a_box_over_a_lines_glyphs_but_not_its_font_box_then_the_line_is_left_out(
    tmp_path: Path,
) -> None:
    # given: the box covers the glyphs, descenders to capitals (2.5 pt below the baseline
    # to 8 above it), but not the whole of the font's box (2.25 below, 9.3 above)
    words = _words(_row_page(tmp_path / "glyphs.pdf", low=-2.5, high=8.0))

    # then: the reader sees only the second row
    assert words == "Physics and chemistry"


def test_given_a_box_over_the_lower_half_of_a_line_then_the_line_stays(tmp_path: Path) -> None:
    # given: the box covers the line from its descenders to its x-height's middle
    words = _words(_row_page(tmp_path / "half.pdf", low=-2.5, high=3.0))

    # then: the line's tops show, and it is read
    assert words == "Mathematics (all subjects) Physics and chemistry"


def _form_page(path: Path, form: bytes, *, place: bytes = b"1 0 0 1 155 694") -> Path:
    """A form's print: two labels, a hint where a field sits ("(print in capitals)"), and
    after them the form XObject ``form`` drawn at ``place`` (a flattened field's
    appearance, 240 x 18)."""
    content = (
        b"BT /F1 11 Tf 1 0 0 1 72 700 Tm (Family name:) Tj ET\n"
        b"BT /F1 11 Tf 1 0 0 1 160 700 Tm (\\(print in capitals\\)) Tj ET\n"
        b"BT /F1 11 Tf 1 0 0 1 72 670 Tm (City: London) Tj ET\n"
        b"q " + place + b" cm /Fm1 Do Q\n"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 240 18] /Resources << /Font << /Helv 5 0 R >> >>"
        b" /Length %d >>\nstream\n" % len(form) + form + b"\nendstream",
    ]
    path.write_bytes(raw_pdf(objects))
    return path


_VALUE = b"BT /Helv 11 Tf 0 g 100 6 Td (LOVELACE) Tj ET"


def test_given_a_flattened_field_painted_over_printed_text_then_that_text_is_left_out(tmp_path: Path) -> None:
    # given: a flattened text field, its appearance drawn by the page after the print:
    # a white box over its rectangle, then its value
    form = b"/Tx BMC q 1 1 1 rg 0 0 240 18 re f Q " + _VALUE + b" EMC"
    words = _words(_form_page(tmp_path / "flat.pdf", form))

    # then: the hint under the field is gone, the field's value on its box stays
    assert words == "Family name: City: London LOVELACE"


def test_given_a_flattened_field_with_no_background_then_the_text_under_it_stays(tmp_path: Path) -> None:
    # given: the same field whose appearance draws only its value
    words = _words(_form_page(tmp_path / "clear.pdf", b"/Tx BMC " + _VALUE + b" EMC"))

    # then
    assert words == "Family name: (print in capitals) City: London LOVELACE"


def test_given_a_field_drawn_through_a_scaling_matrix_then_its_box_covers_where_it_is_drawn(
    tmp_path: Path,
) -> None:
    # given: the field's appearance drawn at a tenth of its size (a 24 x 1.8 box) and
    # scaled ten times by the page's matrix, over the hint
    form = b"q 1 1 1 rg 0 0 24 1.8 re f Q"
    words = _words(_form_page(tmp_path / "scaled.pdf", form, place=b"10 0 0 10 155 694"))

    # then: the hint is gone
    assert words == "Family name: City: London"


def test_given_a_flattened_value_drawn_over_the_hidden_hint_then_the_value_stays_and_the_hint_goes(
    tmp_path: Path,
) -> None:
    # given: the field's value drawn at its left edge, where the hint is printed under its
    # white box: the two overlap
    form = b"/Tx BMC q 1 1 1 rg 0 0 240 18 re f Q BT /Helv 11 Tf 0 g 2 6 Td (LOVELACE) Tj ET EMC"
    words = _words(_form_page(tmp_path / "overlap.pdf", form))

    # then: the value, drawn after the box, is read; not a word of the hint under it
    assert words == "Family name: City: London LOVELACE"


def test_given_only_turned_text_and_a_box_drawn_after_it_then_the_page_is_read(tmp_path: Path) -> None:
    # given: a page whose only text runs up its margin (turned 90 degrees, read apart from
    # the upright spans, so there are none), and a white box drawn after it elsewhere
    c = canvas.Canvas(str(tmp_path / "turned.pdf"), pagesize=(612, 792))
    c.setFont("Helvetica", 11)
    for x, text in ((40, "Filed under seal"), (60, "Copy for the court")):
        c.saveState()
        c.translate(x, 200)
        c.rotate(90)
        c.drawString(0, 0, text)
        c.restoreState()
    c.setFillColorRGB(1, 1, 1)
    c.rect(300, 400, 50, 50, stroke=0, fill=1)
    c.save()
    pdf = pypdfium2.PdfDocument(str(tmp_path / "turned.pdf"))
    try:
        # when: its text layer is read
        layer = extract_text_layer(pdf[0])
    finally:
        pdf.close()

    # then: it is read, its turned lines kept, instead of failing on the search for
    # covered spans
    assert layer.spans == []
    assert [t.text for t in layer.turned] == ["Filed under seal", "Copy for the court"]


_HEBREW = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# A Hebrew form's instructions: prose enough that its common letters (vav, yod, he) stand
# in the page's text many dozen times before the field's line.
_PROSE = 3 * [
    "יש למלא את הטופס הזה באותיות דפוס ברורות ולהגיש אותו",
    "לסניף הקרוב אל מקום המגורים שלכם עד סוף החודש הזה",
    "הפרטים שתמסרו ישמשו את המשרד לצורך הטיפול בבקשה שלכם",
    "יש לצרף את כל המסמכים הנדרשים ולחתום בסוף הטופס",
]


def _visual(logical: str) -> str:
    """A Hebrew line in the order a browser draws it: words right to left, letters reversed."""
    return " ".join(w[::-1] for w in reversed(logical.split()))


def _hebrew_form_page(path: Path) -> Path:
    """A Hebrew form under its instructions: the label "שם משפחה:" and right of the field
    the printed hint "באותיות דפוס", then a flattened field's appearance (a form XObject)
    that paints a white box over the hint and draws the value "כהן" at its right edge,
    over the hint's first letters."""
    pdfmetrics.registerFont(TTFont("DejaVuHebrewField", str(_HEBREW)))
    c = canvas.Canvas(str(path), pagesize=(400, 300))
    c.setFont("DejaVuHebrewField", 11)
    for k, line in enumerate(_PROSE):
        c.drawRightString(380, 290 - 11 * k, _visual(line))
    c.drawRightString(380, 150, _visual("שם משפחה:"))
    c.drawRightString(300, 150, _visual("באותיות דפוס"))
    c.beginForm("field", 0, 0, 400, 300)
    c.setFillColorRGB(1, 1, 1)
    c.rect(60, 144, 240, 18, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("DejaVuHebrewField", 11)
    c.drawRightString(298, 150, _visual("כהן"))
    c.endForm()
    c.doForm("field")
    c.save()
    return path


def test_given_a_hebrew_flattened_value_drawn_over_the_hidden_hint_then_the_value_stays_and_the_hint_goes(
    tmp_path: Path,
) -> None:
    # given: the Hebrew field's value drawn over its white box, where the hint is printed
    # under it; the hint's letters (read glyph by glyph, as RTL words are) recur so often
    # in the prose above that the text layer must know each span's own text object
    pdf = pypdfium2.PdfDocument(str(_hebrew_form_page(tmp_path / "hebrew.pdf")))
    try:
        spans = extract_text_layer(pdf[0]).spans
    finally:
        pdf.close()
    field = sorted((s for s in spans if 140 < s.top < 150 and s.x0 < 310), key=lambda s: -s.x0)

    # then: on the field only the value is read, right to left; not a letter of the hint
    assert "".join(s.text for s in field) == "כהן"
