"""Labels printed under their entry lines (worker/engines/layout/ruled_rows.py,
entry_labels): a form's sections side by side, each field a value written on a rule
with a small label right under it ("Bar" on the line, "LAST" under it), were read as one
table pairing the sections row by row ("Bar | 133 Tin Drive", "Last | STREET"), a ZIP
code passing for a column of figures. A table whose rows are ruled stays a table."""

from __future__ import annotations

from common.documents.results import Word
from worker.engines.layout.model import LayoutLine
from worker.engines.layout.page import layout_lines

Rect = tuple[float, float, float, float]


def _line(text: str, x0: float, top: float, size: float) -> LayoutLine:
    char = 0.55 * size
    words: list[Word] = []
    x = x0
    for w in text.split():
        words.append(Word(text=w, bbox=(x, top, x + char * len(w), top + size)))
        x += char * (len(w) + 1)
    return LayoutLine(text=text, bbox=(x0, top, words[-1].bbox[2], top + size), size=size, words=words)


def _rule(x0: float, x1: float, y: float) -> Rect:
    return (x0, y - 0.25, x1, y + 0.25)


def _form() -> tuple[list[LayoutLine], list[Rect]]:
    """Two sections side by side, NAME (x 30..273) and ADDRESS (x 339..582), three rows of
    fields each (the last of three fields: MIDDLE SUFFIX PREFIX, CITY STATE ZIP), a 12 pt
    value 2 pt above its rule, a 7.5 pt label 0.5 pt under it."""
    lines = [_line("HUMAN RESOURCES FORM", 30, 320, 14.0)]
    lines += [_line("NAME", 30, 350, 10.0), _line("ADDRESS", 340, 350, 10.0)]
    rules: list[Rect] = []
    # Each field: value, label, and the ends of its rule.
    rows = [
        [("Bar", "LAST", 30, 273), ("133 Tin Drive", "STREET", 339, 582)],
        [("Foo", "FIRST", 30, 273), ("South Bay", "", 339, 582)],
        [
            ("Q", "MIDDLE", 30, 177),
            ("Jr", "SUFFIX", 187, 225),
            ("Mr", "PREFIX", 235, 273),
            ("Timbuktu", "CITY", 339, 456),
            ("WA", "STATE", 466, 486),
            ("19283", "ZIP", 494, 582),
        ],
    ]
    y = 390.0
    for row in rows:
        for value, label, x0, x1 in row:
            lines.append(_line(value, x0 + 2, y - 2 - 12, 12.0))
            if label:
                lines.append(_line(label, x0, y + 0.5, 7.5))
            rules.append(_rule(x0, x1, y))
        y += 24.0
    return lines, rules


def test_given_labels_under_entry_lines_in_two_sections_then_no_table_pairs_the_sections() -> None:
    # given
    lines, rules = _form()

    # when
    blocks = layout_lines(lines, 612.0, 792.0, rules=rules)

    # then: no table; the name section's fields are read before the address section's
    assert [b.kind for b in blocks if b.kind == "table"] == []
    text = " ".join(b.text for b in blocks)
    assert text.index("Bar") < text.index("Foo") < text.index("133 Tin Drive")
    assert all(text.count(word) == 1 for word in ("LAST", "STREET", "ZIP", "19283", "Mr"))


def test_given_a_table_ruled_between_its_rows_then_it_stays_a_table() -> None:
    # given: a data table, rules across it between its rows, one print throughout
    rows = [("Region", "Area", "Population"), ("Highland", "25,657", "235,540")]
    rows += [("Moray", "2,238", "95,510"), ("Fife", "1,325", "374,730")]
    lines: list[LayoutLine] = []
    rules: list[Rect] = []
    y = 200.0
    for row in rows:
        lines += [_line(text, x, y + 3, 9.0) for text, x in zip(row, (50.0, 250.0, 400.0), strict=True)]
        rules.append(_rule(50, 480, y + 15))
        y += 15.0

    # when
    blocks = layout_lines(lines, 612.0, 792.0, rules=rules)

    # then
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows is not None and tables[0].rows[1] == ["Highland", "25,657", "235,540"]
