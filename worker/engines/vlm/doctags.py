"""DocTags (SmolDocling / granite-docling output) to a DoclingDocument and to our blocks.

docling-core parses the DocTags against the page image (locations are on a 0-500 grid
of the image); the DoclingDocument gives the Markdown, and its items become
:class:`Block` s in page units so that every other output (JSON with provenance, text,
per-page results) is built the same way as for the CPU engines.
"""

from __future__ import annotations

import logging
import re

from docling_core.types.doc import DocItemLabel, DoclingDocument, TableItem, TextItem
from docling_core.types.doc.document import ContentLayer, DocTagsDocument, SectionHeaderItem
from PIL import Image

from common.documents.results import Block, BlockKind, PageResult
from worker.engines.base import PageInput

log = logging.getLogger(__name__)

_KINDS: dict[DocItemLabel, BlockKind] = {
    DocItemLabel.TITLE: "title",
    DocItemLabel.SECTION_HEADER: "section_header",
    DocItemLabel.LIST_ITEM: "list_item",
    DocItemLabel.FOOTNOTE: "footnote",
    DocItemLabel.PAGE_HEADER: "page_header",
    DocItemLabel.PAGE_FOOTER: "page_footer",
    DocItemLabel.TABLE: "table",
}
_STOP_RE = re.compile(r"</doctag>.*", re.DOTALL)
_SPECIAL_TAIL = ("<end_of_utterance>", "<|im_end|>", "<pad>", "<|endoftext|>")


def clean_doctags(raw: str) -> str:
    """The model's text between ``<doctag>`` and ``</doctag>``, without stop/pad tokens."""
    text = _STOP_RE.sub("", raw)
    for tok in _SPECIAL_TAIL:
        text = text.replace(tok, "")
    text = text.strip()
    if text.startswith("<doctag>"):
        text = text[len("<doctag>") :]
    return text.strip()


def to_docling(body: str, image: Image.Image, name: str = "page") -> DoclingDocument:
    pairs = DocTagsDocument.from_doctags_and_image_pairs([f"<doctag>{body}</doctag>"], [image])
    return DoclingDocument.load_from_doctags(pairs, document_name=name)


def to_blocks(doc: DoclingDocument, sx: float, sy: float) -> list[Block]:
    """Items of a one-page DoclingDocument as blocks, boxes scaled from image pixels to page units."""
    blocks: list[Block] = []
    # Headers and footers live in docling's furniture layer; keep them (as our running
    # blocks), in page order with the body.
    layers = {ContentLayer.BODY, ContentLayer.FURNITURE}
    items = [
        it
        for it, _ in doc.iterate_items(with_groups=False, included_content_layers=layers)
        if isinstance(it, TextItem | TableItem)
    ]
    height = _page_height(doc)
    boxed = []
    for item in items:  # pictures carry no text of their own (captions are TextItems)
        if item.prov:
            b = item.prov[0].bbox.to_top_left_origin(page_height=height)
            boxed.append((item, (b.l * sx, b.t * sy, b.r * sx, b.b * sy)))
        else:
            boxed.append((item, (0.0, 0.0, 0.0, 0.0)))
    boxed.sort(key=lambda ib: ib[1][1])  # top to bottom: furniture comes after the body in docling
    for item, bbox in boxed:
        kind = _KINDS.get(item.label, "paragraph")
        if isinstance(item, TableItem):
            rows = [[cell.text for cell in row] for row in item.data.grid]
            if not rows:
                continue
            text = "\n".join(" | ".join(r) for r in rows)
            blocks.append(Block(kind="table", text=text, bbox=bbox, rows=rows))
            continue
        text = item.text.strip()
        if not text:
            continue
        level = item.level if isinstance(item, SectionHeaderItem) else (1 if kind == "title" else 0)
        blocks.append(Block(kind=kind, text=text, bbox=bbox, level=level))
    return blocks


def _page_height(doc: DoclingDocument) -> float:
    page = next(iter(doc.pages.values()), None)
    return float(page.size.height) if page is not None else 0.0


def doctags_result(engine: str, page: PageInput, raw: str) -> PageResult | None:
    """A page result from a model's DocTags; None when there is nothing usable in them."""
    body = clean_doctags(raw)
    if not body or page.image is None:
        return None
    try:
        doc = to_docling(body, page.image, name=f"page-{page.page_no}")
    except Exception as exc:  # malformed DocTags from a small model
        log.warning("DocTags did not parse", extra={"fields": {"error": str(exc)[:200]}})
        return None
    blocks = to_blocks(doc, page.width / page.image.width, page.height / page.image.height)
    if not blocks:
        return None
    return PageResult(
        page_no=page.page_no,
        engine=engine,
        width=page.width,
        height=page.height,
        blocks=blocks,
        markdown=doc.export_to_markdown(),
        doctags=body,
    )
