"""DocTags (SmolDocling / granite-docling output) to a page's DoclingDocument, as docling does.

docling-core parses the DocTags against the page image the model saw (locations are on
a 0-500 grid of it) and crops each ``<picture>`` out of that image. On top of that:

- the document is put in page units (PDF points, or the source image's pixels) under
  the page's own number, without the whole page image (the client has the source; a
  page image in every page would dwarf the rest);
- table cells keep what the model said they are (``<ched>`` column header, ``<rhed>``
  row header, ``<srow>`` section row), which docling-core's OTSL parser drops;
- on a born-digital page, text items take the text layer's words inside their box
  (docling's ``force_backend_text``; ``engines.force_backend_text``).

The page result carries that document (``PageResult.docling``), from which finalize
derives every format; its blocks are the document's items in the model's reading order.
"""

from __future__ import annotations

import logging
import re

from docling_core.types.doc import (
    BoundingBox,
    CoordOrigin,
    DocItem,
    DoclingDocument,
    ImageRef,
    Size,
    TableItem,
)
from docling_core.types.doc.document import DocTagsDocument
from docling_core.types.doc.utils import otsl_extract_tokens_and_text
from PIL import Image

from common.core.settings import get_settings
from common.documents.docling_pages import ALL_LAYERS, document_blocks, page_doctags, page_markdown, renumber
from common.documents.results import PageResult
from worker.engines.base import PageInput
from worker.engines.vlm.backend_text import use_text_layer

log = logging.getLogger(__name__)

_STOP_RE = re.compile(r"</doctag>.*", re.DOTALL)
_SPECIAL_TAIL = ("<end_of_utterance>", "<|im_end|>", "<pad>", "<|endoftext|>")
# The elements that docling-core reads a table from, in its order: a table nested in a
# picture or chart is the chart's data, not one of the document's tables.
_TABLE_RE = re.compile(r"<(?P<tag>picture|chart|otsl)>(?P<content>.*?)(?:</(?P=tag)>|$)", re.DOTALL)
_STAND_IN = Image.new("1", (500, 500))
_CELLS = ("<fcel>", "<ecel>", "<ched>", "<rhed>", "<srow>", "<lcel>", "<ucel>", "<xcel>")


def clean_doctags(raw: str) -> str:
    """The model's text between ``<doctag>`` and ``</doctag>``, without stop/pad tokens."""
    text = _STOP_RE.sub("", raw)
    for tok in _SPECIAL_TAIL:
        text = text.replace(tok, "")
    text = text.strip()
    if text.startswith("<doctag>"):
        text = text[len("<doctag>") :]
    return text.strip()


def _cell_tags(otsl: str) -> dict[tuple[int, int], str]:
    """The OTSL tag that opens each (row, column) of a table."""
    tokens, _ = otsl_extract_tokens_and_text(otsl)
    tags: dict[tuple[int, int], str] = {}
    row = col = 0
    for tok in tokens:
        if tok == "<nl>":
            row, col = row + 1, 0
        elif tok in _CELLS:
            tags[(row, col)] = tok
            col += 1
    return tags


def _mark_headers(doc: DoclingDocument, body: str) -> None:
    tables = [m.group("content") for m in _TABLE_RE.finditer(body) if m.group("tag") == "otsl"]
    if len(tables) != len(doc.tables):  # DocTags docling-core read otherwise: leave the cells be
        log.warning(
            "DocTags tables not matched", extra={"fields": {"found": len(tables), "read": len(doc.tables)}}
        )
        return
    for table, otsl in zip(doc.tables, tables, strict=True):
        tags = _cell_tags(otsl)
        for cell in table.data.table_cells:
            tag = tags.get((cell.start_row_offset_idx, cell.start_col_offset_idx))
            cell.column_header = tag == "<ched>"
            cell.row_header = tag == "<rhed>"
            cell.row_section = tag == "<srow>"


