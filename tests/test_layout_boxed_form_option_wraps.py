"""Checkbox options in a form drawn as boxes (worker/engines/layout/boxed_forms.py): the
first of a row of options whose label wraps onto a second line lost that line (read after
the row as a paragraph of its own), and an option swallowed the note paragraph set apart
under it. The wrap goes with its option; the note, with more space above it than between
its own lines, is a paragraph."""

from __future__ import annotations

from tests.test_layout_boxed_form import _box, _form, _line
from worker.engines.layout.page import layout_lines


def test_given_a_wrapped_option_and_a_note_under_an_option_then_each_is_read_as_a_reader_does() -> None:
    # given: the three-section form, then a section with a row of options whose first
    # wraps under its words, an option with a note two points further below than its
    # own line pitch, and a last option
    lines, rules = _form()
    rules += _box(50, 220, 550, 312)
    lines += [
        _line("3 Check the appropriate box for the tax classification:", 55, 225),
        _line("☐ Individual/sole proprietor or", 55, 237),
        _line("☐ C Corporation", 230, 237),
        _line("☐ S Corporation", 330, 237),
        _line("☐ Trust/estate", 430, 237),
        _line("single-member LLC", 67, 246),
        _line("☐ Limited liability company. Enter the tax classification ▶", 55, 258),
        _line("Note: Check the appropriate box in the line above for the", 67, 271),
        _line("classification of the owner. Do not check LLC if the LLC is", 67, 280),
        _line("disregarded from the owner.", 67, 289),
        _line("☐ Other (see instructions) ▶", 55, 300),
    ]

    # when
    blocks = layout_lines(lines, 600.0, 800.0, rules=rules)

    # then
    texts = [(b.kind, b.text) for b in blocks]
    start = texts.index(("paragraph", "3 Check the appropriate box for the tax classification:"))
    assert texts[start + 1 :] == [
        ("list_item", "Individual/sole proprietor or single-member LLC"),
        ("list_item", "C Corporation"),
        ("list_item", "S Corporation"),
        ("list_item", "Trust/estate"),
        ("list_item", "Limited liability company. Enter the tax classification ▶"),
        (
            "paragraph",
            "Note: Check the appropriate box in the line above for the classification of the owner. "
            "Do not check LLC if the LLC is disregarded from the owner.",
        ),
        ("list_item", "Other (see instructions) ▶"),
    ]
