"""The page image around OCR (worker/engines/ocr_image.py, worker/render.py), without the
models: a page's skew found from its ink, and each band's of a curled page; line boxes
straightened by that tilt; the detector's crop to the inked part of the page; transparency
flattened onto white; and the resolution a page is rendered at for OCR."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from worker.engines.auto import AutoEngine
from worker.engines.ocr_image import DET_MIN_SIDE, band_skews, content_box, flatten_lines, skew_degrees
from worker.engines.ocr_pipeline import MAX_SIDE
from worker.engines.rapidocr import RapidOcrEngine


def paper(width: int = 1089, height: int = 1540, shade: int = 250) -> np.ndarray:
    return np.full((height, width, 3), shade, dtype=np.uint8)


@pytest.mark.parametrize("degrees", [0.0, 0.37, -0.52, 2.1, -4.4])
def test_the_skew_of_a_page_is_found_from_its_ink(degrees: float) -> None:
    # given rows of word-like marks, turned by a known angle (positive: running down to the right)
    page = paper(shade=245)
    rng = np.random.default_rng(3)
    for y in range(200, 1400, 34):
        x = 120
        while x < 950:
            w = int(rng.integers(30, 140))
            page[y : y + 14, x : x + w] = 30
            x += w + int(rng.integers(12, 30))
    turned = np.asarray(
        Image.fromarray(page).rotate(-degrees, resample=Image.Resampling.BICUBIC, fillcolor=(245,) * 3)
    )
    # then the estimate is within a few hundredths of a degree
    assert skew_degrees(turned[:, :, 0]) == pytest.approx(degrees, abs=0.05)


def test_a_blank_or_dark_page_has_no_skew() -> None:
    assert skew_degrees(paper()[:, :, 0]) == 0.0
    assert skew_degrees(paper(shade=20)[:, :, 0]) == 0.0


def test_text_slanted_beyond_a_scans_tilt_is_left_as_it_is() -> None:
    # given rows of marks at 9 degrees: a designed slant, not a sheet fed crooked
    page = paper(shade=245)
    for y in range(300, 1200, 40):
        page[y : y + 14, 150:900] = 30
    turned = np.asarray(
        Image.fromarray(page).rotate(-9, resample=Image.Resampling.BICUBIC, fillcolor=(245,) * 3)
    )
    # then no skew is corrected
    assert skew_degrees(turned[:, :, 0]) == 0.0


def test_the_skew_of_a_mostly_inked_page_is_found_from_a_sample_of_its_ink() -> None:
    # given a page with a large dark grey block (a photo) crossed by paper-white rows, turned
    page = paper(shade=250)
    page[200:900, 100:1000] = 60
    for y in range(230, 880, 50):
        page[y : y + 8, 110:990] = 250
    turned = np.asarray(
        Image.fromarray(page).rotate(-0.8, resample=Image.Resampling.BICUBIC, fillcolor=(250,) * 3)
    )
    # then a sample of its half a million ink pixels still gives the angle
    assert skew_degrees(turned[:, :, 0]) == pytest.approx(0.8, abs=0.05)


def test_each_band_of_a_curled_page_has_its_own_tilt() -> None:
    # given rows of marks whose upper part runs uphill by 2.5 degrees and lower part lies flat
    page = paper(shade=245)
    for y in range(150, 1450, 34):
        page[y : y + 14, 120:950] = 30
    curled_top = np.asarray(
        Image.fromarray(page[:700]).rotate(2.5, resample=Image.Resampling.BICUBIC, fillcolor=(245,) * 3)
    )
    curled = np.concatenate([curled_top, page[700:]])[:, :, 0]
    # when bands of 8 lines are measured
    bands = band_skews(curled, 20)
    # then the upper bands are tilted and the lower ones are not
    upper, lower = [d for y, d in bands if y < 600], [d for y, d in bands if y > 800]
    assert upper and all(d == pytest.approx(-2.5, abs=0.1) for d in upper)  # uphill: negative
    assert lower and all(abs(d) < 0.1 for d in lower)


def quad(x0: float, y0: float, x1: float, slope: float, height: float) -> np.ndarray:
    """A detector's box around a line from (x0, y0) to x1 rising by ``slope``."""
    dy = slope * (x1 - x0)
    return np.array([[x0, y0], [x1, y0 + dy], [x1, y0 + dy + height], [x0, y0 + height]], dtype=float)


