"""A table whose header is a ruled grid and whose body is not (page.py asks, once the
ruled tables are placed among the blocks read from the text): one table.

A report draws a table's header as a shaded, ruled band (group heads over sub-heads)
and sets its rows under it unruled. The grid finder reads the header as a table of its
own, words only, and the text-table finder the rows under it as another: the header is
split from its body. A reader takes them for one table: the body starts right under
the header, within its width, in as many columns as the header has.
"""

from __future__ import annotations

from worker.engines.layout.model import Proto
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
