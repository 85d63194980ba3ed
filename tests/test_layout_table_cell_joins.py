"""A ruled table's cells whose text a narrow column broke over two lines
(worker/engines/layout/cell_joins.py, read by ruled_cells.py): a negative
figure whose minus sign stands alone on the line above it ("-" over "20.8") is one
figure, "-20.8", not "- 20.8"; a compound broken after its hyphen before a capital
("Sub-" over "Total") keeps the hyphen and no space, where a syllable's hyphen goes.
"""

from __future__ import annotations

from common.documents.results import Block
from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

SIZE = 8.0
XS = (60.0, 130.0, 190.0, 230.0)
YS = (100.0, 116.0, 140.0, 164.0)

Rule = tuple[float, float, float, float]


def _span(text: str, right: float, top: float) -> TextSpan:
    width = 4.4 * len(text)
    return TextSpan(text, right - width, top, right, top + SIZE + 1.5, SIZE, False)


def _left(text: str, top: float) -> TextSpan:
    return TextSpan(text, 64.0, top, 64.0 + 4.4 * len(text), top + SIZE + 1.5, SIZE, False)


def _page() -> list[Block]:
    spans = [_left("Item", 103.0), _span("Amount", 186.0, 103.0), _span("Dev", 226.0, 103.0)]
    spans += [_left("Sub-", 119.0), _left("Total", 129.0), _span("5,695", 186.0, 124.0)]
    spans += [_span("-", 226.0, 119.0), _span("20.8", 226.0, 129.0)]
    spans += [_left("Grants", 148.0), _span("2,652", 186.0, 148.0), _span("4.1", 226.0, 148.0)]
    rules: list[Rule] = [(XS[0], y - 0.25, XS[-1], y + 0.25) for y in YS]
    rules += [(x - 0.25, YS[0], x + 0.25, YS[-1]) for x in XS]
    return layout_lines(spans_to_lines(spans), 612, 792, rules=rules)


def test_given_a_minus_sign_and_a_compound_broken_over_two_lines_of_a_cell_then_each_reads_whole() -> None:
    # given / when
    [table] = [b for b in _page() if b.kind == "table"]

    # then
    assert table.rows == [
        ["Item", "Amount", "Dev"],
        ["Sub-Total", "5,695", "-20.8"],
        ["Grants", "2,652", "4.1"],
    ]
