"""The pieces of text that fields are read from: every line of every page, with its page
number, box, confidence and engine, and every table row as cells.

Page results keep lines inside blocks; a value and its label are found by position
(same row, or the line below) across blocks, so the blocks are flattened here once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from common.documents.results import BBox, PageResult


@dataclass(frozen=True)
class Unit:
    page: int
    text: str
    bbox: BBox
    engine: str
    confidence: float | None = None
    block: int = 0  # index of the block on its page: lines of one block belong together

    @property
    def height(self) -> float:
        return max(1.0, self.bbox[3] - self.bbox[1])

    def same_row(self, other: Unit) -> bool:
        """Whether the two overlap vertically by half the smaller height."""
        top, bottom = max(self.bbox[1], other.bbox[1]), min(self.bbox[3], other.bbox[3])
        return self.page == other.page and bottom - top >= 0.5 * min(self.height, other.height)


@dataclass(frozen=True)
class TableRow:
    page: int
    cells: list[str]
    bbox: BBox  # the table's box: cells have no boxes of their own
    engine: str
    header: list[str]  # the table's first row
    table: int  # index of the table in the document


def units_of(pages: Sequence[PageResult]) -> tuple[list[Unit], list[TableRow]]:
    """Lines (tables' lines included, for position) and table rows, in reading order."""
    units: list[Unit] = []
    rows: list[TableRow] = []
    tables = 0
    for page in pages:
        for index, block in enumerate(page.blocks):
            if block.kind in ("picture", "page_header", "page_footer") and not block.text.strip():
                continue
            if block.kind == "table" and block.rows:
                header = block.rows[0]
                rows.extend(
                    TableRow(page.page_no, list(r), block.bbox, page.engine, list(header), tables)
                    for r in block.rows
                )
                tables += 1
                continue  # a table's text is read through its cells, not as lines
            if block.lines:
                units.extend(
                    Unit(page.page_no, ln.text, ln.bbox, page.engine, ln.confidence, index)
                    for ln in block.lines
                    if ln.text.strip()
                )
            elif block.text.strip():
                for line in block.text.splitlines():
                    if line.strip():
                        units.append(
                            Unit(page.page_no, line, block.bbox, page.engine, block.confidence, index)
                        )
    return units, rows


def right_of(unit: Unit, units: Sequence[Unit]) -> Unit | None:
    """The nearest unit to the right on the same row."""
    best: Unit | None = None
    for other in units:
        if other is unit or not unit.same_row(other) or other.bbox[0] < unit.bbox[2] - 1:
            continue
        if best is None or other.bbox[0] < best.bbox[0]:
            best = other
    return best


def below(unit: Unit, units: Sequence[Unit]) -> Unit | None:
    """The nearest unit under ``unit``, within two and a half of its heights, that starts
    near its left edge or overlaps it horizontally."""
    best: Unit | None = None
    limit = unit.bbox[3] + 2.5 * unit.height
    for other in units:
        if other is unit or other.page != unit.page:
            continue
        if not (unit.bbox[3] - 0.3 * unit.height <= other.bbox[1] <= limit):
            continue
        overlap = min(unit.bbox[2], other.bbox[2]) - max(unit.bbox[0], other.bbox[0])
        if overlap <= 0 and abs(other.bbox[0] - unit.bbox[0]) > unit.height:
            continue
        if best is None or other.bbox[1] < best.bbox[1]:
            best = other
    return best
