"""Right-to-left text (Arabic, Hebrew, Persian) from the PDF text layer in reading order.

The PDFs under tests/data/rtl/ were made the way real producers make them: LibreOffice
(headless, from the .html beside each) shapes the text and draws it in visual order, and
make_presentation_forms.py draws pre-shaped presentation forms left to right, as older
tools did. The tests read them through the pdf-text engine's own functions
(extract_text_layer, spans_to_lines, layout_lines) and the assembly of the outputs.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pypdfium2
import pytest

from common.documents.assemble import PageOutcome, assemble, to_docling, to_html
from common.documents.results import PageResult, Word
from tests.layout_pages import convert, draw_two_columns
from worker.engines.bidi_text import fold_presentation_forms, has_rtl, logical_words
from worker.engines.layout import LayoutLine, layout_lines, spans_to_lines
from worker.engines.textlayer import TextLayer, TextSpan, extract_text_layer

DATA = Path(__file__).parent / "data" / "rtl"


def _source_lines(name: str) -> list[str]:
    """The paragraphs of the HTML a PDF was made from: its lines, as written."""
    source = (DATA / name).with_suffix(".html").read_text(encoding="utf-8")
    return [html.unescape(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", source)]


# Each document's lines as written in its source, top to bottom.
EXPECTED = {
    "ar_invoice.pdf": _source_lines("ar_invoice.pdf"),
    "he_letter.pdf": _source_lines("he_letter.pdf"),
    "fa_note.pdf": _source_lines("fa_note.pdf"),
    # make_presentation_forms.py: "مرحبا Pagemill 2024" and "شكرا جزيلا"
    "ar_presentation_forms.pdf": ["مرحبا Pagemill 2024", "شكرا جزيلا"],
}


def _layer(name: str) -> TextLayer:
    pdf = pypdfium2.PdfDocument(str(DATA / name))
    try:
        return extract_text_layer(pdf[0])
    finally:
        pdf.close()


def _lines(name: str) -> list[LayoutLine]:
    return spans_to_lines(_layer(name).spans)


# --- real PDFs -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_given_an_rtl_pdf_when_its_text_layer_is_read_then_every_line_is_in_reading_order(name: str) -> None:
    # Given a PDF drawn by a real producer, in visual order
    # When the pdf-text engine's first layer groups its spans into lines
    lines = _lines(name)
    # Then each line reads as written: right to left, Latin words and numbers inside kept
    assert [ln.text for ln in lines] == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_given_an_rtl_line_then_its_words_spell_it_and_read_right_to_left(name: str) -> None:
    # When the lines are built
    for ln in _lines(name):
        # Then the words, in order, spell the line
        assert " ".join(w.text for w in ln.words) == ln.text
        # And two consecutive RTL words (no Latin run between) go from right to left
        for a, b in zip(ln.words, ln.words[1:], strict=False):
            if has_rtl(a.text) and has_rtl(b.text):
                assert b.bbox[0] < a.bbox[0], (a, b)


def _char_box(name: str, needle: str) -> tuple[float, float]:
    """The horizontal extent of ``needle`` in the page's text as pdfium reads it."""
    pdf = pypdfium2.PdfDocument(str(DATA / name))
    try:
        tp = pdf[0].get_textpage()
        start = tp.get_text_range().index(needle)
        boxes = [tp.get_charbox(i, loose=True) for i in range(start, start + len(needle))]
        return min(b[0] for b in boxes), max(b[2] for b in boxes)
    finally:
        pdf.close()


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("ar_invoice.pdf", "1,250.75"),
        ("ar_invoice.pdf", "النور"),
        ("ar_invoice.pdf", "Microsoft"),
        ("he_letter.pdf", "Pagemill"),
        ("he_letter.pdf", "הזמנה"),
    ],
)
def test_given_a_value_on_an_rtl_page_then_its_word_box_covers_exactly_its_glyphs(
    name: str, word: str
) -> None:
    # Given the glyphs of a value as pdfium places them
    x0, x1 = _char_box(name, word)
    # When the lines are built
    [found] = [w for ln in _lines(name) for w in ln.words if w.text == word]
    # Then the word's box is the value's, so a client can highlight it
    assert found.bbox[0] == pytest.approx(x0, abs=0.05)
    assert found.bbox[2] == pytest.approx(x1, abs=0.05)


