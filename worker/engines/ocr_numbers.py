"""Digit-group separators in a scanned table's columns, settled by the column.

On a scan a thousands comma often loses its tail and is read as a full stop: a column of
"11,611", "2,275", "925" came out with "3.298" and "103.532" among them, each a number a
thousand times too small to a reader that takes "." for the decimal point. A text layer
states the character, so this applies to OCR only. A column is written in one convention:
where most of its grouped numbers use one separator and a few the other, the few are the
misreadings. A column that shows decimals with the other mark, or numbers grouped both
ways in equal measure, is left as it is: then the separator is not known.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from common.documents.page_blocks import Block
from common.documents.renderings import table_to_markdown

# One number grouped in threes, with an optional sign or accounting brackets.
_GROUPED = {
    ",": re.compile(r"^[-+(]?\d{1,3}(?:,\d{3})+\)?$"),
    ".": re.compile(r"^[-+(]?\d{1,3}(?:\.\d{3})+\)?$"),
}
# A decimal fraction that is no group of three: "12.5", "0.25", "3.1416".
_DECIMAL = {
    ",": re.compile(r"\d,(?:\d{1,2}|\d{4,})\)?$"),
    ".": re.compile(r"\d\.(?:\d{1,2}|\d{4,})\)?$"),
}
# Grouped numbers the column must show in its own convention before a stray one is
# taken for a misreading, and how far they must outnumber the strays.
MIN_AGREEING = 2
MAJORITY = 2.0


def _column_mark(cells: Sequence[str]) -> str | None:
    """The separator a column groups its digits with, where its cells say so plainly."""
    counts = {mark: sum(1 for c in cells if pattern.match(c)) for mark, pattern in _GROUPED.items()}
    for mark, other in ((",", "."), (".", ",")):
        if counts[mark] < MIN_AGREEING or counts[mark] < MAJORITY * counts[other]:
            continue
        # Decimals written with the other mark ("12.50" beside "1,250") would make a
        # "3.298" a decimal too: then the column is mixed by design, not misread.
        if any(_DECIMAL[other].search(c) for c in cells):
            return None
        return mark
    return None


def settle_rows(rows: list[list[str]]) -> list[list[str]] | None:
    """``rows`` with each column's stray separators turned to the column's own; None when
    nothing changed. The first row is the header and is never changed."""
    if len(rows) < 3:
        return None
    width = max(len(r) for r in rows)
    out = [list(r) for r in rows]
    changed = False
    for col in range(width):
        cells = [r[col].strip() for r in rows[1:] if col < len(r)]
        mark = _column_mark(cells)
        if mark is None:
            continue
        other = "." if mark == "," else ","
        for row in out[1:]:
            if col < len(row) and _GROUPED[other].match(row[col].strip()):
                row[col] = row[col].replace(other, mark)
                changed = True
    return out if changed else None


def settle_separators(blocks: Sequence[Block]) -> list[Block]:
    """The page's blocks with their tables' digit groups settled column by column."""
    out: list[Block] = []
    for block in blocks:
        rows = settle_rows(block.rows) if block.kind == "table" and block.rows else None
        out.append(block if rows is None else replace(block, rows=rows, text=table_to_markdown(rows)))
    return out
