"""Minus signs written with the soft hyphen's code (worker/engines/text_extract.py): a
credit note's amounts "\u00ad5,15" show a minus sign that the text layer gives as U+00AD,
which every consumer drops as an invisible break opportunity; one that opens a number
is read as "-", one inside a word stays what it is."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from common.documents.results import blocks_to_text
from tests.layout_pages import HEIGHT, convert

_FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_given_amounts_whose_minus_is_a_soft_hyphen_then_they_read_negative(tmp_path: Path) -> None:
    # Given a credit note's totals, each amount's minus sign coded as a soft hyphen, and a
    # word with a soft hyphen inside it
    pdfmetrics.registerFont(TTFont("DejaVu", str(_FONT_FILE)))
    path = tmp_path / "credit.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("DejaVu", 11)
    for k, (label, amount) in enumerate((("Käibemaks", "\u00ad1,24"), ("Kokku KMga", "\u00ad6,39"))):
        c.drawString(72, HEIGHT - 100 - 16 * k, label)
        c.drawString(300, HEIGHT - 100 - 16 * k, amount)
    c.drawString(72, HEIGHT - 160, "Kreedit\u00adarve on tasutud.")
    c.save()
    # When the page is read
    text = blocks_to_text(convert(path).blocks)
    # Then the amounts are negative, the word keeps its soft hyphen
    assert "-1,24" in text and "-6,39" in text
    assert "\u00ad1" not in text and "\u00ad6" not in text
    assert "Kreedit\u00adarve" in text
