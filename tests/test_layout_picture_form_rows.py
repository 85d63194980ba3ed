"""A form whose boxes are printed as a picture, its field labels set over them as text:
no rule says where a cell is, only the gutters between the labels. The labels of a row
stand level, but set by hand a point or two off each other (more than a tenth of an
em); read as off their row, the gutter made two columns and each column was read whole,
every row's labels torn apart ("Name" / "First name Surname" / "File number" / "Role").
A row whose labels share most of their height is one row, read across: left to right,
or right to left on a right-to-left page (layout/form_rows.py, columns.py)."""

from __future__ import annotations

from common.documents.results import Word
from worker.engines.layout import LayoutLine, layout_lines

SIZE = 9.0
CHAR = 4.5  # points per character
OFF = 1.5  # pt a label sits below the others of its row (set by hand)


def _line(text: str, x0: float, top: float, *, rtl: bool = False) -> LayoutLine:
    """A line starting at ``x0`` (its left edge; a right-to-left line's words laid out
    from its right edge, in reading order)."""
    width = CHAR * len(text)
    words: list[Word] = []
    if rtl:
        x = x0 + width
        for w in text.split(" "):
            words.append(Word(text=w, bbox=(x - CHAR * len(w), top, x, top + SIZE * 0.8)))
            x -= CHAR * (len(w) + 1)
    else:
        x = x0
        for w in text.split(" "):
            words.append(Word(text=w, bbox=(x, top, x + CHAR * len(w), top + SIZE * 0.8)))
            x += CHAR * (len(w) + 1)
    return LayoutLine(text=text, bbox=(x0, top, x0 + width, top + SIZE * 0.8), size=SIZE, words=words)


def _texts(lines: list[LayoutLine]) -> list[str]:
    return [b.text for b in layout_lines(lines, 595.0, 842.0) if b.kind not in ("page_header", "page_footer")]


def _grid(rows: list[list[tuple[str, float, float]]], heading: str, *, rtl: bool) -> list[LayoutLine]:
    """A heading, then rows of field labels (text, x0, drop below the row's top) with
    empty boxes between them (two blank lines' room)."""
    lines = [_line(heading, 420.0 if rtl else 80.0, 140.0, rtl=rtl)]
    top = 164.0
    for row in rows:
        lines += [_line(text, x0, top + drop, rtl=rtl) for text, x0, drop in row]
        top += 28.0
    return lines


def test_given_rtl_picture_form_rows_a_label_off_level_then_each_row_is_read_right_to_left() -> None:
    # given: a right-to-left form's field grid, two rows of labels; the left label of
    # the second row set 1.5 pt below the others
    rows = [
        [("שם האגודה", 400.0, 0.0), ("מספר תיק ברשות", 125.0, 0.0)],
        [("שם פרטי", 480.0, 0.0), ("שם משפחה", 335.0, 0.0), ("תפקיד באגודה", 131.0, OFF)],
    ]
    lines = _grid(rows, "א. פרטי האגודה ומורשי החתימה מטעמה:", rtl=True)

    # when
    texts = _texts(lines)

    # then: each row read across, its rightmost label first, the rows in order
    assert "שם האגודה מספר תיק ברשות" in texts
    assert "שם פרטי שם משפחה תפקיד באגודה" in texts
    assert texts.index("שם האגודה מספר תיק ברשות") < texts.index("שם פרטי שם משפחה תפקיד באגודה")


def test_given_ltr_picture_form_rows_a_label_off_level_then_each_row_is_read_left_to_right() -> None:
    # given: the same grid left to right, the right label of the second row off level
    rows = [
        [("Association name", 80.0, 0.0), ("File number", 350.0, 0.0)],
        [("First name", 80.0, 0.0), ("Surname", 200.0, 0.0), ("Role in association", 350.0, OFF)],
    ]
    lines = _grid(rows, "A. Association and its signatories", rtl=False)

    # when
    texts = _texts(lines)

    # then
    assert "Association name File number" in texts
    assert "First name Surname Role in association" in texts
