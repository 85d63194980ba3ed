"""A page number said in words ("Page 3", Danish "Side 1 af 2") marks a running row only as
a word of its own (worker/engines/layout/page_marks.py): "side" or "page" at the end of a
compound ("B-side 2", "flip-side 12", "front-page 1") is a line of text, and so are
"Side effects" and "the other side", which no page number follows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layout_pages import convert
from tests.test_layout_one_page_furniture import _page
from worker.engines.layout.page_marks import worded_number


@pytest.mark.parametrize(
    "text",
    [
        "Page 3",
        "Candeub, Adam - Page 3",
        "Annual Report | Page 7",
        "Side 1 af 2",
        "Lehekülg 1 / 1",
        "p. 4 of 9",
    ],
)
def test_given_a_page_number_in_words_then_it_is_one(text: str) -> None:
    assert worded_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "B-side 2",
        "Print the flip-side 12",
        "Our front-page 1",
        "Side effects",
        "the other side",
        "Side effects 2",
    ],
)
def test_given_side_or_page_inside_a_phrase_then_it_is_no_page_number(text: str) -> None:
    assert not worded_number(text)


def test_given_a_closing_line_ending_in_a_compound_and_a_figure_then_it_stays_text(tmp_path: Path) -> None:
    # given: a short page whose last line, far below the text, ends "the flip-side 2"
    line = "Fold the card along the dotted rule and glue tab A to the flip-side 2"
    result = convert(_page(tmp_path / "card.pdf", [(72, 500, line, 9)]))

    # then: the line is the page's text, not its page number
    assert result.text is not None and line in result.text
    assert "The insurer agrees" in result.text
