"""Pages as DoclingDocuments (docling-core), and the pages of a document merged into one.

Two kinds of page meet here. A CPU engine's page is blocks: :func:`add_blocks` writes
them into a DoclingDocument. A DocTags engine's page already is a DoclingDocument, built
by docling-core from the model's DocTags (worker/engines/vlm/doctags.py) and stored with
the page result. :func:`merge_pages` makes one document of both kinds in page order, and
the per-page formats of a DocTags page come from its document (:func:`page_markdown`,
:func:`page_doctags`, and :func:`document_blocks` for its text and its blocks), so that
every output of such a page says the same thing in the same order.

Coordinates are page units with a top-left origin, as in common/documents/results.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docling_core.types.doc import (
    BoundingBox,
    CodeItem,
    CoordOrigin,
    DocItem,
    DocItemLabel,
    DoclingDocument,
    FormulaItem,
    ImageRefMode,
    ListGroup,
    ListItem,
    PictureItem,
    ProvenanceItem,
    SectionHeaderItem,
    Size,
    TableCell,
    TableData,
    TableItem,
    TextItem,
    TitleItem,
)
from docling_core.types.doc.document import ContentLayer

from common.documents.results import BBox, Block, BlockKind, PageResult

ALL_LAYERS = {ContentLayer.BODY, ContentLayer.FURNITURE}
_TEXT_KINDS: dict[DocItemLabel, BlockKind] = {
    DocItemLabel.CAPTION: "caption",
    DocItemLabel.FOOTNOTE: "footnote",
    DocItemLabel.PAGE_HEADER: "page_header",
    DocItemLabel.PAGE_FOOTER: "page_footer",
}


def _prov(block: Block, page_no: int) -> ProvenanceItem:
    left, top, right, bottom = block.bbox
    return ProvenanceItem(
        page_no=page_no,
        bbox=BoundingBox(l=left, t=top, r=right, b=bottom, coord_origin=CoordOrigin.TOPLEFT),
        charspan=(0, len(block.text)),
    )


def _table(rows: list[list[str]]) -> TableData:
    # A CPU engine's grid has no spans, and its first row is the header (results.Block).
    cells = [
        TableCell(
            text=cell,
            start_row_offset_idx=r,
            end_row_offset_idx=r + 1,
            start_col_offset_idx=c,
            end_col_offset_idx=c + 1,
            column_header=r == 0,
        )
        for r, row in enumerate(rows)
        for c, cell in enumerate(row)
    ]
    return TableData(num_rows=len(rows), num_cols=max(len(r) for r in rows), table_cells=cells)


_ENUMERATOR_RE = re.compile(r"^\s*(\(?(?:\d{1,3}|[a-zA-Z]|[ivxlc]{1,6})[.)])\s+(?=\S)")


class _Lists:
    """The list groups open while a page's blocks are added: one per nesting level, a
    nested list hanging under the item above it, as docling-core nests them."""

    def __init__(self, doc: DoclingDocument) -> None:
        self.doc = doc
        # Per open level: its group, whether it is enumerated, and its last item so far
        # (where a deeper list hangs).
        self.levels: list[tuple[ListGroup, bool, ListItem | None]] = []

    def close(self) -> None:
        self.levels = []

    def add(self, block: Block, prov: ProvenanceItem) -> None:
        # An ordered item's enumerator is its marker in the document (its text without it),
        # as docling-core keeps them; the blocks keep it in their text.
        match = _ENUMERATOR_RE.match(block.text)
        marker = match.group(1) if match else None
        text = block.text[match.end() :] if match else block.text
        depth = max(0, block.level)
        del self.levels[depth + 1 :]
        if len(self.levels) == depth + 1 and self.levels[-1][1] != (marker is not None):
            self.levels.pop()  # bullets after numbers (or the reverse): another list
        if len(self.levels) <= depth:
            # A level skipped (an item indented twice) still nests one level down.
            parent = self.levels[-1][2] if self.levels else None
            self.levels.append((self.doc.add_list_group(parent=parent), marker is not None, None))
        group, enumerated, _ = self.levels[-1]
        item = self.doc.add_list_item(
            text=text, enumerated=enumerated, marker=marker, prov=prov, parent=group
        )
        self.levels[-1] = (group, enumerated, item)


def add_blocks(doc: DoclingDocument, page_no: int, res: PageResult) -> None:
    """One page's blocks as items of ``doc``, in block order; consecutive list items make a
    list, nested by their level; a checkbox is docling's checkbox item."""
    doc.add_page(page_no=page_no, size=Size(width=res.width, height=res.height))
    lists = _Lists(doc)
    for block in res.blocks:
        prov = _prov(block, page_no)
        if block.kind != "list_item" or block.checked is not None:
            lists.close()
        if block.kind == "title":
            doc.add_title(text=block.text, prov=prov)
        elif block.kind == "section_header":
            doc.add_heading(text=block.text, level=max(1, block.level or 1), prov=prov)
        elif block.kind == "list_item" and block.checked is not None:
            # docling-core's checkboxes are text items of their own label, outside lists
            # (its Markdown writes them "- [x]"; inside a list its HTML would lose them).
            label = DocItemLabel.CHECKBOX_SELECTED if block.checked else DocItemLabel.CHECKBOX_UNSELECTED
            doc.add_text(label=label, text=block.text, prov=prov)
        elif block.kind == "list_item":
            lists.add(block, prov)
        elif block.kind == "table" and block.rows:
            doc.add_table(data=_table(block.rows), prov=prov)
        elif block.kind in ("page_header", "page_footer"):
            label = DocItemLabel.PAGE_HEADER if block.kind == "page_header" else DocItemLabel.PAGE_FOOTER
            doc.add_text(label=label, text=block.text, prov=prov, content_layer=ContentLayer.FURNITURE)
        elif block.kind == "code":
            doc.add_code(text=block.text, prov=prov)
        elif block.kind == "formula":
            doc.add_formula(text=block.text, prov=prov)
        elif block.kind == "picture":
            doc.add_picture(prov=prov)
        elif block.kind in ("footnote", "caption"):
            label = DocItemLabel.FOOTNOTE if block.kind == "footnote" else DocItemLabel.CAPTION
            doc.add_text(label=label, text=block.text, prov=prov)
        else:
            doc.add_text(label=DocItemLabel.TEXT, text=block.text, prov=prov)


