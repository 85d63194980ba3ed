"""The text layer (extraction, storage form) and the pdf-text engine's contract; the
drawings read beside the text (rules, checkbox squares) are in tests/test_drawings.py."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from common.documents.results import PageResult
from tests.pdf_pages import pdf_stream, raw_pdf
from tests.pdf_pages import text_layer_of as _layer
from worker.engines.base import PageError, PageInput
from worker.engines.pdf_text import PdfTextEngine
from worker.engines.textlayer import TextLayer, TextSpan, extract_text_layer


def _words_with_boxes(layer: TextLayer) -> list[tuple[str, float, float, float, float]]:
    """Words (spans glued to the word they continue) with their union boxes."""
    words: list[list[float | str]] = []
    for s in layer.spans:
        if s.joined and words:
            w = words[-1]
            words[-1] = [str(w[0]) + s.text, w[1], min(w[2], s.top), max(w[3], s.x1), max(w[4], s.bottom)]
        else:
            words.append([s.text, s.x0, s.top, s.x1, s.bottom])
    return [(str(w[0]), float(w[1]), float(w[2]), float(w[3]), float(w[4])) for w in words]


@pytest.fixture
def styled_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "styled.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, "plain")
    c.setFont("Times-Bold", 20)
    c.drawString(72, 600, "bold")
    t = c.beginText()
    t.setTextTransform(14, 0, 0, 14, 72, 500)  # "1 Tf" scaled up by the text matrix
    t.setFont("Courier", 1)
    t.textOut("scaled")
    c.drawText(t)
    c.save()
    return path


# --- (e) storage form ------------------------------------------------------------------


def test_given_extracted_layer_when_round_tripped_through_bytes_then_spans_match(styled_pdf: Path) -> None:
    layer = _layer(styled_pdf)

    back = TextLayer.from_bytes(layer.to_bytes())

    assert [back.width, back.height] == pytest.approx([layer.width, layer.height], abs=0.005)

    def key(s: TextSpan) -> tuple[str, bool, bool]:
        return s.text, s.bold, s.joined

    assert [key(s) for s in back.spans] == [key(s) for s in layer.spans]
    for a, b in zip(layer.spans, back.spans, strict=True):
        assert b.size == pytest.approx(a.size, abs=0.005)
        assert [b.x0, b.top, b.x1, b.bottom] == pytest.approx([a.x0, a.top, a.x1, a.bottom], abs=0.02)


def test_given_awkward_chars_when_round_tripped_then_nothing_is_lost() -> None:
    # Unicode, overlapping spans, a gap, negative coordinates, a change of font size and
    # weight within a line, and a joined span (a word that changes font in its middle).
    spans = [
        TextSpan("é", -3.5, 10.0, 1.25, 22.0, 12.0, False),
        TextSpan("fi", 1.25, 10.0, 7.0, 22.0, 12.0, False),
        TextSpan("x", 1.25, 10.0, 7.0, 22.0, 12.0, False, joined=True),
        TextSpan("€", 40.0, 10.0, 47.33, 22.0, 12.0, True),
        TextSpan("中", 47.33, 8.0, 60.0, 24.0, 14.5, True, joined=True),
        TextSpan('"quoted"', 61.0, 8.0, 80.0, 24.0, 14.5, True),
    ]
    layer = TextLayer(width=612.0, height=792.0, spans=spans)

    back = TextLayer.from_bytes(layer.to_bytes())

    assert back == layer


def test_given_dense_text_when_serialised_then_it_costs_only_a_few_bytes_per_char(styled_pdf: Path) -> None:
    line = "The quick brown fox jumps over the lazy dog. " * 20
    spans = []
    x = 72.0
    for word in line.split():
        spans.append(TextSpan(word, x, 100.0, x + 5.5 * len(word), 112.0, 10.0, False))
        x += 5.5 * (len(word) + 1)
    layer = TextLayer(width=612, height=792, spans=spans)

    assert len(layer.to_bytes()) < 4 * len(line)


def test_given_a_stored_v2_layer_when_decoded_then_its_spans_come_back() -> None:
    # Written by an earlier version of to_bytes: stored layers must stay readable.
    raw = (
        '{"v":2,"u":100,"w":612.0,"h":792.0,"f":[[11,1],[11,0],[7,0]],"r":[[9050,10200,0,7200,"Invoice",'
        '3825],[9050,10200,1,11300,"no.",1250],[8800,9600,2,12550,["2"],450],[9050,10200,1,30000,'
        '"€12,00",3575]],"i":0,"m":1}'
    ).encode()

    layer = TextLayer.from_bytes(raw)

    assert layer == TextLayer(
        612.0,
        792.0,
        [
            TextSpan("Invoice", 72.0, 90.5, 110.25, 102.0, 11.0, True),
            TextSpan("no.", 113.0, 90.5, 125.5, 102.0, 11.0, False),
            TextSpan("2", 125.5, 88.0, 130.0, 96.0, 7.0, False, joined=True),
            TextSpan("€12,00", 300.0, 90.5, 335.75, 102.0, 11.0, False),
        ],
        invisible=0,
        unmapped=1,
    )
    # a layer stored before rules were read has none (its page is laid out from the text)
    assert (layer.rules, layer.boxes) == ([], [])
    # and it is written back in the current form, which reads back the same
    assert TextLayer.from_bytes(layer.to_bytes()) == layer


def test_given_rules_and_boxes_when_round_tripped_then_they_come_back_to_the_hundredth() -> None:
    layer = TextLayer(
        width=612.0,
        height=792.0,
        spans=[TextSpan("x", 10.0, 10.0, 15.0, 22.0, 12.0, False)],
        rules=[(72.0, 100.25, 540.5, 100.75), (300.0, 90.0, 300.5, 200.0)],
        boxes=[(72.0, 300.0, 81.0, 309.0, False), (72.0, 320.0, 81.0, 329.0, True)],
    )

    back = TextLayer.from_bytes(layer.to_bytes())

    assert back == layer
    # and the stored form is still version 2, its rules and boxes keys a reader of the
    # previous release ignores: a rolling upgrade's old workers read what new ones wrote
    stored = json.loads(layer.to_bytes())
    assert stored["v"] == 2 and {"g", "k"} <= set(stored)


def test_given_unknown_version_when_decoded_then_it_is_refused() -> None:
    with pytest.raises(ValueError, match="version"):
        TextLayer.from_bytes(b'{"v": 99}')


# --- extraction ------------------------------------------------------------------------


def test_given_text_then_boxes_are_top_left_origin_in_points(styled_pdf: Path) -> None:
    layer = _layer(styled_pdf)

    words = {w[0]: w[1:] for w in _words_with_boxes(layer)}
    x0, top, _, bottom = words["plain"]
    # drawn at baseline y=700 from the bottom: ~92 pt from the top of a 792 pt page
    assert x0 == pytest.approx(72, abs=0.5)
    assert top < 792 - 700 < bottom
    assert [layer.width, layer.height] == pytest.approx([612, 792])


def test_given_fonts_then_size_and_weight_are_read(styled_pdf: Path) -> None:
    layer = _layer(styled_pdf)

    spans = {s.text: s for s in layer.spans}
    assert spans["plain"].size == pytest.approx(12) and not spans["plain"].bold
    assert spans["bold"].size == pytest.approx(20) and spans["bold"].bold  # non-embedded Times-Bold
    assert spans["scaled"].size == pytest.approx(14)  # 1 pt font under a 14x text matrix


def test_given_rotated_page_then_boxes_are_in_the_displayed_frame(tmp_path: Path) -> None:
    # A landscape table stored the usual way: portrait media box, /Rotate 90, content
    # drawn turned so that it reads upright on screen.
    path = tmp_path / "rotated.pdf"
    c = canvas.Canvas(str(path), pagesize=(400, 600))
    c.setPageRotation(90)  # reportlab then writes a 600 x 400 media box
    # Map displayed coordinates (x right, y up, 400 x 600) to user space: x = 600 - y, y = x.
    c.transform(0, 1, -1, 0, 600, 0)
    c.setFont("Helvetica", 12)
    c.drawString(50, 600 - 60, "upright words")
    c.save()

    layer = _layer(path)

    assert [layer.width, layer.height] == pytest.approx([400, 600])
    [(w1, x0, top, _, bottom), (w2, x2, top2, _, _)] = _words_with_boxes(layer)
    assert (w1, w2) == ("upright", "words")
    assert x0 == pytest.approx(50, abs=0.5) and top < 60 < bottom
    assert x2 > x0 and top2 == pytest.approx(top)  # reads left to right on one line


def test_given_crop_box_then_boxes_are_relative_to_it(tmp_path: Path) -> None:
    path = tmp_path / "cropped.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setCropBox((100, 50, 500, 750))
    c.setFont("Helvetica", 12)
    c.drawString(150, 700, "inside")
    c.save()

    layer = _layer(path)

    assert [layer.width, layer.height] == pytest.approx([400, 700])
    [(_, x0, top, _, bottom)] = _words_with_boxes(layer)
    assert x0 == pytest.approx(50, abs=0.5)
    assert top < 750 - 700 < bottom


def test_given_a_page_box_set_on_the_page_tree_then_the_page_is_that_size(tmp_path: Path) -> None:
    # given: an A4 page whose media and crop boxes are set once, on the Pages node (the page
    # inherits them), a word 20 points under its top edge: above US Letter's height
    text = b"BT /F1 15 Tf 520 822 Td (Credit) Tj ET"
    path = tmp_path / "inherited.pdf"
    path.write_bytes(
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1"
                b" /MediaBox [0 0 595.2 842] /CropBox [0 0 595.2 842] >>",
                b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                pdf_stream(text),
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            ]
        )
    )

    # when
    layer = _layer(path)

    # then: the word is on the page, 20 points under its top
    assert [layer.width, layer.height] == pytest.approx([595.2, 842])
    [(word, x0, top, _, bottom)] = _words_with_boxes(layer)
    assert word == "Credit" and x0 == pytest.approx(520, abs=0.5)
    assert top < 842 - 822 < bottom


# --- (f) the engine ----------------------------------------------------------------------


def _image_only_pdf(path: Path) -> Path:
    png = io.BytesIO()
    Image.new("L", (200, 100), 128).save(png, format="PNG")
    png.seek(0)
    c = canvas.Canvas(str(path), pagesize=letter)
    c.drawImage(ImageReader(png), 72, 500, width=400, height=200)
    c.save()
    return path


def test_given_image_only_page_when_converted_then_it_fails_with_no_text_layer(tmp_path: Path) -> None:
    layer = _layer(_image_only_pdf(tmp_path / "scan.pdf"))
    page = PageInput(page_no=4, width=612, height=792, text_layer=layer)

    [result] = PdfTextEngine().convert([page])

    assert isinstance(result, PageError)
    assert result.code == "no_text_layer"
    assert "page 4" in result.message
    assert not result.retryable


def test_given_page_without_any_layer_then_it_fails_with_no_text_layer() -> None:
    [result] = PdfTextEngine().convert([PageInput(page_no=1, width=612, height=792)])

    assert isinstance(result, PageError) and result.code == "no_text_layer"


def test_given_layer_without_words_then_it_has_no_text() -> None:
    layer = TextLayer(width=612, height=792, spans=[])

    assert not layer.has_text
    [result] = PdfTextEngine().convert([PageInput(page_no=1, width=612, height=792, text_layer=layer)])
    assert isinstance(result, PageError) and result.code == "no_text_layer"


def test_given_batch_then_one_result_per_page_in_order(styled_pdf: Path, tmp_path: Path) -> None:
    text = _layer(styled_pdf)
    scan = _layer(_image_only_pdf(tmp_path / "scan.pdf"))
    pages = [
        PageInput(page_no=1, width=612, height=792, text_layer=text),
        PageInput(page_no=2, width=612, height=792, text_layer=scan),
        PageInput(page_no=3, width=612, height=792, text_layer=text),
    ]

    results = PdfTextEngine().convert(pages)

    assert [type(r) for r in results] == [PageResult, PageError, PageResult]
    first = results[0]
    assert isinstance(first, PageResult)
    assert (first.page_no, first.engine) == (1, "pdf-text")
    assert "layout_s" in first.timings
    assert "plain" in (first.text or "")


def test_engine_declares_a_cpu_text_layer_engine_without_pixels() -> None:
    engine = PdfTextEngine()

    assert (engine.name, engine.queue, engine.needs_text_layer, engine.render_dpi) == (
        "pdf-text",
        "cpu",
        True,
        None,
    )
    assert not engine.wants_image(has_text_layer=True)


def test_given_a_page_when_converted_then_every_line_carries_its_word_boxes() -> None:
    from tests.factories import files

    pdf = pypdfium2.PdfDocument(files.invoice_pdf())
    layer = extract_text_layer(pdf[0])
    (result,) = PdfTextEngine().convert([PageInput(1, layer.width, layer.height, text_layer=layer)])
    assert isinstance(result, PageResult)
    lines = [ln for b in result.blocks for ln in b.lines]
    assert lines
    for ln in lines:
        # the words spell the line, left to right, inside the line's box
        assert " ".join(w.text for w in ln.words) == " ".join(ln.text.split()), ln
        xs = [w.bbox[0] for w in ln.words]
        assert xs == sorted(xs)
        assert all(ln.bbox[0] - 0.01 <= w.bbox[0] < w.bbox[2] <= ln.bbox[2] + 0.01 for w in ln.words)
    # and a value can be pinpointed: the invoice number's own box, not its line's
    hits = [(w, ln) for ln in lines for w in ln.words if w.text == "INV-2026-0042"]
    assert len(hits) == 2  # the header block and the running footer
    footer_word, footer_line = hits[-1]
    assert footer_word.bbox[2] - footer_word.bbox[0] < (footer_line.bbox[2] - footer_line.bbox[0]) / 2
    # and the words survive the stored JSON form
    again = PageResult.from_json(result.to_json())
    assert [w.text for b in again.blocks for ln in b.lines for w in ln.words] == [
        w.text for ln in lines for w in ln.words
    ]


def test_given_word_that_changes_font_midway_then_its_pieces_join_into_one_word(tmp_path: Path) -> None:
    # Given "Payment" drawn as bold "Pay" + regular "ment" with no space between
    path = tmp_path / "midword.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    t = c.beginText(72, 700)
    t.setFont("Helvetica-Bold", 11)
    t.textOut("Pay")
    t.setFont("Helvetica", 11)
    t.textOut("ment due")
    c.drawText(t)
    c.save()

    # When the text layer is extracted and laid out
    layer = _layer(path)
    [result] = PdfTextEngine().convert([PageInput(1, layer.width, layer.height, text_layer=layer)])

    # Then the pieces keep their own fonts but read as one word, with one word box
    assert [(s.text, s.bold, s.joined) for s in layer.spans] == [
        ("Pay", True, False),
        ("ment", False, True),
        ("due", False, False),
    ]
    assert result.text == "Payment due"
    [line] = [ln for b in result.blocks for ln in b.lines]
    assert [w.text for w in line.words] == ["Payment", "due"]


def test_an_italic_glyph_that_reaches_back_over_its_neighbour_stays_in_its_word(tmp_path: Path) -> None:
    # given italic text in an embedded font whose glyph boxes overlap (the "f" of "family"
    # hangs over the "a"; the "y" of "independently" reaches under the "l")
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = Path(reportlab.__file__).parent / "fonts" / "VeraIt.ttf"
    pdfmetrics.registerFont(TTFont("VeraItalic", str(font)))
    path = tmp_path / "italic.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("VeraItalic", 9)
    pdf.drawString(50, 700, "Figures are rounded independently; a family affair.")
    pdf.save()
    # when its text layer is read
    words = [w[0] for w in _words_with_boxes(_layer(path))]
    # then every word is whole
    assert words == ["Figures", "are", "rounded", "independently;", "a", "family", "affair."]
