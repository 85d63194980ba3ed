"""Words whose boxes overreach their glyphs (layout/glyph_extents.py).

A LaTeX manual built through dvips and Ghostscript sets its typewriter words in a Type 3
font at "0.12 pt" with a 1000-unit FontBBox: pdfium reads it as 120 pt print, the words'
boxes ten lines tall, over the heading and the paragraph above the code line they stand
in. Grouped by those boxes, the heading, the paragraph's first line and the code line
were one row. A word advancing a tenth of its size a character is not that large: it
stands in the print of the words beside it on its line.
"""

from __future__ import annotations

from pathlib import Path

from tests.layout_pages import convert
from tests.pdf_pages import pdf_stream, raw_pdf

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _draw_manual_section(path: Path) -> Path:
    """A numbered heading, a two-line paragraph, a code line whose middle word is set in
    a Type 3 font as Ghostscript writes dvips' bitmap fonts (FontBBox 1000 units tall,
    drawn at 0.12: a 120 pt box for 12 pt glyphs), and a closing line."""
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /T3 def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(_LETTERS)} beginbfchar\n"
        + "".join(f"<{ord(c):02X}> <{ord(c):04X}>\n" for c in _LETTERS)
        + "endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()
    procs = 9  # the first glyph procedure's object number
    charprocs = b" ".join(b"/%s %d 0 R" % (c.encode(), procs + i) for i, c in enumerate(_LETTERS))
    differences = b"[97 " + b" ".join(b"/" + c.encode() for c in _LETTERS) + b"]"
    widths = b"[" + b" ".join(b"66" for _ in _LETTERS) + b"]"
    type3 = (
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [1 0 0 -1 0 0]"
        b" /CharProcs << "
        + charprocs
        + b" >> /Encoding << /Type /Encoding /Differences "
        + differences
        + b" >> /FirstChar 97 /LastChar 122 /Widths "
        + widths
        + b" /ToUnicode %d 0 R >>" % (procs + len(_LETTERS))
    )
    content = (
        b"BT /F1 14 Tf 72 700 Td (1.2 The code section) Tj ET\n"
        b"BT /F2 12 Tf 72 670 Td (The code section holds the commands that say how the memory is) Tj ET\n"
        b"BT /F2 12 Tf 72 655 Td (filled when the program starts. The general form of a command:) Tj ET\n"
        b"BT /F3 12 Tf 90 625 Td ([label:]) Tj ET\n"
        b"BT /F4 0.12 Tf 1 0 0 -1 155 625 Tm (instruction) Tj ET\n"
        b"BT /F3 12 Tf 250 625 Td ([param1 [, param2]]) Tj ET\n"
        b"BT /F2 12 Tf 72 595 Td (The code section can also be named by its alias.) Tj ET\n"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 8 0 R /F4 7 0 R >> >> >>",
        pdf_stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        type3,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
        *[pdf_stream(b"66 0 0 0 50 80 d1 5 0 40 70 re f") for _ in _LETTERS],
        pdf_stream(cmap),
    ]
    path.write_bytes(raw_pdf(objects))
    return path


def test_given_a_code_word_boxed_ten_lines_tall_then_each_line_reads_in_place(tmp_path: Path) -> None:
    # Given a manual's section whose code line has a word in a font the text layer reads
    # as ten times its size, its box reaching up over the heading and the paragraph
    pdf = _draw_manual_section(tmp_path / "manual.pdf")
    # When the page is converted
    result = convert(pdf)
    texts = [b.text for b in result.blocks]
    # Then the heading, the paragraph and the code line are blocks of their own, in order
    assert texts == [
        "1.2 The code section",
        "The code section holds the commands that say how the memory is filled when the "
        "program starts. The general form of a command:",
        "[label:] instruction [param1 [, param2]]",
        "The code section can also be named by its alias.",
    ]
    # And the heading stays the page's only heading (the code word is body print)
    assert [b.kind for b in result.blocks].count("title") + [b.kind for b in result.blocks].count(
        "section_header"
    ) == 1
