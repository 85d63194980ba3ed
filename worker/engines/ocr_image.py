"""What OCR needs to know about a page's pixels before and after reading it: where the ink
is (to crop the margins) and how far the scan is tilted (to straighten the line boxes)."""

from __future__ import annotations

import cv2
import numpy as np

# Ink is a pixel this much darker than the paper: well clear of scanner noise (sigma about 10),
# still catching grey (#999) print.
INK_CONTRAST = 48
# Kept around the ink when a page is cropped, in pixels at the detector's scale.
CONTENT_MARGIN = 24
# The detector scales an image whose short side is below this up to it (rapidocr's
# Det.limit_side_len): a crop is not made smaller than that where the page allows.
DET_MIN_SIDE = 736


def content_box(rgb: np.ndarray) -> tuple[int, int, int, int] | None:
    """The part of the page with ink on it, plus a margin, as (x0, y0, x1, y1); None when
    cropping would save little or the page has no paper-coloured background.

    Text detection costs time in proportion to the pixels it sees, and a page's margins
    are a third or more of it. The detector's output does not depend on blank paper far
    from any text, so the margins are cut before it runs.
    """
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    height, width = gray.shape
    paper = float(np.median(gray[::4, ::4]))
    if paper < 2 * INK_CONTRAST:  # a dark page: no paper to cut away
        return None
    ink = gray < paper - INK_CONTRAST
    # Two ink pixels in a row or column: a lone noise pixel does not widen the box.
    rows = np.flatnonzero(np.count_nonzero(ink, axis=1) >= 2)
    cols = np.flatnonzero(np.count_nonzero(ink, axis=0) >= 2)
    if rows.size == 0 or cols.size == 0:
        return None
    x0, x1 = _grow(int(cols[0]) - CONTENT_MARGIN, int(cols[-1]) + 1 + CONTENT_MARGIN, width)
    y0, y1 = _grow(int(rows[0]) - CONTENT_MARGIN, int(rows[-1]) + 1 + CONTENT_MARGIN, height)
    if (x1 - x0) * (y1 - y0) > 0.9 * width * height:
        return None
    return x0, y0, x1, y1


def _grow(lo: int, hi: int, size: int) -> tuple[int, int]:
    """[lo, hi) clipped to the image, then widened about its centre to DET_MIN_SIDE."""
    lo, hi = max(0, lo), min(size, hi)
    short = min(DET_MIN_SIDE, size) - (hi - lo)
    if short > 0:
        lo = max(0, lo - short // 2 - short % 2)
        hi = min(size, lo + min(DET_MIN_SIDE, size))
        lo = hi - min(DET_MIN_SIDE, size)
    return lo, hi


# Skew is searched within this many degrees (beyond it, it is layout, not a scan's tilt),
# first in coarse steps, then finely around the best coarse angle.
MAX_SKEW = 5.0
_COARSE_STEP, _FINE_STEP = 0.25, 0.02
# Ink pixels looked at, at most (a page of text has 50-150 thousand at the detector's
# scale; a photo or a dark band can have a million, and time and memory follow them).
MAX_SKEW_PIXELS = 200_000


def skew_degrees(gray: np.ndarray) -> float:
    """The angle of the page's text lines, in degrees (positive: lines run down to the
    right, in image coordinates), from the ink's row profile.

    Sheared by the right angle, the ink falls into sharp rows and gaps, and the row
    profile's sum of squares peaks. The detector's quads were tried first: half of them
    come out axis-aligned on a slightly tilted scan, and their median missed the tilt
    by up to 0.6 degrees, enough for a table's rows to stop lining up across a page.
    """
    # At the detector's scale (12 ms for a page of text); at half of it the estimate was
    # off by up to 0.2 degrees on the test scans, against 0.03 here.
    paper = float(np.median(gray[::4, ::4]))
    if paper < 2 * INK_CONTRAST:
        return 0.0
    ys, xs = np.nonzero(gray < paper - INK_CONTRAST)
    if ys.size < 50:
        return 0.0
    if ys.size > MAX_SKEW_PIXELS:  # a dark photo or a dense page: every k-th ink pixel will do
        step = -(-ys.size // MAX_SKEW_PIXELS)
        ys, xs = ys[::step], xs[::step]
    xs_c = xs.astype(np.float64) - xs.mean()
    ys_f = ys.astype(np.float64)

    def sharpness(degrees: float) -> float:
        rows = np.round(ys_f - xs_c * np.tan(np.radians(degrees))).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    def best(lo: float, hi: float, step: float) -> float:
        angles = np.arange(lo, hi + step / 2, step)
        return float(angles[int(np.argmax([sharpness(a) for a in angles]))])

    # Searched a little beyond MAX_SKEW, so that text slanted further peaks out there
    # rather than at the range's edge: a slanted layout, not a tilted scan.
    coarse = best(-MAX_SKEW - 3, MAX_SKEW + 3, _COARSE_STEP)
    if abs(coarse) > MAX_SKEW:
        return 0.0
    fine = best(coarse - _COARSE_STEP, coarse + _COARSE_STEP, _FINE_STEP)
    return round(fine, 3)


def rotation_matrix(degrees: float) -> np.ndarray:
    r = np.radians(degrees)
    return np.array([[np.cos(r), -np.sin(r)], [np.sin(r), np.cos(r)]])
