"""Word spaces that pdfium's text does not show, on pages drawn the way Ghostscript's
ps2pdf rewrites groff's PostScript (worker/engines/textlayer.py, _pdfium_words.c).

- A word space drawn with character spacing inside one string: "(epair J)" then
  "2.5 Tc (.P)" then "(ark)". pdfium makes no space of a Tc gap, so its text reads
  "J.Park"; the glyph boxes show the 0.25 em gap.
- A kern drawn as a space with negative spacing: "-0.74 Tc -1.2 Tw (Tr e)". pdfium reads
  a real space, but the "e" starts where the "r" ends: "Treasurer", not "Tr easurer".
- Text letter-spaced throughout (every gap the same) is no run of one-letter words, an
  ordinary space stays a space, and so does one that an italic "f" reaches back over
  (LibreOffice: "Summary for", the "f"'s box 0.08 em from the "y").
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4
FONT, SIZE = "Times-Roman", 10.0


def _width(text: str) -> float:
    return stringWidth(text, FONT, SIZE)


def _draw_ghostscript_row(path: Path) -> Path:
    """One table row and one body line as ps2pdf writes them for groff."""
    c = canvas.Canvas(str(path), pagesize=A4)
    t = c.beginText()
    t.setFont(FONT, SIZE)
    # "Obtain quotes  J. Park": the space after "J." is 2.5 pt of character spacing
    y = HEIGHT - 100
    x = 77.0
    t.setTextOrigin(x, y)
    t.textOut("Obtain quotes")
    x = 200.0
    t.setTextOrigin(x, y)
    t.textOut("J")
    x += _width("J")
    t.setCharSpace(2.5)
    t.setTextOrigin(x, y)
    t.textOut(".P")
    x += _width(".P") + 2.5  # "ark" follows the "P" without a gap
    t.setCharSpace(0)
    t.setTextOrigin(x, y)
    t.textOut("ark")
    # "Renew insurance  Treasurer": the kern of "Tr" drawn as a space squeezed to 0.56 pt
    y -= 20
    t.setTextOrigin(77.0, y)
    t.textOut("Renew insurance")
    x = 200.0
    t.setTextOrigin(x, y)
    t.setCharSpace(-0.74)
    t.setWordSpace(-1.2)
    t.textOut("Tr e")
    x += _width("Tr e") + 4 * -0.74 - 1.2
    t.setCharSpace(0)
    t.setWordSpace(0)
    t.setTextOrigin(x, y)
    t.textOut("asurer")
    # A heading letter-spaced throughout, then an ordinary line with real spaces
    y -= 20
    t.setTextOrigin(77.0, y)
    t.setCharSpace(3.0)
    t.textOut("MINUTES")
    t.setCharSpace(0)
    y -= 20
    t.setTextOrigin(77.0, y)
    t.textOut("Present: J. Park (chair), the Treasurer")
    # An italic "f" whose box reaches back over the real space before it
    y -= 20
    t.setTextOrigin(77.0, y)
    t.setFont("Times-Italic", SIZE)
    t.setWordSpace(-0.3)  # the "f"'s box 0.07 em from the "y", its origin 0.22 em
    t.textOut("Summary for decision makers")
    c.drawText(t)
    c.save()
    return path


def test_given_ghostscript_spacing_then_words_are_cut_where_the_glyphs_are(tmp_path: Path) -> None:
    # Given a page whose word gaps are character spacing and whose kerns are spaces
    pdf = _draw_ghostscript_row(tmp_path / "ps2pdf.pdf")
    # When the page is converted
    result = convert(pdf)
    words = [w.text for block in result.blocks for line in block.lines for w in line.words]
    text = result.text or ""
    # Then the character-spaced gap is a word space
    assert words.count("J.") == 2 and words.count("Park") == 2
    assert "J.Park" not in text
    # And the kern written as a space is none
    assert "Treasurer" in words and "Tr" not in words
    # And the letter-spaced heading and the ordinary line keep their words
    assert "MINUTES" in words
    assert "Present: J. Park (chair), the Treasurer" in text
    assert "Summary for decision makers" in text
