"""The whole page (worker/engines/layout/page.py), as an OCR engine calls it with line boxes:
a page number in the bottom margin is the footer, every line comes out exactly once whatever
the layout decides, and no text means no blocks."""

from __future__ import annotations

import random

from tests.layout_pages import ocr_line
from worker.engines.layout import LayoutLine, layout_lines


def test_given_page_number_in_the_bottom_margin_then_it_is_a_page_footer() -> None:
    lines = [ocr_line(f"body text line {i} of the page", 50, 100 + 14 * i, 300) for i in range(5)]
    lines.append(ocr_line("Page 3 of 9", 280, 760, 330))

    blocks = layout_lines(lines, 612, 792)

    assert blocks[-1].kind == "page_footer" and blocks[-1].text == "Page 3 of 9"


def test_given_arbitrary_overlapping_lines_then_every_line_comes_out_exactly_once() -> None:
    # Property check on random layouts (fixed seed): whatever the layout decides, it must
    # never drop or duplicate text.
    rng = random.Random(7)
    vocabulary = ["alpha", "1.", "•", "$4.00", "Total:", "x", "42", "Page 2 of 3", "-", "a)"]
    for _ in range(300):
        lines = []
        for k in range(rng.randint(1, 40)):
            x0, top = rng.uniform(0, 550), rng.uniform(0, 780)
            words = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 5)))
            box = (x0, top, x0 + rng.uniform(1, 300), top + rng.choice([0, 8, 10, 12, 30]))
            lines.append(
                LayoutLine(f"{words} #{k}", box, size=rng.choice([None, 8, 10, 24]), bold=rng.random() < 0.2)
            )

        blocks = layout_lines(lines, 612, 792)

        tags = sorted(tok for b in blocks for ln in b.lines for tok in ln.text.split() if tok.startswith("#"))
        assert tags == sorted(f"#{k}" for k in range(len(lines)))


def test_given_no_lines_then_no_blocks() -> None:
    assert layout_lines([LayoutLine(text="  ", bbox=(0, 0, 1, 1))], 612, 792) == []
