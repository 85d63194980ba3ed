"""The rules drawn on a scanned page (table borders, cell sides, underlines), found in its
pixels, for the layout's ruled tables.

A PDF's text layer hands the layout its drawn rules, and :mod:`worker.engines.layout.grids`
builds a ruled table's cells from them. An image has no such list: without it, a table
whose cells wrap onto several lines (a name in one cell, a three-line address in the next)
could only be found from text alignment, and came out column by column (on the scanned
pages of bench/scanned_real.py the text layer read the same tables at 0.25 without its
rules and 1.00 with them). Here a rule is a long, thin run of ink, horizontal or vertical
once the page's skew is taken out, that meets a rule the other way: a grid's. Rules
alone (a line under each row) would tell the layout of some of a table's row boundaries
and not of others. The sides of shaded cells and the gaps between them count as rules
too (:mod:`worker.engines.ocr_fills`), as a text layer's filled rectangles do.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from worker.engines.ocr_fills import fill_runs
from worker.engines.ocr_image import INK_CONTRAST

# A horizontal rule is at least this many text line heights long, a vertical one this
# many: longer than any letter's stroke (a letter is at most about one line height wide
# or tall), short enough for the side of a one-line cell's row when its column runs on.
H_RULE_LINES = 3.0
V_RULE_LINES = 2.0
# A rule is at most this share of a text line's height thick (plus a pixel of blur): a
# filled bar or a dark photo background is no rule.
MAX_THICKNESS = 0.4
# A rule has paper along both its sides: at most this share of the pixels beside it is
# ink. Between two white letters on a dark band, a thin dark run has ink beside it; a
# rule under a row of cells set on it (a spreadsheet's bottom-aligned text) has their
# letters along about half of it.
MAX_INK_BESIDE = 0.8


def page_rules(
    gray: np.ndarray, line_height: float, skew: float, text: Sequence[np.ndarray] = ()
) -> list[tuple[np.ndarray, float]]:
    """The rules on ``gray`` (the page at the detector's scale), as (centre line, thickness):
    the centre line's two end points (2 x 2, x and y, in ``gray``'s pixels) and its
    thickness in pixels. ``line_height``: the text's line height there; ``text``: the
    detected lines' quads in ``gray``'s pixels (no gap between cells runs through one);
    ``skew``: the
    page's tilt in degrees (:func:`worker.engines.ocr_image.skew_degrees`). Rules are
    found on the page turned level, so that a tilted rule is one run of pixels."""
    if line_height <= 0 or gray.size == 0:
        return []
    height, width = gray.shape[:2]
    centre = (width / 2, height / 2)
    paper = float(np.median(gray[::4, ::4]))
    if paper < 2 * INK_CONTRAST:  # no paper-coloured background to tell ink from
        return []
    level = cv2.getRotationMatrix2D(centre, skew, 1.0)
    flat = cv2.warpAffine(gray, level, (width, height), flags=cv2.INTER_LINEAR, borderValue=int(paper))
    ink = (flat < paper - INK_CONTRAST).astype(np.uint8)
    back = cv2.invertAffineTransform(level)
    thick = MAX_THICKNESS * line_height + 1
    found: dict[bool, list[tuple[int, int, int, int]]] = {True: [], False: []}
    for horizontal, lines in ((True, H_RULE_LINES), (False, V_RULE_LINES)):
        length = max(8, round(lines * line_height))
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
        runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        count, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for x, y, w, h, _area in stats[1:count].tolist():
            across, along = (h, w) if horizontal else (w, h)
            if across > thick or along < length or _inked_beside(ink, x, y, w, h, horizontal):
                continue
            found[horizontal].append((x, y, w, h))
    # The sides of shaded cells are rules too, as a text layer's fills give them.
    boxes = []
    for quad in text:  # the detected lines, turned level as the page is
        pts = np.asarray(quad, dtype=float) @ level[:, :2].T + level[:, 2]
        x0, y0 = np.floor(pts.min(axis=0)).astype(int)
        x1, y1 = np.ceil(pts.max(axis=0)).astype(int)
        boxes.append((int(x0), int(y0), int(x1), int(y1)))
    lengths = max(8, round(H_RULE_LINES * line_height)), max(8, round(V_RULE_LINES * line_height))
    fills = fill_runs(flat, boxes, line_height, *lengths, thick)
    for horizontal in (True, False):
        # A fill's side along a drawn rule is that rule (a grey header drawn with a
        # border): a second rule a pixel or two off it split a row of cells in two.
        inked = found[horizontal]
        found[horizontal] += [run for run in fills[horizontal] if not _along(run, inked, thick, horizontal)]
    out: list[tuple[np.ndarray, float]] = []
    for horizontal, runs_found in found.items():
        others = found[not horizontal]
        for x, y, w, h in runs_found:
            if not any(_meet((x, y, w, h), other, thick) for other in others):
                continue
            if horizontal:
                ends = np.array([[x, y + h / 2], [x + w, y + h / 2]], dtype=float)
            else:
                ends = np.array([[x + w / 2, y], [x + w / 2, y + h]], dtype=float)
            out.append((ends @ back[:, :2].T + back[:, 2], float(h if horizontal else w)))
    return out


def _inked_beside(ink: np.ndarray, x: int, y: int, w: int, h: int, horizontal: bool) -> bool:
    """Whether a run at (x, y, w, h) has ink along either side (two pixels off, two wide)
    for more than MAX_INK_BESIDE of its length."""
    if horizontal:
        sides = [ink[max(0, y - 4) : max(0, y - 2), x : x + w], ink[y + h + 2 : y + h + 4, x : x + w]]
    else:
        sides = [ink[y : y + h, max(0, x - 4) : max(0, x - 2)], ink[y : y + h, x + w + 2 : x + w + 4]]
    return any(side.size and float(side.mean()) > MAX_INK_BESIDE for side in sides)


def _along(
    run: tuple[int, int, int, int], rules: list[tuple[int, int, int, int]], reach: float, horizontal: bool
) -> bool:
    """Whether ``run`` (x, y, w, h) lies along one of ``rules`` of its direction: within
    ``reach`` pixels across of it and within its length, ``reach`` over at either end."""
    a0, a1, c0, c1 = (run[0], run[0] + run[2], run[1], run[1] + run[3])
    if not horizontal:
        a0, a1, c0, c1 = c0, c1, a0, a1
    for r in rules:
        b0, b1, d0, d1 = (r[0], r[0] + r[2], r[1], r[1] + r[3])
        if not horizontal:
            b0, b1, d0, d1 = d0, d1, b0, b1
        if b0 - reach <= a0 and a1 <= b1 + reach and c0 - reach <= d1 and d0 - reach <= c1:
            return True
    return False


def _meet(a: tuple[int, int, int, int], b: tuple[int, int, int, int], reach: float) -> bool:
    """Whether two runs (x, y, w, h) cross or touch, within ``reach`` pixels."""
    return (
        a[0] - reach <= b[0] + b[2]
        and b[0] - reach <= a[0] + a[2]
        and a[1] - reach <= b[1] + b[3]
        and b[1] - reach <= a[1] + a[3]
    )
