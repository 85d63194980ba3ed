"""Page results built by hand for the extraction tests: lines at given boxes, and tables."""

from __future__ import annotations

from collections.abc import Sequence

from common.documents.results import Block, Line, PageResult


def page_of(
    lines: Sequence[tuple[str, Sequence[float]]],
    tables: list[list[list[str]]] | None = None,
    page_no: int = 1,
) -> PageResult:
    blocks = []
    for text, box in lines:
        bbox = (float(box[0]), float(box[1]), float(box[2]), float(box[3]))
        blocks.append(Block(kind="paragraph", text=text, bbox=bbox, lines=[Line(text=text, bbox=bbox)]))
    for i, rows in enumerate(tables or []):
        blocks.append(Block(kind="table", text="", bbox=(40, 400 + 100 * i, 560, 480 + 100 * i), rows=rows))
    return PageResult(page_no=page_no, engine="pdf-text", width=595, height=842, blocks=blocks)
