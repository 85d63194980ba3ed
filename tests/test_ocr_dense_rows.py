"""Table rows set solid on a scanned page (worker/engines/ocr_lines.py, DENSE_TOUCH): a
line's height, guessed from its detector box, stops short of the next row's line, so a
cell whose box the detector placed a few pixels off its row no longer reaches into the
row above and joins the two ("Alabama Alaska" beside "18,870 209")."""

from __future__ import annotations

import itertools

from worker.engines.layout import layout_lines
from worker.engines.ocr_lines import to_layout_lines
from worker.engines.ocr_pipeline import OcrLine

Rule = tuple[float, float, float, float]


def solid_rows(lift: float) -> tuple[list[OcrLine], list[Rule]]:
    """Ten rows of a state and six figures, 20 px apart in 27 px detector boxes (a scan
    of 7 pt print set solid at 200 dpi), ruled between the columns and round every fifth
    row; the one-digit cell of the second row's fourth column ``lift`` px higher than its
    row, as the detector boxes a lone digit."""
    pitch, box = 20.0, 27.0
    lines: list[OcrLine] = []
    for r in range(10):
        centre = 100 + r * pitch
        lines.append(OcrLine(f"State {r}", (20, centre - box / 2, 110, centre + box / 2), 0.99))
        for c in range(6):
            x, up = 160 + 100 * c, lift if (r, c) == (1, 3) else 0.0
            text = f"{r + 1},{c}0{r}" if c < 3 else str(r)
            lines.append(OcrLine(text, (x, centre - box / 2 - up, x + 60, centre + box / 2 - up), 0.99))
    top, bottom = 100 - pitch / 2, 100 + 9.5 * pitch
    rules: list[Rule] = [(10, top + k * 5 * pitch - 1.8, 760, top + k * 5 * pitch + 1.8) for k in range(3)]
    rules += [(x - 1, top, x + 1, bottom) for x in (10, 140, 240, 340, 440, 540, 640, 760)]
    return lines, rules


def test_rows_set_solid_stay_rows_when_a_cell_sits_a_little_high() -> None:
    # given rows set solid, one lone digit's box 4 px above its row's
    lines, rules = solid_rows(lift=4.0)
    # when they go to the layout
    blocks = layout_lines(to_layout_lines(lines, 1, 1), 800, 400, rules=rules)
    # then the table has a row per state, the digit in its own
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows is not None
    assert [row[0] for row in table.rows] == [f"State {r}" for r in range(10)]
    assert table.rows[1][4] == "1"


def test_lines_of_rows_set_solid_stop_short_of_the_next_row() -> None:
    # given rows set solid, all level
    lines, _ = solid_rows(lift=0.0)
    # when they become layout lines
    out = to_layout_lines(lines, 1, 1)
    # then no line's box reaches the next row's
    by_row = sorted(out, key=lambda ln: ln.bbox[1])
    firsts = [ln for ln in by_row if ln.text.startswith("State")]
    assert all(a.bbox[3] < b.bbox[1] for a, b in itertools.pairwise(firsts))


def test_lines_set_with_room_between_keep_their_print_height() -> None:
    # given body lines 30 px apart in 22 px boxes (ordinary leading)
    lines = [
        OcrLine(f"line {k} of the body text", (20, 100 + 30 * k, 400, 122 + 30 * k), 0.99) for k in range(6)
    ]
    # when they become layout lines
    out = to_layout_lines(lines, 1, 1)
    # then each is its print size's height, as before
    assert all(abs((ln.bbox[3] - ln.bbox[1]) - 22 * 0.72 * 1.11) < 1e-6 for ln in out)
