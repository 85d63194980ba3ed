"""The pieces of a page result: blocks of text (paragraphs, headings, items, tables) with
their lines and words, and where each sits on the page.

Coordinates are page units (PDF points for PDFs, pixels for images) with the origin at
the top-left corner, so clients can highlight where a value came from without flipping
axes. Kept apart from :mod:`common.documents.results` (the page result and its stored
JSON) and :mod:`common.documents.renderings` (the output formats), which both build on them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal[
    "title",
    "section_header",
    "paragraph",
    "list_item",
    "table",
    "footnote",
    "page_header",
    "page_footer",
    # Only DocTags models (SmolDocling, granite-docling) find these; a picture's text is empty.
    "caption",
    "code",
    "formula",
    "picture",
]
BBox = tuple[float, float, float, float]  # left, top, right, bottom


def as_bbox(v: Sequence[float]) -> BBox:
    # A list from stored JSON, a tuple from to_json() in the same process (compiled, the
    # annotation is checked at run time).
    left, top, right, bottom = v
    return (float(left), float(top), float(right), float(bottom))


@dataclass
class Word:
    text: str
    bbox: BBox
    confidence: float | None = None


@dataclass
class Line:
    text: str
    bbox: BBox
    confidence: float | None = None
    # Word boxes, so a client can highlight exactly the value it extracted.
    words: list[Word] = field(default_factory=list)


@dataclass
class Block:
    kind: BlockKind
    text: str
    bbox: BBox
    # A heading's level, 1 = top; a list item's nesting depth, 0 = outermost.
    level: int = 0
    rows: list[list[str]] | None = None  # table cells, row-major, first row = header
    lines: list[Line] = field(default_factory=list)
    confidence: float | None = None
    # Right-to-left text (Arabic, Hebrew, Persian), by its first strong character: the
    # HTML output marks such a block dir="rtl". The text itself is in logical order.
    rtl: bool = False
    # A list item that is a checkbox: whether it is ticked. None: no checkbox. The box is
    # its marker, as a bullet is, so not part of its text.
    checked: bool | None = None


def is_rtl(text: str) -> bool:
    """Whether ``text`` reads right to left: the Unicode bidirectional algorithm's rule for
    a paragraph's direction (P2/P3, what HTML's dir="auto" does), the first character of
    a strong direction decides."""
    for ch in text:
        if ch.isascii():
            if ch.isalpha():
                return False  # the common case, without a table lookup
            continue
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind == "R" or kind == "AL":
            return True
    return False
