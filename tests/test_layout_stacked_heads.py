"""A table header whose cells take one to five lines, each cell's lines stacked in its
column (worker/engines/layout/header_stacks.py, table_rows.header_above, table_cells.py):
an annual report's statement of changes in equity centres "Common stock" (one line),
"Retained / earnings" (two) and "Accumulated / other / compre- / hensive / income
(loss)" (five) on one header row, so the lines of neighbouring cells sit half a line
apart. Read across, the header became three or four rows of scattered pieces and the
tallest cell's first line a paragraph above the table; it is one header row, one cell
per column, a word hyphenated at a line's end joined again."""

from __future__ import annotations

import pytest

from worker.engines.layout import layout_lines
from worker.engines.layout.model import LayoutLine

_SIZE = 6.0
_PITCH = 7.0  # the header's line spacing: its lines (8 pt boxes) overlap a little
_CENTRES = (228.0, 276.0, 324.0, 372.0, 420.0, 468.0)
_HEADS = (
    ("Common stock",),
    ("Retained", "earnings"),
    ("Accumulated", "other", "compre-", "hensive", "income (loss)"),
    ("Treasury", "stock,", "at cost"),
    ("Non-controlling", "interests"),
    ("Total equity",),
)
_ROWS = (
    ("Balance at beginning of year", ("175,820", "1,960,466", "63,809", "(2,983)", "111,209", "2,511,155")),
    ("Net profit", ("", "221,834", "", "", "11,678", "233,512")),
    ("Dividends", ("", "(85,871)", "", "", "(7,826)", "(93,697)")),
    ("Purchase of treasury stock", ("", "", "", "(785)", "", "(785)")),
    ("Balance at end of year", ("175,820", "2,071,817", "(17,802)", "(2,924)", "109,116", "2,538,859")),
)


def _line(text: str, x: float, top: float, *, centre: bool = False, right: bool = False) -> LayoutLine:
    width = 2.8 * len(text)
    x0 = x - width / 2 if centre else x - width if right else x
    return LayoutLine(text=text, bbox=(x0, top, x0 + width, top + 8.0), size=_SIZE)


def _page(align: str) -> tuple[list[LayoutLine], list[tuple[float, float, float, float]]]:
    """The statement: its title, a rule over the header, the header cells centred on (or
    standing on) the header row's middle, a rule under the header drawn cell by cell, and
    five rows of figures right-aligned in their columns."""
    lines = [
        LayoutLine(
            text="Statement of Changes in Equity", bbox=(60.0, 40.0, 300.0, 54.0), size=13.0, bold=True
        ),
        LayoutLine(text="Years ended March 31, 2020 and 2021", bbox=(60.0, 60.0, 190.0, 69.0), size=7.0),
    ]
    middle, last = 170.0, 184.0
    for x, cell in zip(_CENTRES, _HEADS, strict=True):
        n = len(cell)
        first = middle - _PITCH * (n - 1) / 2 if align == "centre" else last - _PITCH * (n - 1)
        lines += [_line(text, x, first + k * _PITCH, centre=True) for k, text in enumerate(cell)]
    top = 200.0
    for label, figures in _ROWS:
        lines.append(_line(label, 60.0, top))
        lines += [_line(f, x + 20.0, top, right=True) for x, f in zip(_CENTRES, figures, strict=True) if f]
        top += 14.0
    rules = [(60.0, 150.0, 492.0, 151.0)]
    rules += [(x - 23.5, 195.0, x + 23.5, 196.0) for x in _CENTRES]
    rules.append((60.0, 195.0, 200.0, 196.0))
    return lines, rules


@pytest.mark.parametrize("align", ["centre", "bottom"])
def test_given_header_cells_of_one_to_five_lines_then_one_header_row_holds_them(align: str) -> None:
    # given
    lines, rules = _page(align)

    # when
    blocks = layout_lines(lines, 612, 792, rules=rules)

    # then: one header row, a cell per column, the body's rows under it
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows is not None
    assert table.rows[0] == [
        "",
        "Common stock",
        "Retained earnings",
        "Accumulated other comprehensive income (loss)",
        "Treasury stock, at cost",
        "Non-controlling interests",
        "Total equity",
    ]
    assert table.rows[1][0] == "Balance at beginning of year"
    assert len(table.rows) == 1 + len(_ROWS)


def test_given_a_stacked_header_then_no_line_of_it_is_left_above_the_table() -> None:
    # given: the tallest cell's first line stands alone above the others, near the
    # middle of the table's width
    lines, rules = _page("centre")

    # when
    blocks = layout_lines(lines, 612, 792, rules=rules)

    # then: nothing of the header is a paragraph or heading of its own
    texts = [b.text for b in blocks if b.kind != "table"]
    assert not any(t in texts for cell in _HEADS for t in cell)
