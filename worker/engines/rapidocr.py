"""The ``rapidocr`` engine: PP-OCRv6 detection + recognition through ONNX Runtime, offline.

The models are the ones bundled in the ``rapidocr`` package, pinned by path (read by
:class:`worker.engines.ocr_pipeline.OcrPipeline`), or int8 copies derived from them on
this machine (worker/engines/ocr_models.py). Page rotation is handled here, once per
page. Reading order, paragraphs, headings and tables come from the line boxes through
the same layout code as ``pdf-text`` (:func:`worker.engines.layout.layout_lines`):
rapidocr's own order runs row by row across columns.
"""

from __future__ import annotations

import bisect
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from PIL import Image

from common.documents.results import PageResult, Word
from worker.engines import ocr_models
from worker.engines.base import Engine, PageError, PageInput
from worker.engines.layout import LayoutLine, layout_lines
from worker.engines.ocr_bands import band_dividers
from worker.engines.ocr_numbers import settle_separators
from worker.engines.ocr_pipeline import (
    MAX_SIDE,
    REC_MIN_WIDTH,
    SECOND_READING_BELOW,
    Box,
    OcrLine,
    OcrPipeline,
)
from worker.engines.ocr_print import raised_markers, small_print
from worker.engines.ocr_stacks import unstack

log = logging.getLogger(__name__)

_INT8_FLAGS = ("avx512_vnni", "avx_vnni", "amx_int8", "asimddp")  # x86 VNNI/AMX, Arm dot product


def int8_dot_product(cpuinfo: str | None = None) -> bool:
    """Whether this CPU multiplies int8 with dedicated instructions (``/proc/cpuinfo``).

    The int8 models were measured on such a CPU only. Without them, ONNX Runtime's
    uint8 x int8 kernels can saturate intermediate sums (its documentation's reason for
    reduce_range), and on an AVX2-only CPU an earlier session measured the int8
    recognizer only 23 % faster: fp32 is the safe choice there.
    """
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text()
        except OSError:
            return False
    flags = set()
    for line in cpuinfo.splitlines():
        if line.startswith(("flags", "Features")):
            flags.update(line.partition(":")[2].split())
    return any(flag in flags for flag in _INT8_FLAGS)


def default_model_dir() -> Path:
    from common.core.settings import get_settings

    settings = get_settings()
    return settings.engines.ocr_model_dir or settings.data_dir / "ocr-models"


def _int8_models(directory: Path, sources: dict[str, Path]) -> dict[str, Path] | None:
    try:
        return ocr_models.ensure(directory, sources)
    except Exception:  # an OCR engine that reads in fp32 beats no OCR engine
        log.warning("int8 OCR models unavailable in %s; OCR runs in fp32", directory, exc_info=True)
        return None


