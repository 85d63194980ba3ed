"""Blocks at the top of a page read by their tops (worker/engines/layout/columns.py).

A receipt sets its title at the top left with the company's name level with it at the
top right, its numbers under the title, then the company's address at the left and the
"Bill to" block beside it further down. Read column by column the name at the top right
comes last, after the "Bill to" block: the blocks are read top to bottom across the page,
the one further left first where two start level.
"""

from __future__ import annotations

from common.documents.results import Block
from worker.engines.layout import LayoutLine, layout_lines

WIDTH, HEIGHT = 612.0, 792.0


def _line(text: str, x0: float, top: float, size: float = 9.0) -> LayoutLine:
    return LayoutLine(text=text, bbox=(x0, top, x0 + 0.5 * size * len(text), top + size * 1.2), size=size)


def _receipt() -> list[LayoutLine]:
    lines = [_line("Receipt", 30, 31, 18.0), _line("Northwind", 480, 31, 18.0)]
    for k, (key, value) in enumerate(
        [("Invoice number", "87B37C9-0152"), ("Receipt number", "2721-5058"), ("Date paid", "July 19, 2024")]
    ):
        lines += [_line(key, 30, 69 + 13.7 * k), _line(value, 110, 69 + 13.7 * k)]
    lines.append(_line("Payment method Visa - 7267", 30, 110))
    address = ["Northwind Traders", "272 Harbour St", "Springfield, OR 97477", "United States"]
    for k, text in enumerate(address):
        lines.append(_line(text, 30, 138 + 13.7 * k))
    lines += [_line("Bill to", 251, 138), _line("buyer@example.com", 251, 151.7)]
    lines.append(_line("$10.00 paid on July 19, 2024", 30, 241, 13.5))
    return lines


def _texts(blocks: list[Block]) -> str:
    return "\n".join(b.text for b in blocks)


def test_given_a_name_at_the_top_right_level_with_the_title_then_it_reads_before_the_blocks_below() -> None:
    # given: a receipt, its company's name at the top right level with its title, the
    # "Bill to" block beside the address lower down
    lines = _receipt()

    # when
    text = _texts(layout_lines(lines, WIDTH, HEIGHT))

    # then: the name is read with the top of the page, before the address and "Bill to"
    rows = text.splitlines()
    top_right = rows.index("Northwind")
    address = next(k for k, row in enumerate(rows) if "272 Harbour St" in row)
    bill_to = next(k for k, row in enumerate(rows) if "Bill to" in row)
    assert top_right < address < bill_to, text
