"""A model's text replaced by the PDF's own, inside the boxes the model found.

On a born-digital page the text layer is exact, while a small model misreads a digit or
a name now and then; its layout (which box is a heading, a caption, a list item, and
their order) is what it is good at. So, as docling's ``force_backend_text`` does, each
text item keeps its box and kind and takes the words of the text layer inside that box.

Code and formulas keep the model's text: the text layer loses code's indentation, and a
formula's glyphs are scattered symbols where the model wrote LaTeX. Tables keep it too
(docling's DocTags give the table a box, not each cell). A box with no words of the
layer in it (text drawn as an image) keeps the model's text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from docling_core.types.doc import BoundingBox, CodeItem, DoclingDocument, FormulaItem, TextItem

from common.documents.docling_pages import ALL_LAYERS
from worker.engines.layout import spans_to_lines
from worker.engines.textlayer import TextLayer, TextSpan

# A word belongs to a box when at least this share of it is inside: DocTags locations are
# on a 0-500 grid (about 1.6 pt on a Letter page), so a box may cut a word's edge.
INSIDE = 0.5


def _inside(span: TextSpan, box: BoundingBox) -> bool:
    width, height = span.x1 - span.x0, span.bottom - span.top
    left, right = max(span.x0, box.l), min(span.x1, box.r)
    top, bottom = max(span.top, box.t), min(span.bottom, box.b)
    if width <= 0 or height <= 0:  # a degenerate box: its centre decides
        cx, cy = (span.x0 + span.x1) / 2, (span.top + span.bottom) / 2
        return box.l <= cx <= box.r and box.t <= cy <= box.b
    if right <= left or bottom <= top:
        return False
    return (right - left) * (bottom - top) >= INSIDE * width * height


class _Spans:
    """A page's spans sorted by top, so that a box looks only at the spans level with it
    (a page has thousands of spans and dozens of boxes)."""

    def __init__(self, spans: Sequence[TextSpan]) -> None:
        self.spans = sorted((s for s in spans if s.text.strip()), key=lambda s: s.top)
        self.tops = [s.top for s in self.spans]
        self.tallest = max((s.bottom - s.top for s in self.spans), default=0.0)

    def near(self, box: BoundingBox) -> Sequence[TextSpan]:
        lo = bisect_left(self.tops, box.t - self.tallest)
        return self.spans[lo : bisect_right(self.tops, box.b)]


def text_in_box(spans: Sequence[TextSpan], box: BoundingBox) -> str:
    """The layer's words inside ``box`` (page units, top-left origin), line by line."""
    inside = [s for s in spans if s.text.strip() and _inside(s, box)]
    if not inside:
        return ""
    return " ".join(line.text.strip() for line in spans_to_lines(inside) if line.text.strip())


def use_text_layer(doc: DoclingDocument, layer: TextLayer) -> int:
    """Give each text item of a one-page document the layer's text inside its box; how many changed."""
    spans = _Spans(layer.spans)
    changed = 0
    for item, _ in doc.iterate_items(with_groups=False, included_content_layers=ALL_LAYERS):
        if not isinstance(item, TextItem) or isinstance(item, CodeItem | FormulaItem) or not item.prov:
            continue
        prov = item.prov[0]
        box = prov.bbox.to_top_left_origin(page_height=layer.height)
        text = text_in_box(spans.near(box), box)
        if not text or text == item.text:
            continue
        # orig too: the JSON should not carry the model's misreading beside the fix.
        item.text = item.orig = text
        prov.charspan = (0, len(text))
        changed += 1
    return changed