def bundled_models() -> dict[str, Path]:
    import rapidocr

    root = Path(rapidocr.__file__).parent / "models"
    return {
        "det": root / "PP-OCRv6_det_small.onnx",
        "rec": root / "PP-OCRv6_rec_small.onnx",
        "cls": root / "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    }


class RapidOcr(OcrPipeline):
    """The pipeline on the models this machine should read with: int8 where asked for and
    the CPU has int8 dot-product instructions, else rapidocr's bundled fp32 models."""

    def __init__(
        self,
        *,
        threads: int = 1,
        max_side: int = MAX_SIDE,
        crop_to_content: bool = True,
        rec_min_width: int = REC_MIN_WIDTH,
        precision: Literal["int8", "fp32"] = "int8",
        model_dir: Path | None = None,
        det_model: str | None = None,
        rec_model: str | None = None,
        second_reading_below: float = SECOND_READING_BELOW,
    ) -> None:
        models = bundled_models()
        missing = [str(p) for p in models.values() if not p.is_file()]
        if missing:
            raise RuntimeError(f"rapidocr's bundled models are missing: {', '.join(missing)}")
        # "int8" is a request: where the int8 models cannot be derived, or the CPU has no
        # int8 dot-product instructions, OCR reads in fp32.
        self.precision = "fp32"
        wants_int8 = precision == "int8" and not (det_model or rec_model)
        if wants_int8 and not int8_dot_product():
            log.info("this CPU has no VNNI/AMX int8 instructions; OCR runs in fp32")
        elif wants_int8:
            derived = _int8_models(Path(model_dir) if model_dir else default_model_dir(), models)
            if derived:
                models.update(derived)
                self.precision = "int8"
        if det_model:  # benchmarks: a model file of one's own (never downloaded)
            models["det"] = Path(det_model)
        # The int8 recognizer misreads faded print a little more often than the fp32 one:
        # its uncertain lines are read again in fp32 (SECOND_READING_BELOW; 0: never).
        second = bundled_models()["rec"] if self.precision == "int8" and not rec_model else None
        if rec_model:
            models["rec"] = Path(rec_model)
        super().__init__(
            models,
            threads=threads,
            max_side=max_side,
            crop_to_content=crop_to_content,
            rec_min_width=rec_min_width,
            second_reading=second,
            second_reading_below=second_reading_below,
        )


def upright(lines: Sequence[OcrLine]) -> bool:
    """Whether the text on the page reads left to right as it stands: most lines are
    wider than tall. A page turned by 90° gives tall, narrow line boxes."""
    if not lines:
        return True
    wide = sum(1 for ln in lines if (ln.box[2] - ln.box[0]) >= (ln.box[3] - ln.box[1]))
    return wide >= len(lines) / 2


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


def mean_score(lines: Sequence[OcrLine]) -> float:
    # Weighted by length: a page of garbage from an upside-down read scores low on the
    # long lines, even if a few short tokens read well.
    total = sum(len(ln.text) for ln in lines)
    if not total:
        return 0.0
    return sum(ln.score * len(ln.text) for ln in lines) / total


class RapidOcrEngine(Engine):
    name = "rapidocr"

    def __init__(self, ocr: RapidOcr | None = None) -> None:
        self._ocr = ocr

    @property
    def ocr(self) -> RapidOcr:
        if self._ocr is None:  # loaded on first use: after fork, in the worker process
            from common.core.settings import get_settings

            engines = get_settings().engines
            self._ocr = RapidOcr(
                precision=engines.ocr_precision, second_reading_below=engines.ocr_second_reading_below
            )
            ocr = self._ocr
            log.info("rapidocr loaded with %s models from %s", ocr.precision, ocr.models["det"].parent)
        return self._ocr

    def convert(self, pages: Sequence[PageInput]) -> list[PageResult | PageError]:
        return [self.convert_page(p) for p in pages]

    def convert_page(self, page: PageInput) -> PageResult | PageError:
        if page.image is None:
            return PageError("no_image", f"page {page.page_no} was not rendered for OCR")
        started = time.perf_counter()
        image, lines, rotation, rules = self._read_upright(page.image)
        ocr_s = time.perf_counter() - started
        # Boxes are in pixels of the (possibly turned) image; the page is reported in the
        # orientation it reads in, in page units.
        turned = rotation in (90, 270)
        width, height = (page.height, page.width) if turned else (page.width, page.height)
        sx, sy = width / image.width, height / image.height
        lines = unstack(lines)
        layout = to_layout_lines(lines, sx, sy, image)
        t_layout = time.perf_counter()
        # The rules drawn on the scan make its ruled tables, as a text layer's do; a
        # shaded header band's cells are set apart as a text layer's cell fills are.
        rules = [*rules, *band_dividers(lines, rules)]
        drawn = [(x0 * sx, top * sy, x1 * sx, bottom * sy) for x0, top, x1, bottom in rules]
        blocks = layout_lines(layout, width, height, allow_title=page.page_no == 1, rules=drawn)
        # A thousands comma read as a full stop makes a number a thousand times smaller:
        # each table column's own convention settles it.
        blocks = settle_separators(blocks)
        warnings = [f"page was rotated by {rotation}°; it was read upright"] if rotation else []
        if not lines:
            warnings.append("no text found on the page")
        return PageResult(
            page_no=page.page_no,
            engine=self.name,
            width=width,
            height=height,
            blocks=blocks,
            timings={"ocr_s": round(ocr_s, 4), "layout_s": round(time.perf_counter() - t_layout, 4)},
            warnings=warnings,
        )

    def _read_upright(self, image: Image.Image) -> tuple[Image.Image, list[OcrLine], int, list[Box]]:
        """Read the page; if it is turned (90/180/270), read it turned back.

        Sideways text shows as tall line boxes; upside-down text reads with low
        confidence. Only then is the page read again (once or twice more), and
        the orientation with the best length-weighted confidence wins.
        """
        lines, rules = self.ocr.read_page(image)
        score = mean_score(lines)
        if upright(lines) and (not lines or score >= 0.9):
            return image, lines, 0, rules
        candidates = [(score if upright(lines) else 0.0, 0, image, lines, rules)]
        # Tall boxes: turned by a quarter, either way. Wide boxes read badly: upside down.
        for rotation in (90, 270) if not upright(lines) else (180,):
            # PIL rotates counter-clockwise; undoing a page turned clockwise by r.
            turned = image.rotate(rotation, expand=True)
            read, drawn = self.ocr.read_page(turned)
            candidates.append((mean_score(read) if upright(read) else 0.0, rotation, turned, read, drawn))
        best = max(candidates, key=lambda c: (c[0], -c[1]))
        return best[2], best[3], best[1], best[4]
