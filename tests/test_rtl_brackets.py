"""Brackets and words of a right-to-left line that starts with a Latin phrase, as a word
processor draws it: the line of an Arabic (Hebrew, Persian) paragraph that begins with
the end of a Latin title ("Finibus Bonorum et Malorum) للمفكر ...", the bracket opened on
the line before) and has a Latin name in brackets further on.

Such a producer draws the line left to right in one string, each RTL phrase's letters
last to first, and maps each bracket's glyph to the character as written: the "(" of
"(Cicero)" is drawn as the glyph ")" at Cicero's right, and its ToUnicode says "(".
pdfium's own reordering then mirrors some of those brackets and not others (those after
an RTL letter), and leaves an RTL word and the bracket after it as one word in logical
order with a box that crosses its neighbours' (worker/engines/pdfium_mirror.py,
glyph_split._split_after_rtl). The line must read in logical order: its Latin phrases
as drawn, its RTL words right to left, every bracket as written.

The PDFs are drawn with reportlab, each bracket as its ToUnicode has it (so the page
shows them the wrong way round, which only the text layer here looks at), and read
through the pdf-text engine's own functions, as tests/test_rtl_parts.py reads them.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import extract_text_layer

_FONT = "DejaVuRtlBrackets"
pdfmetrics.registerFont(TTFont(_FONT, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))

# (RTL words of the paragraph's other lines, the line's RTL words: after the title,
# before the name, after the name)
_ARABIC = (
    ["هذا", "الكتاب", "هو", "بمثابة", "مقالة", "علمية", "مطولة", "في", "نظرية", "الأخلاق"],
    ("للمفكر شيشيرون", "والذي"),
)
_HEBREW = (
    ["הספר", "הזה", "הוא", "מאמר", "מדעי", "ארוך", "בתורת", "המוסר", "של", "התקופה"],
    ("של ההוגה קיקרו", "אשר"),
)
_PERSIAN = (
    ["این", "کتاب", "یک", "مقاله", "علمی", "طولانی", "در", "نظریه", "اخلاق", "است"],
    ("از اندیشمند سیسرون", "که"),
)


def _drawn(logical: str) -> str:
    """An RTL phrase (no Latin, digits or brackets in it) as drawn left to right."""
    return logical[::-1]


def _page(path: Path, prose: list[str], middle: str, tail: str) -> None:
    """A paragraph of three RTL lines whose middle one reads
    "Finibus Bonorum et Malorum) <middle> (Cicero) <tail>", drawn right-aligned."""
    c = canvas.Canvas(str(path), pagesize=(500, 300))
    c.setFont(_FONT, 12)
    c.drawRightString(460, 250, _drawn(" ".join(prose[:5])))
    # Left to right as drawn: the tail, the name in brackets, the middle, the title's end.
    # The glyph left of a Latin phrase is the bracket that follows it as written, the
    # one at its right the bracket before it.
    c.drawRightString(460, 230, f"{_drawn(tail)} )Cicero( {_drawn(middle)} )Finibus Bonorum et Malorum")
    c.drawRightString(460, 210, _drawn(" ".join(prose[5:])))
    c.showPage()
    c.save()


def _texts(path: Path) -> list[str]:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        layer = extract_text_layer(pdf[0])
    finally:
        pdf.close()
    lines = spans_to_lines(layer.spans)
    return [ln.text for ln in lines]


@pytest.mark.parametrize("script", [_ARABIC, _HEBREW, _PERSIAN], ids=["arabic", "hebrew", "persian"])
def test_given_an_rtl_line_starting_with_a_latin_phrase_then_it_reads_in_logical_order(
    tmp_path: Path, script: tuple[list[str], tuple[str, str]]
) -> None:
    # Given an RTL paragraph whose middle line starts with the end of a bracketed Latin
    # title and holds a Latin name in brackets, drawn as a word processor draws it
    prose, (middle, tail) = script
    path = tmp_path / "rtl.pdf"
    _page(path, prose, middle, tail)
    # When its lines are read
    texts = _texts(path)
    # Then the middle line reads in logical order: Latin as drawn, RTL words right to
    # left, every bracket as written
    assert f"Finibus Bonorum et Malorum) {middle} (Cicero) {tail}" in texts


def test_given_the_paragraph_then_its_blocks_read_the_line_in_logical_order(tmp_path: Path) -> None:
    # Given the Arabic paragraph
    prose, (middle, tail) = _ARABIC
    path = tmp_path / "ar.pdf"
    _page(path, prose, middle, tail)
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        layer = extract_text_layer(pdf[0])
    finally:
        pdf.close()
    # When the page is laid out into blocks
    text = "\n".join(b.text for b in layout_lines(spans_to_lines(layer.spans), layer.width, layer.height))
    # Then the line is there in reading order
    assert f"Finibus Bonorum et Malorum) {middle} (Cicero) {tail}" in text


def test_given_brackets_mapped_as_their_glyphs_show_then_the_line_reads_the_same(tmp_path: Path) -> None:
    # Given the Arabic line from a producer whose brackets' ToUnicode is the glyph's own
    # character (the page shows "(Cicero)" and "(Finibus", and its text layer says so)
    prose, (middle, tail) = _ARABIC
    path = tmp_path / "shown.pdf"
    c = canvas.Canvas(str(path), pagesize=(500, 300))
    c.setFont(_FONT, 12)
    c.drawRightString(460, 250, _drawn(" ".join(prose[:5])))
    c.drawRightString(460, 230, f"{_drawn(tail)} (Cicero) {_drawn(middle)} (Finibus Bonorum et Malorum")
    c.drawRightString(460, 210, _drawn(" ".join(prose[5:])))
    c.showPage()
    c.save()
    # When its lines are read
    texts = _texts(path)
    # Then the brackets are mirrored to the characters as written, as the algorithm says
    assert f"Finibus Bonorum et Malorum) {middle} (Cicero) {tail}" in texts
