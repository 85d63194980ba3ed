"""A real word space after a glyph whose box overhangs its advance (worker/engines/
pdfium_chars.py, _pdfium_words.c's GAP_SHARE): Word text saved through macOS Quartz
positions each glyph by kerns, so an "f" 's box reaches 0.1-0.2 em past the pen, over
the space that follows. The next word then starts a hair from the "f"'s box, as after
a kern written as a space, but the space moved the pen a full space's width."""

from __future__ import annotations

from pathlib import Path

from tests.pdf_pages import helvetica_page, text_layer_of


def _page(content: bytes) -> bytes:
    return helvetica_page(content)


def _words(path: Path) -> list[str]:
    words: list[str] = []
    for s in text_layer_of(path).spans:
        if s.joined and words:
            words[-1] += s.text
        else:
            words.append(s.text)
    return words


def test_given_a_space_after_an_overhanging_glyph_then_the_words_stay_apart(tmp_path: Path) -> None:
    # given: "coefficient of 0.57 predictor of the GPA" in 11 pt Helvetica, each "f" before
    # a space pulled back 0.2 em by a kern (its box 0.2 em past the space's origin), the
    # space a full 0.28 em advance: the next word starts 0.08 em after the "f"'s box
    content = (
        b"BT /F1 11 Tf 1 0 0 1 72 700 Tm [(coefficient of) 200 ( 0.57 predictor of) 200 ( the GPA)] TJ ET"
    )
    path = tmp_path / "overhang.pdf"
    path.write_bytes(_page(content))

    # when
    words = _words(path)

    # then: every space a word space
    assert words == ["coefficient", "of", "0.57", "predictor", "of", "the", "GPA"]


def test_given_a_space_that_moves_the_pen_nothing_then_it_is_a_kern(tmp_path: Path) -> None:
    # given: "Treasurer" drawn with its "Tr" kern written as a space squeezed to 0.05 em by
    # negative word spacing (as Ghostscript draws groff's kerns)
    content = b"BT /F1 11 Tf 1 0 0 1 72 700 Tm -0.74 Tc -2.5 Tw (Tr easurer) Tj ET"
    path = tmp_path / "kern.pdf"
    path.write_bytes(_page(content))

    # when
    words = _words(path)

    # then: one word
    assert words == ["Treasurer"]
