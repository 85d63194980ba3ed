"""A table whose header is drawn as a ruled grid (a group head over its sub-heads) and
whose rows are set under it without rules (worker/engines/layout/header_grids.py). The
grid finder read the header as a table of its own and the text-table finder the rows as
another: two tables, the header split from its body. It is one table.
"""

from __future__ import annotations

from common.documents.results import Block
from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

SIZE = 7.8
XS = (72.0, 94.0, 175.0, 225.0, 265.0, 305.0)  # No | Item | CAPEX | G&S | Total
YS = (402.0, 418.0, 438.0)

Rule = tuple[float, float, float, float]


def _span(text: str, x0: float, top: float, *, right: bool = False) -> TextSpan:
    width = 4.3 * len(text)
    if right:
        x0 -= width
    return TextSpan(text, x0, top, x0 + width, top + SIZE, SIZE, False)


def _page() -> list[Block]:
    spans = [_span("Table 6: Summary of arrears", 72.0, 388.0)]
    spans += [
        _span("No", 77.0, 417.0),
        _span("Item", 125.0, 417.0),
        _span("OUTSTANDING", 196.0, 407.0),
        _span("CAPEX", 186.0, 425.0),
        _span("G&S", 236.0, 425.0),
        _span("Total", 274.0, 417.0),
    ]
    rows = [("1", "Administration", "2,268", "735", "3,003"), ("2", "Economic", "5,264", "2,515", "7,779")]
    rows += [("3", "Infrastructure", "19,583", "2,511", "22,094"), ("4", "Social", "597", "5,627", "6,224")]
    for k, (no, item, capex, gs, total) in enumerate(rows):
        top = 440.0 + 9.6 * k
        spans += [_span(no, 81.0, top), _span(item, 107.0, top)]
        spans += [_span(v, r, top, right=True) for v, r in ((capex, 221.0), (gs, 261.0), (total, 301.0))]
    spans += [_span("Source: MoF", 72.0, 490.0)]
    rules: list[Rule] = [(XS[0], y - 0.25, XS[-1], y + 0.25) for y in (YS[0], YS[2])]
    rules += [(XS[2], YS[1] - 0.25, XS[4], YS[1] + 0.25)]  # under the group head
    rules += [(x - 0.25, YS[0], x + 0.25, YS[2]) for x in (XS[0], XS[1], XS[2], XS[4], XS[5])]
    rules += [(XS[3] - 0.25, YS[1], XS[3] + 0.25, YS[2])]  # between the sub-heads
    return layout_lines(spans_to_lines(spans), 612, 792, rules=rules)


def test_given_a_ruled_header_over_unruled_rows_then_they_are_one_table() -> None:
    # given / when
    tables = [b.rows for b in _page() if b.kind == "table"]

    # then
    assert tables == [
        [
            ["No", "Item", "OUTSTANDING", "", "Total"],
            ["", "", "CAPEX", "G&S", ""],
            ["1", "Administration", "2,268", "735", "3,003"],
            ["2", "Economic", "5,264", "2,515", "7,779"],
            ["3", "Infrastructure", "19,583", "2,511", "22,094"],
            ["4", "Social", "597", "5,627", "6,224"],
        ]
    ]
