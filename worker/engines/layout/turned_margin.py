"""Lines set sideways or upside down in a page's margins: its running header and footer
blocks (a stamp up the left edge, a landscape page's sideways page number), apart from
the turned lines that are read with the body (pdf_text.py lays those out with the rest).
Horizontal running rows are :mod:`.running`'s."""

from __future__ import annotations

from collections.abc import Sequence

from common.documents.results import Block, Line
from worker.engines.layout.model import LayoutLine
from worker.engines.layout.thresholds import RUNNING_MARGIN
from worker.engines.turned_text import TurnedLine, watermark


def turned_apart(
    turned: Sequence[TurnedLine], lines: Sequence[LayoutLine], width: float, height: float
) -> tuple[list[Block], list[Block], list[TurnedLine]]:
    """A page's turned lines (worker/engines/turned_text.py) as its running header and
    footer blocks, and the turned lines left that belong to the body.

    A line set sideways in the page's outer margin, beside all of the horizontal text (an
    arXiv stamp up the left edge, a printer's slug, a landscape page's sideways page
    number), is furniture as a running header is; so is an upside-down line above or
    below all of it, and a watermark across the text (:func:`watermark`). Turned text
    among the horizontal text (a turned column head, a label in a figure) is read with it.
    A page with no horizontal text has no body to be beside: its turned text is its text.
    """
    body_lines = [ln for ln in lines if ln.text.strip()]
    if not body_lines:
        return [], [], list(turned)
    left = min(ln.bbox[0] for ln in body_lines)
    right = max(ln.bbox[2] for ln in body_lines)
    top = min(ln.bbox[1] for ln in body_lines)
    bottom = max(ln.bbox[3] for ln in body_lines)
    sizes = sorted(ln.size for ln in body_lines if ln.size is not None and ln.size > 0)
    body_size = sizes[len(sizes) // 2] if sizes else 0.0
    head: list[Block] = []
    foot: list[Block] = []
    body: list[TurnedLine] = []
    for t in turned:
        if watermark(t, body_size, (left, top, right, bottom)):
            margin = True  # a stamp over the text, furniture as a running header is
        elif 45 <= abs(t.angle) <= 135:  # up or down the page: beside the text's columns
            margin = (t.x1 <= left and t.x1 <= RUNNING_MARGIN * width) or (
                t.x0 >= right and t.x0 >= (1 - RUNNING_MARGIN) * width
            )
        else:  # upside down or steep: above or below the text
            margin = (t.bottom <= top and t.bottom <= RUNNING_MARGIN * height) or (
                t.top >= bottom and t.top >= (1 - RUNNING_MARGIN) * height
            )
        if not margin:
            body.append(t)
            continue
        box = (t.x0, t.top, t.x1, t.bottom)
        upper = t.top + t.bottom < height
        block = Block(
            kind="page_header" if upper else "page_footer",
            text=t.text,
            bbox=box,
            lines=[Line(text=t.text, bbox=box)],
        )
        (head if upper else foot).append(block)
    return head, foot, body
