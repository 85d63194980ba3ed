"""A rule typed under an Arabic title as a run of tatweels ("ـــــــ"), the way a Word
document draws one: it is drawn, not written, so it is left out of the text and heads
nothing (worker/engines/glyph_boxes.py).

The PDF is drawn with reportlab in visual order (each RTL word's letters last to first,
as test_rtl_drawn.py draws them) and read through the pdf-text engine."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

_FONT, _BOLD = "DejaVuRtl", "DejaVuRtlBold"
pdfmetrics.registerFont(TTFont(_FONT, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont(_BOLD, "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))

TITLE = "عقد إيجار"
BODY = [
    "تم تحرير هذا العقد بين الطرف الأول و الطرف الثاني",
    "اتفق الطرفان على البنود التالية المذكورة أدناه",
]


def _drawn(logical: str) -> str:
    """An RTL phrase (no Latin or digits in it) as drawn left to right: its characters
    last to first."""
    return logical[::-1]


def test_given_a_tatweel_rule_under_an_arabic_title_then_it_is_no_text_and_no_heading(tmp_path: Path) -> None:
    # given: a bold Arabic title, a run of tatweels in its print a line under it, then
    # two lines of the contract's text
    path = tmp_path / "contract.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont(_BOLD, 16)
    c.drawRightString(520, 760, _drawn(TITLE))
    c.drawRightString(520, 730, "\u0640" * 24)
    c.setFont(_FONT, 11)
    y = 700.0
    for line in BODY:
        c.drawRightString(520, y, _drawn(line))
        y -= 16
    c.save()

    # when
    result = convert(path)

    # then: the title heads the page, the rule is nowhere, the text reads as written
    assert [b.text for b in result.blocks if b.kind in ("title", "section_header")] == [TITLE]
    assert "\u0640" not in (result.text or "") and "\u0640" not in (result.markdown or "")
    assert " ".join(BODY) in " ".join((result.text or "").split())
