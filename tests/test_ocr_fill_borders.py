"""A grey header drawn with a border on a scanned page (worker/engines/ocr_rules.py): the
fill's side along the border is the border, not a second rule a pixel or two under it
that splits the first row of cells from its name."""

from __future__ import annotations

import itertools

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from worker.engines.ocr_rules import page_rules


def bordered_header_scan() -> np.ndarray:
    """A ruled table: a grey header row whose fill runs up to the rule under it in the
    middle columns, and two white rows; blurred as a scan is."""
    img = Image.new("L", (900, 300), 248)
    draw = ImageDraw.Draw(img)
    draw.rectangle((240, 40, 640, 100), fill=205)  # the header's grey, a group of columns
    for y in (40, 100, 150, 200):
        draw.line([(40, y), (860, y)], fill=0, width=3)
    for x in (40, 240, 440, 640, 860):
        draw.line([(x, 40), (x, 200)], fill=0, width=3)
    blurred = img.filter(ImageFilter.GaussianBlur(0.8))
    return np.asarray(blurred)


def test_a_fills_side_along_a_drawn_rule_is_that_rule() -> None:
    # given the table with its grey header
    gray = bordered_header_scan()
    # when the page's rules are looked for
    rules = page_rules(gray, line_height=30.0, skew=0.0)
    # then each drawn horizontal rule is found once: none lies a few pixels off another
    ys = sorted(float(ends[:, 1].mean()) for ends, _ in rules if np.ptp(ends[:, 0]) > np.ptp(ends[:, 1]))
    assert all(b - a > 6 for a, b in itertools.pairwise(ys))
    assert any(abs(y - 100) <= 3 for y in ys)