def test_given_an_rtl_pdf_when_converted_then_blocks_and_every_format_read_in_logical_order() -> None:
    # When the pdf-text engine converts the Arabic page
    result = convert(DATA / "ar_invoice.pdf")
    # Then every block is marked RTL and reads as written
    assert all(b.rtl for b in result.blocks)
    text = " ".join(b.text for b in result.blocks)
    for line in EXPECTED["ar_invoice.pdf"]:
        assert line in text
    # And the rendered formats carry the logical text, Markdown as plain text
    assert result.markdown is not None and result.text is not None
    assert "البريد info@example.com والهاتف +966 11 234 5678" in result.markdown
    assert "dir=" not in result.markdown
    assert "لا تقبل الإرجاع بعد 30 يوما" in result.text


# --- synthetic text layers -------------------------------------------------------------


def _visual_spans(
    words: list[str], y: float = 100.0, size: float = 12.0, right: float = 500.0
) -> list[TextSpan]:
    """A line drawn the way pdfium hands an RTL line over: one span per glyph, placed left
    to right in visual order (each word's letters reversed), words a space apart."""
    glyph, space = 0.5 * size, 0.3 * size
    width = sum(len(w) for w in words) * glyph + (len(words) - 1) * space
    x = 500.0 - width  # right-aligned at x=500
    spans: list[TextSpan] = []
    for w in words:
        for ch in w:
            spans.append(TextSpan(ch, x, y, x + glyph, y + size, size, False, False))
            x += glyph
        x += space
    return spans


def test_given_glyphs_drawn_right_to_left_then_the_line_reads_in_logical_order() -> None:
    # Given "שלום עולם Pagemill 2024" drawn visually: Pagemill 2024, then the Hebrew
    # reversed; and below it "תודה רבה לכם"
    spans = _visual_spans(["Pagemill", "2024", "םלוע", "םולש"])
    spans += _visual_spans(["םכל", "הבר", "הדות"], y=120.0)
    # When the spans become lines
    line, thanks = spans_to_lines(spans)
    assert thanks.text == "תודה רבה לכם"
    # Then the Hebrew reads right to left and the Latin run keeps its order
    assert line.text == "שלום עולם Pagemill 2024"
    assert [w.text for w in line.words] == ["שלום", "עולם", "Pagemill", "2024"]
    # And each word's box is where its glyphs are
    assert line.words[0].bbox[0] > line.words[1].bbox[0] > line.words[2].bbox[0]
    assert line.words[2].bbox[2] < line.words[3].bbox[0]


def test_given_a_lam_alef_ligature_in_presentation_forms_then_it_reads_lam_then_alef() -> None:
    # Given "لا السلام" in presentation forms, drawn left to right: the word السلام
    # (its lam-alef one glyph) then the lone lam-alef
    words = [("\ufee1\ufefc\ufeb4\ufedf\ufe8d", 10.0, 60.0), ("\ufefb", 65.0, 75.0)]
    # When put in reading order
    out = logical_words(words, 12.0, rtl_page=True)
    # Then the forms are base letters, each ligature lam then alef
    assert [w[0] for w in out] == ["لا", "السلام"]
    assert out[0][1:] == (65.0, 75.0)


def test_given_presentation_forms_then_only_they_are_folded() -> None:
    # Given text with presentation forms beside other compatibility characters
    text = "\ufefb \ufdf2 ﬁ ²"
    # When folded
    # Then the Arabic forms are base letters and the rest is as drawn
    assert fold_presentation_forms(text) == "لا الله ﬁ ²"


def test_given_a_mixed_line_then_the_page_decides_its_direction() -> None:
    # Given "Name:" and an Arabic name, drawn left to right: the same glyphs for
    # "Name: محمد علي" on an English page and "محمد علي :Name" on an Arabic one
    words = [("Name:", 0.0, 30.0), ("يلع", 35.0, 50.0), ("دمحم", 55.0, 80.0)]
    # When put in reading order on an English page, and on an Arabic page
    ltr = " ".join(w[0] for w in logical_words(words, 10.0, rtl_page=False))
    rtl = " ".join(w[0] for w in logical_words(words, 10.0, rtl_page=True))
    # Then each reads as its page does
    assert ltr == "Name: محمد علي"
    assert rtl == "محمد علي :Name"


def test_given_an_english_sentence_on_an_arabic_page_then_it_reads_left_to_right() -> None:
    words = [("The", 0, 20), ("capital", 25, 60), ("is", 65, 75), ("ةرهاقلا", 80, 120), ("today.", 125, 160)]
    out = logical_words([(t, float(a), float(b)) for t, a, b in words], 10.0, rtl_page=True)
    assert " ".join(w[0] for w in out) == "The capital is القاهرة today."


def test_given_mirrored_brackets_drawn_in_an_rtl_line_then_they_open_and_close_as_written() -> None:
    # Given "(فرع)" drawn in an RTL line: the glyph of ")" on the left, of "(" on the right
    words = [("مسقلا", 100.0, 140.0), ("(عرف)", 60.0, 95.0)]
    out = logical_words(words, 12.0, rtl_page=True)
    assert " ".join(w[0] for w in out) == "القسم (فرع)"


