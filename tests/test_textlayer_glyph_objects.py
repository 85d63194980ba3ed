"""Glyphs drawn one text object each on a page that pdfium takes for vertical writing
(worker/engines/text_extract.py): pdfium then breaks the line after every glyph, and the
words must still read whole ("Facture", not "F a c t u r e") with their word spaces."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth

from tests.pdf_pages import helvetica_page, text_layer_of
from worker.engines.base import PageInput
from worker.engines.pdf_text import PdfTextEngine

_SIZE = 12


def _glyph_by_glyph(text: str, x: float, y: float) -> bytes:
    """``text`` drawn as a browser's PDF printer draws it: a text object per glyph, each
    placed at its own origin, the spaces not drawn at all."""
    out = []
    for ch in text:
        if ch != " ":
            out.append(b"BT /F1 %d Tf 1 0 0 1 %.3f %.3f Tm (%s) Tj ET" % (_SIZE, x, y, ch.encode()))
        x += stringWidth(ch, "Helvetica", _SIZE)
    return b" ".join(out)


def _page(lines: list[tuple[float, float, str]]) -> bytes:
    content = b" ".join(_glyph_by_glyph(t, x, y) for x, y, t in lines)
    return helvetica_page(content)


def test_given_glyphs_drawn_one_by_one_on_a_narrow_tall_page_then_words_read_whole(tmp_path: Path) -> None:
    # given: an invoice's title over twelve rows of a label at the left and an amount
    # far right, every glyph its own text object, the rows stacked tight down the page:
    # the text covers more of the page's height than of its width, so pdfium reads it as
    # vertical writing and puts a line break after every glyph
    lines = [(72.0, 740.0, "Facture neuf")]
    lines += [(72.0, 700.0 - 14 * k, f"Heures {k}") for k in range(12)]
    lines += [(520.0, 700.0 - 14 * k, f"{k}0 EUR") for k in range(12)]
    path = tmp_path / "glyphs.pdf"
    path.write_bytes(_page(lines))

    # when
    layer = text_layer_of(path)
    (result,) = PdfTextEngine().convert([PageInput(1, layer.width, layer.height, text_layer=layer)])

    # then: the words are whole and the word spaces kept
    assert not isinstance(result, Exception)
    text = result.text or ""
    assert text.splitlines()[0] == "Facture neuf"
    words = text.split()
    assert words.count("Heures") == 12 and words.count("EUR") == 12
    assert "110" in words and "11" in words
