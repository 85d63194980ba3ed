"""A contract's numbered section heads in bold capitals that close with a period ("1. THE
PARTIES.") are headings, not list items (worker/engines/layout/headings.py): no
sentence is set in capitals after its number. A numbered bold sentence stays an item."""

from __future__ import annotations

from tests.test_layout_lists import line
from worker.engines.layout import layout_lines


def test_given_numbered_bold_capital_heads_with_a_period_then_they_are_headings() -> None:
    # given a bill of sale's sections: a bold "1. THE PARTIES." over a paragraph
    lines = [
        line("1. THE PARTIES.", 72, 100, bold=True),
        line("The buyer and the seller named below agree to the sale of the goods.", 72, 124),
        line("2. SELLER'S DISCLOSURE.", 72, 150, bold=True),
        line("The seller has verified that the details of the goods are correct.", 72, 174),
    ]

    # when it is laid out
    blocks = layout_lines(lines, 612, 792)

    # then the heads are headings, no list items
    assert [(b.kind, b.text) for b in blocks if b.kind != "paragraph"] == [
        ("section_header", "1. THE PARTIES."),
        ("section_header", "2. SELLER'S DISCLOSURE."),
    ]


def test_given_a_numbered_bold_sentence_then_it_stays_an_item() -> None:
    # given a numbered step in bold, a sentence in mixed case
    lines = [
        line("1. Pay the invoice now.", 72, 100, bold=True),
        line("The amount is due within thirty days of the date of the invoice.", 72, 124),
    ]

    # when it is laid out
    blocks = layout_lines(lines, 612, 792)

    # then it is no heading
    assert blocks[0].kind == "list_item"