def _span(text: str, x0: float, x1: float, y: float = 100.0) -> TextSpan:
    return TextSpan(text, x0, y, x1, y + 12.0, 12.0, False, False)


def test_given_a_lam_alef_drawn_as_two_crossing_glyphs_then_it_reads_lam_then_alef() -> None:
    # Given "سلام" as pdfium gives it from a Naskh font: one span per glyph in logical
    # order, the lam and the alef crossing (the alef inside the lam's box)
    spans = [
        _span("س", 40.0, 49.0),
        _span("ل", 32.1, 40.2),
        _span("\u0627", 32.5, 36.8),
        _span("م", 26.0, 32.0),
    ]
    # When the spans become a line
    [line] = spans_to_lines(spans)
    # Then the word reads as written, not "سالم"
    assert line.text == "سلام"


def test_given_a_two_letter_word_kept_whole_in_logical_order_then_it_is_read_right() -> None:
    # Given "שלום רב" where the text layer kept "רב" as one span in pdfium's (logical)
    # order, its box from its first glyph's left edge to its last glyph's right: ~0 wide
    spans = [
        _span("ש", 60.0, 67.0),
        _span("ל", 55.0, 60.0),
        _span("\u05d5", 51.0, 55.0),
        _span("ם", 44.0, 51.0),
    ]
    spans.append(_span("רב", 34.0, 34.1))
    # When the spans become a line
    [line] = spans_to_lines(spans)
    # Then it reads "שלום רב", and the short word's box is around where it was drawn
    assert line.text == "שלום רב"
    short = line.words[1]
    assert short.bbox[0] < 34.0 < short.bbox[2] < 44.0


def test_given_a_number_split_by_pdfium_on_an_rtl_page_then_it_is_one_word_again() -> None:
    # Given an Arabic table whose LTR cell pdfium broke at its own run boundaries: "1",
    # "," and "200" abutting, drawn in that order after the Arabic line
    spans = _visual_spans(["رعسلا", "ةمئاق"])
    spans += [
        _span("1", 100.0, 106.0, y=130.0),
        _span("200", 108.5, 126.0, y=130.0),
        _span(",", 106.0, 108.5, y=130.0),
    ]
    # When the spans become lines
    title, cell = spans_to_lines(spans)
    # Then the cell reads as drawn, one word
    assert title.text == "قائمة السعر"
    assert cell.text == "1,200"
    assert [w.text for w in cell.words] == ["1,200"]


def test_given_an_arabic_line_that_starts_with_a_percentage_then_it_reads_as_in_its_paragraph() -> None:
    # Given the second line of an Arabic paragraph, "12% عن العام": the line above ends in
    # Arabic, so the number is an Arabic number and the sign is drawn on its left
    words = [("ماعلا", 460.0, 490.0), ("نع", 500.0, 520.0), ("%12", 540.8, 562.4)]
    # When put in reading order
    out = logical_words(words, 13.0, rtl_page=True)
    # Then the percentage reads as written
    assert " ".join(w[0] for w in out) == "12% عن العام"


def test_given_ascii_and_accented_lines_then_nothing_changes() -> None:
    # Given lines with no right-to-left letter
    spans = [
        TextSpan("Invoice", 72.0, 100.0, 120.0, 112.0, 12.0, False, False),
        TextSpan("2024", 125.0, 100.0, 150.0, 112.0, 12.0, False, False),
        TextSpan("Café", 72.0, 130.0, 100.0, 142.0, 12.0, False, False),
        TextSpan("€12", 105.0, 130.0, 125.0, 142.0, 12.0, False, False),
    ]
    # When grouped into lines
    lines = spans_to_lines(spans)
    # Then they come out as drawn
    assert [ln.text for ln in lines] == ["Invoice 2024", "Café €12"]
    assert not any(has_rtl(ln.text) for ln in lines)


def test_given_an_rtl_page_then_layout_marks_its_blocks_rtl() -> None:
    layer = _layer("fa_note.pdf")
    blocks = layout_lines(spans_to_lines(layer.spans), layer.width, layer.height)
    assert blocks and all(b.rtl for b in blocks)


# --- HTML ------------------------------------------------------------------------------


@pytest.fixture
def two_pages(tmp_path: Path) -> list[PageOutcome]:
    english = convert(draw_two_columns(tmp_path / "two.pdf", title="Quarterly Report"))
    arabic = convert(DATA / "ar_invoice.pdf")
    return [PageOutcome(1, english), PageOutcome(2, PageResult.from_json(arabic.to_json()))]


