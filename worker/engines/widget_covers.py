"""Printed text that a form field's widget paints over.

A viewer draws a page's widgets after its content: a text field whose appearance fills
its rectangle with an opaque background (the colour its /MK /BG names, white most often)
hides whatever the page prints under it, a form's placeholder or an old value left in
the template. The reader sees only the field and what it shows, so the printed words
it covers are left out, as :mod:`worker.engines.covered_text` leaves out text under an
opaque box the page's content draws after it. A background with any transparency, or a
field whose appearance paints no opaque box, hides nothing.
"""

from __future__ import annotations

import bisect
import ctypes
from collections.abc import Sequence
from typing import Any

import pypdfium2.raw as pdfium_c

from worker.engines.covered_text import covers, opaque_box
from worker.engines.text_spans import TextSpan

Box = tuple[float, float, float, float]  # x0, top, x1, bottom: the text layer's frame
ToDisplay = Any  # _PageFrame.box: PDF (left, bottom, right, top) to a displayed Box
_MAX_OBJECTS = 64  # an appearance drawing more is no field's plain background: not read


def opaque_backgrounds(annot: Any, rect: Box, to_display: ToDisplay) -> list[Box]:
    """The opaque boxes a widget's normal appearance paints, displayed: its objects'
    bounds are in the appearance's space, which widgets put at their rectangle's lower
    left (``rect``: left, bottom, right, top in page space), cut to the rectangle (a
    viewer clips the appearance there)."""
    count = int(pdfium_c.FPDFAnnot_GetObjectCount(annot))
    if not count or count > _MAX_OBJECTS:
        return []
    left, bottom, right, top = rect
    out: list[Box] = []
    lo, bo, ro, to = (ctypes.c_float() for _ in range(4))
    for i in range(count):
        obj = pdfium_c.FPDFAnnot_GetObject(annot, i)
        if not obj or pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not opaque_box(obj) or not pdfium_c.FPDFPageObj_GetBounds(obj, lo, bo, ro, to):
            continue
        x0, y0 = max(left, left + lo.value), max(bottom, bottom + bo.value)
        x1, y1 = min(right, left + ro.value), min(top, bottom + to.value)
        if x1 > x0 and y1 > y0:
            out.append(to_display(x0, y0, x1, y1))
    return out


def uncovered(spans: Sequence[TextSpan], boxes: Sequence[Box]) -> list[TextSpan]:
    """``spans`` less those whose glyphs one of ``boxes`` hides. A box's candidates are
    found by bisection on the spans' tops: a form page has hundreds of fields."""
    if not spans or not boxes:
        return list(spans)
    order = sorted(range(len(spans)), key=lambda k: spans[k].top)
    tops = [spans[k].top for k in order]
    reach = max(s.bottom - s.top for s in spans)  # a covered span's top lies above the box by less
    drop: set[int] = set()
    for box in boxes:
        for j in range(bisect.bisect_left(tops, box[1] - reach), len(order)):
            k = order[j]
            if spans[k].top > box[3]:
                break
            if covers(box, spans[k]):
                drop.add(k)
    return [s for k, s in enumerate(spans) if k not in drop] if drop else list(spans)
