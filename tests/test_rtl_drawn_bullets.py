"""Bullets drawn as shapes on a right-to-left page: a Hebrew line starts at its right end,
and its bullet is drawn RIGHT of its first (rightmost) word. The dot was looked for left of
a line's first word only, so a Hebrew list came out as paragraphs
(worker/engines/drawn_bullets.py)."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

_FONT = "DejaVuRtlBullets"
pdfmetrics.registerFont(TTFont(_FONT, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))

_POINTS = ["ניהול צוות של שישה חוקרים", "פיתוח שיטות חדשות ללמידה", "הנחיית ארבעה סטודנטים"]


def _page(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=(500, 400))
    c.setFont(_FONT, 11)
    y = 340.0
    c.drawRightString(460, y + 30, "ניסיון מקצועי"[::-1])
    for text in _POINTS:
        # drawn in visual order (letters last to first), ending at the right margin; the
        # bullet: a dot right of the line, at its middle height
        c.drawRightString(448, y, text[::-1])
        c.circle(456, y + 3.5, 1.875, stroke=0, fill=1)
        y -= 16
    y -= 24
    c.drawRightString(460, y, "תל אביב"[::-1])
    c.circle(413, y + 3.5, 1.5, stroke=0, fill=1)  # left of the line: at its end
    c.showPage()
    c.save()
    return path


def test_hebrew_lines_marked_by_drawn_dots_on_their_right_are_items(tmp_path: Path) -> None:
    result = convert(_page(tmp_path / "hebrew.pdf"))
    items = [b.text for b in result.blocks if b.kind == "list_item"]
    assert items == _POINTS, [(b.kind, b.text) for b in result.blocks]
    # a dot left of a Hebrew line stands at its end: no bullet
    assert "תל אביב" in [b.text for b in result.blocks if b.kind == "paragraph"]
