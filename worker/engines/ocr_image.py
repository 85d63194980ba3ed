"""What OCR needs to know about a page's pixels before and after reading it: where the ink
is (to crop the margins), how far the scan is tilted (to straighten the line boxes), and
how that tilt changes down a photographed page whose paper curls (to level its rows)."""

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
    ink = _ink(gray)
    if ink is None:
        return 0.0
    angle = _skew_of(*ink)
    return 0.0 if angle is None else angle


def _ink(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(rows, columns) of the ink pixels, at most MAX_SKEW_PIXELS of them evenly taken."""
    paper = float(np.median(gray[::4, ::4]))
    if paper < 2 * INK_CONTRAST:
        return None
    ys, xs = np.nonzero(gray < paper - INK_CONTRAST)
    if ys.size > MAX_SKEW_PIXELS:  # a dark photo or a dense page: every k-th ink pixel will do
        step = -(-ys.size // MAX_SKEW_PIXELS)
        ys, xs = ys[::step], xs[::step]
    return ys, xs


def _skew_of(ys: np.ndarray, xs: np.ndarray, around: float = 0.0, span: float = MAX_SKEW + 3) -> float | None:
    """The shear that makes these ink pixels' rows sharpest, searched within ``span``
    degrees of ``around``; None when there is too little ink, or the best angle lies beyond
    MAX_SKEW (a slanted layout, not a tilt) or at the edge of the span."""
    if ys.size < 50:
        return None
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
    coarse = best(around - span, around + span, _COARSE_STEP)
    if abs(coarse) > MAX_SKEW or abs(coarse - around) >= span - _COARSE_STEP / 2:
        return None
    fine = best(coarse - _COARSE_STEP, coarse + _COARSE_STEP, _FINE_STEP)
    return round(fine, 3)


# A band for the local tilt holds this many lines of text (their median height), and bands
# overlap by half: a curl bends over a few lines, and fewer lines than this give a row
# profile too thin to trust.
BAND_LINES = 8
# A band needs this much ink (of its area) to say how it is tilted.
BAND_MIN_INK = 0.01
# A band's tilt is searched within this many degrees of the page's (a curl bends a few
# degrees), on at most this many of its ink pixels: all bands together then cost about
# what the page's skew does (50 ms on a busy core for a 1540 px page; its OCR takes 2-5 s).
BAND_SPAN = 4.0
BAND_MAX_PIXELS = 20_000


def band_skews(gray: np.ndarray, line_height: float, page_skew: float = 0.0) -> list[tuple[float, float]]:
    """(centre row, degrees) of the tilt of each horizontal band of the page that has
    enough ink, from the same row profile as :func:`skew_degrees`.

    A photographed receipt is not flat: its paper curls, and the tilt of its lines
    changes down the page, a few degrees up at the top and down at the bottom. One
    angle for the page leaves rows elsewhere tilted: the label at the left of a row
    and its amount at the right then sit a line apart.
    """
    ink = _ink(gray)
    if ink is None or line_height <= 0:
        return []
    ys, xs = ink
    height, width = gray.shape
    band = max(int(BAND_LINES * line_height), 1)
    order = np.argsort(ys, kind="stable")
    ys, xs = ys[order], xs[order]
    out = []
    for top in range(0, max(height - band // 2, 1), max(band // 2, 1)):
        lo, hi = np.searchsorted(ys, [top, top + band])
        if hi - lo < BAND_MIN_INK * band * width:
            continue
        step = -(-(hi - lo) // BAND_MAX_PIXELS)
        angle = _skew_of(ys[lo:hi:step], xs[lo:hi:step], page_skew, BAND_SPAN)
        if angle is not None:
            out.append((top + band / 2, angle))
    return out


def rotation_matrix(degrees: float) -> np.ndarray:
    r = np.radians(degrees)
    return np.array([[np.cos(r), -np.sin(r)], [np.sin(r), np.cos(r)]])


def _quad_shape(pts: np.ndarray) -> tuple[float, float]:
    """(length, thickness) of a detector quad: its longest edge, and its area over that
    edge (the text's height across the line, whatever its tilt)."""
    edges = np.roll(pts, -1, axis=0) - pts
    length = float(np.hypot(edges[:, 0], edges[:, 1]).max())
    x, y = pts[:, 0], pts[:, 1]
    area = 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))
    return length, (area / length if length else 0.0)


def quad_thickness(pts: np.ndarray) -> float:
    return _quad_shape(pts)[1]


def flatten_lines(
    quads: list[np.ndarray], centre_x: float, slopes: list[tuple[float, float]]
) -> list[tuple[float, float, float, float]]:
    """Axis-aligned boxes (x0, top, x1, bottom) for the detector's line quads, with a curl
    taken out.

    ``slopes``: (row, dy/dx) of the tilt left at that row once the page's skew is taken
    out, from :func:`band_skews`; in between, interpolated. The axis-aligned hull of a
    tilted line is much taller than its print, so stacked lines overlapped and read as
    one row, side by side (an address's second line before its first), and a small line
    looked like a heading. Here each box is as tall as its quad is thick, and is moved
    up or down by the tilt at its row, as if the paper lay flat: a label and its amount
    at the two ends of a bent row come out level again.
    """
    rows = np.array([y for y, _ in slopes])
    tilt = np.array([s for _, s in slopes])
    boxes = []
    for q in quads:
        x0, y0, x1, y1 = (
            float(q[:, 0].min()),
            float(q[:, 1].min()),
            float(q[:, 0].max()),
            float(q[:, 1].max()),
        )
        if x1 - x0 < y1 - y0:  # text running up or down (a page on its side): its hull
            boxes.append((x0, y0, x1, y1))
            continue
        cx, cy = float(q[:, 0].mean()), float(q[:, 1].mean())
        shift = float(np.interp(cy, rows, tilt)) * (cx - centre_x) if slopes else 0.0
        half = min(_quad_shape(q)[1], y1 - y0) / 2
        boxes.append((x0, cy - shift - half, x1, cy - shift + half))
    return boxes
