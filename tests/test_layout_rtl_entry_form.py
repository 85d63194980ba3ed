"""A right-to-left form's sections of labelled boxes (layout/grids.py, boxed_forms.py): a
Hebrew tax form sets each section's head flush right over a ruled grid of boxes, each
box's label at its top right, the boxes left blank to write in. The grid is read box by
box, as the form is filled in: each row from its rightmost box, and each head before
its grid, top to bottom."""

from __future__ import annotations

from pathlib import Path

from bidi.algorithm import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

_DIR = "/usr/share/fonts/truetype/dejavu/"
_FONT, _BOLD = "DejaVuRtlEntryForm", "DejaVuRtlEntryFormBold"
pdfmetrics.registerFont(TTFont(_FONT, _DIR + "DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont(_BOLD, _DIR + "DejaVuSans-Bold.ttf"))
_RIGHT, _LEFT = 555.0, 40.0
SECTIONS = [
    ("א. פרטי הנישום", [["שם הנישום", "מספר תיק", "שנת מס"], ["כתובת", "מיקוד", "טלפון"]]),
    (
        "ב. פרטי הצד הקשור",
        [["שם הצד הקשור", "מדינת תושבות", "מספר זיהוי"], ["סוג הקשר", "שיעור החזקה", "הערות"]],
    ),
]
BODY = "יש למלא את הטופס בהתאם להוראות המצורפות ולצרף אותו לדוח השנתי של הנישום."
NOTES = ["1 לעניין טופס זה צד קשור כהגדרתו בסעיף 85א לפקודה.", "2 יש לצרף מסמכים תומכים לכל עסקה."]


def _right(
    c: canvas.Canvas, y: float, text: str, font: str = _FONT, size: float = 9.0, x: float = _RIGHT
) -> None:
    """``text`` (as written) drawn in visual order, ending at ``x``."""
    c.setFont(font, size)
    c.drawRightString(x, y, get_display(text))


def _form(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    _right(c, 800, "טופס דיווח על עסקאות עם צד קשור", _BOLD, 14)
    y = 770.0
    for head, rows in SECTIONS:
        _right(c, y, head, _BOLD, 10)
        top = y - 6
        width = (_RIGHT - _LEFT) / len(rows[0])
        for r, row in enumerate(rows):
            for k, label in enumerate(row):  # the first box of a row is the rightmost
                x1, y1 = _RIGHT - k * width, top - 30 * r
                c.rect(x1 - width, y1 - 30, width, 30)
                _right(c, y1 - 10, label, size=7, x=x1 - 4)
        y = top - 30 * len(rows) - 20
    _right(c, y - 10, BODY)
    y = 80.0
    for note in NOTES:
        _right(c, y, note, size=7)
        y -= 10
    c.showPage()
    c.save()
    return path


def test_given_sections_of_labelled_boxes_on_a_hebrew_form_then_each_reads_from_its_head_box_by_box(
    tmp_path: Path,
) -> None:
    # Given a Hebrew form: two sections, each a head over a grid of labelled blank boxes
    result = convert(_form(tmp_path / "form.pdf"))

    # When the page is read, then each head comes before its grid, whose boxes read row
    # by row from the right, and the body and the notes follow
    texts = [b.text for b in result.blocks]
    expected = [t for head, rows in SECTIONS for t in (head, *(label for row in rows for label in row))]
    assert texts[1 : 1 + len(expected)] == expected, texts
    assert texts[1 + len(expected) :] == [BODY, *NOTES], texts
