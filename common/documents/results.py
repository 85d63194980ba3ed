"""What an engine returns for one page, and how pages render to each output format.

Coordinates are page units (PDF points for PDFs, pixels for images) with the origin at
the top-left corner, so clients can highlight where a value came from without flipping
axes. The JSON form of :class:`PageResult` is what is stored at ``results/{n}.json``.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

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


def _bbox(v: Sequence[float]) -> BBox:
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
                bbox=_bbox(b["bbox"]),
                level=b.get("level", 0),
                rows=b.get("rows"),
                lines=[
                    Line(
                        text=ln["text"],
                        bbox=_bbox(ln["bbox"]),
                        confidence=ln.get("confidence"),
                        words=[
                            Word(text=w["text"], bbox=_bbox(w["bbox"]), confidence=w.get("confidence"))
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


_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_MD_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def markdown_to_blocks(markdown: str, bbox: BBox) -> list[Block]:
    """Blocks from a model's Markdown (headings, tables, list items, paragraphs).

    The model gives no positions, so every block carries ``bbox`` (the page). This is
    what lets Markdown-native engines feed the DoclingDocument JSON and text outputs.
    """
    blocks: list[Block] = []
    para: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if para:
            blocks.append(Block(kind="paragraph", text=" ".join(para), bbox=bbox))
            para.clear()
        if table:
            rows = [list(r) for r in table]
            blocks.append(
                Block(kind="table", text="\n".join(" | ".join(r) for r in rows), bbox=bbox, rows=rows)
            )
            table.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("|"):
            if para:
                flush()
            if not _MD_RULE_RE.match(line):
                table.append([c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip("|"))])
            continue
        if table:
            flush()
        heading = _MD_HEADING_RE.match(line)
        if heading:
            flush()
            level = len(heading.group(1))
            kind: BlockKind = "title" if level == 1 and not blocks else "section_header"
            blocks.append(Block(kind=kind, text=heading.group(2), bbox=bbox, level=level))
        elif _MD_ITEM_RE.match(line):
            flush()
            blocks.append(Block(kind="list_item", text=line, bbox=bbox))
        else:
            para.append(line)
    flush()
    return blocks


def _md_escape_cell(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ").strip()


def table_to_markdown(rows: list[list[str]]) -> str:
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    norm = [[_md_escape_cell(c) for c in r] + [""] * (width - len(r)) for r in rows]
    out = ["| " + " | ".join(norm[0]) + " |", "|" + "|".join(["---"] * width) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in norm[1:]]
    return "\n".join(out)


_ORDERED_MD_RE = re.compile(r"^\d{1,9}[.)](?:\s|$)")
_BULLET_TEXT_RE = re.compile(r"^[-*+•]\s")


def list_item_markdown(b: Block) -> str:
    """A list item as a Markdown list line, indented 4 spaces per nesting level.

    "1." and "1)" are Markdown's own enumerators and stay as written; any other item is
    a "-" item (a checkbox "- [ ]" / "- [x]"), its letters or "(1)" kept as its text.
    """
    text = b.text.strip()
    indent = "    " * max(0, b.level)
    if b.checked is not None:
        return f"{indent}- [{'x' if b.checked else ' '}] {text}"
    if _ORDERED_MD_RE.match(text) or _BULLET_TEXT_RE.match(text):
        # An enumerator, or the "- " that a model's own Markdown item keeps in its text.
        return indent + ("- " + text[2:] if text[0] == "•" else text)
    return f"{indent}- {text}"


def blocks_to_markdown(blocks: list[Block]) -> str:
    parts: list[str] = []
    prev_item = False
    in_list = False  # a list item written, and only paragraphs since
    held: list[int] = []  # the parts of those paragraphs
    for b in blocks:
        if b.kind in ("page_header", "page_footer"):
            continue  # running headers/footers repeat on every page; they are noise in Markdown
        item = b.kind == "list_item"
        if item and prev_item and parts:
            # One list: its items on consecutive lines (a blank line between them would
            # make a "loose" list, each item a paragraph).
            parts[-1] += "\n" + list_item_markdown(b)
            continue
        if item and b.level > 0 and not prev_item:
            # A nested item after paragraphs: indented four spaces per level, it would be
            # a code block under a paragraph at the margin. The paragraphs between it and
            # the list's last item are that item's own (its second paragraph, "It is the
            # successor to ..."): indented with the nested item, they stay in the list;
            # with no list before, the item starts one of its own.
            if in_list and held:
                pad = "    " * b.level
                for k in held:
                    parts[k] = "\n".join(pad + ln if ln else ln for ln in parts[k].split("\n"))
            elif not in_list:
                b = replace(b, level=0)
        if item:
            in_list, held = True, []
        elif b.kind == "paragraph" and in_list:
            held.append(len(parts))
        else:
            in_list, held = False, []
        prev_item = item
        if b.kind == "title":
            parts.append(f"# {b.text}")
        elif b.kind == "section_header":
            parts.append("#" * min(6, max(2, b.level + 1)) + f" {b.text}")
        elif b.kind == "table" and b.rows:
            parts.append(table_to_markdown(b.rows))
        elif item:
            parts.append(list_item_markdown(b))
        elif b.kind == "footnote":
            parts.append(f"<sub>{b.text}</sub>")
        elif b.kind == "code":
            parts.append(f"```\n{b.text}\n```")
        elif b.kind == "formula":
            parts.append(f"$${b.text}$$")
        elif b.kind == "picture":
            parts.append("<!-- image -->")
        else:
            parts.append(b.text)
    return "\n\n".join(p for p in parts if p.strip())


def blocks_to_text(blocks: list[Block]) -> str:
    parts: list[str] = []
    for b in blocks:
        if b.kind in ("page_header", "page_footer"):
            # Furniture, as in the Markdown (and docling's text export): a page number or a
            # running title between two pages' text is noise to a reader, a search index or
            # a diff; the JSON and DocTags keep them, with their boxes.
            continue
        if b.kind == "table" and b.rows:
            parts.append("\n".join("\t".join(r) for r in b.rows))
        elif b.checked is not None:
            # Plain text has no list syntax: the box, with its state, as the page shows it.
            parts.append(("☑ " if b.checked else "☐ ") + b.text)
        else:
            parts.append(b.text)
    return "\n\n".join(p for p in parts if p.strip())


_DOCTAG_OF: dict[str, str] = {
    "title": "title",
    "section_header": "section_header_level_1",
    "paragraph": "text",
    "list_item": "list_item",
    "table": "otsl",
    "footnote": "footnote",
    "page_header": "page_header",
    "page_footer": "page_footer",
    "caption": "caption",
    "code": "code",
    "formula": "formula",
    "picture": "picture",
}


def _loc(bbox: BBox, width: float, height: float) -> str:
    # DocTags locations are on a 0..500 grid over the page.
    def q(v: float, size: float) -> int:
        return max(0, min(500, round(v / size * 500))) if size > 0 else 0

    left, top, right, bottom = bbox
    return f"<loc_{q(left, width)}><loc_{q(top, height)}><loc_{q(right, width)}><loc_{q(bottom, height)}>"


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def blocks_to_doctags(blocks: list[Block], width: float, height: float) -> str:
    """DocTags for one page, as SmolDocling would emit it (without the outer <doctag>)."""
    out: list[str] = []
    for b in blocks:
        tag = _DOCTAG_OF[b.kind]
        if b.kind == "section_header":
            tag = f"section_header_level_{max(1, min(6, b.level or 1))}"
        elif b.checked is not None:
            tag = "checkbox_selected" if b.checked else "checkbox_unselected"  # docling's labels
        loc = _loc(b.bbox, width, height)
        if b.kind == "table" and b.rows:
            cells = "".join(
                "".join(f"<fcel>{_xml_text(c)}" if c else "<ecel>" for c in row) + "<nl>" for row in b.rows
            )
            out.append(f"<otsl>{loc}{cells}</otsl>")
        else:
            out.append(f"<{tag}>{loc}{_xml_text(b.text)}</{tag}>")
    return "".join(out)
