"""Checkboxes set as a dingbat font's glyph (worker/engines/text_fonts.py): a form made in
a drawing program types each option's box as Wingdings' box at the code of "o" or "q"
(Wingdings 2's ticked box at "R"), and a text layer without a Unicode map names it by
that letter: the options read "o כן  o לא" and "q Yes  q No". Each box is a checkbox
item, on a right-to-left page as on a left-to-right one; a letter "o" or "q" in a text
font stays a word."""

from __future__ import annotations

from pathlib import Path

from bidi.algorithm import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from common.documents.renderings import blocks_to_markdown
from common.documents.results import Block
from tests.layout_pages import convert
from worker.engines.text_fonts import symbol_family

# Font files under dingbat fonts' names: what the text layer reads of their glyphs is the
# code's letter, as it is for a Wingdings box at "o".
_FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_TEXT = "DejaVuDingbatForms"
_SIZE = 11.0


def _fonts() -> None:
    pdfmetrics.registerFont(TTFont(_TEXT, _FONT_FILE))
    for name in ("Wingdings-Regular", "Wingdings2"):
        font = TTFont(name, _FONT_FILE)
        font.face.name = name.encode()  # the name the PDF gives its font (BaseFont)
        pdfmetrics.registerFont(font)


def _option(c: canvas.Canvas, x: float, y: float, box: str, label: str, *, rtl: bool, font: str) -> None:
    """A box glyph in ``font`` and its label after it: left of the box on a right-to-left
    page (``x`` the box's right edge), right of it on a left-to-right one."""
    c.setFont(font, _SIZE)
    if rtl:
        c.drawRightString(x, y, box)
        c.setFont(_TEXT, _SIZE)
        c.drawRightString(x - 1.3 * _SIZE, y, get_display(label))
    else:
        c.drawString(x, y, box)
        c.setFont(_TEXT, _SIZE)
        c.drawString(x + 1.3 * _SIZE, y, label)


def _form(path: Path) -> Path:
    """A Hebrew question with its options "כן" and "לא" (Wingdings' "o"), an English one
    with "Yes" and "No" (Wingdings' "q"), and one answered (Wingdings 2's ticked "R")."""
    _fonts()
    c = canvas.Canvas(str(path), pagesize=(500, 500))
    c.setFont(_TEXT, _SIZE)
    c.drawRightString(460, 450, get_display("האם קיים צד קשור לעסקה?"))
    _option(c, 460, 428, "o", "כן", rtl=True, font="Wingdings-Regular")
    _option(c, 380, 428, "o", "לא", rtl=True, font="Wingdings-Regular")
    c.setFont(_TEXT, _SIZE)
    c.drawString(40, 380, "Do you agree to the terms?")
    _option(c, 40, 358, "q", "Yes", rtl=False, font="Wingdings-Regular")
    _option(c, 120, 358, "q", "No", rtl=False, font="Wingdings-Regular")
    c.setFont(_TEXT, _SIZE)
    c.drawString(40, 310, "Were you resident last year?")
    _option(c, 40, 288, "R", "Resident", rtl=False, font="Wingdings2")
    c.setFont(_TEXT, _SIZE)
    c.drawString(40, 240, "o is a word here, and so is q in this line of prose.")
    c.showPage()
    c.save()
    return path


def _items(blocks: list[Block]) -> list[tuple[str, bool | None]]:
    return [(b.text, b.checked) for b in blocks if b.kind == "list_item"]


def test_given_dingbat_boxes_read_as_letters_then_each_option_is_a_checkbox_item(tmp_path: Path) -> None:
    # Given yes/no options whose boxes are a dingbat font's glyph named "o", "q" or "R"
    result = convert(_form(tmp_path / "form.pdf"))

    # When the page is read, then each option is a checkbox item without the letter, in
    # its reading order on the right-to-left page as on the left-to-right one
    assert _items(result.blocks) == [
        ("כן", False),
        ("לא", False),
        ("Yes", False),
        ("No", False),
        ("Resident", True),
    ]
    markdown = blocks_to_markdown(result.blocks)
    assert "- [ ] כן" in markdown and "- [ ] Yes" in markdown and "- [x] Resident" in markdown
    # And the letters in a text font are words, as written
    assert "o is a word here, and so is q in this line of prose." in [
        b.text for b in result.blocks if b.kind == "paragraph"
    ]


def test_given_font_names_then_only_dingbat_fonts_have_a_family() -> None:
    # Given fonts' names as PDFs give them (subset prefixes, styles, spaces)
    names = [
        "ABCDEF+Wingdings-Regular",
        "Wingdings 2",
        "ITCZapfDingbats",
        "Wingdings3",
        "SymbolMT",
        "Helvetica",
    ]

    # Then Wingdings, Wingdings 2 and ZapfDingbats name their families; the arrows of
    # Wingdings 3, the Symbol font's Greek letters and a text font name none
    assert [symbol_family(n) for n in names] == ["wingdings", "wingdings2", "dingbats", "", "", ""]


def _abutting(path: Path) -> Path:
    """ "Yes" and "No" (in Helvetica, whose glyphs' boxes differ from the box glyph's) each
    right after Wingdings' "q", half a point apart: pdfium reads each box and its label as
    one word, "qYes", in two pieces."""
    _fonts()
    c = canvas.Canvas(str(path), pagesize=(500, 500))
    c.setFont(_TEXT, _SIZE)
    c.drawString(40, 420, "Do you agree to the terms?")
    x = 40.0
    for label in ("Yes", "No"):
        c.setFont("Wingdings-Regular", _SIZE)
        c.drawString(x, 398, "q")
        x += pdfmetrics.stringWidth("q", "Wingdings-Regular", _SIZE) + 0.5
        c.setFont("Helvetica", _SIZE)
        c.drawString(x, 398, label)
        x += 60
    c.showPage()
    c.save()
    return path


def test_given_dingbat_boxes_set_against_their_labels_then_each_option_is_a_checkbox_item(
    tmp_path: Path,
) -> None:
    # Given options whose box glyph abuts its label, read by pdfium as one word "qYes"
    result = convert(_abutting(tmp_path / "abutting.pdf"))

    # When the page is read, then each option is a checkbox item of its label alone
    assert _items(result.blocks) == [("Yes", False), ("No", False)]
