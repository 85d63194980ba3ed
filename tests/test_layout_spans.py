"""Layer 1 of the layout (worker/engines/layout/spans.py): a text layer's spans to lines,
on pages drawn with reportlab the way real producers draw them.

- pdflatex sets a footnote mark as a raised, smaller glyph glued to its word, and pdfium
  breaks the word after it (the baseline changes): the punctuation after the mark must
  stay glued ("soils1.", not "soils1 .").
- LibreOffice justifies Arabic with kashidas whose glyph pdfium reads as U+001A: the word
  must stay whole.
- Chromium lays a table cell of an RTL page out right to left even when it has no letter:
  "08:30-16:00" (an en dash) is drawn "16:00-08:30", and must be read back in logical order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.layout_pages import convert
from worker.engines.layout import spans_to_lines
from worker.engines.textlayer import TextLayer, TextSpan, extract_text_layer

WIDTH, HEIGHT = A4
# A font with Hebrew and Arabic glyphs: reportlab's own fonts (Vera) have none.
# Debian's fonts-dejavu-core, which scripts/services.sh installs.
HEBREW_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DASH = "\u2013"  # the en dash of a range


def _draw_footnote_marks(path: Path) -> Path:
    """A body line with two footnote marks, each followed by punctuation, as pdflatex sets
    them: the mark a 7 pt glyph raised 3.5 pt, the punctuation back on the 10 pt baseline."""
    c = canvas.Canvas(str(path), pagesize=A4)
    t = c.beginText(72, HEIGHT - 100)
    for text, marker in (("Drainage matters most on heavy soils", "1"), (". Farmers know the order", "2")):
        t.setFont("Times-Roman", 10)
        t.setRise(0)
        t.textOut(text)
        t.setFont("Times-Roman", 7)
        t.setRise(3.5)
        t.textOut(marker)
    t.setFont("Times-Roman", 10)
    t.setRise(0)
    t.textOut(": first the ditches, then the fields.")
    c.drawText(t)
    # The note at the foot of the page: its mark raised, the text right after it
    note = c.beginText(72, 80)
    note.setFont("Times-Roman", 6)
    note.setRise(3)
    note.textOut("1")
    note.setFont("Times-Roman", 8)
    note.setRise(0)
    note.textOut("Clay holds water for weeks.")
    c.drawText(note)
    c.save()
    return path


def test_given_punctuation_after_a_raised_footnote_mark_then_it_stays_glued(tmp_path: Path) -> None:
    # Given a LaTeX-like line: "soils" + raised "1" + ".", and "order" + raised "2" + ":"
    pdf = _draw_footnote_marks(tmp_path / "marks.pdf")
    # When the page is converted
    text = convert(pdf).text or ""
    # Then the marks stay glued to their words and the punctuation to the marks
    assert "heavy soils1. Farmers" in text
    assert "the order2: first" in text
    # And the note's own mark is set apart from the note's first word
    assert "1 Clay holds water" in text


def test_given_a_word_after_a_footnote_mark_then_it_stays_a_word_of_its_own() -> None:
    # Given "soils" + raised "1" + a word one space further on
    spans = [
        TextSpan("soils", 100.0, 100.0, 118.0, 109.0, 10.0, False, False),
        TextSpan("1", 118.2, 98.7, 122.2, 104.9, 7.0, False, True),
        TextSpan("Farmers", 125.5, 100.0, 160.0, 109.0, 10.0, False, False),
    ]
    # When the spans become a line
    [line] = spans_to_lines(spans)
    # Then the word space after the mark is kept
    assert line.text == "soils1 Farmers"


def test_given_a_mark_after_a_short_word_then_the_punctuation_after_it_stays_glued() -> None:
    # Given "as" + raised "1" + "," (the word no longer than a mark)
    spans = [
        TextSpan("as", 100.0, 100.0, 109.0, 109.0, 10.0, False, False),
        TextSpan("1", 109.2, 98.7, 113.2, 104.9, 7.0, False, True),
        TextSpan(",", 113.6, 100.0, 116.0, 109.0, 10.0, False, False),
    ]
    # When the spans become a line
    [line] = spans_to_lines(spans)
    # Then it is one word
    assert line.text == "as1,"


def test_given_a_subscript_in_a_formula_then_the_letter_after_it_joins_the_word() -> None:
    # Given "H" + lowered small "2" + "O", abutting, pdfium breaking the word at the "O"
    spans = [
        TextSpan("H", 100.0, 100.0, 107.0, 109.0, 10.0, False, False),
        TextSpan("2", 107.1, 103.0, 111.0, 110.0, 7.0, False, True),
        TextSpan("O", 111.1, 100.0, 118.0, 109.0, 10.0, False, False),
    ]
    # When the spans become a line
    [line] = spans_to_lines(spans)
    # Then it is one word
    assert line.text == "H2O"
    assert [w.text for w in line.words] == ["H2O"]


def _draw_hebrew_hours(path: Path) -> Path:
    """A Hebrew notice with a table of opening hours, drawn as a browser draws a dir=rtl
    page: every line in visual order, right-aligned, the Hebrew words' letters reversed and
    the hours cell "08:30-16:00" (an en dash) laid out right to left ("16:00-08:30")."""
    pdfmetrics.registerFont(TTFont("DejaVuHebrew", str(HEBREW_FONT)))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVuHebrew", 11)
    y = HEIGHT - 100
    for logical in ("שעות הפתיחה של הסניפים שלנו משתנות מיום ראשון", "השירות באתר ימשיך לפעול כרגיל"):
        c.drawRightString(520, y, " ".join(w[::-1] for w in reversed(logical.split())))
        y -= 20
    for branch, hours in (("תל אביב", f"16:00{DASH}08:30"), ("חיפה", f"15:30{DASH}09:00")):
        y -= 20
        c.drawRightString(520, y, " ".join(w[::-1] for w in reversed(branch.split())))
        c.drawRightString(300, y, hours)
    c.save()
    return path


def test_given_an_hours_cell_on_a_hebrew_page_then_the_range_reads_in_logical_order(tmp_path: Path) -> None:
    # Given a Hebrew page whose table cells "08:30-16:00" and "09:00-15:30" are drawn in
    # visual order, as an RTL paragraph lays them out
    pdf = _draw_hebrew_hours(tmp_path / "hours.pdf")
    # When the page is converted
    text = convert(pdf).text or ""
    # Then the Hebrew reads right to left and each range from its start to its end
    assert "שעות הפתיחה של הסניפים שלנו משתנות מיום ראשון" in text
    assert f"08:30{DASH}16:00" in text
    assert f"09:00{DASH}15:30" in text
    assert f"16:00{DASH}08:30" not in text


def test_given_a_number_range_on_a_latin_page_then_it_reads_as_drawn() -> None:
    # Given "Hours 08:30-16:00" on a page with no RTL letters
    spans = [
        TextSpan("Hours", 100.0, 100.0, 130.0, 110.0, 10.0, False, False),
        TextSpan(f"08:30{DASH}16:00", 200.0, 100.0, 260.0, 110.0, 10.0, False, False),
    ]
    # When the spans become lines
    lines = spans_to_lines(spans)
    # Then the range keeps its drawn order
    assert [ln.text for ln in lines] == ["Hours", f"08:30{DASH}16:00"]


def _draw_kashida_line(path: Path) -> Path:
    """An Arabic line justified with a kashida, as LibreOffice draws it: "يستخدم برنامج"
    in visual order, a tatweel glyph stretching "برنامج" after its nun, and that glyph
    mapped to U+001A in the font's ToUnicode map (as LibreOffice maps its kashidas)."""
    pdfmetrics.registerFont(TTFont("DejaVuArabic", str(HEBREW_FONT)))
    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=0)
    c.setFont("DejaVuArabic", 11)
    c.drawRightString(520, HEIGHT - 100, "جما\u0640\u0640نرب مدختسي")
    c.save()
    data = path.read_bytes()
    # Same length, so the cross-reference offsets stay right.
    patched = re.sub(rb"(<[0-9A-F]{2}> )<0640>", rb"\1<001A>", data)
    assert patched != data
    path.write_bytes(patched)
    return path


