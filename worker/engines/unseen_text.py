"""Text the displayed page does not show: invisible text (render mode 3) that is not a
scan's OCR layer (text painted over by an opaque box drawn after it is
:mod:`worker.engines.covered_text`'s).

A searchable scan carries its words as invisible text over the page image: that text IS
the page's text and stays (a page mostly made of it is read as a scan anyway, see
:attr:`TextLayer.is_real`). Invisible text with no image under it is something else, a
generator's stamp ("Powered by TCPDF") or a search key, that the reader never sees: it
is left out, as a reader of the rendered page would.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Sequence
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

Box = tuple[float, float, float, float]
# The share of a page's glyphs from which invisible text is read as an OCR layer
# whatever lies under it (textlayer.FAKE_SHARE: such a page goes to OCR).
OCR_LAYER_SHARE = 0.5
_MAX_OBJECTS = 20000  # a page of more objects is not searched for images: keep its text


def unseen_invisible(
    page: pypdfium2.PdfPage,
    to_display: Callable[[float, float, float, float], Box],
    spans: Sequence[Any],
    hidden: Sequence[int],
    invisible: int,
) -> list[int]:
    """Indexes (of ``hidden``, into ``spans``) of invisible spans with no image under them.

    ``to_display`` maps PDF (left, bottom, right, top) to displayed (x0, top, x1, bottom),
    the frame of the spans; ``invisible`` is the count of invisible glyphs.
    """
    if len(hidden) == len(spans):  # nothing visible at all: the invisible text is the text
        return []
    glyphs = sum(len(s[0]) for s in spans)
    if invisible >= OCR_LAYER_SHARE * glyphs:
        return []
    images = _image_boxes(page, to_display)
    if images is None:
        return []
    out = []
    for k in hidden:
        s = spans[k]
        cx, cy = (s[1] + s[3]) / 2, (s[2] + s[4]) / 2
        if not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in images):
            out.append(k)
    return out


def _image_boxes(
    page: pypdfium2.PdfPage, to_display: Callable[[float, float, float, float], Box]
) -> list[Box] | None:
    """Displayed boxes of the page's images; an image inside a form XObject counts as
    the whole form's box (its own bounds are in the form's space). None: too many objects."""
    count = int(pdfium_c.FPDFPage_CountObjects(page.raw))
    if count > _MAX_OBJECTS:
        return None
    boxes: list[Box] = []
    for i in range(count):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE or (
            kind == pdfium_c.FPDF_PAGEOBJ_FORM and _holds_image(obj, 0)
        ):
            box = _bounds(obj)
            if box is not None:
                boxes.append(to_display(*box))
    return boxes


def _is_image(obj: Any, depth: int) -> bool:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    return bool(
        kind == pdfium_c.FPDF_PAGEOBJ_IMAGE
        or (kind == pdfium_c.FPDF_PAGEOBJ_FORM and _holds_image(obj, depth))
    )


def _holds_image(form: Any, depth: int) -> bool:
    if depth > 8:
        return True  # deep nesting: assume an image rather than drop text
    for i in range(int(pdfium_c.FPDFFormObj_CountObjects(form))):
        obj = pdfium_c.FPDFFormObj_GetObject(form, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE or (
            kind == pdfium_c.FPDF_PAGEOBJ_FORM and _holds_image(obj, depth + 1)
        ):
            return True
    return False


def _bounds(obj: Any) -> Box | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return None
    return left.value, bottom.value, right.value, top.value
