"""The cells of a shaded header row on a scanned page: where one grey band runs across a
table and holds its header's cells in one row, the gaps between them are the cells'
sides.

A text layer draws such a header as one filled rectangle per cell, and their sides are
the rules that make the header a ruled row of cells (worker/engines/cell_fills.py). On
the scan the cells' fills touch and are one band: :mod:`worker.engines.ocr_fills` finds
its top and bottom, nothing between the cells. The header row and the first record
under it were then read as short columns of two lines each ("Date / Oct. 25, 1999 /
Location / Aberdeen ..."), the rest of the table row by row. Here each wide gap between
the band's cells becomes a rule from the band's top to its bottom, as the text layer's
cell sides are.

Boxes are (x0, top, x1, bottom) in the level page's pixels, as the pipeline's lines and
rules are.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from worker.engines.ocr_pipeline import Box, OcrLine

# A band holds one row of text: its rules are at most this many of the text's line
# heights apart, and at least one line height.
BAND_MAX_LINES = 3.0
# Its cells are at least this many and sit in one row: their centres at most this share
# of a line height from the row's.
MIN_CELLS = 3
ROW_ALIGN = 0.5
# Cells are apart by at least this many line heights (words of a sentence are closer,
# and the detector joins them into one line).
MIN_GAP = 1.0
# A rule runs across the band's cells (from before the first to past the last) within
# this many line heights at either end.
REACH = 1.0
# The band heads a table: the next row of text under it, within this many line heights
# of its bottom rule, has at least this many lines.
BELOW_LINES = 2.0
BELOW_CELLS = 2
# The dividers' thickness, in pixels (a drawn cell side's).
THICKNESS = 1.5


def band_dividers(lines: Sequence[OcrLine], rules: Sequence[Box]) -> list[Box]:
    """Vertical rules between the cells of each shaded header band (see the module) that
    ``rules`` (the page's rules and fill sides) bound above and below; none where a
    vertical rule already runs between its cells."""
    if len(lines) < MIN_CELLS:
        return []
    heights = sorted(ln.box[3] - ln.box[1] for ln in lines)
    body = heights[len(heights) // 2]
    flat = [r for r in rules if r[2] - r[0] > r[3] - r[1]]
    upright = [r for r in rules if r[2] - r[0] <= r[3] - r[1]]
    if len(flat) < 2:
        return []
    centre = [(ln.box[1] + ln.box[3]) / 2 for ln in lines]
    order = sorted(range(len(lines)), key=lambda i: centre[i])
    ys = [centre[i] for i in order]
    flat.sort(key=lambda r: r[1] + r[3])
    out: list[Box] = []
    seen: set[tuple[int, int]] = set()
    for k, top_rule in enumerate(flat):
        top = (top_rule[1] + top_rule[3]) / 2
        for bottom_rule in flat[k + 1 :]:
            bottom = (bottom_rule[1] + bottom_rule[3]) / 2
            if bottom - top > BAND_MAX_LINES * body:
                break
            lo, hi = bisect.bisect_right(ys, top), bisect.bisect_left(ys, bottom)
            if bottom - top < body or hi - lo < MIN_CELLS or (lo, hi) in seen:
                continue
            cells = [lines[order[j]] for j in range(lo, hi)]
            dividers = _dividers(cells, top_rule, bottom_rule, body, upright)
            if dividers and _heads_rows(ys, hi, bottom, body):
                # A band's sides are found twice or more (a rule's two edges): its
                # cells get one set of dividers.
                seen.add((lo, hi))
                out.extend(dividers)
    return out


def _dividers(
    cells: list[OcrLine], top_rule: Box, bottom_rule: Box, body: float, upright: Sequence[Box]
) -> list[Box]:
    """The band's cell sides, or none where its lines are no row of separate cells or the
    band's rules do not run across them."""
    cells = sorted(cells, key=lambda ln: ln.box[0])
    mids = sorted((ln.box[1] + ln.box[3]) / 2 for ln in cells)
    row = mids[len(mids) // 2]
    if any(abs(m - row) > ROW_ALIGN * body for m in mids):
        return []
    left, right = cells[0].box[0], max(ln.box[2] for ln in cells)
    for rule in (top_rule, bottom_rule):
        if rule[0] > left + REACH * body or rule[2] < right - REACH * body:
            return []
    top, bottom = (top_rule[1] + top_rule[3]) / 2, (bottom_rule[1] + bottom_rule[3]) / 2
    out: list[Box] = []
    for a, b in itertools.pairwise(cells):
        if b.box[0] - a.box[2] < MIN_GAP * body:
            return []
        x = (a.box[2] + b.box[0]) / 2
        if any(r[0] <= b.box[0] and r[2] >= a.box[2] and r[1] < bottom and r[3] > top for r in upright):
            return []  # a ruled header: its sides are drawn
        out.append((x - THICKNESS / 2, top, x + THICKNESS / 2, bottom))
    return out


def _heads_rows(ys: list[float], below: int, bottom: float, body: float) -> bool:
    """Whether the next row under ``bottom`` (``ys``: the lines' centres in order, the
    first under the band at ``below``) lies within BELOW_LINES line heights and has
    BELOW_CELLS lines or more."""
    if below >= len(ys) or ys[below] > bottom + BELOW_LINES * body:
        return False
    first = ys[below]
    return bisect.bisect_right(ys, first + ROW_ALIGN * body) - below >= BELOW_CELLS
