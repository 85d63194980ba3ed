"""Right-to-left text laid out the way producers lay it out, which the bidi algorithm
alone does not predict: numbers kept whole (a leading minus, a space between digit
groups), brackets the text layer already gives as written, word spaces around an RTL run
inside an English line, and an RTL word set sideways.

The PDFs are drawn with reportlab in visual order (each RTL word's letters last to
first, the way a producer that does its own bidi places glyphs) and read through the
pdf-text engine's own functions (extract_text_layer, spans_to_lines).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from worker.engines.bidi_text import logical_words
from worker.engines.layout import LayoutLine, spans_to_lines
from worker.engines.textlayer import TextLayer, TextSpan, extract_text_layer

_FONT = "DejaVuRtl"
pdfmetrics.registerFont(TTFont(_FONT, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))


def _drawn(logical: str) -> str:
    """An RTL phrase (no Latin or digits in it) as drawn left to right: its characters
    last to first."""
    return logical[::-1]


def _draw(path: Path, lines: list[tuple[str, str]], size: float = 10.0) -> Path:
    """One text line per entry, top down: ("left", text) from the left margin, ("right",
    text) ending at the right margin."""
    c = canvas.Canvas(str(path), pagesize=(500, 400))
    c.setFont(_FONT, size)
    y = 360.0
    for side, text in lines:
        if side == "left":
            c.drawString(40, y, text)
        else:
            c.drawRightString(460, y, text)
        y -= 2.2 * size
    c.showPage()
    c.save()
    return path


def _layer(path: Path) -> TextLayer:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return extract_text_layer(pdf[0])
    finally:
        pdf.close()


def _lines(path: Path) -> list[LayoutLine]:
    return spans_to_lines(_layer(path).spans)


HEBREW = ["הסקטור העסקי", "ההוצאה לצריכה פרטית", "סך כל ההוצאה"]


def test_given_brackets_in_a_hebrew_line_then_they_open_and_close_as_written(tmp_path: Path) -> None:
    # Given a Hebrew table label "תעשייה (ללא יהלומים)" drawn with the bracket glyphs as
    # shown: "(" on the left, ")" on the right (pdfium's own reordering of the line
    # hands them over mirrored back, as written)
    label = "(" + _drawn("ללא יהלומים") + ") " + _drawn("תעשייה")
    pdf = _draw(tmp_path / "he.pdf", [("right", _drawn(t)) for t in HEBREW] + [("right", label)])
    # When its lines are read
    texts = [ln.text for ln in _lines(pdf)]
    # Then the brackets open and close around the phrase, not the other way round
    assert texts[-1] == "תעשייה (ללא יהלומים)"


def test_given_signed_and_grouped_numbers_on_an_rtl_page_then_they_read_as_drawn(tmp_path: Path) -> None:
    # Given a Hebrew page whose table cells hold "-4.3", "-20.6", "3 001" and "12 250 400"
    # (a thin space of 0.15 em between digit groups), each laid out left to right as a
    # number
    path = tmp_path / "he.pdf"
    c = canvas.Canvas(str(path), pagesize=(500, 400))
    c.setFont(_FONT, 10)
    y = 360.0
    for label in HEBREW:
        c.drawRightString(460, y, _drawn(label))
        y -= 22.0
    for cell in ("-4.3", "-20.6", "3 001", "12 250 400"):
        x = 40.0
        for group in cell.split():
            c.drawString(x, y, group)
            x += pdfmetrics.stringWidth(group, _FONT, 10) + 1.5
        y -= 22.0
    c.showPage()
    c.save()
    # When its lines are read
    texts = [ln.text for ln in _lines(path)]
    # Then the minus stays before its number and the groups keep their order
    assert texts[len(HEBREW) :] == ["-4.3", "-20.6", "3 001", "12 250 400"]


def test_given_a_phone_number_in_an_arabic_sentence_then_it_reads_as_the_algorithm_lays_it_out() -> None:
    # Given "الهاتف 920 004 511." with word spaces: the algorithm lays each number out
    # on its own, right to left, drawn ".511 004 920" left of the word
    words = [
        (".511", 154.9, 174.6),
        ("004", 178.0, 195.1),
        ("920", 198.6, 215.7),
        (_drawn("الهاتف"), 219.3, 250.7),
    ]
    # When put in reading order
    out = logical_words(words, 10.0, rtl_page=True)
    # Then it reads as written
    assert " ".join(w[0] for w in out) == "الهاتف 920 004 511."


def test_given_a_grouped_number_in_an_arabic_line_then_its_groups_keep_their_order() -> None:
    # Given an Arabic table row "الأصوات 1 422" drawn: the number left of the word, its
    # groups a thin space apart (0.15 em)
    words = [("1", 261.9, 268.3), ("422", 270.7, 290.1), (_drawn("الأصوات"), 300.0, 350.0)]
    # When put in reading order
    out = logical_words(words, 16.0, rtl_page=True)
    # Then the word comes first and the number reads as drawn
    assert [w[0] for w in out] == ["الأصوات", "1", "422"]


def test_given_two_numbers_a_column_gap_apart_then_they_stay_two() -> None:
    # Given two numbers on an RTL line that are two cells, a wide gap apart
    words = [("3", 20.0, 26.0), ("001", 60.0, 78.0)]
    # When put in reading order
    out = logical_words(words, 12.0, rtl_page=True)
    # Then they read right to left, as the line's cells do
    assert [w[0] for w in out] == ["001", "3"]


ENGLISH = [
    "Arabic radio broadcasts usually use cohesion markers in their news bulletins,",
    "and translators must decide how to render them in the target language.",
]


def test_given_an_arabic_phrase_in_quotes_in_an_english_line_then_the_words_after_it_are_apart(
    tmp_path: Path,
) -> None:
    # Given an English line quoting two Arabic phrases, each closing quote drawn at the
    # phrase's left end (the producer's visual order)
    first, second = _drawn("و هذا"), _drawn("وجدير بالذكر")
    line = f"the phrase \u201c....{first}\u201d or \u201c{second}\u201d as a signal"
    pdf = _draw(tmp_path / "en.pdf", [("left", t) for t in ENGLISH] + [("left", line)])
    # When its lines are read
    [quoting] = [ln for ln in _lines(pdf) if "signal" in ln.text]
    # Then "or" and "as" are words of their own, each quote stays with its phrase
    words = [w.text for w in quoting.words]
    assert "or" in words and "as" in words, words
    assert quoting.text.startswith("the phrase \u201c")
    # And the phrases read right to left, their letters in order (a quote a space away
    # from an Arabic letter is not glued to it)
    assert "و هذا" in quoting.text and "وجدير بالذكر" in quoting.text, quoting.text


def _span(text: str, x0: float, x1: float, y: float) -> TextSpan:
    return TextSpan(text, x0, y, x1, y + 10.0, 10.0, False, False)


def test_given_a_justified_english_line_on_a_page_with_arabic_then_its_word_spaces_stay() -> None:
    # Given an English line whose justified word spaces shrank to 0.15 em ("of any"),
    # on a page that also has an Arabic line
    spans = [_span(ch, 300.0 - 6.0 * k, 306.0 - 6.0 * k, 100.0) for k, ch in enumerate("مرحبا")]
    spans += [_span("unaware", 100.6, 134.5, 130.0), _span("of", 136.9, 146.3, 130.0)]
    spans += [_span("any", 147.8, 162.3, 130.0), _span("Popes", 164.8, 188.6, 130.0)]
    # When the spans become lines
    english = [ln for ln in spans_to_lines(spans) if "unaware" in ln.text]
    # Then the words are apart as pdfium's spaces say
    assert [ln.text for ln in english] == ["unaware of any Popes"]


def test_given_a_word_broken_by_pdfium_on_an_arabic_page_then_it_is_still_one() -> None:
    # Given an e-mail address on an Arabic page that pdfium cut where its runs meet: the
    # two pieces touch
    spans = [_span(ch, 300.0 - 6.0 * k, 306.0 - 6.0 * k, 100.0) for k, ch in enumerate("مرحبا")]
    spans += [_span("info@example.", 100.0, 160.0, 130.0), _span("com", 160.0, 175.0, 130.0)]
    # When the spans become lines
    lines = spans_to_lines(spans)
    # Then it is one word
    assert lines[-1].text == "info@example.com"


def test_given_an_arabic_column_head_set_sideways_then_it_reads_as_written(tmp_path: Path) -> None:
    # Given an Arabic table head "الترتيب" turned 90 degrees (reading upwards), drawn
    # as the producer draws it: its letters last to first along the baseline
    path = tmp_path / "turned.pdf"
    c = canvas.Canvas(str(path), pagesize=(500, 400))
    c.setFont(_FONT, 12)
    c.drawRightString(460, 360, _drawn("نتائج الدائرة"))
    c.saveState()
    c.translate(470, 200)
    c.rotate(90)
    c.drawString(0, 0, _drawn("الترتيب"))
    c.restoreState()
    c.showPage()
    c.save()
    # When its text layer is read
    turned = _layer(path).turned
    # Then the turned line reads right to left, as written
    assert [t.text for t in turned] == ["الترتيب"]
