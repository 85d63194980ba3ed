"""Tables on scanned pages (bench/scanned_real.py): the rules drawn on a scan make its
ruled tables (worker/engines/ocr_rules.py), a dense page is read to its top (the
detector's contour cap, worker/engines/ocr_pipeline.py), rows set closer than the
detector's box padding stay rows (worker/engines/ocr_lines.py, LINE_TO_FONT), and one-digit
cells stacked in a column are split back into their rows (worker/engines/ocr_stacks.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from common.documents.results import Block
from worker.engines.base import PageInput
from worker.engines.layout import layout_lines
from worker.engines.ocr_lines import to_layout_lines
from worker.engines.ocr_pipeline import OcrLine
from worker.engines.ocr_rules import page_rules
from worker.engines.ocr_stacks import unstack
from worker.engines.rapidocr import RapidOcrEngine

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# An expenses sheet: one-line cells beside a reason wrapped onto up to three lines, the
# cells' text at the bottom of each ruled row (as a spreadsheet prints them).
HEADER = ["Full Name", "Grouping", "Reason", "Amount"]
RECORDS: list[list[str | list[str]]] = [
    ["Helen Boaden", "Hotels", ["Castle Hotel", "Taunton,", "Taunton"], "94.67"],
    ["Helen Boaden", "Taxis", ["MINICAB"], "13.22"],
    ["Helen Boaden", "Rail", ["LONDON", "KINGS CROSS -", "YORK"], "76.00"],
    ["Helen Boaden", "Taxis", ["MINICAB"], "18.76"],
    ["Helen Boaden", "Rail", ["LONDON", "EUSTON -", "MANCHESTER"], "75.20"],
]
COLUMNS = [100, 400, 640, 1000, 1250]
PITCH = 34


@pytest.fixture(scope="module")
def ocr() -> RapidOcrEngine:
    return RapidOcrEngine()


def expenses_scan() -> Image.Image:
    """The sheet printed with its rules and scanned 0.5 degrees askew."""
    img = Image.new("L", (1400, 900), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 24)
    y = 100
    draw.line([(COLUMNS[0], y), (COLUMNS[-1], y)], fill=0, width=2)
    records = [[[h] for h in HEADER]] + [[[c] if isinstance(c, str) else c for c in r] for r in RECORDS]
    for record in records:
        depth = max(len(cell) for cell in record)
        bottom = y + depth * PITCH + 8
        for x, cell in zip(COLUMNS, record, strict=False):
            for k, text in enumerate(cell):
                draw.text((x + 8, bottom - (len(cell) - k) * PITCH), text, font=font, fill=0)
        draw.line([(COLUMNS[0], bottom), (COLUMNS[-1], bottom)], fill=0, width=2)
        y = bottom
    for x in COLUMNS:
        draw.line([(x, 100), (x, y)], fill=0, width=2)
    return img.rotate(0.5, resample=Image.Resampling.BICUBIC, fillcolor=255)


def test_a_ruled_table_with_wrapped_cells_on_a_skewed_scan_reads_row_by_row(ocr) -> None:
    # given a scan of a ruled sheet whose reasons wrap onto several lines
    img = expenses_scan()
    # when the engine reads it
    result = ocr.convert_page(PageInput(1, float(img.width), float(img.height), image=img.convert("RGB")))
    # then it is one table, a row per record, the wrapped reason one cell
    tables = [b for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].rows is not None
    rows = [[" ".join(c.split()) for c in row] for row in tables[0].rows]
    assert rows[0] == HEADER
    assert ["Helen Boaden", "Hotels", "Castle Hotel Taunton, Taunton", "94.67"] in rows
    assert ["Helen Boaden", "Rail", "LONDON KINGS CROSS - YORK", "76.00"] in rows
    assert ["Helen Boaden", "Taxis", "MINICAB", "18.76"] in rows


def test_a_page_of_more_than_a_thousand_short_lines_is_detected_to_its_top(ocr) -> None:
    # given a title over 1,260 short figures (the detector's default kept 1,000 regions,
    # the bottom ones first)
    img = Image.new("L", (1500, 1500), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 14)
    draw.text((500, 30), "TITLE OF THE REPORT", font=font, fill=0)
    for row in range(60):
        for col in range(21):
            draw.text((40 + 68 * col, 80 + 23 * row), f"{(row * 21 + col) % 97:02d}", font=font, fill=0)
    # when the detector looks at it
    detector = ocr.ocr.pipeline._load_det_model()
    boxes = detector(np.asarray(img.convert("RGB"))).boxes
    # then every figure has its region, and so has the title
    assert boxes is not None and len(boxes) >= 60 * 21
    assert any(box[:, 1].max() < 60 for box in boxes)


def figures(
    pitch: float, box: float, comma: float = 0.0
) -> tuple[list[OcrLine], list[tuple[float, float, float, float]]]:
    """Ten rows of a state's name and three figures, ``pitch`` px apart in detector boxes
    ``box`` px tall (the first figure's ``comma`` px taller: its comma's tail), ruled
    round every fifth row and between the columns."""
    lines: list[OcrLine] = []
    for r in range(10):
        centre = 100 + r * pitch
        top, bottom = centre - box / 2, centre + box / 2
        lines.append(OcrLine(f"State {r}", (20, top, 110, bottom), 0.99))
        for c in range(3):
            x, grow = 160 + 100 * c, comma / 2 if c == 0 else 0.0
            lines.append(OcrLine(f"{r + 1},{c}0{r}", (x, top - grow, x + 60, bottom + grow), 0.99))
    top, bottom = 100 - pitch / 2, 100 + 9.5 * pitch
    rules: list[tuple[float, float, float, float]] = [
        (10, top + k * 5 * pitch - 1, 460, top + k * 5 * pitch + 1) for k in range(3)
    ]
    rules += [(x - 1, top, x + 1, bottom) for x in (10, 140, 240, 340, 460)]
    return lines, rules


def test_rows_set_closer_than_the_detector_pads_its_boxes_stay_rows() -> None:
    # given ten rows 13 px apart in 18 px detector boxes (the print is 10 px: the
    # boxes of two rows overlap by more than a quarter), the grid ruled only every
    # fifth row
    lines, rules = figures(pitch=13.0, box=18.0)
    # when they go to the layout
    blocks = layout_lines(to_layout_lines(lines, 1, 1), 480, 400, rules=rules)
    # then the table has a row per state
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows is not None
    assert [row[0] for row in table.rows] == [f"State {r}" for r in range(10)]


def test_one_digit_cells_fused_into_a_column_are_split_into_their_rows() -> None:
    # given the figures, with the one-digit cells of rows 2-4 in a fourth column read
    # as one tall line "336" (the detector fused them, the recogniser read it sideways)
    lines, _ = figures(pitch=20.0, box=18.0)
    lines.append(OcrLine("336", (470, 140 - 9, 480, 180 + 9), 0.96))
    lines += [OcrLine("0", (470, 100 + 20 * r - 9, 480, 100 + 20 * r + 9), 0.99) for r in (0, 1, 5)]
    # when the stacks are split and the lines go to the layout
    blocks: list[Block] = layout_lines(to_layout_lines(unstack(lines), 1, 1), 520, 400)
    # then each digit is in its own state's row
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows is not None
    rows = {row[0]: row for row in table.rows}
    assert [rows[f"State {r}"][-1] for r in (2, 3, 4)] == ["3", "3", "6"]


def test_a_large_number_beside_its_heading_is_not_a_stack() -> None:
    # given a section number in print twice the body's, narrower than tall, beside its
    # heading's words, over body lines
    lines = [OcrLine("1.", (20, 40, 44, 84), 0.99), OcrLine("Introduction", (60, 40, 300, 84), 0.99)]
    lines += [OcrLine(f"body line {k}", (20, 100 + 24 * k, 400, 122 + 24 * k), 0.99) for k in range(8)]
    # when stacks are split
    # then the number stays one line
    assert [ln.text for ln in unstack(lines)] == [ln.text for ln in lines]


def test_figures_whose_boxes_a_comma_made_taller_stay_in_their_rows() -> None:
    # given the figures unruled, 20 px apart, the first figure of each row in a box a
    # quarter taller than the others (a comma's tail: a larger print's size class)
    lines, _ = figures(pitch=20.0, box=18.0, comma=4.5)
    # when they go to the layout
    blocks = layout_lines(to_layout_lines(lines, 1, 1), 480, 400)
    # then they are one table, a row per state, not a column per paragraph
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows is not None
    assert [row[:2] for row in table.rows] == [[f"State {r}", f"{r + 1},00{r}"] for r in range(10)]


def test_white_letters_on_a_dark_band_draw_no_rules_and_a_box_under_it_four() -> None:
    # given a title in white on a dark band, a ruled box under the band
    img = Image.new("L", (900, 300), 245)
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 40, 860, 150), fill=70)
    font = ImageFont.truetype(str(FONT), 30)
    draw.text((60, 70), "Appendix: Accidents and Incidents, 1995-2005", font=font, fill=250)
    draw.rectangle((40, 200, 860, 280), outline=0, width=2)
    # when the page's rules are looked for
    rules = page_rules(np.asarray(img), line_height=30.0, skew=0.0)
    # then they are the box's four sides and the band's outline (a filled rectangle's
    # sides, worker/engines/ocr_fills.py): the dark runs between the white letters are none
    below = [ends for ends, _ in rules if ends[:, 1].min() > 190]
    assert len(below) == 4
    band = [ends for ends, _ in rules if ends[:, 1].max() < 160]
    assert all(
        min(abs(ends[:, 1] - 40).max(), abs(ends[:, 1] - 150).max()) <= 3  # along its top or bottom
        or min(abs(ends[:, 0] - 40).max(), abs(ends[:, 0] - 860).max()) <= 3  # down its left or right
        for ends in band
    )


def test_rules_that_meet_no_other_rule_are_left_out() -> None:
    # given lines under the rows of a list, no rule across them
    img = Image.new("L", (900, 300), 245)
    draw = ImageDraw.Draw(img)
    for y in (100, 140, 180):
        draw.line([(40, y), (860, y)], fill=0, width=2)
    # when the page's rules are looked for
    # then there are none: the layout is not told of some of a table's row boundaries
    # and not of others (a header drawn as a grey fill is no rule here)
    assert page_rules(np.asarray(img), line_height=30.0, skew=0.0) == []
