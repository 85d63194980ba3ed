"""A right-to-left line's parts and letters in reading order, where a page's layout or a
tightly set line misleads the rules that read them:

- two parts of one RTL line a wide gap apart (a dates line: "received: ..." at the
  right, "accepted: ..." at the left) read from the right (layout/flow_rows.py's band_row);
- two small lines one under the other beside a taller line (a journal box beside an
  author's affiliation) stay two lines, even where an Arabic line's box is much taller
  than the Latin URL's under it (layout/rows.py's group_rows);
- an alef drawn right of a lam ("حالیکه") is kept in its order: only a lam-alef whose
  alef is drawn left of its lam was stored out of order (bidi_drawn.undo_collapsed).

The PDFs are drawn with reportlab in visual order (an RTL phrase's letters last to
first), as tests/test_rtl_drawn.py draws them, or the text layer is given as spans, as
tests/test_rtl.py gives it; both are read through the pdf-text engine's own functions.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextLayer, TextSpan, extract_text_layer

_FONT = "DejaVuRtlParts"
pdfmetrics.registerFont(TTFont(_FONT, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))

PROSE = [
    "این پژوهش با استفاده از روش پیمایشی انجام شد",
    "یافته های تحقیق نشان داد که کتابداران تمایل دارند",
]


def _drawn(logical: str) -> str:
    """An RTL phrase (no Latin or digits in it) as drawn left to right: its characters
    last to first."""
    return logical[::-1]


def _layer(path: Path) -> TextLayer:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return extract_text_layer(pdf[0])
    finally:
        pdf.close()


def _texts(layer: TextLayer) -> list[str]:
    lines = spans_to_lines(layer.spans)
    return [b.text for b in layout_lines(lines, layer.width, layer.height)]


def test_given_an_rtl_line_of_two_parts_a_wide_gap_apart_then_the_right_part_reads_first(
    tmp_path: Path,
) -> None:
    # Given a Persian page whose dates line holds "دریافت: اردیبهشت" at the right margin
    # and "پذیرش: آبان" at the left one, between two lines of prose
    path = tmp_path / "fa.pdf"
    c = canvas.Canvas(str(path), pagesize=(500, 400))
    c.setFont(_FONT, 10)
    c.drawRightString(460, 360, _drawn(PROSE[0]))
    c.drawRightString(460, 320, _drawn("دریافت: اردیبهشت"))
    c.drawRightString(200, 320, _drawn("پذیرش: آبان"))
    c.drawRightString(460, 280, _drawn(PROSE[1]))
    c.showPage()
    c.save()
    # When the page is laid out
    texts = _texts(_layer(path))
    # Then the line reads from the right: its right part, then its left part
    assert "دریافت: اردیبهشت پذیرش: آبان" in texts


def _line(text: str, x1: float, top: float, bottom: float, size: float, width: float) -> list[TextSpan]:
    """One span per word of ``text`` (given in reading order), laid out from ``x1``
    leftwards for RTL text, or from ``x1 - width`` rightwards for Latin text."""
    words = text.split()
    step = width / len(text)
    spans: list[TextSpan] = []
    rtl = not text.isascii()
    x = x1 if rtl else x1 - width
    for w in words:
        wide = step * len(w)
        x0, x = (x - wide, x - wide - step) if rtl else (x, x + wide + step)
        drawn = _drawn(w) if rtl else w
        spans.append(TextSpan(drawn, x0, top, x0 + wide, bottom, size, False, False))
    return spans


def test_given_two_small_lines_stacked_beside_a_taller_one_then_they_stay_two_lines() -> None:
    # Given a journal box at the left of a Persian page: "نمایه در پایگاه علمی" in a font
    # whose boxes are tall (9.5 pt at 5.5 pt) and the URL under it, boxes 6.7 pt tall,
    # not overlapping it; beside both, at the right, an affiliation line in 10 pt (16.6
    # pt box) that overlaps each of them by over half its height
    spans = _line(PROSE[0], 434.0, 150.0, 166.6, 10.0, 200.0)
    spans += _line("انجمن کتابداری", 210.0, 180.0, 189.5, 5.5, 60.0)
    spans += _line("نمایه در پایگاه علمی", 210.0, 197.3, 206.8, 5.5, 57.0)
    spans += _line("استاد علوم کتابداری دانشگاه شیراز", 434.0, 195.8, 212.4, 10.0, 150.0)
    spans += _line("http://www.example.ac.ir/jrnl.htm", 223.0, 207.0, 213.7, 6.0, 84.0)
    spans += _line(PROSE[1], 434.0, 240.0, 256.6, 10.0, 200.0)
    layer = TextLayer(width=595.0, height=841.0, spans=spans)
    # When the page is laid out
    texts = _texts(layer)
    # Then the box's line and the URL under it are read top down, not as one line with
    # the URL first
    assert texts[-1] == PROSE[1]
    box = " ".join(t for t in texts if "نمایه" in t or "http" in t)
    assert box == "نمایه در پایگاه علمی http://www.example.ac.ir/jrnl.htm"


def test_given_an_alef_drawn_right_of_a_lam_in_a_tight_line_then_it_is_read_before_it(
    tmp_path: Path,
) -> None:
    # Given "در حالیکه سلام" set tightly (character spacing -0.27 em): the glyph boxes
    # overlap their neighbours', the alef of "حال" half inside the lam's box and right
    # of it, in drawing order already
    path = tmp_path / "fa.pdf"
    c = canvas.Canvas(str(path), pagesize=(500, 400))
    text = c.beginText()
    text.setFont(_FONT, 11)
    text.setCharSpace(-3.0)
    text.setWordSpace(5.0)
    text.setTextOrigin(300, 300)
    text.textLine(_drawn("در حالیکه سلام"))
    c.drawText(text)
    c.showPage()
    c.save()
    # When its line is read
    [line] = spans_to_lines(_layer(path).spans)
    # Then the word reads as drawn, not with its alef and lam swapped ("حلایکه")
    assert line.text == "در حالیکه سلام"
