"""Small print on a scan: which detected lines are set smaller than the body, and which of
them open with a raised note marker.

A text layer states each glyph's size; a scan gives only the detector's boxes, and their
heights scatter by a fifth around the print (ascenders, descenders, detector slack): a
law register's notes, set at four fifths of its body, came out 28.6 px against the body's
32.9, with single lines of either print anywhere from 25.7 to 34.3. Classed by height
alone the notes were body text, read in the middle of the columns they close. The width
a line's words take is steadier: divided by what its characters take in a typical
proportional face (em advances by character class), it gives the print's size within
a few per cent on a line of a dozen characters or more (27.1-28.6 px for that body,
21.3-22.8 for its notes).

A note starts with its marker raised above the line ("¹ Preliminary report"); the
recognizer reads the marker as a plain digit. Whether it stands raised is read from the
pixels: its ink ends well above the baseline of the words after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from PIL import Image

from worker.engines.ocr_pipeline import OcrLine

# Advance widths in em of a typical proportional text face (Times, Helvetica and their
# kin differ by a few per cent per class), by character class.
_ADVANCE: dict[str, float] = {}
for _chars, _em in (
    ("abcdeghknopqsuvxyz", 0.5),
    ("fijlrt", 0.3),
    ("mw", 0.78),
    ("ABCDEFGHKLNOPQRSTUVXYZ", 0.68),
    ("IJ", 0.35),
    ("MW", 0.88),
    ("0123456789", 0.5),
    (" ", 0.25),
    (".,:;'!|", 0.27),
    ('()[]-/"\u201c\u201d\u2018\u2019', 0.33),  # and the curly quotes
    ("%&@#$€£", 0.8),
):
    for _c in _chars:
        _ADVANCE[_c] = _em

# Lines of fewer characters than this say little about their print from their width.
MIN_CHARS = 12
# ... nor do lines with more than this share of characters outside the table above
# (another script, symbols).
MAX_UNKNOWN = 0.1
# Print under this share of the body's (by width) is smaller print; a line whose height
# puts it in a larger class keeps that class (a heading's width varies with its face).
SMALL_RATIO = 0.88
# Lines of one smaller print: widths within this ratio of the class's smallest.
CLASS_RATIO = 1.1
# A short line (too short to measure) is of the smaller print of the line it follows when
# no further below that line than this many of its heights, and starting no further
# right than this many of them: the last line of a note ("surfaces.").
FOLLOW_GAP = 1.6
FOLLOW_INDENT = 4.0


def em_width(line: OcrLine) -> float | None:
    """The print size the line's width implies (pixels per em), or None where the line
    is too short or too foreign to tell."""
    text = line.text.strip()
    if len(text) < MIN_CHARS:
        return None
    known = [_ADVANCE.get(c) for c in text]
    if sum(1 for a in known if a is None) > MAX_UNKNOWN * len(text):
        return None
    ems = sum(a if a is not None else 0.5 for a in known)
    return (line.box[2] - line.box[0]) / ems


def small_print(
    lines: Sequence[OcrLine],
    heights: Sequence[float],
    body: float,
    above: Sequence[int | None],
) -> dict[int, float]:
    """The lines in print smaller than the body's, each with its print's height (``body``
    times its class's width ratio to the body's). ``heights`` are the lines' class heights
    by their boxes, ``above`` each line's nearest line above that overlaps it across."""
    widths = [em_width(ln) for ln in lines]
    body_widths = sorted(w for w, h in zip(widths, heights, strict=True) if w is not None and h == body)
    if len(body_widths) < 3:
        return {}
    body_em = body_widths[len(body_widths) // 2]
    small = sorted(
        (w / body_em, i)
        for i, w in enumerate(widths)
        if w is not None and heights[i] <= body and w <= SMALL_RATIO * body_em
    )
    if not small:
        return {}
    # One height per print (size_classes' way): lines of one print read as one.
    classes: list[list[tuple[float, int]]] = [[]]
    for ratio, i in small:
        if classes[-1] and ratio > classes[-1][0][0] * CLASS_RATIO:
            classes.append([])
        classes[-1].append((ratio, i))
    out: dict[int, float] = {}
    for members in classes:
        ratio = members[len(members) // 2][0]
        for _, i in members:
            out[i] = body * ratio
    # Short lines under a line of small print, at its pitch: its paragraph's last lines.
    for i in sorted(range(len(lines)), key=lambda k: lines[k].box[1]):
        j = above[i]
        if i in out or widths[i] is not None or j is None or j not in out or heights[i] > body:
            continue
        h = out[j]
        gap = lines[i].box[1] - lines[j].box[3]
        if gap <= FOLLOW_GAP * h and lines[i].box[0] - lines[j].box[0] <= FOLLOW_INDENT * h:
            out[i] = h
    return out


# What may open with a marker: a number (glued to the word or not), or one sign set apart
# (a raised "5" the recognizer read as "s", an asterisk); the pixels decide.
_MARKER_RE = re.compile(r"^\s*(?:\d{1,3}(?!\d)\s*[^\W\d_]|\S\s+\S)")
# Ink this dark or darker (0-255 grey) is print; a scan's paper is lighter.
INK = 128
# A marker is raised when its ink ends above the words' baseline by this share of their
# x-height or more (a superscript's foot stands at about the x-height's middle).
RAISED_SHARE = 0.3


def raised_markers(image: Image.Image, lines: Sequence[OcrLine], candidates: Sequence[int]) -> set[int]:
    """Which of the ``candidates`` (indices into ``lines``) open with a number set raised
    above the line: the first run of ink columns, the marker, ends well above the
    baseline of the ink that follows it."""
    out: set[int] = set()
    if not candidates:
        return out
    grey = image.convert("L")
    for i in candidates:
        line = lines[i]
        if not _MARKER_RE.match(line.text):
            continue
        x0, top, x1, bottom = (round(v) for v in line.box)
        height = bottom - top
        if height < 6 or x1 - x0 < 2 * height:
            continue
        # The marker and a few ems of the words after it: over that width the page's tilt
        # moves the baseline by under a pixel.
        crop = np.asarray(grey.crop((x0, top, min(x1, x0 + 4 * height), bottom))) < INK
        if _raised(crop):
            out.add(i)
    return out


def _raised(ink: np.ndarray) -> bool:
    columns = np.asarray(ink.any(axis=0), dtype=bool)
    cols = np.flatnonzero(columns)
    if cols.size == 0:
        return False
    # The marker: the first run of inked columns.
    start = int(cols[0])
    end = start
    while end + 1 < columns.size and columns[end + 1]:
        end += 1
    rest = ink[:, end + 1 :]
    rest_cols = np.flatnonzero(rest.any(axis=0))
    if rest_cols.size < 3:
        return False
    rows = np.arange(ink.shape[0])
    marker_rows = rows[ink[:, start : end + 1].any(axis=1)]
    # Per column of the words: the lowest and highest ink; the baseline is the usual foot
    # (descenders are few), the x-height's top the usual head (ascenders are fewer than
    # the columns of x-height letters between them).
    sub = rest[:, rest_cols]
    feet = ink.shape[0] - 1 - np.argmax(sub[::-1, :], axis=0)
    heads = np.argmax(sub, axis=0)
    baseline = float(np.median(feet))
    x_top = float(np.median(heads))
    x_height = baseline - x_top
    if x_height < 3:
        return False
    return float(marker_rows.max()) <= baseline - RAISED_SHARE * x_height
