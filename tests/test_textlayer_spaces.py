"""Word spaces in tightly set text (worker/engines/textlayer.py), on PDF pages drawn here.

A synthetic italic slants its glyphs with the text matrix ("1 0 0.2 1"): pdfium's loose
box of each glyph then bounds the slanted shape, wider than its advance by the slant over
the glyph's height, so neighbouring letters overlap by more than the gap between words.
Right-to-left text is handed to the layout glyph by glyph and its words are found from
the glyphs' gaps: every word ran into the next. Condensed small print drawn glyph by
glyph (letters overlapping, word gaps of 0.1 em, no space in the text layer) lost its
spaces the same way: a word gap counts from the word's own letter spacing.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from worker.engines.layout import spans_to_lines
from worker.engines.textlayer import TextLayer, extract_text_layer

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# "Our branches' opening hours change from Sunday", in logical order
HEBREW = "שעות הפתיחה של הסניפים שלנו משתנות מיום ראשון"


def _layer(path: Path) -> TextLayer:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return extract_text_layer(pdf[0])
    finally:
        pdf.close()


def _slanted_hebrew(path: Path, shear: float) -> Path:
    """The Hebrew line at 11 pt, drawn in visual order (right-aligned, words and letters
    reversed, real spaces between the words) through a text matrix slanted by ``shear``."""
    pdfmetrics.registerFont(TTFont("DejaVuSpaces", str(DEJAVU)))
    c = canvas.Canvas(str(path), pagesize=(400, 200))
    visual = " ".join(w[::-1] for w in reversed(HEBREW.split()))
    text = c.beginText()
    text.setFont("DejaVuSpaces", 11)
    text.setTextTransform(1, 0, shear, 1, 380 - pdfmetrics.stringWidth(visual, "DejaVuSpaces", 11), 120)
    text.textOut(visual)
    c.drawText(text)
    c.save()
    return path


def test_given_a_slanted_rtl_line_then_its_words_keep_their_spaces(tmp_path: Path) -> None:
    # given: a synthetic italic Hebrew line, its letters' loose boxes overlapping by 0.2 of
    # their height and its words a space (0.32 em) apart
    layer = _layer(_slanted_hebrew(tmp_path / "slanted.pdf", 0.2))

    # when: its glyphs become a line
    [line] = spans_to_lines(layer.spans)

    # then: it reads as written, a space between each two words
    assert line.text == HEBREW


def test_given_a_slanted_glyph_then_its_box_runs_from_its_origin_to_its_advance(tmp_path: Path) -> None:
    # given: the same line upright and slanted
    upright = _layer(_slanted_hebrew(tmp_path / "upright.pdf", 0.0)).spans
    slanted = _layer(_slanted_hebrew(tmp_path / "slanted.pdf", 0.2)).spans

    # then: each glyph's box spans the same stretch of the baseline (its advance)
    assert [s.text for s in slanted] == [s.text for s in upright]
    for a, b in zip(upright, slanted, strict=True):
        assert abs(a.x0 - b.x0) < 0.05 and abs(a.x1 - b.x1) < 0.05, (a, b)


def _condensed(path: Path, words: list[str], size: float = 6.0) -> Path:
    """``words`` in condensed small print drawn glyph by glyph, each glyph its own text
    object (as some generators write every glyph): letters 0.1 em tighter than the font's
    advances, words 0.14 em apart, and no space character between them."""
    c = canvas.Canvas(str(path), pagesize=(300, 100))
    c.setFont("Helvetica", size)
    x = 20.0
    for k, word in enumerate(words):
        if k:
            x += 0.14 * size
        for ch in word:
            c.drawString(x, 50, ch)
            x += pdfmetrics.stringWidth(ch, "Helvetica", size) - 0.1 * size
        x += 0.1 * size  # the last glyph's advance, whole
    c.save()
    return path


def test_given_condensed_print_without_spaces_then_its_word_gaps_are_spaces(tmp_path: Path) -> None:
    # given: "provided by MaxLinear without notice" in condensed 6 pt print, glyph by glyph
    words = ["provided", "by", "MaxLinear", "without", "notice"]
    layer = _layer(_condensed(tmp_path / "condensed.pdf", words))

    # when
    [line] = spans_to_lines(layer.spans)

    # then: a space at each word gap, none inside a word
    assert line.text == " ".join(words)


def test_given_condensed_print_then_a_word_stays_whole(tmp_path: Path) -> None:
    # given: one long word in the same condensed print
    layer = _layer(_condensed(tmp_path / "word.pdf", ["Informationdisclosure"]))

    # when
    [line] = spans_to_lines(layer.spans)

    # then: its overlapping letters make one word
    assert line.text == "Informationdisclosure"
