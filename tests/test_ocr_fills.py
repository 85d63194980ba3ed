"""Tables drawn with shading alone on scanned pages (worker/engines/ocr_fills.py): the sides
of grey cells and the white gaps between them are the table's rules, as a text layer's
filled rectangles are (worker/engines/cell_fills.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from worker.engines.base import PageInput
from worker.engines.ocr_image import skew_degrees
from worker.engines.ocr_rules import page_rules
from worker.engines.rapidocr import RapidOcrEngine

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# A rate sheet: every cell a grey rectangle, a white gap between cells; the names wrap
# onto two or three lines beside one-line rates, the rates set at the top of their cells.
HEADER = ["Loan Type", "Reference", "Annual", "Comparison"]
RECORDS: list[list[list[str]]] = [
    [["Extra Home Loan", "(2 Year", "Introductory)"], ["Variable"], ["3.84%"], ["4.39%"]],
    [["Extra Home Loan", "(Valuation", "Ratio 70%)"], ["Variable"], ["3.79%"], ["3.80%"]],
    [["Standard Rate"], ["Fixed Rate", "One Year"], ["5.37%"], ["5.51%"]],
    [["Package Loan", "(4 Year)"], ["Variable"], ["3.89%"], ["3.90%"]],
]
COLUMNS = [100, 420, 720, 960, 1240]
PITCH = 34
GAP = 4


def shaded_scan(grey: int = 215) -> Image.Image:
    """The sheet printed with grey cells (and a darker header row) and no drawn lines,
    scanned 0.4 degrees askew, blurred and noised."""
    img = Image.new("L", (1360, 760), 250)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 24)
    y = 80
    for r, record in enumerate([[[h] for h in HEADER], *RECORDS]):
        depth = max(len(cell) for cell in record)
        bottom = y + depth * PITCH + 14
        for left, right, cell in zip(COLUMNS, COLUMNS[1:], record, strict=False):
            draw.rectangle((left, y, right - GAP, bottom - GAP), fill=grey - 40 if r == 0 else grey)
            for k, text in enumerate(cell):
                draw.text((left + 10, y + 6 + k * PITCH), text, font=font, fill=0)
        y = bottom
    img = img.rotate(0.4, resample=Image.Resampling.BICUBIC, fillcolor=250).filter(
        ImageFilter.GaussianBlur(0.6)
    )
    noise = np.random.default_rng(19).normal(0.0, 6.0, (img.height, img.width))
    return Image.fromarray(np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8))


@pytest.fixture(scope="module")
def ocr() -> RapidOcrEngine:
    return RapidOcrEngine()


def test_a_table_drawn_with_grey_cells_reads_row_by_row(ocr) -> None:
    # given a scan of a table whose cells are grey rectangles parted by white gaps
    img = shaded_scan()
    # when the engine reads it
    result = ocr.convert_page(PageInput(1, float(img.width), float(img.height), image=img.convert("RGB")))
    # then it is one table, a row per record, each wrapped name one cell
    tables = [b for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].rows is not None
    rows = [[" ".join(c.split()) for c in row] for row in tables[0].rows]
    assert rows[0] == HEADER
    assert ["Extra Home Loan (2 Year Introductory)", "Variable", "3.84%", "4.39%"] in rows
    assert ["Standard Rate", "Fixed Rate One Year", "5.37%", "5.51%"] in rows
    assert ["Package Loan (4 Year)", "Variable", "3.89%", "3.90%"] in rows


def test_grey_cells_give_their_sides_as_rules_and_plain_text_gives_none() -> None:
    # given the shaded sheet, and a page of plain paragraphs
    sheet = np.asarray(shaded_scan())
    text = Image.new("L", (1360, 760), 250)
    draw = ImageDraw.Draw(text)
    font = ImageFont.truetype(str(FONT), 24)
    for k in range(14):
        draw.text(
            (100, 80 + k * 40),
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit sed do",
            font=font,
            fill=0,
        )
    # when their rules are looked for
    found = page_rules(sheet, line_height=30.0, skew=skew_degrees(sheet))
    plain = page_rules(np.asarray(text), line_height=30.0, skew=0.0)
    # then the sheet has rules across it and down it, the paragraphs none
    across = [e for e, _ in found if abs(e[1][0] - e[0][0]) > abs(e[1][1] - e[0][1])]
    down = [e for e, _ in found if abs(e[1][0] - e[0][0]) < abs(e[1][1] - e[0][1])]
    assert len(across) >= len(RECORDS) and len(down) >= len(HEADER)
    assert plain == []
