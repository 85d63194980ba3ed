"""Blocks of lines side by side, each at a line spacing of its own
(worker/engines/layout/side_blocks.py).

An invoice's head sets the client's address at the left, a stack of field labels over
their values in the middle (at a tighter spacing, with a gap between the fields) and the
seller's address at the right, its first line level with the first label. The blocks
share bands only by chance, a table test takes them for a table's columns, and read
row by row their lines interleave. A reader reads each block whole, left to right. A
table whose columns line up row by row stays a table.
"""

from __future__ import annotations

from common.documents.results import Block
from worker.engines.layout import LayoutLine, layout_lines

WIDTH, HEIGHT = 612.0, 792.0


def _line(text: str, x0: float, top: float, size: float = 9.0) -> LayoutLine:
    return LayoutLine(text=text, bbox=(x0, top, x0 + 0.55 * size * len(text), top + size * 1.15), size=size)


def _head() -> list[LayoutLine]:
    lines = [_line("STATEMENT", 30, 46, 26.0)]
    client = ["ACME HOLDINGS", "12 HARBOUR ROAD", "PORTLAND OREGON 97201", "UNITED STATES"]
    lines += [_line(t, 48, 87.6 + 13 * k) for k, t in enumerate(client)]
    fields = [("Issue Date", 61.6), ("02 Mar 2022", 72.6), ("Statement Number", 100.0), ("ST-1234", 111.0)]
    lines += [_line(t, 378, top) for t, top in fields]
    seller = ["NORTHWIND TRADING CO", "77 LAKE STREET", "BOSTON MASS 02110", "UNITED STATES"]
    lines += [_line(t, 468, 61.6 + 13 * k) for k, t in enumerate(seller)]
    return lines


def _texts(blocks: list[Block]) -> str:
    return "\n".join(b.text for b in blocks)


def test_given_three_blocks_at_their_own_spacings_then_each_is_read_whole() -> None:
    # given: an address, a label-over-value stack and a second address side by side
    lines = _head()

    # when
    blocks = layout_lines(lines, WIDTH, HEIGHT)
    text = _texts(blocks)

    # then: no table; each block's lines together, left block first
    assert all(b.kind != "table" for b in blocks), text
    words = text.split()
    order = [
        words.index(w)
        for w in ("HOLDINGS", "HARBOUR", "PORTLAND", "Issue", "Statement", "ST-1234", "NORTHWIND")
    ]
    assert order == sorted(order), text
    assert "ST-1234 NORTHWIND" in " ".join(words) or "ST-1234\nNORTHWIND" in text, text


def test_given_columns_that_share_every_row_then_it_stays_a_table() -> None:
    # given: three columns whose lines share every row's baseline
    rows = [
        ("Item", "Qty", "Amount"),
        ("Widget", "2", "$10.00"),
        ("Gadget", "1", "$4.50"),
        ("Gizmo", "5", "$7.25"),
    ]
    lines = [
        _line(t, x, 100 + 14 * r)
        for r, row in enumerate(rows)
        for t, x in zip(row, (48, 300, 480), strict=True)
    ]

    # when
    blocks = layout_lines(lines, WIDTH, HEIGHT)

    # then
    assert [b.kind for b in blocks] == ["table"], _texts(blocks)


def test_given_a_block_running_on_below_the_others_then_the_rest_is_read_after_them() -> None:
    # given: the head above, the client block followed, after a blank stripe, by a
    # payment block that starts below the other blocks' end
    lines = _head() + [_line(t, 48, 150 + 13 * k) for k, t in enumerate(["Payment Options", "Bank Transfer"])]

    # when
    text = _texts(layout_lines(lines, WIDTH, HEIGHT))

    # then: the payment block comes after the seller's address
    words = text.split()
    assert words.index("NORTHWIND") < words.index("Payment"), text
