"""Rules drawn across running text rather than round cells (grids.py drops them).

A page may carry guide lines or a cross through its middle (a layout sample, a frame
quartered by its midlines) that run over a text box: they meet the box's rules as a
table's would, but the text under them runs on across them, its words cut where the
rule passes. A cell border has its cells' text on either side of it, the words whole:
two cells' text that the PDF set without a space between them (ruled_cells._split_word)
is a row or two, not most lines the rule crosses. And a grid with no two cells whose
text stands level holds boxes of text, one under the other, with nothing to read
across: no table.

An underline is drawn under a line's text, a word or a run of words from the first's
start to the last's end: where it meets a box's side (text set against the frame's
inner edge), it would part the box's text as a rule between two rows does.
"""

from __future__ import annotations

import bisect

from worker.engines.layout.model import LayoutLine
from worker.engines.layout.rule_groups import Seg
from worker.engines.layout.thresholds import RULE_SNAP_PT

# Lines a rule must cut through a word to be over text: two cells' text run together
# without a space (a table's "PresideSPPS/SPFT", "21" / "00" over a column rule) is a
# row or two; running prose under a rule is cut in nearly every line it crosses.
_MIN_CUT = 3
# Past this inset (pt) from a word's ends a rule runs through the word, not beside it
# (split_at_rules' margin, so that a rule kept here is one it cuts at).
_INSET = 1.0


def _cuts_word(ln: LayoutLine, x: float) -> bool:
    return any(w.bbox[0] + _INSET < x < w.bbox[2] - _INSET and len(w.text) >= 2 for w in ln.words)


def over_text(vs: list[Seg], lines: list[LayoutLine]) -> list[Seg]:
    """The vertical rules ``vs`` without those drawn over running text: a rule that cuts
    a word in three lines or more, and in most of the lines that run across it."""
    out: list[Seg] = []
    for seg in vs:
        x, top, bottom = seg
        across = [
            ln
            for ln in lines
            if top < (ln.bbox[1] + ln.bbox[3]) / 2 < bottom and ln.bbox[0] + _INSET < x < ln.bbox[2] - _INSET
        ]
        cut = sum(_cuts_word(ln, x) for ln in across)
        if cut < _MIN_CUT or 2 * cut <= len(across):
            out.append(seg)
    return out


# How far under a line's box (pt) an underline may lie: the box's bottom is the font's
# descent, and an underline sits under the baseline, in the descent or just below it.
_UNDER_PT = 2.0


def under_text(hs: list[Seg], lines: list[LayoutLine]) -> list[Seg]:
    """The horizontal rules ``hs`` without underlines: a rule in the lower half of a
    line's box or at most _UNDER_PT under it that starts where one of the line's words
    starts and ends where one of them ends (within a rule's snap). A row's border runs
    on past its cells' text to their sides, a cell's padding beyond the text at least."""
    if not hs or not lines:
        return hs
    by_bottom = sorted(lines, key=lambda ln: ln.bbox[3])
    bottoms = [ln.bbox[3] for ln in by_bottom]
    tallest = max(ln.bbox[3] - ln.bbox[1] for ln in lines)
    out: list[Seg] = []
    for seg in hs:
        y = seg[0]
        lo, hi = bisect.bisect_left(bottoms, y - _UNDER_PT), bisect.bisect_right(bottoms, y + tallest)
        if not any(_underlines(seg, ln) for ln in by_bottom[lo:hi]):
            out.append(seg)
    return out


def _underlines(seg: Seg, ln: LayoutLine) -> bool:
    y, x0, x1 = seg
    _, top, _, bottom = ln.bbox
    if not (top + bottom) / 2 < y <= bottom + _UNDER_PT:
        return False
    words = [w.bbox for w in ln.words] or [ln.bbox]
    first = next((i for i, w in enumerate(words) if abs(w[0] - x0) <= RULE_SNAP_PT), None)
    return first is not None and any(abs(w[2] - x1) <= RULE_SNAP_PT for w in words[first:])


def level_cells(by_cell: dict[int, list[LayoutLine]]) -> bool:
    """Whether text in two of the grid's cells stands level (lines side by side, over
    half a line's height): without such a pair the grid's text is boxes stacked apart,
    nothing read across, whatever rows its rules make (a box's lines and a frame's other
    text beside it, higher or lower)."""
    spans = sorted((ln.bbox[1], ln.bbox[3], cell) for cell, lns in by_cell.items() for ln in lns)
    for i, (top, bottom, cell) in enumerate(spans):
        for other_top, other_bottom, other in spans[i + 1 :]:
            if other_top >= bottom:
                break
            overlap = min(bottom, other_bottom) - other_top
            if other != cell and 2 * overlap > min(bottom - top, other_bottom - other_top):
                return True
    return False
