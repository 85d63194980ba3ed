"""A ruled table left blank to fill in (worker/engines/layout/grids.py): an invoice form
draws its item table as a header row of ruled cells ("Description Date Rate Amount")
over a tall empty ruled row. The only text is the header, so the grid read as one row of
words and came out as a line; it is a table, of its header row.
"""

from __future__ import annotations

from common.documents.results import Block
from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

SIZE = 11.0
XS = [72.0, 294.0, 414.0, 461.0, 540.0]
TOP, HEAD, FOOT = 254.0, 279.0, 518.0
HEADS = ["Description", "Date", "Rate", "Amount"]

Rule = tuple[float, float, float, float]


def _span(text: str, x0: float, top: float) -> TextSpan:
    return TextSpan(text, x0, top, x0 + 5.5 * len(text), top + 12.4, SIZE, False)


def _page(column_foot: float) -> list[Block]:
    """The form: lines above and under the grid, the header cells between the rules at
    TOP and HEAD, the empty row down to FOOT; the column rules run down to column_foot."""
    spans = [
        _span("Invoice#: ____________", 72.0, 175.0),
        _span("Customer Name: ____________", 288.0, 175.0),
        *[_span(text, x + 5.0, TOP + 6.0) for text, x in zip(HEADS, XS, strict=False)],
        _span("Due Date: ____________", 72.0, 534.0),
        _span("Subtotal: ____________", 360.0, 534.0),
    ]
    rules: list[Rule] = [(XS[0], y - 1.0, XS[-1], y + 1.0) for y in (TOP, HEAD, FOOT)]
    rules += [(x - 1.0, TOP, x + 1.0, column_foot) for x in XS[1:-1]]
    rules += [(x - 1.0, TOP, x + 1.0, FOOT) for x in (XS[0], XS[-1])]
    return layout_lines(spans_to_lines(spans), 612, 792, rules=rules)


def test_given_a_ruled_header_over_an_empty_ruled_row_then_it_is_a_table() -> None:
    # when
    tables = [b for b in _page(FOOT) if b.kind == "table"]

    # then: the header row is a table's, its empty row nothing to read
    assert [t.rows for t in tables] == [[HEADS]]


def test_given_the_column_rules_stop_under_the_header_then_it_is_no_table() -> None:
    # given: a frame under the words with no columns drawn down it (a box to write in)
    blocks = _page(HEAD)

    # then
    assert not [b for b in blocks if b.kind == "table"]
    assert any(" ".join(b.text.split()) == "Description Date Rate Amount" for b in blocks)
