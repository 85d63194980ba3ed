"""A ruled table whose header cells each hold their text in a box of their own, drawn a
cell's padding inside the cell's sides (worker/engines/layout/grids.py,
rule_groups.without_pads). The boxes' sides were read as column rules: the header's text
in columns of its own, the body's figures in the cells beside them, every header one
column right of its values. A padding is about 0.08 in (5.8 pt) whatever the print (over
0.6 em of a table set in 8 pt), and a group header centred over the columns in the row
above may cross the padding's stripe, where the box's side does not run.
"""

from __future__ import annotations

from common.documents.results import Block
from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

SIZE = 7.8
XS = (60.0, 120.0, 180.0, 240.0)
YS = (100.0, 112.0, 132.0, 146.0, 160.0)
PAD = 5.4  # the text boxes' inset from the cell's sides

Rule = tuple[float, float, float, float]


def _span(text: str, x0: float, top: float, *, right: bool = False) -> TextSpan:
    width = 4.3 * len(text)
    if right:
        x0 -= width
    return TextSpan(text, x0, top, x0 + width, top + SIZE, SIZE, True)


def _h(y: float, x0: float, x1: float) -> Rule:
    return (x0, y - 0.25, x1, y + 0.25)


def _v(x: float, y0: float, y1: float) -> Rule:
    return (x - 0.25, y0, x + 0.25, y1)


def _page() -> list[Block]:
    spans = [
        _span("2023", 171.4, 102.0),  # a group header centred over both figure columns
        _span("Item", 64.0, 118.0),
        _span("Prov. Jan", 131.0, 118.0),
        _span("y/y (%)", 195.0, 118.0),
    ]
    for top, (item, prov, rate) in zip(
        YS[2:], [("Rent", "12,000", "4.5"), ("Power", "1,250", "12.0")], strict=False
    ):
        spans += [_span(item, 64.0, top + 3.0), _span(prov, XS[2] - PAD, top + 3.0, right=True)]
        spans += [_span(rate, XS[3] - PAD, top + 3.0, right=True)]
    rules = [_h(y, XS[0], XS[-1]) for y in YS]
    rules += [_v(XS[0], YS[0], YS[-1]), _v(XS[1], YS[0], YS[-1]), _v(XS[3], YS[0], YS[-1])]
    rules += [_v(XS[2], YS[1], YS[-1])]  # the group header's cell spans both columns
    for a, b in ((XS[1], XS[2]), (XS[2], XS[3])):  # the header's text boxes
        rules += [
            _h(YS[1] + 0.6, a + PAD, b - PAD),
            _v(a + PAD, YS[1] + 0.6, YS[2]),
            _v(b - PAD, YS[1] + 0.6, YS[2]),
        ]
    return layout_lines(spans_to_lines(spans), 612, 792, rules=rules)


def test_given_header_text_boxed_inside_its_cells_then_each_header_heads_its_own_cells() -> None:
    # given / when
    [table] = [b for b in _page() if b.kind == "table"]

    # then
    assert table.rows == [
        ["", "2023", ""],
        ["Item", "Prov. Jan", "y/y (%)"],
        ["Rent", "12,000", "4.5"],
        ["Power", "1,250", "12.0"],
    ]