def blocks_document(name: str, pages: Sequence[PageResult]) -> DoclingDocument:
    """One document from pages' blocks, each page under its own number."""
    doc = DoclingDocument(name=name)
    for res in pages:
        add_blocks(doc, res.page_no, res)
    return doc


def renumber(doc: DoclingDocument, numbers: dict[int, int]) -> None:
    """Give ``doc``'s pages (and every box on them) the numbers ``numbers`` maps them to."""
    for item, _ in doc.iterate_items(
        with_groups=False, traverse_pictures=True, included_content_layers=ALL_LAYERS
    ):
        if isinstance(item, DocItem):
            for prov in item.prov:
                prov.page_no = numbers.get(prov.page_no, prov.page_no)
    pages = {}
    for old, page in doc.pages.items():
        new = numbers.get(old, old)
        page.page_no = new
        pages[new] = page
    doc.pages = dict(sorted(pages.items()))


def merge_pages(name: str, pages: Sequence[tuple[int, DoclingDocument]]) -> DoclingDocument:
    """One document of one-page documents, in the order given, each page keeping its number.

    docling-core's concatenation numbers the pages 1, 2, ... in order; a document's pages
    are its own (a selection, or a page that failed, leaves gaps), so they are put back.
    """
    if not pages:
        return DoclingDocument(name=name)
    merged = DoclingDocument.concatenate([doc for _, doc in pages])
    merged.name = name
    real = [page_no for page_no, _ in pages]
    if sorted(merged.pages) != real:
        if sorted(merged.pages) != list(range(1, len(real) + 1)):
            raise ValueError(f"merged pages {sorted(merged.pages)} do not match the pages given {real}")
        renumber(merged, dict(zip(range(1, len(real) + 1), real, strict=True)))
    return merged


