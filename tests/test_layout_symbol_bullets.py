"""Bullets set in a dingbat font (worker/engines/text_fonts.py): Word draws its round
bullet as Wingdings' glyph at the code of "l", and a text layer without a Unicode map for
it names it "l". The lines were paragraphs starting with the letter; each is a list item,
its wrapped line in it, and a word "l" in a text font stays a word."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert, words

# A font file under a dingbat font's name: what the text layer reads of its glyphs is the
# code's letter, as it is for a Wingdings bullet mapped to "l".
_FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_POINTS = [
    (
        "Abonnements valables du 1er janvier au 31 decembre, sur toutes les lignes du reseau "
        "urbain et regional, en semaine comme le dimanche",
        "et les jours feries.",
    ),
    ("Horaires en temps reel sur le site du reseau.", ""),
    ("Informations et vente aux guichets de la gare.", ""),
]


def _page(path: Path) -> Path:
    font = TTFont("Wingdings-Regular", str(_FONT_FILE))
    font.face.name = b"Wingdings-Regular"  # the name the PDF gives its font (BaseFont)
    pdfmetrics.registerFont(font)
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, y, "Informations pratiques")
    y -= 24
    for first, wrapped in _POINTS:
        c.setFont("Wingdings-Regular", 9)
        c.drawString(80, y, "l")  # the bullet, then a tab's gap to the text
        c.setFont("Helvetica", 9)
        c.drawString(94, y, first)
        if wrapped:
            y -= 11
            c.drawString(94, y, wrapped)
        y -= 13
    y -= 20
    c.drawString(72, y, "l is the letter that names the bullet in such a layer.")
    c.save()
    return path


def test_given_bullets_in_a_dingbat_font_read_as_l_then_each_line_is_a_list_item(tmp_path: Path) -> None:
    # Given three points, each after a dingbat font's bullet that the text layer names "l",
    # the first one wrapped onto a second line under its words
    result = convert(_page(tmp_path / "bullets.pdf"))
    # When the page is read
    items = [b for b in result.blocks if b.kind == "list_item"]
    # Then each point is an item without the letter, the first with its wrapped line
    assert [b.text for b in items] == [words(f"{a} {b}") for a, b in _POINTS]
    # And a line that starts with the word "l" in a text font is a paragraph, as written
    assert "l is the letter that names the bullet in such a layer." in [
        b.text for b in result.blocks if b.kind == "paragraph"
    ]
