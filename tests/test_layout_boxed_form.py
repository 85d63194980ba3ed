"""A form drawn as boxes (worker/engines/layout/boxed_forms.py): a grid of ruled cells,
each holding a question and its checkbox options, was read as one big table; the options
sat inside cells ("A1 Which applies? ☐ Initial issue ☐ Variation") and never became
checkbox items. A data table with a column of marks stays a table."""

from __future__ import annotations

from tests.layout_lines import mono_line
from worker.engines.layout.boxed_forms import boxed_form
from worker.engines.layout.model import LayoutLine
from worker.engines.layout.page import layout_lines

Rect = tuple[float, float, float, float]


def _line(text: str, x0: float, top: float) -> LayoutLine:
    return mono_line(text, x0, top)


def _box(x0: float, top: float, x1: float, bottom: float) -> list[Rect]:
    return [
        (x0, top - 0.3, x1, top + 0.3),
        (x0, bottom - 0.3, x1, bottom + 0.3),
        (x0 - 0.3, top, x0 + 0.3, bottom),
        (x1 - 0.3, top, x1 + 0.3, bottom),
    ]


def _form() -> tuple[list[LayoutLine], list[Rect]]:
    """A form of three boxed sections, one under the other, 500 pt wide: each a question
    in its own row, its answer fields in cells beside labels, options with ☐ before them."""
    lines: list[LayoutLine] = []
    rules: list[Rect] = []
    # Section 1: a question over two options, each option a cell of its own.
    rules += _box(50, 100, 550, 120) + _box(50, 120, 300, 140) + _box(300, 120, 550, 140)
    lines += [
        _line("A1 Please indicate which applies to you:", 55, 105),
        _line("☐ I am applying for an initial issue", 55, 125),
        _line("☐ I am applying for a variation", 305, 125),
    ]
    # Section 2: labels beside empty answer cells.
    rules += _box(50, 140, 150, 160) + _box(150, 140, 550, 160)
    rules += _box(50, 160, 150, 180) + _box(150, 160, 550, 180)
    lines += [_line("Surname", 55, 145), _line("Given name", 55, 165)]
    # Section 3: a question, then yes/no options beside an empty field.
    rules += _box(50, 180, 550, 200) + _box(50, 200, 150, 220) + _box(150, 200, 300, 220)
    rules += _box(300, 200, 550, 220)
    # Each box here is its own line, apart from its label, as a text layer gives a drawn
    # square set a gap before its label.
    lines += [
        _line("A2 Do you have a reference number?", 55, 185),
        _line("☐", 55, 205),
        _line("Yes", 75, 205),
        _line("☐", 155, 205),
        _line("No", 175, 205),
    ]
    return lines, rules


def test_given_a_form_drawn_as_boxes_with_checkbox_options_then_options_are_checkbox_items() -> None:
    # given
    lines, rules = _form()

    # when
    blocks = layout_lines(lines, 600.0, 800.0, rules=rules)

    # then: no table; the options are unticked checkbox items in reading order, each
    # after its question
    assert [b.kind for b in blocks if b.kind == "table"] == []
    texts = [b.text for b in blocks]
    items = [(b.text, b.checked) for b in blocks if b.kind == "list_item"]
    assert items == [
        ("I am applying for an initial issue", False),
        ("I am applying for a variation", False),
        ("Yes", False),
        ("No", False),
    ]
    question = texts.index("A1 Please indicate which applies to you:")
    assert question < texts.index("I am applying for an initial issue")
    assert texts.index("A2 Do you have a reference number?") < texts.index("Yes")


def test_given_a_data_table_with_a_column_of_marks_then_it_stays_a_table() -> None:
    # given: every cell filled, the marks alone in their cells
    table = [["Item", "Done"], ["Passport", "☐"], ["Visa", "☑"], ["Ticket", "✓"]]

    # then
    assert not boxed_form(table)


def test_given_a_sparse_grid_with_one_labelled_box_then_it_is_not_a_form() -> None:
    # given: one option only, as a note in a table might have
    table = [["Name", "", ""], ["☐ Urgent", "", ""]]

    # then
    assert not boxed_form(table)


def test_given_a_sparse_grid_of_labelled_options_then_it_is_a_form() -> None:
    # given
    table = [["A1 Which applies?", "", ""], ["☐ Initial", "", "☐ Variation"], ["Yes ☐", "", ""]]

    # then
    assert boxed_form(table)
