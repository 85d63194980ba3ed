"""A frame split by one vertical rule into two columns of questions (a survey form's page:
a box round the body, a rule down its middle, questions and their checkbox options down
the left half and on down the right) is read column by column, its options checkbox
items; not as a two-column table pairing each left line with the right line at its
height. A framed two-column table of short cells stays a table."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert, words

# Debian's fonts-dejavu-core (scripts/services.sh installs it): a font with box glyphs.
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

LEFT: list[str | list[str]] = [
    "1. Does your agency record complaints about the conduct of its staff members? "
    "(See the definitions on page two of this form.)",
    ["☑ Yes", "☐ No"],
    "2. Between January 1 and December 31, how many complaints about the conduct of "
    "staff members were received by your agency?",
    "Count each complaint only once, even where it names several members of staff.",
]
RIGHT: list[str | list[str]] = [
    "3. Does your agency record complaints about the condition of its buildings? "
    "(See the definitions on page two of this form.)",
    ["☐ Yes", "☑ No"],
    "4. Between January 1 and December 31, how many complaints about the condition of "
    "buildings were received by your agency?",
    "Count each complaint only once, even where it names several of the buildings.",
]


def _column(c: canvas.Canvas, x: float, top: float, parts: list[str | list[str]]) -> None:
    y = top
    for part in parts:
        if isinstance(part, list):
            c.setFont("DejaVu", 9)
            for option in part:
                c.drawString(x + 12, y, option)
                y -= 13
        else:
            c.setFont("Helvetica", 9)
            for line in simpleSplit(part, "Helvetica", 9, 240):
                c.drawString(x, y, line)
                y -= 11
        y -= 10


def _survey_page(path: Path, *, title: bool = True) -> Path:
    pdfmetrics.registerFont(TTFont("DejaVu", str(_DEJAVU)))
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 12)
    if title:
        c.drawString(46, HEIGHT - 60, "Section I. Complaints received")
    top, bottom = HEIGHT - 75, HEIGHT - 330
    c.setLineWidth(1)
    c.rect(40, bottom, 532, top - bottom)
    c.line(306, top, 306, bottom)
    # Both columns set alike, so that their lines stand level, row for row.
    _column(c, 48, top - 16, LEFT)
    _column(c, 314, top - 16, RIGHT)
    c.setFont("Helvetica", 8)
    c.drawString(46, 40, "FORM CS-2 (1-2-2024)")
    c.drawRightString(566, 40, "Page 3")
    c.save()
    return path


def test_given_a_frame_divided_into_two_columns_of_questions_then_they_are_read_column_by_column(
    tmp_path: Path,
) -> None:
    # given: a page whose body is a frame with a rule down its middle, questions and
    # their checkbox options down each half, the two halves' lines level
    pdf = _survey_page(tmp_path / "survey.pdf")

    # when
    blocks = convert(pdf).blocks
    text = words(" ".join(b.text for b in blocks))

    # then: no table; the left column whole, then the right; the options are items
    assert [b for b in blocks if b.kind == "table"] == []
    marks = ("1. Does your", "2. Between", "staff members were", "3. Does your", "4. Between")
    order = [text.index(s) for s in marks]
    assert order == sorted(order), text
    assert "staff members were received by your agency?" in text, text
    options = [(b.text, b.checked) for b in blocks if b.kind == "list_item" and b.checked is not None]
    assert options == [("Yes", True), ("No", False), ("Yes", False), ("No", True)], options


def test_given_a_page_whose_body_is_a_divided_frame_then_its_footer_is_furniture(tmp_path: Path) -> None:
    # given: the survey page with no title, so that its body is all inside the divided
    # frame (read apart, as boxes), and a form code and a page number at its foot
    pdf = _survey_page(tmp_path / "survey.pdf", title=False)

    # when
    blocks = convert(pdf).blocks

    # then: the foot's form code and page number are the page's footer, not text
    foot = [b for b in blocks if "FORM CS-2" in b.text or b.text.strip() == "Page 3"]
    assert foot and all(b.kind == "page_footer" for b in foot), [(b.kind, b.text) for b in foot]


def _key_value_box(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(46, HEIGHT - 60, "Policy summary")
    rows = [
        ("Policy number", "HU 0042 7781"),
        ("Named insured", "Example Holdings LLC"),
        ("Policy period", "01/01/2024 to 01/01/2025"),
        ("Agent", "Jane Roe Insurance Agency"),
        ("Premium", "$1,250.00"),
        ("Fees", "$25.00"),
        ("Total due", "$1,275.00"),
    ]
    top = HEIGHT - 75
    bottom = top - 16 * len(rows) - 8
    c.rect(40, bottom, 400, top - bottom)
    c.line(200, top, 200, bottom)
    c.setFont("Helvetica", 9)
    for i, (key, value) in enumerate(rows):
        y = top - 16 - 16 * i
        c.drawString(48, y, key)
        c.drawString(208, y, value)
    c.drawString(46, bottom - 30, "The premium is due on the first day of the policy period.")
    c.save()
    return path


def test_given_a_framed_two_column_table_of_short_cells_then_it_stays_a_table(tmp_path: Path) -> None:
    # given: a frame with a rule down it, a key left and its value right on each row
    pdf = _key_value_box(tmp_path / "keys.pdf")

    # when
    blocks = convert(pdf).blocks

    # then: one table, each key beside its value
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows is not None
    assert ["Named insured", "Example Holdings LLC"] in table.rows
    assert ["Total due", "$1,275.00"] in table.rows


def test_given_a_frame_of_two_columns_that_holds_all_the_text_then_no_text_is_lost(tmp_path: Path) -> None:
    # given: the divided frame alone on its page, no line outside it (page.py reads
    # framed boxes only beside other text)
    pdfmetrics.registerFont(TTFont("DejaVu", str(_DEJAVU)))
    path = tmp_path / "alone.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    top, bottom = HEIGHT - 75, HEIGHT - 330
    c.rect(40, bottom, 532, top - bottom)
    c.line(306, top, 306, bottom)
    _column(c, 48, top - 16, LEFT)
    _column(c, 314, top - 16, RIGHT)
    c.save()

    # when
    blocks = convert(path).blocks
    text = words(" ".join(b.text for b in blocks))

    # then: every question is there
    for part in (*LEFT, *RIGHT):
        if isinstance(part, str):
            for word in part.split()[:4]:
                assert word in text, word
