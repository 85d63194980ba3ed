"""A table whose header is a ruled grid and whose body is not (page.py asks, once the
ruled tables are placed among the blocks read from the text): one table.

A report draws a table's header as a shaded, ruled band (group heads over sub-heads)
and sets its rows under it unruled. The grid finder reads the header as a table of its
own, words only, and the text-table finder the rows under it as another: the header is
split from its body. A reader takes them for one table: the body starts right under
the header, within its width, in as many columns as the header has.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from worker.engines.layout.model import LayoutLine, Proto
from worker.engines.layout.table_rows import is_figure

# Header rows at most; a grid of more rows is a table of its own.
_MAX_HEAD_ROWS = 3
# The body starts this many of its print's ems at most under the header.
_UNDER_EM = 1.0
# How far the body's text may stand past the header's text at either side, in ems of
# its print (a right-aligned figure wider than its centred head), and the share of the
# header's width it fills at least.
_EDGE_EM = 2.0
_FILLS = 0.8
_SNAP_PT = 2.0  # a rule's width: lines touching across it
# A row of cells under a header grid, a blank away, fills this many of its columns at least.
_MIN_ROW_CELLS = 3
# Records under a boxed header that make a record layout (spaced_records asks as many).
_MIN_RECORDS = 3


def join_header_grids(protos: list[Proto], ruled: list[Proto]) -> list[Proto]:
    """``protos`` with each header grid of ``ruled`` (:func:`_header`) and the table right
    after it in reading order joined into one table, when that table (read from the
    text) starts right under the header, within its sides, in as many columns."""
    heads = {id(p) for p in ruled if _header(p)}
    if not heads:
        return protos
    out: list[Proto] = []
    k = 0
    while k < len(protos):
        head = protos[k]
        body = protos[k + 1] if k + 1 < len(protos) else None
        if id(head) in heads and body is not None and id(body) not in heads and _under(head, body):
            assert head.table is not None and body.table is not None
            out.append(
                Proto(
                    kind="table",
                    rows=[],
                    size=body.size,
                    table=[*head.table, *body.table],
                    lines=[*(head.lines or []), *(body.lines or [])],
                )
            )
            k += 2
            continue
        out.append(head)
        k += 1
    return out


def _header(p: Proto) -> bool:
    """Whether a ruled table is a header alone: a few rows, in none of them figures in
    half its cells (group heads, sub-heads, a year over its columns at most)."""
    if p.kind != "table" or not p.table or not p.lines or len(p.table) > _MAX_HEAD_ROWS:
        return False
    for row in p.table:
        cells = [c for c in row if c]
        if 2 * sum(map(is_figure, cells)) >= len(cells) > 1:
            return False
    return True


def _under(head: Proto, body: Proto) -> bool:
    """Whether the table ``body`` stands right under the header grid ``head``: as many
    columns, its text across the header's width (no further out than _EDGE_EM), its top
    within _UNDER_EM under the header's text."""
    if body.kind != "table" or not body.table or not body.lines or head.table is None:
        return False
    if len(body.table[0]) != len(head.table[0]):
        return False
    hx0, _, hx1, hbottom = head.bbox
    bx0, btop, bx1, _ = body.bbox
    edge = _EDGE_EM * body.size
    return (
        bx0 >= hx0 - edge
        and bx1 <= hx1 + edge
        and bx1 - bx0 >= _FILLS * (hx1 - hx0)
        and -_SNAP_PT <= btop - hbottom <= _UNDER_EM * body.size
    )


def left_to_text(made: Sequence[Proto], xs: Sequence[float], rest: Sequence[LayoutLine]) -> bool:
    """Whether the grid read as ``made`` (its column rules at ``xs``) is a header row
    alone over rows of its columns a blank under it (the first line under it, among
    ``rest``, one of a row with cells in _MIN_ROW_CELLS of its columns), which
    :func:`join_header_grids` leaves apart: a record layout's boxed header over unruled
    records, each a row whose last cell is a list. The text finder reads the header
    with its rows (band_groups.section_breaks, table_records.spaced_records), where the
    grid finder, read alone, splits it from them."""
    if len(made) != 1 or not _header(made[0]):
        return False
    x0, _, x1, bottom = made[0].bbox
    under = [ln for ln in rest if ln.bbox[1] > bottom and x0 <= (ln.bbox[0] + ln.bbox[2]) / 2 <= x1]
    if not under:
        return False
    first = min(under, key=lambda ln: ln.bbox[1])
    if first.bbox[1] - bottom <= _UNDER_EM * made[0].size:
        return False
    # Rows of lines under the grid, top down; a record's first row fills cells in
    # _MIN_ROW_CELLS columns, its other rows are its lists' lines.
    rows: list[list[LayoutLine]] = []
    for ln in sorted(under, key=lambda ln: ln.bbox[1]):
        if rows and ln.bbox[1] < rows[-1][0].bbox[3]:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    starts = [
        k
        for k, row in enumerate(rows)
        if len({bisect.bisect_left(xs, (ln.bbox[0] + ln.bbox[2]) / 2) for ln in row}) >= _MIN_ROW_CELLS
    ]
    if not starts or starts[0] != 0 or len(starts) < _MIN_RECORDS:
        return False
    # Tall records: lines of their own under a record's first row before the next one.
    # A grid of a header and a row of values over the next table (an order's "Ship via
    # | Terms" over "UPS | Net 30", then its items) is no header over records.
    if not any(b - a >= 2 for a, b in itertools.pairwise(starts)):
        return False
    # ... whose other lines stand each in one of the header's columns (a list in its
    # cell): a paragraph across the columns under each row (an accident report's account
    # of each entry) makes the rows no records of the header's grid.
    return all(
        bisect.bisect_left(xs, ln.bbox[0] + _SNAP_PT) == bisect.bisect_left(xs, ln.bbox[2] - _SNAP_PT)
        for k, row in enumerate(rows)
        if k not in starts and k > starts[0]
        for ln in row
    )
