"""Hyphens at a line's end (worker/engines/layout/patterns.py, join_wrapped): a word broken
at a syllable is joined again, but a compound keeps its hyphen where the page writes the
same compound inside a line ("short-" / "term" and "short-term") or where the part after
the break is capitalised ("Sub-" / "Total") or the word before it is hyphenated already
("backscatter-to-" / "primary"), and a web address broken at its line's end
goes on without a space ("...%" / "202017", "...Consultation-" / "Press-Release")."""

from __future__ import annotations

from tests.layout_pages import ocr_line
from worker.engines.layout import layout_lines


def _text(*texts: str) -> str:
    lines = [ocr_line(t, 72.0, 100.0 + 14 * k, 300.0) for k, t in enumerate(texts)]
    return " ".join(b.text for b in layout_lines(lines, 612.0, 792.0))


def test_given_a_compound_the_page_writes_with_its_hyphen_then_a_break_at_it_keeps_the_hyphen() -> None:
    # given: a paragraph breaking "short-term" at its hyphen, and a line that writes it whole;
    # and a word broken at a syllable
    text = _text(
        "The liquidity available to contain the short-",
        "term liability improved, and the ratio of liquid",
        "assets to short-term liabilities rose, as the infor-",
        "mation in the annual report shows in some detail.",
    )
    # then: the compound keeps its hyphen, the syllable's goes
    assert "contain the short-term liability" in text
    assert "the information in" in text


def test_given_a_capitalised_part_after_a_line_end_hyphen_then_the_compound_keeps_it() -> None:
    # given: "Sub-" at a line's end over "Total", "Accountant-" over "General's"
    text = _text(
        "The figures are shown as the Sub-",
        "Total of each group, and at the Accountant-",
        "General's Department for the rest of the year.",
    )
    # then
    assert "the Sub-Total of each" in text
    assert "the Accountant-General's Department" in text


def test_given_a_web_address_broken_at_a_line_end_then_it_goes_on_unbroken() -> None:
    # given: two addresses, one broken after "%", one after a hyphen of its path
    text = _text(
        "Sources: http://www.qcb.gov.qa/Documents/Finan.%20Stability%",
        "202017.pdf; and https://www.imf.org/en/Qatar-2019-Article-IV-Consultation-",
        "Press-Release-Staff-Report, both as seen in May.",
    )
    # then
    assert "Stability%202017.pdf;" in text
    assert "Article-IV-Consultation-Press-Release-Staff-Report, both" in text


def test_given_a_compound_of_three_words_broken_at_its_second_hyphen_then_it_stays_whole() -> None:
    # given: a paragraph breaking "backscatter-to-primary" after its second hyphen, a
    # compound the page writes nowhere else
    text = _text(
        "The receiver cancels the interference of the backscatter-to-",
        "primary link before it decodes the tag's own symbols, so the",
        "rate holds as the distance between the devices grows.",
    )
    # then: the break's hyphen is the compound's, kept, with no space
    assert "of the backscatter-to-primary link" in text
