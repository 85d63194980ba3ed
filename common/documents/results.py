"""What an engine returns for one page: the page result, and its JSON form, which is what
is stored at ``results/{n}.json``.

The blocks it is made of live in :mod:`common.documents.page_blocks`, the renderings of
each output format in :mod:`common.documents.renderings`; both are re-exported here, where
engines, flows and tests have always imported them from.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from common.documents.page_blocks import BBox, Block, BlockKind, Line, Word, as_bbox, is_rtl
from common.documents.renderings import (
    blocks_to_doctags,
    blocks_to_markdown,
    blocks_to_text,
    list_item_markdown,
    markdown_to_blocks,
    table_to_markdown,
)

__all__ = [
    "BBox",
    "Block",
    "BlockKind",
    "Line",
    "PageResult",
    "Word",
    "blocks_to_doctags",
    "blocks_to_markdown",
    "blocks_to_text",
    "is_rtl",
    "list_item_markdown",
    "markdown_to_blocks",
    "table_to_markdown",
]


def _word_json(w: Word) -> dict[str, Any]:
    return {"text": w.text, "bbox": list(w.bbox), "confidence": w.confidence}


def _block_json(b: Block) -> dict[str, Any]:
    return {
        "kind": b.kind,
        "text": b.text,
        "bbox": list(b.bbox),
        "level": b.level,
        "rows": None if b.rows is None else [list(r) for r in b.rows],
        "lines": [
            {
                "text": ln.text,
                "bbox": list(ln.bbox),
                "confidence": ln.confidence,
                "words": [_word_json(w) for w in ln.words],
            }
            for ln in b.lines
        ],
        "confidence": b.confidence,
        "rtl": b.rtl,
        "checked": b.checked,
    }


@dataclass
class PageResult:
    page_no: int
    engine: str
    width: float
    height: float
    blocks: list[Block] = field(default_factory=list)
    # Engines that emit a format natively (a VLM's DocTags or Markdown) set it; otherwise
    # each format is rendered from the blocks.
    markdown: str | None = None
    text: str | None = None
    doctags: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    tokens: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Set when the requested engine's output was unusable (empty, looping, failed) and a
    # CPU engine read the page instead: the requested engine's name. ``engine`` is then
    # the engine that actually produced this result.
    fallback_from: str | None = None
    # Set when ``auto`` handed the page to a model engine (worker/engines/escalation.py):
    # "auto", and why. ``engine`` is then the model's, or, where the model's output was
    # unusable, that of auto's own result kept for the page (``fallback_from`` names the model).
    escalated_from: str | None = None
    escalation_reason: str | None = None
    # The page as a DoclingDocument (export_to_dict, page units, pictures cropped in), for
    # engines that build one (DocTags): finalize derives every format of such a page from
    # it, and the blocks above are its flat view. None: the formats come from the blocks.
    docling: dict[str, Any] | None = None
    # A model engine's answer to the document's JSON Schema for this page
    # (common/extraction/schema.py): {"values": {...} or None, "errors": [...], "engine": ...}.
    extracted: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.markdown is None:
            self.markdown = blocks_to_markdown(self.blocks)
        if self.text is None:
            self.text = blocks_to_text(self.blocks)
        if self.doctags is None:
            self.doctags = blocks_to_doctags(self.blocks, self.width, self.height)

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-ready data (boxes as lists): what dataclasses.asdict made of
        it, field for field, built directly (asdict deep-copies every value through a
        recursive walk, a quarter of a millisecond a page; each page is written once).
        tests/test_results_json.py holds the two equal as JSON."""
        return {
            "page_no": self.page_no,
            "engine": self.engine,
            "width": self.width,
            "height": self.height,
            "blocks": [_block_json(b) for b in self.blocks],
            "markdown": self.markdown,
            "text": self.text,
            "doctags": self.doctags,
            "timings": dict(self.timings),
            "tokens": dict(self.tokens),
            "warnings": list(self.warnings),
            "fallback_from": self.fallback_from,
            "escalated_from": self.escalated_from,
            "escalation_reason": self.escalation_reason,
            "docling": copy.deepcopy(self.docling),
            "extracted": copy.deepcopy(self.extracted),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PageResult:
        blocks = [
            Block(
                kind=b["kind"],
                text=b["text"],
                bbox=as_bbox(b["bbox"]),
                level=b.get("level", 0),
                rows=b.get("rows"),
                lines=[
                    Line(
                        text=ln["text"],
                        bbox=as_bbox(ln["bbox"]),
                        confidence=ln.get("confidence"),
                        words=[
                            Word(text=w["text"], bbox=as_bbox(w["bbox"]), confidence=w.get("confidence"))
                            for w in ln.get("words", [])
                        ],
                    )
                    for ln in b.get("lines", [])
                ],
                confidence=b.get("confidence"),
                rtl=b.get("rtl", False),
                checked=b.get("checked"),
            )
            for b in data.get("blocks", [])
        ]
        return cls(
            page_no=data["page_no"],
            engine=data["engine"],
            width=data["width"],
            height=data["height"],
            blocks=blocks,
            markdown=data.get("markdown"),
            text=data.get("text"),
            doctags=data.get("doctags"),
            timings=data.get("timings", {}),
            tokens=data.get("tokens", {}),
            warnings=data.get("warnings", []),
            fallback_from=data.get("fallback_from"),
            escalated_from=data.get("escalated_from"),
            escalation_reason=data.get("escalation_reason"),
            docling=data.get("docling"),
            extracted=data.get("extracted"),
        )
