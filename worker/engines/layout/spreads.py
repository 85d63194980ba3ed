"""Two pages printed side by side on one landscape sheet (a spread): each half is a page.

An annual report or a magazine exported as spreads puts two portrait pages on one
sheet, each with its own margins, columns, tables and running footer. Read as one page,
the two halves' rows interleave: a statement's labels on the left page share rows with
the figures of an unrelated table on the right one, and the column finder takes the two
pages' columns for one grid. The fold leaves a wide blank stripe down the middle of the
sheet that no text and no rule crosses; where each half holds a page's worth of text
(lines from top to well down the sheet, not a caption beside a picture), the halves
are laid out one after the other, left page first.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from common.documents.results import Block, BlockKind
from worker.engines.layout.grids import Rule
from worker.engines.layout.model import LayoutLine, font_size
from worker.engines.layout.thresholds import RUNNING_MARGIN

# The blank stripe at the fold, as a share of the sheet's width: two inner margins. A
# page's column gutter is 1-4 % of a landscape sheet.
_MIN_FOLD = 0.06
# What makes each half a page: this many lines, running down this share of the sheet.
_MIN_LINES = 5
_MIN_DEPTH = 0.4
# A rule that reaches this close to both edges of the sheet is a band printed across
# the spread (a bleed), not a table across the fold.
_EDGE = 0.02
_CROSS_PT = 2.0  # a rule must reach this far past the fold to cross it
# A table's rows run across the fold, level on both sides; two pages share a baseline
# now and then (titles and headers set alike, a footer: a third to a half of them on
# the spreads seen). At most this share of the rows of the half with fewer rows may
# stand level with the other half's.
_MAX_LEVEL = 0.7
_LEVEL_EM = 0.15  # baselines this close are level
# A running row is short: the first or last two blocks of a page, a line or two each (as
# common/documents/furniture.py takes them across a document's pages).
_EDGE_BLOCKS = 2
_MAX_LINES = 2
_MAX_CHARS = 160
_FURNITURE = ("page_header", "page_footer")
_TEXT = ("paragraph", "section_header", "title", "footnote")  # what a running row may read as
_NUMBERS_RE = re.compile(r"\d+")


def spread_halves(
    lines: Sequence[LayoutLine], rules: Sequence[Rule], width: float, height: float
) -> tuple[list[LayoutLine], list[LayoutLine]] | None:
    """The lines of the left page and of the right one of a two-page spread, or None for
    one page.

    A landscape sheet whose middle no line crosses, with a blank stripe there at least
    ``_MIN_FOLD`` of its width, no rule across the fold other than one printed from
    edge to edge, and a page's worth of text on each side: ``_MIN_LINES`` lines or more
    that run down ``_MIN_DEPTH`` of the sheet or more; the rows of the two sides mostly
    apart (:func:`_level_share`: a wide table with a wide blank between two of its
    columns has every row on both sides; two pages set on one baseline grid are read as
    one page's columns, as before).
    """
    if width <= height or len(lines) < 2 * _MIN_LINES:
        return None
    mid = width / 2
    left_edge = 0.0
    right_edge = width
    left: list[LayoutLine] = []
    right: list[LayoutLine] = []
    for ln in lines:
        x0, _, x1, _ = ln.bbox
        if x1 <= mid:
            left.append(ln)
            left_edge = max(left_edge, x1)
        elif x0 >= mid:
            right.append(ln)
            right_edge = min(right_edge, x0)
        else:
            return None  # a line across the fold: one page
    if right_edge - left_edge < _MIN_FOLD * width:
        return None
    for half in (left, right):
        if len(half) < _MIN_LINES:
            return None
        if max(ln.bbox[3] for ln in half) - min(ln.bbox[1] for ln in half) < _MIN_DEPTH * height:
            return None
    if _level_share(left, right) > _MAX_LEVEL:
        return None
    for x0, top, x1, bottom in rules:
        across = x0 < mid - _CROSS_PT and x1 > mid + _CROSS_PT and x1 - x0 > bottom - top
        if across and (x0 > _EDGE * width or x1 < (1 - _EDGE) * width):
            return None  # a table's rule or a box across the fold
    return left, right


def _level_share(left: list[LayoutLine], right: list[LayoutLine]) -> float:
    """The share of the rows of the half with fewer rows whose baseline (a line's bottom)
    a row of the other half shares."""
    rows = [_rows(left), _rows(right)]
    few, many = sorted(rows, key=len)
    bottoms = [b for b, _ in many]
    level = 0
    for bottom, tol in few:
        k = bisect.bisect_left(bottoms, bottom - tol)
        level += k < len(bottoms) and bottoms[k] <= bottom + tol
    return level / len(few)


def _rows(lines: list[LayoutLine]) -> list[tuple[float, float]]:
    """(baseline, tolerance) of the rows of ``lines``, top to bottom."""
    out: list[tuple[float, float]] = []
    for ln in sorted(lines, key=lambda ln: ln.bbox[3]):
        tol = _LEVEL_EM * font_size(ln)
        if not out or ln.bbox[3] - out[-1][0] > tol:
            out.append((ln.bbox[3], tol))
    return out


def split_rules(rules: Sequence[Rule], mid: float) -> tuple[list[Rule], list[Rule]]:
    """The rules of the left page and of the right one; one across the fold (a band
    printed over both) is cut at it, each page keeping its part."""
    left: list[Rule] = []
    right: list[Rule] = []
    for x0, top, x1, bottom in rules:
        if x0 < mid:
            left.append((x0, top, min(x1, mid), bottom))
        if x1 > mid:
            right.append((max(x0, mid), top, x1, bottom))
    return left, right


def mirrored_running(left: list[Block], right: list[Block], height: float) -> list[Block]:
    """The two pages' blocks, left then right, with the rows that both pages print in the
    same margin as running headers / footers.

    Each page of a spread carries the publication's running footer, its page number at
    the outer edge ("62 ANNUAL REPORT 2021" on the left, "ANNUAL REPORT 2021 63" on the
    right). One page alone cannot tell "62 ANNUAL ..." from a footnote that starts with
    its marker; the other page's row with the same words, the numbers aside, tells.
    (Finalize does the same across a document's pages: common/documents/furniture.py.)
    """
    keys = [_margin_keys(half, height) for half in (left, right)]
    out: list[Block] = []
    for half, own, other in ((left, keys[0], keys[1]), (right, keys[1], keys[0])):
        for i, block in enumerate(half):
            found = own.get(i)
            if found is not None and block.kind not in _FURNITURE and found in other.values():
                block = replace(block, kind=found[0])
            out.append(block)
    return out


def _margin_keys(blocks: list[Block], height: float) -> dict[int, tuple[BlockKind, str]]:
    """(kind, words) of the blocks at a page's top and bottom edges that could be running
    rows, by their index: the rows already found and the first and last body blocks of a
    line or two in the margin; the words without the numbers (page numbers, years)."""
    out: dict[int, tuple[BlockKind, str]] = {}
    body = [i for i, b in enumerate(blocks) if b.kind not in _FURNITURE]
    ends: list[tuple[int, BlockKind]] = [(i, "page_header") for i in body[:_EDGE_BLOCKS]]
    ends += [(i, "page_footer") for i in body[-_EDGE_BLOCKS:]]
    ends += [(i, b.kind) for i, b in enumerate(blocks) if b.kind in _FURNITURE]
    for i, kind in ends:
        b = blocks[i]
        if b.kind not in _TEXT and b.kind not in _FURNITURE:
            continue
        top = kind == "page_header"
        inside = b.bbox[3] <= RUNNING_MARGIN * height if top else b.bbox[1] >= (1 - RUNNING_MARGIN) * height
        if not inside or len(b.text) > _MAX_CHARS or len(b.lines or [b]) > _MAX_LINES:
            continue
        words = " ".join(_NUMBERS_RE.sub(" ", b.text.casefold()).split())
        if any(ch.isalpha() for ch in words):
            out[i] = (kind, words)
    return out
