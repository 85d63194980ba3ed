"""A range of numbers broken after its dash at a line's end ("the 2026-" / "2027 season",
"10-" / "12x") is joined without a space, as a word hyphenated there is: "2026- 2027"
read as a dash and a new number (worker/engines/layout/patterns.py, join_wrapped)."""

from __future__ import annotations

from tests.layout_pages import ocr_line
from worker.engines.layout import layout_lines


def test_given_a_year_range_broken_after_its_dash_then_the_paragraph_joins_it_whole() -> None:
    # given: one paragraph of three lines, the first ending in "2026-"
    lines = [
        ocr_line("The membership fee for the season 2026-", 72.0, 100.0, 300.0),
        ocr_line("2027 is due by the end of March, and a", 72.0, 114.0, 300.0),
        ocr_line("dose of 10- 12 drops is the usual one.", 72.0, 128.0, 300.0),
    ]

    # when
    blocks = layout_lines(lines, 612.0, 792.0)

    # then
    text = " ".join(b.text for b in blocks)
    assert "season 2026-2027 is due" in text
    # ... and a dash inside a line is left as printed
    assert "10- 12 drops" in text


def test_given_a_dash_before_a_word_then_the_words_stay_apart() -> None:
    # given: a line ending in a dash before a capitalised word (a list of names, no range)
    lines = [
        ocr_line("Meeting of the boards of 2026 -", 72.0, 100.0, 300.0),
        ocr_line("Finance and Audit, held in March.", 72.0, 114.0, 300.0),
    ]

    # when
    blocks = layout_lines(lines, 612.0, 792.0)

    # then
    assert "2026 - Finance" in " ".join(b.text for b in blocks)
