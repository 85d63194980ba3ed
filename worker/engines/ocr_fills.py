"""The rules that shaded cells draw on a scanned page: where a grey or dark fill meets the
paper (or a fill of another shade), and the thin paper-coloured gaps left between the
filled cells of a table.

A PDF's text layer hands the layout the sides of its filled rectangles as rules
(worker/engines/cell_fills.py), and a table drawn only with shading (a grey header row,
grey cells set apart by white gaps, alternating row bands) is a ruled table there. On
its scan, :mod:`worker.engines.ocr_rules` saw only thin runs of ink, none of which such a
table has: it was read from text alignment alone, and a table of wrapped cells came out
column by column (a home-loan rate sheet 0.74 against 0.95 with its fills' sides; a table
whose grey header row stands over its first record read the two rows as one column).

Fills are found on the page's background: a median filter wider than the text's strokes
takes the print out and keeps a fill's sides where they are (a median moves no step).
A side is where that background steps by FILL_STEP or more along a run as long as a rule
(:mod:`worker.engines.ocr_rules`' lengths); a gap is a thin run lighter by GAP_STEP or
more than the fill it cuts through. Runs here are (x, y, w, h) in the level page's pixels,
as :func:`worker.engines.ocr_rules.page_rules` finds ink rules.
"""

from __future__ import annotations

import cv2
import numpy as np

# A fill's side is a step of at least this much in the background's grey level (0-255):
# a 10 % grey on white is about 25; scanner noise left in a median of a line height's
# window is under 1, and paper that a scanner lights unevenly changes over inches, never
# in a step.
FILL_STEP = 14
# A gap between fills is at least this much lighter than the fill on both of its sides,
# averaged along a line height of its length (noise there is about 2).
GAP_STEP = 9
# The print is taken out of the page by a closing and an opening (:func:`_background`)
# with a square this share of a text line's height wide: wider than the strokes of bold
# print (a tenth to a fifth of the line), narrower than a cell's padding.
STROKE_LINES = 1.0
# Steps are measured across this many pixels each way (blur and JPEG spread a printed
# edge over two or three pixels of the page).
STEP_REACH = 3

Run = tuple[int, int, int, int]  # x, y, w, h


def fill_runs(
    flat: np.ndarray,
    text: list[tuple[int, int, int, int]],
    line_height: float,
    h_length: int,
    v_length: int,
    thick: float,
) -> dict[bool, list[Run]]:
    """The sides of the fills on ``flat`` (the page turned level, at the detector's scale)
    and the gaps between them, as runs: horizontal ones (True) at least ``h_length``
    pixels long, vertical ones (False) at least ``v_length``; a gap is at most ``thick``
    pixels across. ``text``: the detected lines' boxes (x0, y0, x1, y1) on ``flat``;
    ``line_height``: the text's line height there."""
    height, width = flat.shape[:2]
    out: dict[bool, list[Run]] = {True: [], False: []}
    if height < 16 or width < 16 or line_height <= 0:
        return out
    back = _background(flat, line_height)
    # Paper is the lightest common background: on a sheet that is mostly grey cells the
    # page's median is the grey.
    paper = float(np.percentile(back[::4, ::4], 95))
    r = STEP_REACH
    for horizontal in (True, False):
        step = np.zeros_like(back)
        if horizontal:
            step[r:-r, :] = np.abs(back[2 * r :, :] - back[: -2 * r, :])
        else:
            step[:, r:-r] = np.abs(back[:, 2 * r :] - back[:, : -2 * r])
        sides = (step >= FILL_STEP).astype(np.uint8)
        for x, y, w, h in _runs(sides, h_length if horizontal else v_length, horizontal):
            # The step's middle: a side is a line, not the band of pixels around it
            # where the step is seen.
            if horizontal:
                out[True].append((x, y + h // 2, w, 1))
            else:
                out[False].append((x + w // 2, y, 1, h))
    # Gaps: thin runs lighter than the filled background around them. The page is
    # averaged along each run's direction, which keeps a one-pixel gap and takes the
    # noise down.
    filled = back <= paper - FILL_STEP
    # White print on a dark band is lighter than the band too, in rows as long as a
    # rule: a gap lies outside the detected lines.
    for x0, y0, x1, y1 in text:
        filled[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = False
    along = max(3, int(line_height))
    for horizontal in (True, False):
        mean = cv2.blur(flat, (along, 1) if horizontal else (1, along)).astype(np.int16)
        light = ((mean - back >= GAP_STEP) & filled).astype(np.uint8)
        for x, y, w, h in _runs(light, h_length if horizontal else v_length, horizontal):
            if (h if horizontal else w) <= thick:
                out[horizontal].append((x, y, w, h))
    return out


def _background(flat: np.ndarray, line_height: float) -> np.ndarray:
    """``flat`` without its print, as int16 grey levels: a closing over a line height
    takes out what is darker than its surroundings and narrower than a line of text
    (print, rules, specks), an opening what is lighter and as narrow (the gaps between
    cells), and a median the noise; all three keep the sides of what is wider where they
    are (a median moves no step)."""
    # At half scale (a quarter of the time); a side is placed to a pixel all the same.
    height, width = flat.shape[:2]
    half = cv2.resize(flat, (width // 2, height // 2), interpolation=cv2.INTER_AREA)
    size = max(3, int(STROKE_LINES * line_height / 2) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    half = cv2.morphologyEx(half, cv2.MORPH_CLOSE, kernel)
    half = cv2.morphologyEx(half, cv2.MORPH_OPEN, kernel)
    half = cv2.medianBlur(half, 3)
    back: np.ndarray = cv2.resize(half, (width, height), interpolation=cv2.INTER_LINEAR).astype(np.int16)
    return back


def _runs(mask: np.ndarray, length: int, horizontal: bool) -> list[Run]:
    """The connected runs of ``mask`` at least ``length`` pixels long in its direction."""
    length = max(4, length)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
    kept = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    # Outer contours' boxes: the runs' extents, at a twentieth of what labelling the
    # mask's components costs (60 ms a page).
    contours, _ = cv2.findContours(kept, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return [(x, y, w, h) for x, y, w, h in map(cv2.boundingRect, contours)]
