"""Metric cards side by side are blocks, not a table (worker/engines/layout/cards.py: without drawn boxes).

A dashboard slide sets its key figures as cards in a row: each a caption, a big figure
under it and a note under that. Their lines meet row by row, and read as a grid they make
a table of three rows ("Monthly revenue | Customers | ..." over "$580K | 1,247 | ..."),
each card torn across the rows. A table's rows share one print; the cards' row of figures
is set far larger than their captions: each card is read whole, left to right.
"""

from __future__ import annotations

from common.documents.results import Block
from worker.engines.layout import LayoutLine, layout_lines

WIDTH, HEIGHT = 1253.0, 677.0
CARDS = [
    ("Monthly Recurring Revenue", "$580K", "↑27% MoM"),
    ("Total Customers", "1,247", "↑142 new this month"),
    ("Net Revenue Retention", "147%", "vs 106% industry avg"),
    ("Gross Margin", "88%", "↑5% above target"),
]


def _line(text: str, x0: float, top: float, size: float) -> LayoutLine:
    return LayoutLine(text=text, bbox=(x0, top, x0 + 0.5 * size * len(text), top + size * 1.1), size=size)


def _slide() -> list[LayoutLine]:
    lines = [_line("Acme Analytics", 177, 98, 24.0), _line("Series A Metrics | Q2 2024", 177, 132, 12.0)]
    for k, (caption, figure, note) in enumerate(CARDS):
        x0 = 195 + 229.5 * k
        lines += [_line(caption, x0, 188, 10.5), _line(figure, x0, 208, 21.0), _line(note, x0, 236, 10.5)]
    return lines


def _texts(blocks: list[Block]) -> str:
    return "\n".join(b.text for b in blocks)


def test_given_metric_cards_in_a_row_then_each_card_reads_whole_and_no_table_is_made() -> None:
    # given: a slide's four cards side by side, a caption over a big figure over a note
    lines = _slide()

    # when
    blocks = layout_lines(lines, WIDTH, HEIGHT)
    text = _texts(blocks)

    # then: no table, and each card reads whole, the cards left to right
    assert not [b for b in blocks if b.kind == "table"], text
    at = 0
    for part in [p for card in CARDS for p in card]:
        at = text.find(part, at)
        assert at >= 0, (part, text)
        at += len(part)
