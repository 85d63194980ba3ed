"""Recognised lines to the lines the shared layout reads (:func:`to_layout_lines`): page
units, one height per print size, crowded rows kept apart, and small print and note
markers told apart (worker/engines/ocr_print.py). The rapidocr engine calls it once per
page, after recognition and before :func:`worker.engines.layout.layout_lines`.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PIL import Image

from common.documents.results import Word
from worker.engines.layout import LayoutLine
from worker.engines.ocr_pipeline import OcrLine
from worker.engines.ocr_print import raised_markers, small_print

# OCR line boxes are padded unevenly (ascenders, descenders, detector slack), so their
# heights scatter around the text size. Lines within this ratio of the page's median
# height are body text: they get one common size and a box of that height around their
# centre, which is what the shared layout's row grouping and heading rules expect. Larger
# print is classed the same way (:func:`size_classes`).
BODY_HEIGHT_RATIO = 1.2
# A detected line box is about this much taller than the font size it holds.
BOX_TO_FONT = 0.72
# A text layer's line is about 1.11 times its font size tall (ascent to descent; median
# on the real table pages of bench/scanned_real.py), a detected box 1.4 times (the
# detector pads its boxes): the layout gets the text layer's height. At the detector's
# height, the boxes of rows set 1.3 box heights apart (a dense table, a receipt) overlap
# by more than a quarter and the layout took two rows for one.
LINE_TO_FONT = 1.11


def size_classes(heights: Sequence[float]) -> dict[float, float]:
    """Each line height to the height of its print size: the page's median for body text
    (up to BODY_HEIGHT_RATIO above it), else the median of its class, heights within
    BODY_HEIGHT_RATIO of the class's smallest.

    Two lines of one larger print (a receipt's shop name and address) come out of the
    detector a few pixels apart in height; taken as they are, they became headings of two
    levels, one block each, and the address read "### NO.23 ... #### JALAN ...".
    """
    ordered = sorted(heights)
    median = ordered[len(ordered) // 2]
    classes: list[list[float]] = [[]]
    for h in ordered:
        if h <= median * BODY_HEIGHT_RATIO:
            continue
        if classes[-1] and h > classes[-1][0] * BODY_HEIGHT_RATIO:
            classes.append([])
        classes[-1].append(h)
    out = {h: median for h in ordered if h <= median * BODY_HEIGHT_RATIO}
    for members in classes:
        for h in members:
            out[h] = members[len(members) // 2]
    return out


# A line whose box came out taller than the body's is body print all the same when it sits
# no further than this from body lines above and below, relative to the distance from
# those lines to the body lines beyond them: larger print needs more room (at the
# smallest larger class, 1.2 x the body's height, about 8 % more pitch).
CROWDED_PITCH_RATIO = 1.05


def _neighbours(lines: Sequence[OcrLine], height: float) -> list[tuple[int | None, int | None]]:
    """Each line's nearest line above and below that overlaps it across (index or None);
    lines whose centres are under half ``height`` apart share a row and are neither."""
    centres = [(ln.box[1] + ln.box[3]) / 2 for ln in lines]
    order = sorted(range(len(lines)), key=lambda i: centres[i])

    def nearest(i: int, walk: range) -> int | None:
        # Walked outwards in centre order: the first overlapping line is the nearest.
        x0, x1 = lines[i].box[0], lines[i].box[2]
        for p in walk:
            j = order[p]
            across = min(x1, lines[j].box[2]) - max(x0, lines[j].box[0])
            if across > 0 and abs(centres[j] - centres[i]) > height / 2:
                return j
        return None

    out: list[tuple[int | None, int | None]] = [(None, None)] * len(lines)
    for p, i in enumerate(order):
        out[i] = (nearest(i, range(p - 1, -1, -1)), nearest(i, range(p + 1, len(order))))
    return out


def crowded_lines(lines: Sequence[OcrLine], heights: Sequence[float], body: float) -> set[int]:
    """Lines classed above the body size (``heights``: each line's class height) that
    stand between body lines at the body's own pitch there: a curled or blurred receipt
    line whose box came out tall. Taken as larger print, "KLANG SELANGOR D.E, MALAYSIA"
    became a heading in the middle of its address."""
    if all(h <= body for h in heights):
        return set()
    nb = _neighbours(lines, body)
    centres = [(ln.box[1] + ln.box[3]) / 2 for ln in lines]
    out: set[int] = set()
    for i, (up, down) in enumerate(nb):
        if heights[i] <= body or up is None or down is None:
            continue
        beyond_up, beyond_down = nb[up][0], nb[down][1]
        if heights[up] != body or heights[down] != body or beyond_up is None or beyond_down is None:
            continue
        if heights[beyond_up] != body or heights[beyond_down] != body:
            continue
        reference = (centres[up] - centres[beyond_up] + centres[beyond_down] - centres[down]) / 2
        if max(centres[i] - centres[up], centres[down] - centres[i]) <= CROWDED_PITCH_RATIO * reference:
            out.add(i)
    return out


# A line classed a little above the body size (up to this ratio: a comma's or a
# descender's tail, not a heading's print) is body print when it is level with body lines
# (centres this share of the body's height apart or closer), at least LEVEL_MIN_BODY of
# them, and they are most of its row: a table's row of figures.
LEVEL_MAX_RATIO = 1.4
LEVEL_ALIGN = 0.25
LEVEL_MIN_BODY = 2


def level_with_body(lines: Sequence[OcrLine], heights: Sequence[float], body: float) -> set[int]:
    """Lines classed above the body size (``heights``: each line's class height) whose
    row is body print: in a table of figures, "18,870" (its comma's tail) came out of the
    detector in a taller box than "209" under it, was classed larger print, and as a line
    of another size it split its row, and with it the whole table, into paragraphs one
    column after another."""
    centres = [(ln.box[1] + ln.box[3]) / 2 for ln in lines]
    order = sorted(range(len(lines)), key=lambda i: centres[i])
    ys = [centres[i] for i in order]
    out: set[int] = set()
    for i, h in enumerate(heights):
        if not body < h <= LEVEL_MAX_RATIO * body:
            continue
        lo = bisect.bisect_left(ys, centres[i] - LEVEL_ALIGN * body)
        hi = bisect.bisect_right(ys, centres[i] + LEVEL_ALIGN * body)
        row = [order[k] for k in range(lo, hi) if order[k] != i]
        level = sum(1 for j in row if heights[j] == body)
        if level >= LEVEL_MIN_BODY and level * 2 > len(row):
            out.add(i)
    return out


# A line whose height (its print size's, LINE_TO_FONT) would reach this share of the
# distance to the next line above or below it gets DENSE_SHARE of that distance instead:
# the font size is guessed from the detector's box, and in a table set solid (rows 1.1
# font sizes apart, as a text layer's line is 0.89 of its pitch there) the guess came out
# 15 % large, neighbouring rows' boxes overlapped, and the layout took two rows for one
# ("Alabama Alaska" beside "18,870 209").
DENSE_TOUCH = 0.98
DENSE_SHARE = 0.9
DENSE_CELLS = 3


def row_pitches(lines: Sequence[OcrLine], body: float) -> list[float | None]:
    """The pitch of the page's table rows (the median distance, centre to centre, from a
    cell to the nearest line above or below it that overlaps it across) for each line in
    a row of DENSE_CELLS lines or more; None for the others (prose, footnotes: the layout
    reads their blocks by their print's height, and small print classed with the body
    would lose its paragraphs). One pitch for all: a lone digit the detector boxed a few
    pixels high is nearer the row above than its row's pitch."""
    centres = [(ln.box[1] + ln.box[3]) / 2 for ln in lines]
    ys = sorted(centres)
    near: dict[int, float] = {}
    for i, (up, down) in enumerate(_neighbours(lines, body)):
        gaps = [abs(centres[j] - centres[i]) for j in (up, down) if j is not None]
        level = bisect.bisect_right(ys, centres[i] + body / 4) - bisect.bisect_left(ys, centres[i] - body / 4)
        if gaps and level >= DENSE_CELLS:
            near[i] = min(gaps)
    if not near:
        return [None] * len(lines)
    pitch = sorted(near.values())[len(near) // 2]
    return [pitch if i in near else None for i in range(len(lines))]


def to_layout_lines(
    lines: Sequence[OcrLine], sx: float, sy: float, image: Image.Image | None = None
) -> list[LayoutLine]:
    """The recognised lines as the layout takes them: page units, one height per print
    size, smaller print (ocr_print.small_print) told apart, and, given the page's
    ``image``, small-print lines that open with a raised note marker marked so."""
    if not lines:
        return []
    raw = [ln.box[3] - ln.box[1] for ln in lines]
    sizes = size_classes(raw)
    body = sizes[sorted(raw)[len(raw) // 2]]
    heights = [sizes[h] for h in raw]
    for i in crowded_lines(lines, heights, body) | level_with_body(lines, heights, body):
        heights[i] = body
    small = small_print(lines, heights, body, [up for up, _ in _neighbours(lines, body)])
    for i, h in small.items():
        heights[i] = h
    marks = raised_markers(image, lines, sorted(small)) if image is not None else set()
    pitches = row_pitches(lines, body)
    out: list[LayoutLine] = []
    for k, (ln, h, pitch) in enumerate(zip(lines, heights, pitches, strict=True)):
        x0, top, x1, bottom = ln.box
        # Every line gets its print size's height, about its own centre, short of the
        # next row's (DENSE_TOUCH).
        centre, half = (top + bottom) / 2, h * BOX_TO_FONT * LINE_TO_FONT / 2
        if pitch is not None and 2 * half > DENSE_TOUCH * pitch:
            half = DENSE_SHARE * pitch / 2
        top, bottom = centre - half, centre + half
        out.append(
            LayoutLine(
                text=ln.text,
                bbox=(x0 * sx, top * sy, x1 * sx, bottom * sy),
                size=h * sy * BOX_TO_FONT,
                confidence=round(ln.score, 4),
                # Words share their line's vertical extent (as text-layer words do).
                words=[
                    Word(w.text, (w.box[0] * sx, top * sy, w.box[2] * sx, bottom * sy), round(w.score, 4))
                    for w in ln.words
                ],
                note_mark=k in marks,
            )
        )
    return out
