"""A right-to-left table framed with its columns ruled in the header only: one rule
down the body sets the labels (the stub, on the right) apart from the figures, and no
rule runs between the body's rows. The body is one band, whose first text row is a
section's lone label; read against that row, no row of figures started a row, and the
band came out as one row (every label in one cell, every figure in another), the
frame's footnotes a row of it too (worker/engines/layout/band_rows.py, grids.py)."""

from __future__ import annotations

from common.documents.results import Word
from worker.engines.layout.grids import ruled_tables
from worker.engines.layout.model import LayoutLine

XS = [100.0, 160.0, 220.0, 280.0, 460.0]  # 2014 | 2013 | 2012 | labels, left to right
TOP, HEAD, BODY_END, FRAME_END = 200.0, 230.0, 330.0, 380.0
_CHAR = 4.0  # pt per character


def _rtl(text: str, right: float, top: float) -> LayoutLine:
    """A right-to-left line ending at ``right``: its words laid out from the right, in
    reading order."""
    words: list[Word] = []
    x = right
    for w in text.split():
        words.append(Word(text=w, bbox=(x - _CHAR * len(w), top, x, top + 8.0)))
        x -= _CHAR * (len(w) + 1)
    return LayoutLine(text=text, bbox=(words[-1].bbox[0], top, right, top + 8.0), size=8.0, words=words)


def _figure(text: str, col: int, top: float) -> LayoutLine:
    x0 = XS[col] + 20.0
    return LayoutLine(text=text, bbox=(x0, top, x0 + _CHAR * len(text), top + 8.0), size=8.0)


BODY = [  # label, figures (2012, 2013, 2014), extra space above
    ("תוצר מקומי", None, 0.0),
    ("סך הכל", ("1.9", "5.8", "4.2"), 0.0),
    ("סך כל ההוצאה לצריכה סופית לנפש לשנה זו בסך", ("0.1", "3.8", "2.3"), 0.0),  # fills its cell
    ("צריכה", None, 8.0),  # its first word would not fit after the line above: set apart
    ("ההוצאה הציבורית:", None, 0.0),
    ("סך הכל", ("2.9", "2.8", "2.7"), 0.0),
    ("אזרחית", ("4.8", "2.9", "3.6"), 0.0),
    ("בתי מגורים: | סך הכל", ("8.0", "13.0", "12.1"), 0.0),  # two pieces of one label
]
NOTE = "(1) ההוצאה לצריכה פרטית ועוד ההוצאה על שירותים אישיים שמומנה על ידי הממשלה"


def _page() -> tuple[list[LayoutLine], list[tuple[float, float, float, float]]]:
    # given: the frame, the header's column rules, the stub's rule down the body, and
    # the rules under the header and under the body (the frame runs on round a note)
    rules = [(XS[0], TOP - 0.2, XS[-1], TOP + 0.2), (XS[0], FRAME_END - 0.2, XS[-1], FRAME_END + 0.2)]
    rules += [(XS[0], y - 0.2, XS[-1], y + 0.2) for y in (HEAD, BODY_END)]
    rules += [(x - 0.2, TOP, x + 0.2, FRAME_END) for x in (XS[0], XS[-1])]
    rules += [(x - 0.2, TOP, x + 0.2, HEAD) for x in XS[1:3]]
    rules.append((XS[3] - 0.2, TOP, XS[3] + 0.2, BODY_END))
    lines = [_figure(year, 2 - k, TOP + 10.0) for k, year in enumerate(("2012", "2013", "2014"))]
    y = HEAD + 8.0
    for label, figures, space in BODY:
        y += space
        right = XS[-1] - 4.0
        for piece in label.split(" | "):
            lines.append(_rtl(piece, right, y))
            right = lines[-1].bbox[0] - 20.0
        for k, fig in enumerate(figures or ()):
            lines.append(_figure(fig, 2 - k, y))
        y += 10.0
    lines.append(_rtl(NOTE, XS[-1] - 4.0, BODY_END + 8.0))
    return lines, rules


def test_given_a_rtl_body_ruled_only_round_it_then_each_text_row_is_a_row_read_right_to_left() -> None:
    lines, rules = _page()

    # when
    tables, rest = ruled_tables(lines, rules)

    # then: a row per text row, the labels' column first; a section's labels rows of
    # their own
    [table] = tables
    assert table.table == [
        ["", "2012", "2013", "2014"],
        ["תוצר מקומי", "", "", ""],
        ["סך הכל", "1.9", "5.8", "4.2"],
        ["סך כל ההוצאה לצריכה סופית לנפש לשנה זו בסך", "0.1", "3.8", "2.3"],
        ["צריכה", "", "", ""],
        ["ההוצאה הציבורית:", "", "", ""],
        ["סך הכל", "2.9", "2.8", "2.7"],
        ["אזרחית", "4.8", "2.9", "3.6"],
        ["בתי מגורים: סך הכל", "8.0", "13.0", "12.1"],
    ]
    # ... and the note under the rows, inside the frame, is text after the table
    assert [ln.text for ln in rest] == [NOTE]
