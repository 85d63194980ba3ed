"""An underline drawn under a heading set against a box's inner side meets that side as a
row's border would: it is the heading's, not a rule between two rows of a grid, and the
box's columns read whole, each from its underlined heading down (grids.py, crossing_rules.py)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert, words

HEADING = "2a. Type of action codes"
COLUMNS = [
    ["1 = New Admission", "2 = Annual Reexamination", "3 = Interim Reexamination", "4 = Move-in"],
    ["5 = Move-out", "6 = End Participation", "7 = Other Change of Unit", "8 = Addendum Only"],
    ["9 = Issuance of Voucher", "10 = Expiration", "11 = Flat Rent Update", "12 = Void"],
]
LEFT, RIGHT, PAD = 48.0, 564.0, 6.0


def _codes_box(path: Path, *, underline: bool) -> Path:
    """A framed box of three columns of codes, each column in an inner box of its own whose
    left side the text is set against; the first column's heading underlined from its
    first letter to its last, the underline meeting the inner box's side."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setLineWidth(0.5)
    top = HEIGHT - 300
    bottom = top - 16 - 9 * len(COLUMNS[0]) - 10
    c.rect(LEFT, bottom, RIGHT - LEFT, top - bottom)
    width = (RIGHT - LEFT - 4 * PAD) / 3
    c.setFont("Helvetica", 7)
    for k, lines in enumerate(COLUMNS):
        x0 = LEFT + PAD + k * (width + PAD)
        # The inner box: its sides and bottom, its top the frame's.
        c.line(x0, top, x0, bottom + PAD)
        c.line(x0 + width, top, x0 + width, bottom + PAD)
        c.line(x0, bottom + PAD, x0 + width, bottom + PAD)
        y = top - 7
        if k == 0:
            c.drawString(x0, y, HEADING)
            if underline:
                c.line(x0, y - 1, x0 + c.stringWidth(HEADING, "Helvetica", 7), y - 1)
        y -= 9
        for line in lines:
            c.drawString(x0, y, line)
            y -= 9
    c.setFont("Helvetica", 10)
    c.drawString(LEFT, top + 20, "Codes used in this report are listed in the box below.")
    c.save()
    return path


def _text(path: Path) -> str:
    blocks = convert(path).blocks
    return words(" ".join(" ".join(" ".join(r) for r in b.rows) if b.rows else b.text for b in blocks))


def test_given_an_underlined_heading_against_a_box_side_then_its_column_reads_on_under_it(
    tmp_path: Path,
) -> None:
    # given: the codes box, its first column's heading underlined; and the same box
    # without the underline
    underlined = _codes_box(tmp_path / "underlined.pdf", underline=True)
    plain = _codes_box(tmp_path / "plain.pdf", underline=False)

    # when
    text, expected = _text(underlined), _text(plain)

    # then: the underline changes nothing: the heading is read with its column's codes
    # under it, not as a row of its own above a row of all three columns
    assert words(f"{HEADING} {' '.join(COLUMNS[0])}") in text, text
    assert text == expected
