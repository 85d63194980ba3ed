"""The layout's fast paths answer as the long way does (issue 19, "speed must not
regress"): rule_heights' sorted rules, kept for the page's rules between calls, and
mostly_rtl's early exit for pages with no right-to-left line."""

from __future__ import annotations

from worker.engines.layout import ruled_rows
from worker.engines.layout.model import LayoutLine, make_band
from worker.engines.layout.ruled_rows import rule_heights
from worker.engines.layout.table_rows import mostly_rtl

Rule = tuple[float, float, float, float]


def _heights_long_way(rules: list[Rule], top: float, bottom: float) -> list[float]:
    """rule_heights with nothing kept from an earlier call."""
    ruled_rows._last = None
    return rule_heights(rules, 50.0, 550.0, top, bottom)


def test_rule_heights_kept_rules_answer_each_range_as_fresh() -> None:
    # Given a page's rules: full-width rules, one drawn cell by cell, short underlines,
    # a rule drawn twice and a vertical rule
    rules = [
        (50.0, 100.0, 550.0, 100.5),
        (50.0, 140.0, 300.0, 140.5),
        (300.2, 140.0, 550.0, 140.5),
        (60.0, 180.0, 120.0, 180.5),
        (200.0, 180.2, 260.0, 180.7),
        (50.0, 220.0, 550.0, 220.5),
        (50.0, 220.3, 550.0, 220.8),
        (300.0, 90.0, 300.5, 260.0),
        (50.0, 260.0, 550.0, 260.5),
    ]
    ranges = [(float("-inf"), float("inf")), (130.0, 230.0), (100.25, 100.25), (0.0, 50.0), (150.0, 600.0)]
    fresh = [_heights_long_way(rules, top, bottom) for top, bottom in ranges]
    # When the same rules are asked about range after range, the sorted rules kept
    ruled_rows._last = None
    kept = [rule_heights(rules, 50.0, 550.0, top, bottom) for top, bottom in ranges]
    # Then each answer is the fresh one
    assert kept == fresh
    assert fresh[0] == [100.25, 140.25, 220.4, 260.25]
    # And other rules (a new page's) are not answered from the kept ones
    other = [(50.0, 400.0, 550.0, 400.5)]
    assert rule_heights(other, 50.0, 550.0, float("-inf"), float("inf")) == [400.25]


def _band(*texts: str) -> list[LayoutLine]:
    lines = [LayoutLine(t, (10.0 + 100 * k, 10.0, 90.0 + 100 * k, 20.0)) for k, t in enumerate(texts)]
    return make_band(lines)


def test_mostly_rtl_counts_as_before() -> None:
    # Given bands of left-to-right, right-to-left and figure-only lines
    ltr, rtl, figures = _band("Total", "Name"), _band("المجموع", "الاسم", "שלום"), _band("12.50", "2024")
    # When there is no right-to-left line, or fewer than left-to-right ones, or more
    # Then only the last reads right to left (figures count for neither)
    assert not mostly_rtl([ltr, figures])
    assert not mostly_rtl([_band("Total", "Name", "Date"), rtl])
    assert mostly_rtl([ltr, rtl, figures])
    assert mostly_rtl([figures, _band("الاسم")])
    assert not mostly_rtl([_band("الاسم", "Straße")])  # a tie is no majority
