"""A checkbox inside a line, set apart from the words before it and near its label
(layout/page.py's _options_apart): a field's label with its option after it ("9. E-MAIL
ADDRESS ☐ I agree to ...") or two options a little apart ("☐ OFFICER ☐ SIGNER") came
out as one line, gaps under a column's, and the option was no item of its own."""

from __future__ import annotations

from common.documents.results import Word
from worker.engines.layout.model import LayoutLine
from worker.engines.layout.page import layout_lines

_CHAR = 5.0
_H = 9.0
_SPACE = 2.0  # a word space
_APART = 6.0  # the gap before an option's box: over half an em, under a column's


def _line(parts: list[tuple[str, float]], x0: float, top: float) -> LayoutLine:
    """A line of words; each (word, gap before it) after the first."""
    words: list[Word] = []
    x = x0
    for text, gap in parts:
        x += gap if words else 0.0
        words.append(Word(text=text, bbox=(x, top, x + _CHAR * len(text), top + _H)))
        x += _CHAR * len(text)
    text = " ".join(t for t, _ in parts)
    return LayoutLine(text=text, bbox=(x0, top, words[-1].bbox[2], top + _H), size=_H, words=words)


def _words(text: str, first_gap: float = _SPACE) -> list[tuple[str, float]]:
    return [(w, first_gap if i == 0 else _SPACE) for i, w in enumerate(text.split())]


Rect = tuple[float, float, float, float]


def _box(x0: float, top: float, x1: float, bottom: float) -> list[Rect]:
    return [
        (x0, top - 0.3, x1, top + 0.3),
        (x0, bottom - 0.3, x1, bottom + 0.3),
        (x0 - 0.3, top, x0 + 0.3, bottom),
        (x1 - 0.3, top, x1 + 0.3, bottom),
    ]


def test_given_a_label_and_an_option_on_one_line_in_a_boxed_form_then_the_option_is_an_item() -> None:
    # given: a form drawn as boxes; in one box "9. E-MAIL ADDRESS" with the option to
    # agree after it, near its label; in the next two options a little apart; labels of
    # empty answer boxes under them
    rules: list[Rect] = []
    for top in (100, 130, 150, 170):
        rules += _box(50, top, 300, top + (30 if top == 100 else 20))
        rules += _box(300, top, 450, top + (30 if top == 100 else 20)) + _box(450, top, 550, top + 20)
    lines = [
        _line(_words("Contact details"), 50, 80),
        _line([*_words("9. E-MAIL ADDRESS"), ("☐", _APART), *_words("I agree to get mail")], 55, 105),
        _line([("☐", 0.0), *_words("OFFICER", 3.0), ("☐", _APART), *_words("SIGNER", 3.0)], 305, 105),
        _line(_words("11. DATE"), 455, 105),
        _line(_words("8. TELEPHONE"), 55, 135),
        _line(_words("10. NAME"), 55, 155),
        _line(_words("12. CITY"), 55, 175),
    ]

    # when
    blocks = layout_lines(lines, 600.0, 800.0, rules=rules)

    # then
    items = [(b.text, b.checked) for b in blocks if b.kind == "list_item"]
    assert items == [("I agree to get mail", False), ("OFFICER", False), ("SIGNER", False)]
    assert "9. E-MAIL ADDRESS" in [b.text for b in blocks]


def test_given_boxes_after_their_labels_then_each_box_marks_the_label_before_it() -> None:
    # given: each box right after its answer, the next answer apart from it
    lines = [
        _line(_words("Do you agree?"), 50, 80),
        _line([("Yes", 0.0), ("☐", 3.0), ("No", 12.0), ("☒", 3.0)], 50, 100),
    ]

    # when
    blocks = layout_lines(lines, 600.0, 800.0)

    # then: the options are the labels before their boxes (not "☐ No ☒": the box after
    # "Yes" is not the next option's), each with its box's state (trailing_boxes.py)
    assert [(b.text, b.checked) for b in blocks if b.kind == "list_item"] == [("Yes", False), ("No", True)]
    assert blocks[0].text == "Do you agree?"


def test_given_a_box_about_as_far_from_both_neighbours_then_the_line_stays_whole() -> None:
    # given: "Yes ☐ ARN", the box a field's between its answer and the next label
    lines = [
        _line(_words("Do you have a reference number?"), 50, 80),
        _line([("Yes", 0.0), ("☐", 9.2), ("ARN", 8.3)], 50, 100),
    ]

    # when
    blocks = layout_lines(lines, 600.0, 800.0)

    # then
    assert [b.kind for b in blocks if b.kind == "list_item"] == []
    assert blocks[-1].text.endswith("Yes ☐ ARN")
