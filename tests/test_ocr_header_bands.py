"""A table's header row in one shaded band on a scanned page (worker/engines/ocr_bands.py):
the gaps between the band's cells are the cells' sides, as a text layer's cell fills
are, so the header is a row of cells and the first record under it a row too, not two
lines of five short columns."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from worker.engines.base import PageInput
from worker.engines.ocr_bands import band_dividers
from worker.engines.ocr_pipeline import OcrLine
from worker.engines.rapidocr import RapidOcrEngine

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# An incident list: a dark title band, a grey header band, then records on white, each a
# row of cells over a description that runs across the page.
HEADER = ["Date", "Location", "Aircraft", "Damage", "Injuries"]
RECORDS = [
    (
        ["Oct. 25, 1999", "Aberdeen, Dakota", "Learjet 35", "destroyed", "6 fatal"],
        [
            "The aircraft was on a charter flight from Orlando to Dallas and radio contact was lost",
            "soon after the crew reported climbing through the twenty third flight level.",
        ],
    ),
    (
        ["June 13, 2000", "Rio de Janeiro", "Boeing 737", "minor", "85 none"],
        ["A rapid decompression occurred at cruise and a crack was found above the door."],
    ),
]
COLUMNS = [110, 330, 620, 860, 1100]


def incidents_scan() -> Image.Image:
    """The list printed and scanned 0.4 degrees askew, blurred and noised."""
    img = Image.new("L", (1400, 700), 250)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 24)
    draw.rectangle((100, 40, 1300, 120), fill=80)
    draw.text((110, 64), "Accidents Involving Cabin Depressurization", font=font, fill=250)
    draw.rectangle((100, 120, 1300, 176), fill=215)
    for x, text in zip(COLUMNS, HEADER, strict=True):
        draw.text((x, 134), text, font=font, fill=0)
    y = 196
    for cells, description in RECORDS:
        for x, text in zip(COLUMNS, cells, strict=True):
            draw.text((x, y), text, font=font, fill=0)
        y += 44
        for text in description:
            draw.text((110, y), text, font=font, fill=0)
            y += 32
        y += 24
    img = img.rotate(0.4, resample=Image.Resampling.BICUBIC, fillcolor=250).filter(
        ImageFilter.GaussianBlur(0.6)
    )
    noise = np.random.default_rng(19).normal(0.0, 6.0, (img.height, img.width))
    return Image.fromarray(np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8))


@pytest.fixture(scope="module")
def ocr() -> RapidOcrEngine:
    return RapidOcrEngine()


def test_a_shaded_header_band_and_the_first_record_read_row_by_row(ocr) -> None:
    # given a scanned list whose header row is one grey band over records on white
    img = incidents_scan()
    # when the engine reads it
    result = ocr.convert_page(PageInput(1, float(img.width), float(img.height), image=img.convert("RGB")))
    # then the header is one row of cells and the first record reads across, in order
    text = " ".join((result.text or "").split())
    assert "Date Location Aircraft Damage Injuries" in text
    assert "Oct. 25, 1999 Aberdeen, Dakota Learjet 35 destroyed 6 fatal" in text


def line(text: str, x0: float, top: float, x1: float) -> OcrLine:
    return OcrLine(text, (x0, top, x1, top + 30), 0.99)


BAND = [(100.0, 119.5, 1300.0, 120.5), (100.0, 176.5, 1300.0, 177.5)]
CELLS = [line(t, x, 133, x + 100) for t, x in zip(HEADER, COLUMNS, strict=True)]
RECORD = [line(t, x, 200, x + 150) for t, x in zip(RECORDS[0][0], COLUMNS, strict=True)]


def test_the_gaps_between_a_bands_cells_become_its_cell_sides() -> None:
    # given a band bounded by two rules holding five cells in a row, a record under it
    # when its dividers are found
    dividers = band_dividers([*CELLS, *RECORD], BAND)
    # then there is one between each two cells, from the band's top to its bottom
    assert len(dividers) == 4
    assert all(d[1] == 120.0 and d[3] == 177.0 for d in dividers)
    assert all(
        a.box[2] < (d[0] + d[2]) / 2 < b.box[0] for a, b, d in zip(CELLS, CELLS[1:], dividers, strict=False)
    )


def test_a_short_rule_above_the_band_does_not_hide_it() -> None:
    # given a short underline above the band, near enough to pair with its bottom rule
    rules = [(100.0, 99.5, 200.0, 100.5), *BAND]
    # when its dividers are found
    dividers = band_dividers([*CELLS, *RECORD], rules)
    # then the band between its own rules has its four
    assert len(dividers) == 4 and all(d[1] == 120.0 for d in dividers)


def test_a_band_of_a_sentence_or_with_drawn_sides_or_over_no_row_gets_none() -> None:
    # given a band holding one line of prose, a band whose cells are already ruled apart,
    # and a band with nothing under it
    prose = [line("Notes on the table below, read before the figures", 110, 133, 1200), *RECORD]
    ruled = [*BAND, *((x - 10.0, 120.0, x - 9.0, 177.0) for x in COLUMNS[1:])]
    # when their dividers are found
    # then there are none
    assert band_dividers(prose, BAND) == []
    assert band_dividers([*CELLS, *RECORD], ruled) == []
    assert band_dividers(CELLS, BAND) == []