def test_tilted_lines_get_boxes_as_tall_as_their_print_on_a_level_row() -> None:
    # given two stacked centred lines tilted by 0.06 and, on a row below, a label at the
    # left and its amount at the right, tilted the same way
    slope = -0.06
    quads = [quad(190, 180, 620, slope, 24), quad(145, 212, 690, slope, 24)]
    quads += [quad(80, 400, 200, slope, 24), quad(560, 400 + slope * 480, 690, slope, 24)]
    # when their boxes are made with the tilt at their rows
    boxes = flatten_lines(quads, 400, [(0, slope), (1000, slope)])
    # then each box is as tall as its print, stacked lines do not overlap
    assert all(b[3] - b[1] == pytest.approx(24, abs=0.1) for b in boxes)
    assert boxes[0][3] <= boxes[1][1]
    # and the label and its amount are level again
    assert boxes[2][1] == pytest.approx(boxes[3][1], abs=0.5)
    # without a tilt to take out, a box is its print's height about its centre
    assert flatten_lines(quads[:1], 400, [])[0][1] == pytest.approx(180 + slope * 215, abs=0.1)
    # and a line running down the page (a page on its side) keeps its whole box, tall and narrow
    sideways = np.array([[100, 100], [124, 100], [124, 500], [100, 500]], dtype=float)
    assert flatten_lines([sideways], 400, [(0, slope)]) == [(100, 100, 124, 500)]


def test_the_detector_sees_only_the_inked_part_of_the_page_and_a_margin() -> None:
    # given a page with print in a block away from its edges, and a noise speck in the margin
    page = paper()
    page[300:1100, 150:900] = 20
    page[40, 1050] = 0
    # when the content box is taken
    box = content_box(page)
    # then it is the block plus the margin: the lone speck does not widen it
    assert box == (150 - 24, 300 - 24, 900 + 24, 1100 + 24)


def test_grey_print_counts_as_ink_and_a_blank_or_dark_page_is_not_cropped() -> None:
    grey = paper()
    grey[700:720, 400:600] = 153  # #999 text on white
    assert content_box(grey) is not None
    assert content_box(paper()) is None
    assert content_box(paper(shade=30)) is None  # white on black: no paper to cut away


def test_a_small_crop_is_widened_to_what_the_detector_reads_unscaled() -> None:
    # given one short line of print: a crop of its own size would be scaled up by the
    # detector, which costs more than the margins it saves
    page = paper()
    page[700:730, 500:600] = 0
    x0, y0, x1, y1 = content_box(page) or (0, 0, 0, 0)
    assert x1 - x0 == DET_MIN_SIDE and y1 - y0 == DET_MIN_SIDE
    assert x0 <= 500 - 24 and x1 >= 600 + 24 and y0 <= 700 - 24 and y1 >= 730 + 24
    # and near an edge the widened crop stays on the page
    edge = paper()
    edge[5:30, 1000:1080] = 0
    x0, y0, x1, y1 = content_box(edge) or (0, 0, 0, 0)
    assert (x1, y0) == (1089, 0) and x1 - x0 == DET_MIN_SIDE


def test_flattening_keeps_opaque_images_and_puts_transparency_on_white() -> None:
    from worker.render import on_white

    clear = Image.new("RGBA", (4, 4), (0, 0, 0, 0))
    clear.putpixel((1, 1), (0, 0, 0, 255))
    flat = on_white(clear)
    assert flat.mode == "RGB"
    assert flat.getpixel((0, 0)) == (255, 255, 255) and flat.getpixel((1, 1)) == (0, 0, 0)
    palette = Image.new("P", (2, 1))
    palette.putpalette([0, 0, 0, 200, 10, 10])
    palette.putpixel((1, 0), 1)
    palette.info["transparency"] = 0
    assert list(on_white(palette).getdata()) == [(255, 255, 255), (200, 10, 10)]
    grey = Image.new("L", (2, 2), 128)
    assert on_white(grey).getpixel((0, 0)) == (128, 128, 128)


def test_ocr_renders_at_its_resolution_but_never_beyond_what_it_reads() -> None:
    from common.core.settings import get_settings
    from worker.render import render_scale

    dpi = get_settings().engines.render_dpi
    for engine in (RapidOcrEngine(), AutoEngine()):
        # a letter page would be 1700 x 2200 at 200 DPI: rendered at 1540 on its long side
        assert render_scale(engine, 612, 792, dpi) * 792 == pytest.approx(MAX_SIDE)
        # a receipt (3 x 5 inches) keeps its 200 DPI
        assert render_scale(engine, 216, 360, dpi) == pytest.approx(200 / 72)
        # a poster (A0) is not rendered to 9,000 x 13,000 pixels
        assert render_scale(engine, 2384, 3370, dpi) * 3370 == pytest.approx(MAX_SIDE)
