"""A currency sign before a number, and brackets round a Latin word before one, in a
right-to-left line drawn in visual order (worker/engines/bidi_drawn.py, bidi_levels.py).

A producer that keeps a number whole keeps its currency sign with it: "$50" typed in an
Arabic line is drawn "$50", where the old algorithm (an Arabic number after an Arabic
letter, rule W2, which the sign does not join) would draw "50$". And the algorithm of
today pairs brackets (rule N0): "(GPS) $20" typed in an Arabic line is drawn with both
brackets at the line's level, "$20 (GPS)", which the old one, without N0, cannot lay
out. Each line is drawn flush right, its Arabic words' letters last to first, and read
through the pdf-text engine's own functions.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from worker.engines.layout import spans_to_lines
from worker.engines.textlayer import extract_text_layer

_FONT = "DejaVuRtlCurrency"
pdfmetrics.registerFont(TTFont(_FONT, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))


def _drawn(logical: str) -> str:
    """An Arabic phrase (no Latin or digits in it) as drawn left to right."""
    return logical[::-1]


def _read(path: Path, drawn: list[str]) -> list[str]:
    """The lines ``drawn`` (as drawn, left to right) set flush right, one under another,
    as the text layer's lines read them."""
    c = canvas.Canvas(str(path), pagesize=(500, 400))
    c.setFont(_FONT, 10)
    y = 360.0
    for text in drawn:
        c.drawRightString(460, y, text)
        y -= 22.0
    c.showPage()
    c.save()
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        layer = extract_text_layer(pdf[0])
    finally:
        pdf.close()
    return [ln.text for ln in spans_to_lines(layer.spans)]


def test_given_a_currency_sign_drawn_before_its_number_in_an_arabic_line_then_it_stays_before(
    tmp_path: Path,
) -> None:
    # Given Arabic lines with "$50", "$1,250.75" and "€40" each drawn as one left-to-right
    # number, its sign on the left
    drawn = [
        _drawn("شهريا.") + " $50 " + _drawn("يبلغ رسم الاشتراك"),
        _drawn("للوحدة.") + " $1,250.75 " + _drawn("السعر"),
        _drawn("الآن.") + " €40 " + _drawn("أو") + " $50 " + _drawn("ادفع"),
    ]
    # When the lines are read
    texts = _read(tmp_path / "ar.pdf", drawn)
    # Then each sign reads before its number, as typed
    assert texts == [
        "يبلغ رسم الاشتراك $50 شهريا.",
        "السعر $1,250.75 للوحدة.",
        "ادفع $50 أو €40 الآن.",
    ]


def test_given_a_number_drawn_before_its_currency_sign_then_the_sign_still_reads_first(
    tmp_path: Path,
) -> None:
    # Given "$50" drawn as the old algorithm lays it out in an Arabic line ("50$"), and a
    # percentage drawn so ("%10" for "10%")
    drawn = [
        _drawn("شهريا.") + " 50$ " + _drawn("يبلغ رسم الاشتراك"),
        _drawn("على الطلب.") + " %10 " + _drawn("خصم"),
    ]
    # When the lines are read
    texts = _read(tmp_path / "ar.pdf", drawn)
    # Then they read as typed, as before
    assert texts == ["يبلغ رسم الاشتراك $50 شهريا.", "خصم 10% على الطلب."]


def test_given_brackets_round_a_latin_word_before_a_price_in_an_arabic_line_then_they_pair(
    tmp_path: Path,
) -> None:
    # Given "(GPS) $20" in an Arabic line drawn as the algorithm lays it out with paired
    # brackets: "$20 (GPS)", the brackets' glyphs as shown, and once with the characters
    # a word processor's font gives them (as typed: ")GPS(")
    before, after = _drawn("إضافية."), _drawn("تحديد الموقع")
    drawn = [f"{before} $20 (GPS) {after}", f"{before} $20 )GPS( {after}"]
    # When the lines are read
    texts = _read(tmp_path / "ar.pdf", drawn)
    # Then both read as typed
    assert texts == ["تحديد الموقع (GPS) $20 إضافية."] * 2
