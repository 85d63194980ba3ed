"""The ``pdf-text`` engine: layout from the PDF's own text layer, no pixels, no model.

Fast and exact on born-digital PDFs (the characters are the document's own); pages
without a text layer fail with ``no_text_layer`` so that the job can route them to an
OCR engine.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from common.documents.results import Block, PageResult
from worker.engines.base import Engine, PageError, PageInput
from worker.engines.glyph_boxes import BUCKET, TYPED_MARKS, in_comb, inside_any, typed_boxes, typed_rule
from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.layout.spans import turned_to_lines
from worker.engines.layout.turned_margin import turned_apart
from worker.engines.textlayer import Box, TextSpan
from worker.engines.typed_blanks import without_blanks


class PdfTextEngine(Engine):
    name = "pdf-text"

    def convert(self, pages: Sequence[PageInput]) -> list[PageResult | PageError]:
        return [self._convert_page(page) for page in pages]

    def _convert_page(self, page: PageInput) -> PageResult | PageError:
        layer = page.text_layer
        if layer is None or not layer.has_text:
            return PageError(
                "no_text_layer",
                f"page {page.page_no} has no text layer; convert it with an OCR engine",
            )
        started = time.perf_counter()
        spans, typed = typed_boxes(layer.spans)
        if layer.boxes:
            spans = _with_checkboxes(spans, layer.boxes, typed)
        lines = [ln for ln in spans_to_lines(spans) if not typed_rule(ln)]
        head: list[Block] = []
        foot: list[Block] = []
        if layer.turned:  # sideways text: furniture in the margin, else read with the rest
            head, foot, body = turned_apart(layer.turned, lines, layer.width, layer.height)
            lines += turned_to_lines(body)
        blocks = layout_lines(
            lines, layer.width, layer.height, allow_title=page.page_no == 1, rules=layer.rules
        )
        if head or foot:
            blocks = [*head, *blocks, *foot]
        blocks = without_blanks(blocks)
        elapsed = time.perf_counter() - started
        return PageResult(
            page_no=page.page_no,
            engine=self.name,
            # The text layer's frame is the displayed page (crop box, rotation); the
            # block boxes are in it, so report its size rather than trusting the caller's.
            width=layer.width,
            height=layer.height,
            blocks=blocks,
            timings={"layout_s": round(elapsed, 6)},
        )


def _with_checkboxes(
    spans: list[TextSpan], boxes: list[Box], typed: list[tuple[float, float, float, float]]
) -> list[TextSpan]:
    """The spans with a ☐ (or ☑, when ticked) where a checkbox square is drawn before text.

    A square about as tall as the text beside it (x-height to a little over the font
    size), with that text starting within three ems to its right, is the line's checkbox:
    drawn forms then read like those that use the glyphs, which the layout turns into
    list items with a state. The glyph takes the square's place, on the text's row.
    A square inside a typed box's brackets is that box (glyph_boxes), and one with
    another square beside it, nearer than its side, is a comb's cell: neither is a
    checkbox of its own. A square with no text after it but a label ending just before
    it is that label's box, set after it ("Video Delivery: ☐"): the glyph follows the
    label, and the layout reads a row of such options (layout/trailing_boxes.py).
    """
    squares = [b[:4] for b in boxes]
    rows: dict[int, list[int]] = {}
    for i, s in enumerate(spans):
        rows.setdefault(int((s.top + s.bottom) / 2 / BUCKET), []).append(i)
    before: dict[int, list[TextSpan]] = {}
    behind: dict[int, list[TextSpan]] = {}  # glyphs of boxes set after their labels
    dropped: set[int] = set()
    for square, (x0, top, x1, bottom, checked) in zip(squares, boxes, strict=True):
        if inside_any(square, typed) or in_comb(square, squares):
            continue
        side, cy = x1 - x0, (top + bottom) / 2
        k = int(cy / BUCKET)
        near = [i for b in (k - 2, k - 1, k, k + 1, k + 2) for i in rows.get(b, ())]
        after: int | None = None
        label: int | None = None  # the text ending just before the square
        for i in near:
            s = spans[i]
            mx, my = (s.x0 + s.x1) / 2, (s.top + s.bottom) / 2
            if x0 <= mx <= x1 and top <= my <= bottom and s.text in TYPED_MARKS:
                checked = True
                dropped.add(i)
            elif (
                s.top <= cy <= s.bottom
                and x1 - 0.5 <= s.x0 <= x1 + 3 * s.size
                and 0.4 * s.size <= side <= 1.6 * s.size
                and (after is None or s.x0 < spans[after].x0)
            ):
                after = i
            elif (
                s.top <= cy <= s.bottom
                and x0 - _LABEL_GAP_EM * s.size <= s.x1 <= x0 + 0.5
                and 0.4 * s.size <= side <= 1.6 * s.size
                and (label is None or s.x1 > spans[label].x1)
            ):
                label = i
        if after is not None:
            s = spans[after]
            glyph = TextSpan("☑" if checked else "☐", x0, s.top, x1, s.bottom, s.size, False)
            before.setdefault(after, []).append(glyph)
        elif label is not None:
            s = spans[label]
            glyph = TextSpan("☑" if checked else "☐", x0, s.top, x1, s.bottom, s.size, False)
            behind.setdefault(label, []).append(glyph)
    if not before and not behind:
        return spans
    out: list[TextSpan] = []
    for i, s in enumerate(spans):
        out.extend(before.get(i, ()))
        if i not in dropped:
            out.append(s)
        out.extend(behind.get(i, ()))
    return out


# A box set after its label stands this many ems from the label's end at most (a word
# space to a tab's gap); farther, the square is an answer's box in a column of its own.
_LABEL_GAP_EM = 1.5
