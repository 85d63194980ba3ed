"""Word spaces in condensed small print (worker/engines/textlayer.py): letters that overlap
(kerned tight, about -0.09 em) and word gaps of 0.07-0.12 em with no space character, the
words of a line drawn by several text operators so that pdfium reads them as one word."""

from __future__ import annotations

from pathlib import Path

from tests.pdf_pages import text_layer_of


def _pdf(content: bytes) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _tj(word: str, kerns: list[int], after: int) -> bytes:
    """A TJ of ``word``'s glyphs with ``kerns`` between them (thousandths of an em, a
    positive one pulling the next glyph back) and ``after`` once drawn."""
    parts = [b"(%s)" % word[0].encode()]
    for ch, k in zip(word[1:], kerns, strict=True):
        parts.append(b"%d(%s)" % (k, ch.encode()))
    return b"[" + b" ".join(parts) + b" %d] TJ" % after


def test_given_condensed_words_run_together_then_their_narrow_gaps_are_word_spaces(tmp_path: Path) -> None:
    # given: "to withdraw or modify" in 6 pt Helvetica, its letters overlapping by up to
    # 0.14 em and some abutting (a kerned, condensed setting), the words
    # 0.077-0.12 em apart with no space between them ("to" and "withdraw" are two TJ
    # operators, "withdraw" and "or" stand 0.077 em apart), so that pdfium reads
    # "towithdrawor" as one word; "modify" after a full word space
    content = (
        b"BT /F1 6 Tf 1 0 0 1 72 700 Tm "
        + b" ".join(
            [
                _tj("to", [47], -123),
                _tj("withdraw", [140, 0, 47, 93, 93, 10, 93], -77) + b" " + _tj("or", [93], -300),
                _tj("modify", [140, 93, 93, 0, 80], 0),
            ]
        )
        + b" ET"
    )
    path = tmp_path / "condensed.pdf"
    path.write_bytes(_pdf(content))

    # when
    layer = text_layer_of(path)

    # then: four words, each whole
    words: list[str] = []
    for s in layer.spans:
        if s.joined and words:
            words[-1] += s.text
        else:
            words.append(s.text)
    assert words == ["to", "withdraw", "or", "modify"]


def test_given_a_condensed_word_gap_inside_one_string_then_it_is_a_word_space(tmp_path: Path) -> None:
    # given: "by others." as one TJ string (one text object), the letters kerned tight
    # as above and the words 0.057 em apart: pdfium makes no space of so narrow a gap
    content = (
        b"BT /F1 6 Tf 1 0 0 1 72 700 Tm " + _tj("byothers.", [93, -57, 93, 47, 93, 93, 10, 43], 0) + b" ET"
    )
    path = tmp_path / "one-string.pdf"
    path.write_bytes(_pdf(content))

    # when
    layer = text_layer_of(path)

    # then: two words
    words: list[str] = []
    for s in layer.spans:
        if s.joined and words:
            words[-1] += s.text
        else:
            words.append(s.text)
    assert words == ["by", "others."]