def _bbox(item: DocItem, doc: DoclingDocument) -> BBox:
    if not item.prov:
        return (0.0, 0.0, 0.0, 0.0)
    prov = item.prov[0]
    page = doc.pages.get(prov.page_no)
    b = prov.bbox.to_top_left_origin(page_height=page.size.height if page is not None else 0.0)
    return (b.l, b.t, b.r, b.b)


def _list_depth(item: DocItem, doc: DoclingDocument) -> int:
    """How many lists ``item``'s list is nested in (0: a list of its own)."""
    depth = -1
    node = item.parent.resolve(doc) if item.parent is not None else None
    while node is not None:
        if isinstance(node, ListGroup):
            depth += 1
        node = node.parent.resolve(doc) if node.parent is not None else None
    return max(0, depth)


def _text_block(item: TextItem, bbox: BBox, doc: DoclingDocument) -> Block | None:
    text = item.text.strip() if not isinstance(item, CodeItem) else item.text
    if not text.strip():
        return None
    if isinstance(item, TitleItem):
        return Block(kind="title", text=text, bbox=bbox, level=1)
    if isinstance(item, SectionHeaderItem):
        return Block(kind="section_header", text=text, bbox=bbox, level=item.level)
    if isinstance(item, ListItem):
        # An ordered list's numbers are content (step 3 of an instruction); bullets are not.
        marker = item.marker.strip() if item.enumerated else ""
        return Block(
            kind="list_item",
            text=f"{marker} {text}" if marker else text,
            bbox=bbox,
            level=_list_depth(item, doc),
        )
    if item.label in (DocItemLabel.CHECKBOX_SELECTED, DocItemLabel.CHECKBOX_UNSELECTED):
        return Block(
            kind="list_item",
            text=text,
            bbox=bbox,
            level=_list_depth(item, doc),
            checked=item.label == DocItemLabel.CHECKBOX_SELECTED,
        )
    if isinstance(item, CodeItem):
        return Block(kind="code", text=text, bbox=bbox)
    if isinstance(item, FormulaItem):
        return Block(kind="formula", text=text, bbox=bbox)
    return Block(kind=_TEXT_KINDS.get(item.label, "paragraph"), text=text, bbox=bbox)


def document_blocks(doc: DoclingDocument) -> list[Block]:
    """The document's items as blocks, in the document's (the model's) reading order.

    Running headers and footers (docling's furniture layer) come where the model put
    them, like the CPU engines' running blocks. A picture is a block without text, so
    that its place survives; a table's rows repeat a spanning cell's text in each cell
    it covers (the document keeps the spans).
    """
    blocks: list[Block] = []
    for item, _ in doc.iterate_items(with_groups=False, included_content_layers=ALL_LAYERS):
        if not isinstance(item, DocItem):
            continue
        bbox = _bbox(item, doc)
        if isinstance(item, TableItem):
            rows = [[cell.text for cell in row] for row in item.data.grid]
            if rows:
                blocks.append(
                    Block(kind="table", text="\n".join(" | ".join(r) for r in rows), bbox=bbox, rows=rows)
                )
        elif isinstance(item, PictureItem):
            blocks.append(Block(kind="picture", text="", bbox=bbox))
        elif isinstance(item, TextItem):
            block = _text_block(item, bbox, doc)
            if block is not None:
                blocks.append(block)
    return blocks


def page_markdown(doc: DoclingDocument) -> str:
    # A placeholder marks a picture: Markdown is read as text (by people, diffs, language
    # models), where a base64 image is noise; the JSON and HTML carry the picture.
    return doc.export_to_markdown(image_mode=ImageRefMode.PLACEHOLDER)


def page_doctags(doc: DoclingDocument) -> str:
    """One page's DocTags without the ``<doctag>`` wrapper, as a DocTags model writes them."""
    text = doc.export_to_doctags(minified=True).strip()
    text = text.removeprefix("<doctag>").removesuffix("</doctag>")
    return text.strip()
