"""Assemble page results into a document's outputs, in page order.

- markdown: pages joined by a blank line; a failed page leaves an HTML comment saying so.
- text: pages separated by form feeds (as pdftotext does), so page boundaries survive.
- doctags: one ``<doctag>`` with ``<page_break>`` between pages (SmolDocling's convention).
- json: one DoclingDocument (docling-core) with pages, items and their provenance boxes.
- html: that DoclingDocument exported by docling-core, pictures embedded; a heading,
  paragraph or list item that reads right to left is marked ``dir="rtl"``.
- fields, tables (+ xlsx): the structured data of common/extraction.

A page from a DocTags model carries its own DoclingDocument (``PageResult.docling``):
every format of that page comes from it, and the JSON and HTML from the pages' documents
merged, so that the formats agree (reading order, spans, lists, pictures, code, formulas).
A page from a CPU engine is blocks: its Markdown, text and DocTags are rendered from the
blocks (results.py) and its part of the JSON and HTML is built from the same blocks, in
the same order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from docling_core.transforms.serializer.base import BaseDocSerializer, SerializationResult
from docling_core.transforms.serializer.html import HTMLDocSerializer, HTMLParams, HTMLTextSerializer
from docling_core.types.doc import DoclingDocument, ImageRefMode, TextItem
from docling_core.types.doc.common.constants import DOCUMENT_TOKENS_EXPORT_LABELS
from docling_core.types.doc.common.content_layer import DEFAULT_CONTENT_LAYERS

from common import extraction
from common.documents.docling_pages import (
    blocks_document,
    document_blocks,
    merge_pages,
    page_doctags,
    page_markdown,
)
from common.documents.furniture import mark_running
from common.documents.results import PageResult, blocks_to_text, is_rtl
from common.extraction import tables
from common.extraction.schema import answer as answer_schema


@dataclass(frozen=True)
class PageOutcome:
    page_no: int
    result: PageResult | None  # None: the page failed
    error: str | None = None


def to_docling(
    name: str, pages: list[PageOutcome], documents: dict[int, DoclingDocument] | None = None
) -> DoclingDocument:
    """The document's one DoclingDocument: its pages' own where they have one, else built from blocks."""
    documents = documents if documents is not None else _page_documents(pages)
    done = [p.result for p in pages if p.result is not None]
    if not documents:
        return blocks_document(name, done)
    return merge_pages(
        name,
        [(res.page_no, documents.get(res.page_no) or blocks_document(name, [res])) for res in done],
    )


def _running_marked(pages: list[PageOutcome]) -> list[PageOutcome]:
    """The pages with what repeats in their margins marked as running headers/footers
    (common/documents/furniture.py), for every format alike."""
    marked = iter(mark_running([p.result for p in pages if p.result is not None]))
    return [PageOutcome(p.page_no, next(marked), p.error) if p.result is not None else p for p in pages]


def _page_documents(pages: list[PageOutcome]) -> dict[int, DoclingDocument]:
    return {
        p.page_no: DoclingDocument.model_validate(p.result.docling)
        for p in pages
        if p.result is not None and p.result.docling is not None
    }


def assemble(
    name: str, pages: list[PageOutcome], formats: list[str], *, schema: dict[str, Any] | None = None
) -> dict[str, bytes]:
    """The requested outputs as bytes, keyed by format name."""
    pages = _running_marked(pages)
    documents = _page_documents(pages)
    out: dict[str, bytes] = {}
    if "markdown" in formats:
        parts = []
        for p in pages:
            if p.result is None:
                parts.append(f"<!-- page {p.page_no}: not converted ({p.error or 'failed'}) -->")
                continue
            doc = documents.get(p.page_no)
            markdown = page_markdown(doc) if doc is not None else p.result.markdown
            if markdown:
                parts.append(markdown)
        out["markdown"] = ("\n\n".join(parts) + "\n").encode()
    if "text" in formats:
        texts = []
        for p in pages:
            doc = documents.get(p.page_no)
            if doc is not None:
                texts.append(blocks_to_text(document_blocks(doc)))
            else:
                texts.append((p.result.text or "") if p.result else "")
        out["text"] = ("\f".join(texts) + "\n").encode()
    if "doctags" in formats:
        bodies = []
        for p in pages:
            doc = documents.get(p.page_no)
            bodies.append(
                page_doctags(doc) if doc is not None else (p.result.doctags or "") if p.result else ""
            )
        out["doctags"] = f"<doctag>{'<page_break>'.join(bodies)}</doctag>".encode()
    if "json" in formats or "html" in formats:
        merged = to_docling(name, pages, documents)
        if "json" in formats:
            out["json"] = json.dumps(merged.export_to_dict(), ensure_ascii=False).encode()
        if "html" in formats:
            # Embedded: one self-contained file that a browser shows with its pictures;
            # an output is one object, with nowhere to keep image files beside it.
            out["html"] = to_html(merged).encode()
    out.update(structured(pages, formats, schema))
    return out


def structured(
    pages: list[PageOutcome], formats: list[str], schema: dict[str, Any] | None = None
) -> dict[str, bytes]:
    """The structured outputs (common/extraction): ``fields`` (with the answer to the
    document's schema, if it has one), and ``tables`` with its workbook (``xlsx``), from
    the converted pages' results."""
    done = [p.result for p in pages if p.result is not None]
    out: dict[str, bytes] = {}
    if "fields" in formats:
        fields = extraction.extract(done)
        if schema is not None:
            # a model engine's answers, with the page text each must be printed in
            answers = [(r.page_no, r.text or r.markdown or "", r.extracted) for r in done]
            fields["schema"] = answer_schema(schema, fields, answers)
        out["fields"] = json.dumps(fields, ensure_ascii=False).encode()
    if "tables" in formats:
        found = tables.document_tables(done)
        out["tables"] = json.dumps({"tables": found}, ensure_ascii=False).encode()
        out["xlsx"] = tables.to_xlsx(found)
    return out


def to_html(doc: DoclingDocument) -> str:
    """``doc.export_to_html(image_mode=EMBEDDED)``, with ``dir="rtl"`` on the text elements
    that read right to left.

    docling-core marks table cells and captions by their text, but not paragraphs,
    headings or list items (its helper adds ``dir`` only when asked with one), so its
    text serializer is swapped for one that does; everything else is export_to_html's
    own serializer and parameters.
    """
    params = HTMLParams(
        labels=DOCUMENT_TOKENS_EXPORT_LABELS,
        layers=DEFAULT_CONTENT_LAYERS,
        image_mode=ImageRefMode.EMBEDDED,
    )
    return (
        HTMLDocSerializer(doc=doc, params=params, text_serializer=_DirectedTextSerializer()).serialize().text
    )


# The element a text item opens with: a heading, a paragraph or a list item.
_OPENING_TAG_RE = re.compile(r"<(p|h[1-6]|li)(?=[\s>])")


class _DirectedTextSerializer(HTMLTextSerializer):
    """docling-core's text serializer, adding ``dir="rtl"`` to the element of an item whose
    text reads right to left by its first strong character (the rule Block.rtl is set by,
    and what dir="auto" would do, written out for readers that do not run it)."""

    def serialize(
        self, *, item: TextItem, doc_serializer: BaseDocSerializer, doc: DoclingDocument, **kwargs: Any
    ) -> SerializationResult:
        res = super().serialize(item=item, doc_serializer=doc_serializer, doc=doc, **kwargs)
        if is_rtl(item.text) and _OPENING_TAG_RE.match(res.text):
            res.text = _OPENING_TAG_RE.sub(r'<\1 dir="rtl"', res.text, count=1)
        return res
