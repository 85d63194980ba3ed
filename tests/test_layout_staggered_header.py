"""A header cell of two lines centred on a header row of one-line cells (worker/engines/
layout/table_rows.py header_above): its first line stands above the row's baseline,
half a line over the other cells, and its second line below it, in a band of its own
under the row. Cut off above the table, the first line is the cell's all the same, not
a title centred over the table, though its cell stands near the table's middle."""

from __future__ import annotations

from worker.engines.layout.model import LayoutLine, Region, make_band
from worker.engines.layout.table_rows import header_above

SIZE = 8.0
CUTS = (137.0, 220.3, 303.0, 393.3, 476.5)


def _line(text: str, x0: float, x1: float, top: float) -> LayoutLine:
    return LayoutLine(text=text, bbox=(x0, top, x1, top + 0.9 * SIZE), size=SIZE)


def test_given_first_line_of_a_two_line_header_cell_above_the_row_then_it_heads_the_table() -> None:
    # Given a table whose header row of one-line cells has a cell of two lines centred on
    # it: the second line in a band of its own under the row, the first cut off above
    header = make_band(
        [
            _line("MBC/BBC", 159.5, 195.4, 95.5),
            _line("AmBC", 251.9, 274.5, 95.5),
            _line("RIS", 428.3, 440.7, 95.5),
            _line("RIScatter", 505.1, 535.3, 95.5),
        ]
    )
    second = make_band([_line("spreading factor)", 321.4, 376.3, 100.0)])
    row = make_band(
        [
            _line("Primary signal on", 58.0, 126.0, 117.7),
            _line("Backscatter", 159.0, 196.0, 117.7),
            _line("Coexisting", 246.0, 280.0, 117.7),
            _line("Coexisting", 332.0, 366.0, 117.7),
            _line("Primary", 422.0, 447.0, 117.7),
            _line("Energy uncertainty", 489.0, 551.0, 117.7),
        ]
    )
    table = Region("table", [header, second, row], CUTS)
    first = make_band([_line("SR (large", 333.4, 364.3, 91.1)])
    # When asked whether the line above is a header row of the table
    heads = header_above(first, table)
    # Then it is: its next line stands right under it on its centre
    assert heads