def test_given_a_kashida_read_as_a_control_character_then_the_word_stays_whole(tmp_path: Path) -> None:
    # Given a justified Arabic line whose kashida the text layer reads as U+001A
    pdf = _draw_kashida_line(tmp_path / "kashida.pdf")
    # When the page's spans become lines
    [line] = spans_to_lines(_layer(pdf).spans)
    # Then the stretched word is one word, spelled without the kashida
    assert line.text == "يستخدم برنامج"
    assert [w.text for w in line.words] == ["يستخدم", "برنامج"]


def test_given_a_tatweel_closing_an_abbreviation_then_it_is_kept(tmp_path: Path) -> None:
    # Given an Arabic line in visual order with the abbreviation "بـ" (a lone letter and the
    # tatweel that marks it cut short) and a word stretched by a kashida
    pdfmetrics.registerFont(TTFont("DejaVuArabic", str(HEBREW_FONT)))
    path = tmp_path / "abbreviation.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=0)
    c.setFont("DejaVuArabic", 11)
    c.drawRightString(520, HEIGHT - 100, "جما\u0640نرب \u0640ب مدختسي")
    c.save()
    # When the page's spans become lines
    [line] = spans_to_lines(_layer(path).spans)
    # Then the abbreviation keeps its tatweel, the stretched word is spelled without it
    assert line.text == "يستخدم ب\u0640 برنامج"


def _layer(path: Path) -> TextLayer:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return extract_text_layer(pdf[0])
    finally:
        pdf.close()


def _draw_zero_width_non_joiner(path: Path) -> Path:
    """A Persian line "واژه‌های مکان" as XeTeX draws it, in visual order: the zero-width
    non-joiner of "واژه‌های" set as a space glyph whose advance a TJ kern takes back (and
    a little more), so that the word's two parts nearly touch with a space between."""
    pdfmetrics.registerFont(TTFont("DejaVuArabic", str(HEBREW_FONT)))
    font = pdfmetrics.getFont("DejaVuArabic")
    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=0)

    def codes(text: str) -> str:
        ((_, data),) = font.splitString(text, c._doc)
        return f"<{data.hex()}>"

    t = c.beginText(200, HEIGHT - 100)
    t.setFont("DejaVuArabic", 12)
    t.textOut("ناکم ")
    kern = font.stringWidth(" ", 1000) + 50
    t._code.append(f"[{codes('یاه ')} {kern:.0f} {codes('هژاو')}] TJ")
    c.drawText(t)
    c.save()
    return path


def test_given_a_space_between_touching_persian_glyphs_then_it_stays_a_word_break(tmp_path: Path) -> None:
    # Given a Persian word whose zero-width non-joiner the text layer reads as a space
    # between glyphs that nearly touch
    pdf = _draw_zero_width_non_joiner(tmp_path / "zwnj.pdf")
    # When the page's spans become lines
    [line] = spans_to_lines(_layer(pdf).spans)
    # Then the space stays where the text layer read it
    assert line.text == "واژه های مکان"
