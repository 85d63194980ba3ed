"""What the DoclingDocument tests share: a Letter page as the model saw it, a model page
parsed from a DocTags string, the document assembled in every format from page results, and
an in-order check (tests/test_docling_document.py, tests/test_docling_lists.py)."""

from __future__ import annotations

from PIL import Image

from common.documents.assemble import PageOutcome, assemble
from common.documents.results import PageResult
from worker.engines.base import PageInput
from worker.engines.textlayer import TextLayer
from worker.engines.vlm.doctags import doctags_result

FORMATS = ["markdown", "json", "text", "html", "doctags"]
# US Letter in points, rendered at 1224 x 1584 as the model saw it: 2 pixels a point.
WIDTH, HEIGHT = 612.0, 792.0


def page_input(
    page_no: int = 1, *, image: Image.Image | None = None, layer: TextLayer | None = None
) -> PageInput:
    return PageInput(
        page_no=page_no,
        width=WIDTH,
        height=HEIGHT,
        image=image or Image.new("RGB", (1224, 1584), "white"),
        text_layer=layer,
    )


def model_page(body: str, page_no: int = 1, **kw: object) -> PageResult:
    page = page_input(page_no, **kw)  # type: ignore[arg-type]
    res = doctags_result("smoldocling", page, f"<doctag>{body}</doctag><end_of_utterance>")
    assert res is not None
    return res


def outputs(*results: PageResult) -> dict[str, str]:
    out = assemble("doc.pdf", [PageOutcome(r.page_no, r) for r in results], FORMATS)
    return {fmt: data.decode() for fmt, data in out.items()}


def in_order(text: str, *parts: str) -> bool:
    where = [text.find(p) for p in parts]
    return -1 not in where and where == sorted(where)
