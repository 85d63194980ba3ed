"""The layout's three tests of "an amount" (layout/patterns.py) answer three questions
and differ on purpose: a table's printed figure carries no currency sign (the sign is
set apart as a line of its own), a page number's neighbour is an amount only with money
or decimals (a year stands beside page numbers), and a label's value may be a currency
sign with its amount left blank."""

from __future__ import annotations

import pytest

from worker.engines.layout.patterns import is_amount, is_amount_value, is_sum


@pytest.mark.parametrize(
    ("text", "figure", "money", "value"),
    [
        ("1,234.50", True, True, True),
        ("(56)", True, False, True),
        ("2024", True, False, True),
        ("$ 14,824.60", False, True, True),
        ("$", False, False, True),
        ("12 %", False, False, False),
        ("Total", False, False, False),
        ("", False, False, False),
    ],
)
def test_each_amount_test_answers_its_own_question(text: str, figure: bool, money: bool, value: bool) -> None:
    # given a text; when each test reads it; then each answers as its reader needs
    assert (is_amount(text), is_sum(text), is_amount_value(text)) == (figure, money, value)
