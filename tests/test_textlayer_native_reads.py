"""The text layer's pdfium reads from C (worker/engines/_pdfium_words.c: word_boxes,
glyph_boxes, object_props, covering_fills) against their ctypes twins
(worker/engines/pdfium_chars.py, covered_text.py),
on a page drawn here whose words go every way the extraction reads them: one span, glyph
by glyph (a word of several text objects, a gap of character spacing, a raised glyph),
scaled, slanted, fake bold and turned text."""

from __future__ import annotations

import ctypes
import importlib.util
from pathlib import Path

import pypdfium2
import pytest

from tests.test_textlayer_gaps_condensed import _pdf
from tests.test_unseen_covered import _form_page
from worker.engines import covered_text, textlayer
from worker.engines.pdfium_chars import _CharReader
from worker.engines.textlayer import extract_text_layer

_NATIVE = importlib.util.find_spec("worker.engines._pdfium_words") is not None

_CONTENT = (
    # "Kerned" in three text objects and two sizes; "words" with 3 pt of character
    # spacing in its last object; a raised "2"
    b"BT /F1 10 Tf 72 700 Td (Ke) Tj (rn) Tj /F1 12 Tf (ed) Tj ( wo) Tj 3 Tc (rds) Tj"
    b" 0 Tc 4 Ts (2) Tj ET "
    b"BT /F1 1 Tf 12 0 0 12 72 650 Tm (Scaled text) Tj ET "  # 1 Tf under a scaling matrix
    b"BT /F1 10 Tf 1 0 0.3 1 72 600 Tm (Slanted text) Tj ET "  # a synthetic italic
    b"BT 2 Tr /F1 10 Tf 72 550 Td (Fake bold) Tj 0 Tr ET "  # fill, then stroke
    b"BT /F1 10 Tf 0 1 -1 0 300 300 Tm (Turned text) Tj ET"  # a sideways line
)


def _page() -> pypdfium2.PdfPage:
    return pypdfium2.PdfDocument(_pdf(_CONTENT))[0]


def test_given_a_page_when_its_characters_are_read_from_c_and_by_ctypes_then_every_read_is_alike() -> None:
    # given: the extension built (the install builds it: tests/test_native.py) and the
    # page's text page
    assert _NATIVE, "the C extension is not built: run `make native`"
    from worker.engines import _pdfium_words

    textpage = _page().get_textpage()
    tp = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
    text = textpage.get_text_range()
    native, twin = _CharReader(tp, _pdfium_words), _CharReader(tp, None)

    # when: each read made both ways
    words = list(native.word_records(text)), list(twin.word_records(text))
    glyphs = native.glyph_records(0, len(text)), twin.glyph_records(0, len(text))
    objects = [(native.object_props(g[0], g[5]), twin.object_props(g[0], g[5])) for g in glyphs[1]]

    # then: the same records, and the page reads every way the extraction does
    assert words[0] == words[1]
    assert {flags for _, _, flags, *_ in words[1]} >= {0, 1}  # one span; glyph by glyph
    assert glyphs[0] == glyphs[1]
    assert len({g[5] for g in glyphs[1]}) >= 8  # the text objects
    for from_c, through_ctypes in objects:
        assert from_c == through_ctypes
    # and a glyph range with no characters reads as none
    assert native.glyph_records(3, 3) == twin.glyph_records(3, 3) == []


@pytest.mark.parametrize("native", [True, False], ids=["c", "ctypes"])
def test_given_words_in_pieces_when_the_text_layer_is_read_then_it_is_the_same_with_and_without_the_extension(
    monkeypatch: pytest.MonkeyPatch, native: bool
) -> None:
    # given: the page, read once with the extension as built
    assert _NATIVE, "the C extension is not built: run `make native`"
    expected = extract_text_layer(_page())

    # when: read again, with the extension or with its ctypes twins (the decision is
    # textlayer's own, at each extraction)
    if not native:
        monkeypatch.setattr(textlayer, "_pdfium_words", None)
    layer = extract_text_layer(_page())

    # then: the same spans and turned lines; "Kerned" reads as pieces that continue
    # the word, "words" as its letters set apart, the raised "2" as its own span
    assert layer.spans == expected.spans
    assert layer.turned == expected.turned
    texts = [(s.text, s.joined) for s in layer.spans]
    assert texts[:3] == [("Ke", False), ("rn", True), ("ed", True)]
    assert ("2", False) in texts
    assert [(s.text, s.bold) for s in layer.spans if s.text in ("Fake", "bold")] == [
        ("Fake", True),
        ("bold", True),
    ]
    assert [t.text for t in layer.turned] == ["Turned text"]


def test_given_the_split_text_layer_then_what_other_code_imports_from_textlayer_is_there() -> None:
    # given/when: the names Pagemill's other modules import from worker.engines.textlayer
    from worker.engines import page_frame, pdfium_chars, text_spans
    from worker.engines.textlayer import (  # noqa: F401
        FAKE_SHARE,
        Box,
        Rule,
        TextLayer,
        TextSpan,
        _address,
        _PageFrame,
        extract_text_layer,
    )

    # then: they are the split modules' own
    assert TextLayer is text_spans.TextLayer and TextSpan is text_spans.TextSpan
    assert _PageFrame is page_frame._PageFrame and _address is pdfium_chars._address


def test_given_boxes_drawn_over_text_through_forms_when_read_from_c_and_by_ctypes_then_the_records_are_alike(
    tmp_path: Path,
) -> None:
    # given: a flattened field drawn over a form's print, once as it is and once through
    # a scaling matrix (covered_text's walk runs through form XObjects)
    assert _NATIVE, "the C extension is not built: run `make native`"
    from worker.engines import _pdfium_words

    form = b"q 1 1 1 rg 0 0 24 1.8 re f Q BT /Helv 11 Tf 0 g 10 0.6 Td 0.1 0 0 0.1 0 0 cm (A) Tj ET"
    for name, place in (("plain", b"1 0 0 1 155 694"), ("scaled", b"10 0 0 10 155 694")):
        page = pypdfium2.PdfDocument(_form_page(tmp_path / f"{name}.pdf", form, place=place))[0]
        handle = ctypes.cast(page.raw, ctypes.c_void_p).value
        assert handle is not None

        # when: the walk made both ways
        from_c = _pdfium_words.covering_fills(handle, *covered_text._COVER_FNS)
        through_ctypes = covered_text._covering_records_ctypes(page)

        # then: the same records; the scaled box is found over the print
        assert from_c == through_ctypes
        if name == "scaled":
            assert from_c