def test_given_rtl_blocks_when_assembled_then_html_marks_them_and_only_them_rtl(
    two_pages: list[PageOutcome],
) -> None:
    # When the document's HTML and Markdown are assembled
    out = assemble("mixed", two_pages, ["html", "markdown"])
    page = out["html"].decode()
    # Then each Arabic paragraph is marked dir="rtl", in logical order
    for line in EXPECTED["ar_invoice.pdf"]:
        assert f'<p dir="rtl">{line}</p>' in page
    # And nothing English is
    assert page.count('dir="rtl"') == len(EXPECTED["ar_invoice.pdf"])
    assert "<h1>Quarterly Report</h1>" in page
    # And the Markdown stays plain text
    assert "dir=" not in out["markdown"].decode()


def test_given_no_rtl_text_then_html_is_docling_cores_own_export(tmp_path: Path) -> None:
    from docling_core.types.doc import ImageRefMode

    english = convert(draw_two_columns(tmp_path / "two.pdf", title="Quarterly Report"))
    doc = to_docling("english", [PageOutcome(1, english)])
    assert to_html(doc) == doc.export_to_html(image_mode=ImageRefMode.EMBEDDED)


def _hebrew_line(text: str, right: float, top: float, bullet: bool = False) -> LayoutLine:
    """A right-to-left line as a text layer gives it (words in logical order, laid from
    ``right`` leftwards at 5 pt a letter), with a bullet hanging 12 pt right of it."""
    size = 10.0
    out: list[Word] = []
    if bullet:
        out.append(Word("•", (right + 12, top, right + 18, top + size)))
    x = right
    for w in text.split():
        out.append(Word(w, (x - 5.0 * len(w), top, x, top + size)))
        x -= 5.0 * len(w) + 2.5
    x1 = right + 18 if bullet else right
    full = f"• {text}" if bullet else text
    return LayoutLine(text=full, bbox=(out[-1].bbox[0], top, x1, top + size), size=size, words=out)


def test_given_a_paragraph_after_a_right_to_left_list_whose_bullets_hang_outside_then_it_is_no_item() -> None:
    # given: a Hebrew paragraph, a list whose bullets hang right of the text edge (as
    # LibreOffice sets a right-to-left list), then a paragraph starting at that text edge
    # under an item whose sentence ended half way across the line
    intro = "זוהי פסקה ארוכה שמסבירה את התנאים של השירות לפני הרשימה שבאה אחריה בעמוד הזה כאן"
    items = ["המשלוח יגיע תוך חמישה ימי עבודה.", "המחיר כולל את המס.", "הצבעים הם שחור ולבן."]
    after = "תודה רבה על האמון שלכם בשירותים שלנו."
    lines = [_hebrew_line(intro, 566, 100)]
    lines += [_hebrew_line(t, 566, 116 + 16 * i, bullet=True) for i, t in enumerate(items)]
    lines.append(_hebrew_line(after, 566, 116 + 16 * len(items)))

    # when
    blocks = layout_lines(lines, 612, 792)

    # then: the items, then the paragraph on its own
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", intro),
        *[("list_item", t) for t in items],
        ("paragraph", after),
    ]


def test_given_a_mark_drawn_over_its_letter_in_an_rtl_word_then_it_follows_that_letter() -> None:
    # Given "دفّة" as pdfium gives it from an mPDF page: one span per glyph in logical
    # order, right to left, and the shadda over the feh as a span joined to it, its box
    # a hair right of the feh's left edge
    spans = [
        _span("د", 60.0, 67.0),
        _span("ف", 53.0, 60.0),
        TextSpan("\u0651", 53.04, 99.0, 59.2, 111.0, 12.0, False, True),
        _span("ة", 46.0, 53.2),
    ]
    # When the spans become a line
    [line] = spans_to_lines(spans)
    # Then the shadda follows the feh, not the dal before it
    assert line.text == "دف\u0651ة"


def test_given_two_commas_after_an_arabic_word_then_they_read_in_the_order_drawn_from_the_right() -> None:
    # Given "الأثناء،, القوى" as the bidi algorithm lays it out: the Arabic comma drawn
    # beside its word, the Latin comma left of it, then a space and the next word
    words = [("ىوقلا", 10.0, 40.0), (",", 44.0, 46.0), ("،", 47.0, 49.0), ("ءانثألا", 49.0, 80.0)]
    # When put in reading order
    out = logical_words(words, 10.0, rtl_page=True)
    # Then the commas read right to left, as the neutrals between two Arabic words do
    assert " ".join(w[0] for w in out) == "الأثناء،, القوى"
