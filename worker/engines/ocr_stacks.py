"""Single characters stacked in a column, which the detector took for one line of text
running down the page.

In a dense table of figures (rows set closer than the detector's box padding) the one-
digit cells of a column, one above the other, fuse into one tall, narrow region; rapidocr
reads a region taller than wide as text turned on its side, and gives "336" for the
figures 3, 3 and 6 of three rows. As one line, it spans the three rows, and the layout
joined them (and every line beside them) into one. Such a box is split back into its
characters, one per row.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from worker.engines.ocr_pipeline import OcrLine, OcrWord

# A stack's characters sit at the pitch of rows of the page's print: this share of the
# body's line height apart or more (a word turned on its side has its letters about half
# of that apart) and no more than this many of them.
STACK_MIN_PITCH = 0.7
STACK_MAX_PITCH = 1.5
# A stack is one character wide: at most this many body line heights.
STACK_MAX_WIDTH = 1.2
# Each of its characters sits in a row of the page: another line's centre is within this
# share of the body's line height of the character's (a large "1." beside its heading's
# words has no lines level with its two halves).
ROW_ALIGN = 0.3


def unstack(lines: Sequence[OcrLine]) -> list[OcrLine]:
    """``lines`` with each stack of single characters (see the module) split into one
    line per character, top to bottom, each a share of the stack's height."""
    if not lines:
        return []
    heights = sorted(ln.box[3] - ln.box[1] for ln in lines)
    body = heights[len(heights) // 2]
    centres = sorted((ln.box[1] + ln.box[3]) / 2 for ln in lines)

    def in_a_row(y: float) -> bool:
        k = bisect.bisect_left(centres, y - ROW_ALIGN * body)
        return k < len(centres) and centres[k] <= y + ROW_ALIGN * body

    out: list[OcrLine] = []
    for ln in lines:
        x0, top, x1, bottom = ln.box
        text, height = ln.text.strip(), bottom - top
        n = len(text)
        if (
            n < 2
            or " " in text
            or x1 - x0 >= height
            or x1 - x0 > STACK_MAX_WIDTH * body
            or not STACK_MIN_PITCH * body <= height / n <= STACK_MAX_PITCH * body
        ):
            out.append(ln)
            continue
        pitch = height / n
        if not all(in_a_row(top + (k + 0.5) * pitch) for k in range(n)):
            out.append(ln)
            continue
        for k, char in enumerate(text):  # read top to bottom
            box = (x0, top + k * pitch, x1, top + (k + 1) * pitch)
            out.append(OcrLine(char, box, ln.score, (OcrWord(char, box, ln.score),)))
    return out
