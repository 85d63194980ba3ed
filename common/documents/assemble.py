"""Assemble page results into a document's outputs, in page order.

- markdown: pages joined by a blank line; a failed page leaves an HTML comment saying so.
- text: pages separated by form feeds (as pdftotext does), so page boundaries survive.
- doctags: one ``<doctag>`` with ``<page_break>`` between pages (SmolDocling's convention).
- json: a DoclingDocument (docling-core) with pages, items and their provenance boxes.
- html: that DoclingDocument exported by docling-core (headings, lists, tables).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from docling_core.types.doc import (
    BoundingBox,
    CoordOrigin,
    DocItemLabel,
    DoclingDocument,
    ProvenanceItem,
    Size,
    TableCell,
    TableData,
)
from docling_core.types.doc.document import ContentLayer

from common.documents.results import Block, PageResult


@dataclass(frozen=True)
class PageOutcome:
    page_no: int
    result: PageResult | None  # None: the page failed
    error: str | None = None


def _prov(block: Block, page_no: int) -> ProvenanceItem:
    left, top, right, bottom = block.bbox
    return ProvenanceItem(
        page_no=page_no,
        bbox=BoundingBox(l=left, t=top, r=right, b=bottom, coord_origin=CoordOrigin.TOPLEFT),
        charspan=(0, len(block.text)),
    )


def to_docling(name: str, pages: list[PageOutcome]) -> DoclingDocument:
    doc = DoclingDocument(name=name)
    for outcome in pages:
        res = outcome.result
        if res is None:
            continue
        doc.add_page(page_no=outcome.page_no, size=Size(width=res.width, height=res.height))
        list_group = None
        for block in res.blocks:
            prov = _prov(block, outcome.page_no)
            if block.kind != "list_item":
                list_group = None
            if block.kind == "title":
                doc.add_title(text=block.text, prov=prov)
            elif block.kind == "section_header":
                doc.add_heading(text=block.text, level=max(1, block.level or 1), prov=prov)
            elif block.kind == "list_item":
                if list_group is None:
                    list_group = doc.add_list_group()
                doc.add_list_item(text=block.text, prov=prov, parent=list_group)
            elif block.kind == "table" and block.rows:
                n_cols = max(len(r) for r in block.rows)
                cells = [
                    TableCell(
                        text=cell,
                        start_row_offset_idx=r,
                        end_row_offset_idx=r + 1,
                        start_col_offset_idx=c,
                        end_col_offset_idx=c + 1,
                        column_header=r == 0,
                    )
                    for r, row in enumerate(block.rows)
                    for c, cell in enumerate(row)
                ]
                doc.add_table(
                    data=TableData(num_rows=len(block.rows), num_cols=n_cols, table_cells=cells), prov=prov
                )
            elif block.kind in ("page_header", "page_footer"):
                label = DocItemLabel.PAGE_HEADER if block.kind == "page_header" else DocItemLabel.PAGE_FOOTER
                doc.add_text(label=label, text=block.text, prov=prov, content_layer=ContentLayer.FURNITURE)
            elif block.kind == "footnote":
                doc.add_text(label=DocItemLabel.FOOTNOTE, text=block.text, prov=prov)
            else:
                doc.add_text(label=DocItemLabel.TEXT, text=block.text, prov=prov)
    return doc


def assemble(name: str, pages: list[PageOutcome], formats: list[str]) -> dict[str, bytes]:
    """The requested outputs as bytes, keyed by format name."""
    out: dict[str, bytes] = {}
    if "markdown" in formats:
        parts = []
        for p in pages:
            if p.result is None:
                parts.append(f"<!-- page {p.page_no}: not converted ({p.error or 'failed'}) -->")
            elif p.result.markdown:
                parts.append(p.result.markdown)
        out["markdown"] = ("\n\n".join(parts) + "\n").encode()
    if "text" in formats:
        out["text"] = ("\f".join((p.result.text or "") if p.result else "" for p in pages) + "\n").encode()
    if "doctags" in formats:
        body = "<page_break>".join((p.result.doctags or "") if p.result else "" for p in pages)
        out["doctags"] = f"<doctag>{body}</doctag>".encode()
    if "json" in formats or "html" in formats:
        doc = to_docling(name, pages)
        if "json" in formats:
            out["json"] = json.dumps(doc.export_to_dict(), ensure_ascii=False).encode()
        if "html" in formats:
            out["html"] = doc.export_to_html().encode()
    return out