def _scaled(box: BoundingBox, image_height: float, sx: float, sy: float) -> BoundingBox:
    b = box.to_top_left_origin(page_height=image_height)
    return BoundingBox(l=b.l * sx, t=b.t * sy, r=b.r * sx, b=b.b * sy, coord_origin=CoordOrigin.TOPLEFT)


def _to_page_units(doc: DoclingDocument, page: PageInput, image: Image.Image) -> None:
    sx, sy = page.width / image.width, page.height / image.height
    for item, _ in doc.iterate_items(
        with_groups=False, traverse_pictures=True, included_content_layers=ALL_LAYERS
    ):
        if not isinstance(item, DocItem):
            continue
        for prov in item.prov:
            prov.bbox = _scaled(prov.bbox, image.height, sx, sy)
        if isinstance(item, TableItem):
            for cell in item.data.table_cells:
                if cell.bbox is not None:
                    cell.bbox = _scaled(cell.bbox, image.height, sx, sy)
    for p in doc.pages.values():
        p.size = Size(width=page.width, height=page.height)
        p.image = None
    renumber(doc, {n: page.page_no for n in doc.pages})


def _crop_pictures(doc: DoclingDocument, page: PageInput, image: Image.Image) -> None:
    # The pixels the model saw, at its resolution: nothing is upscaled, and line art and
    # text in a figure stay sharp (PNG).
    fx, fy = image.width / page.width, image.height / page.height
    dpi = max(1, round(72 * fx))  # pixels per inch of the page (page units are 1/72 in)
    for picture in doc.pictures:
        if not picture.prov:
            continue
        b = picture.prov[0].bbox
        box = (int(b.l * fx), int(b.t * fy), int(b.r * fx), int(b.b * fy))
        picture.image = (
            ImageRef.from_pil(image.crop(box), dpi=dpi) if box[2] > box[0] and box[3] > box[1] else None
        )


def page_document(body: str, page: PageInput, image: Image.Image, *, backend_text: bool) -> DoclingDocument:
    """The page's DoclingDocument from the model's DocTags ``body`` and the image it read."""
    # docling-core takes only the image's size for the geometry (locations are fractions
    # of the page, so any size gives the same page units), but encodes the whole image into
    # the document as PNG (ours drops it): 100-200 ms of a GPU worker's CPU for a rendered
    # page. A small blank stand-in makes that free; the pictures are cut from the real
    # image below, where docling-core would have cut them.
    pairs = DocTagsDocument.from_doctags_and_image_pairs([f"<doctag>{body}</doctag>"], [_STAND_IN])
    doc = DoclingDocument.load_from_doctags(pairs, document_name=f"page-{page.page_no}")
    _mark_headers(doc, body)
    _to_page_units(doc, page, _STAND_IN)
    _crop_pictures(doc, page, image)
    layer = page.text_layer
    if backend_text and layer is not None and layer.is_real:
        use_text_layer(doc, layer)
    return doc


def doctags_result(
    engine: str, page: PageInput, raw: str, *, backend_text: bool | None = None
) -> PageResult | None:
    """A page result from a model's DocTags; None when there is nothing usable in them.

    ``backend_text``: take text items' text from the page's text layer where it is real;
    None: as ``engines.force_backend_text`` says.
    """
    body = clean_doctags(raw)
    if not body or page.image is None:
        return None
    if backend_text is None:
        backend_text = get_settings().engines.force_backend_text
    try:
        doc = page_document(body, page, page.image, backend_text=backend_text)
    except Exception as exc:  # malformed DocTags from a small model
        log.warning("DocTags did not parse", extra={"fields": {"error": str(exc)[:200]}})
        return None
    blocks = document_blocks(doc)
    if not any(b.text for b in blocks):
        # Pictures alone are not a reading of the page (a model that loops on its first
        # element leaves one): the CPU engine reads what text there is instead.
        return None
    return PageResult(
        page_no=page.page_no,
        engine=engine,
        width=page.width,
        height=page.height,
        blocks=blocks,
        markdown=page_markdown(doc),
        doctags=page_doctags(doc),
        docling=doc.export_to_dict(),
    )
