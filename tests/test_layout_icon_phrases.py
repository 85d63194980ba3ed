"""Icon glyphs whose ToUnicode map reads as the icon and a phrase (worker/engines/
textlayer.py, _pdfium_words.c).

An invoice's letterhead draws a phone and an envelope from an icon font, each followed
by the number or address in letters. The icon font's ToUnicode map gives each icon
glyph the icon's code point and a phrase ("\u2709 sav@example.net", "\u260e +33"), which
pdfium reads as several words all in the one glyph's box. The page shows the icon, then
the letters, once: the phrase is text nobody sees (and, where the map was made for
another line, the wrong text: the envelope before "tony@example.net" still reads
"sav@example.net"). A ligature's letters share a box too, but never with a space.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.layout_pages import convert
from tests.pdf_pages import pdf_stream, raw_pdf

# Whether the text layer's words come from the C extension where it is not patched out.
_NATIVE = importlib.util.find_spec("worker.engines._pdfium_words") is not None

# ZapfDingbats' codes of the envelope (a117), the telephone (a5) and a star (a13), the
# last mapped to a globe beyond the BMP as icon fonts map their web icon.
_ENVELOPE, _PHONE, _GLOBE = 0x29, 0x25, 0x2A


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _draw_letterhead(path: Path) -> Path:
    """Three contact lines, each an icon (ZapfDingbats, its map read as icon and phrase)
    then the number or address in Helvetica; and a line with the "fi" ligature's glyph
    mapped to its two letters."""
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Icons def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        "3 beginbfchar\n"
        f"<{_ENVELOPE:02X}> <{_utf16(chr(0x2709) + ' sav@example.net')}>\n"
        f"<{_PHONE:02X}> <{_utf16(chr(0x260E) + ' +33')}>\n"
        f"<{_GLOBE:02X}> <{_utf16(chr(0x1F310) + ' http://example.fr')}>\n"
        "endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()
    # Helvetica's code 0xAE is the "fi" ligature (StandardEncoding).
    lig_cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Lig def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfchar\n<AE> <00660069>\nendbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    content = (
        b"BT /F2 10 Tf 72 700 Td <%02X> Tj ET\n" % _PHONE
        + b"BT /F1 10 Tf 86 700 Td (+33 4 72 07 08 55) Tj ET\n"
        + b"BT /F2 10 Tf 72 686 Td <%02X> Tj ET\n" % _ENVELOPE
        + b"BT /F1 10 Tf 86 686 Td (sav@example.net) Tj ET\n"
        + b"BT /F2 10 Tf 72 672 Td <%02X> Tj ET\n" % _ENVELOPE
        + b"BT /F1 10 Tf 86 672 Td (tony@example.net) Tj ET\n"
        + b"BT /F2 10 Tf 72 658 Td <%02X> Tj ET\n" % _GLOBE
        + b"BT /F1 10 Tf 86 658 Td (http://example.fr) Tj ET\n"
        + b"BT /F3 10 Tf 72 640 Td (Our \\256nal pro\\256le: 9 to 5) Tj ET\n"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 8 0 R >> >> >>",
        pdf_stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats /ToUnicode 7 0 R >>",
        pdf_stream(cmap),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 9 0 R >>",
        pdf_stream(lig_cmap),
    ]
    path.write_bytes(raw_pdf(objects))
    return path


@pytest.mark.parametrize("native", [True, False], ids=["c", "ctypes"])
def test_given_icon_glyphs_mapped_to_phrases_then_each_phrase_reads_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, native: bool
) -> None:
    # Given a letterhead whose phone and envelope icons the text layer reads as the icon
    # and a phrase, each followed by the number or address in letters
    # (the install builds the C extension: tests/test_native.py; never skipped here)
    assert _NATIVE or not native, "the C extension is not built: run `make native`"
    if not native:
        monkeypatch.setattr("worker.engines.textlayer._pdfium_words", None)
    pdf = _draw_letterhead(tmp_path / "letterhead.pdf")
    # When the page is converted
    text = convert(pdf).text or ""
    # Then the page's text is what it shows: each icon, then its line's letters once
    assert "\u260e +33 4 72 07 08 55" in text
    assert "+33 +33" not in text
    assert "\u2709 sav@example.net" in text
    assert text.count("sav@example.net") == 1
    assert "\u2709 tony@example.net" in text
    # And an icon beyond the BMP (two UTF-16 halves in pdfium's text) is read, not dropped
    assert "\U0001f310 http://example.fr" in text
    assert text.count("http://example.fr") == 1
    # And a ligature's letters, which share its glyph's box, stay
    assert "Our final profile: 9 to 5" in text
