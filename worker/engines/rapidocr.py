"""The ``rapidocr`` engine: PP-OCRv6 detection + recognition through ONNX Runtime, offline.

The models are the ones bundled in the ``rapidocr`` package, pinned by path: any other
model choice makes rapidocr try to download, which must never happen on a worker. The
angle classifier is off (it garbles small print, see shared/notes/cpu-engines.md);
page rotation is handled here, once per page. Reading order, paragraphs, headings and
tables come from the line boxes through the same layout code as ``pdf-text``
(:func:`worker.engines.layout.layout_lines`): rapidocr's own order runs row by row
across columns.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import cv2
import numpy as np
from PIL import Image

from common.documents.results import PageResult, Word
from worker.engines.base import Engine, PageError, PageInput
from worker.engines.layout import LayoutLine, layout_lines

# Pages are rendered for OCR at this resolution, but at most MAX_SIDE pixels on their
# longest side: that is what OCR reads (a letter page at 140 DPI, where 8 pt footnotes
# are about 15 px tall; small pages keep 200 DPI).
OCR_DPI = 200
# The page is scaled down to this longest side before detection (speed vs small print).
MAX_SIDE = 1540
# The recognizer reads a line scaled to 48 pixels high, padded to at least this width.
# rapidocr pads to 320 (PaddleOCR's training shape), so a table cell of a few characters
# cost as much as a line of 40. At 160 a ruled table's scan read 40 % faster and an
# invoice's 20 % (bench/ocr_ab.py), with the same output on the generated corpus and one
# character more wrong in 17,974 on 16 real pages (bench/ocr_real_pages.py; both in
# bench/results/accuracy.md).
REC_MIN_WIDTH = 160


log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in image pixels


@dataclass(frozen=True)
class OcrWord:
    text: str
    box: Box
    score: float


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: Box
    score: float
    words: tuple[OcrWord, ...] = ()


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
    from worker.engines import ocr_models

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


class RapidOcr:
    """One loaded pipeline (≈0.3 s to load, ≈0.6 GB at peak): once per worker process."""

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
    ) -> None:
        from rapidocr import RapidOCR

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
        if rec_model:
            models["rec"] = Path(rec_model)
        self.models = models
        self.max_side = max_side
        self.crop_to_content = crop_to_content
        self.pipeline = RapidOCR(
            params={
                "Global.use_cls": False,
                # The page is scaled (and cropped) here, before rapidocr sees it: a crop
                # must be read at the page's scale, not blown up to max_side.
                "Global.max_side_len": 1 << 20,
                "Global.log_level": "error",
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                "Det.model_path": str(models["det"]),
                "Rec.model_path": str(models["rec"]),
                "Cls.model_path": str(models["cls"]),
                # One line per recognizer call: batches pad every line to the widest,
                # which cost 30 % more on a dense page (3.8 s vs 2.9 s for 101 lines).
                "Rec.rec_batch_num": 1,
                # The recognizer's cost is linear in its input's width (about 0.1 ms per
                # column here).
                "Rec.rec_img_shape": [3, 48, rec_min_width],
                # Word boxes come from the recognizer's own alignment: ~3 % extra time.
                "Global.return_word_box": True,
            }
        )

    def read(self, image: Image.Image) -> list[OcrLine]:
        rgb = np.asarray(image.convert("RGB"))
        height, width = rgb.shape[:2]
        scale = min(1.0, self.max_side / max(height, width))
        scale_x = scale_y = 1.0
        if scale < 1.0:
            size = (max(1, round(width * scale)), max(1, round(height * scale)))
            rgb = cv2.resize(rgb, size)
            scale_x, scale_y = size[0] / width, size[1] / height
        x_off, y_off = 0, 0
        if self.crop_to_content:
            box = content_box(rgb)
            if box is not None:
                x_off, y_off, x1, y1 = box
                rgb = rgb[y_off:y1, x_off:x1]
        rgb = np.ascontiguousarray(rgb)
        out: Any = self.pipeline(rgb)
        if out.boxes is None or out.txts is None:
            return []
        offset = np.array([x_off, y_off], dtype=float)
        scales = np.array([scale_x, scale_y])

        def to_image(quad: Any) -> np.ndarray:  # detector pixels -> pixels of ``image``
            pts: np.ndarray = (np.asarray(quad, dtype=float) + offset) / scales
            return pts

        quads = [to_image(q) for q in out.boxes]
        # A scan is rarely straight: a fraction of a degree shifts a line's end by a row
        # height across the page, and rows of a table or of two columns stop lining up.
        # The boxes are turned back by the ink's skew before the layout sees them (the
        # scales are equal but for rounding, so the angle is the page's).
        skew = skew_degrees(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
        centre = np.array([image.width / 2, image.height / 2])
        rot = _rotation_matrix(-skew)

        def straighten(pts: np.ndarray) -> Box:
            pts = (pts - centre) @ rot.T + centre
            return (
                float(pts[:, 0].min()),
                float(pts[:, 1].min()),
                float(pts[:, 0].max()),
                float(pts[:, 1].max()),
            )

        word_results = out.word_results or [()] * len(quads)
        lines: list[OcrLine] = []
        for pts, text, score, words in zip(quads, out.txts, out.scores, word_results, strict=True):
            if len(str(text).strip()) <= SHORT_LINE_CHARS and score < SHORT_LINE_MIN_SCORE:
                continue
            lines.append(
                OcrLine(
                    str(text),
                    straighten(pts),
                    float(score),
                    tuple(
                        OcrWord(str(w), straighten(to_image(q)), float(sc))
                        for w, sc, q in words
                        if str(w).strip()
                    ),
                )
            )
        return lines


# A line of one or two characters read with less confidence than this is dropped: the
# detector's guess at a picture (a logo's ellipse read as "T" at 0.55, "•" at 0.71). Of
# 37 such lines on 21 real and generated pages, 35 scored 0.99 or more.
SHORT_LINE_CHARS = 2
SHORT_LINE_MIN_SCORE = 0.75

# Ink is a pixel this much darker than the paper: well clear of scanner noise (sigma about 10),
# still catching grey (#999) print.
INK_CONTRAST = 48
# Kept around the ink when a page is cropped, in pixels at the detector's scale.
CONTENT_MARGIN = 24
# The detector scales an image whose short side is below this up to it (rapidocr's
# Det.limit_side_len): a crop is not made smaller than that where the page allows.
DET_MIN_SIDE = 736


def content_box(rgb: np.ndarray) -> tuple[int, int, int, int] | None:
    """The part of the page with ink on it, plus a margin, as (x0, y0, x1, y1); None when
    cropping would save little or the page has no paper-coloured background.

    Text detection costs time in proportion to the pixels it sees, and a page's margins
    are a third or more of it. The detector's output does not depend on blank paper far
    from any text, so the margins are cut before it runs.
    """
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    height, width = gray.shape
    paper = float(np.median(gray[::4, ::4]))
    if paper < 2 * INK_CONTRAST:  # a dark page: no paper to cut away
        return None
    ink = gray < paper - INK_CONTRAST
    # Two ink pixels in a row or column: a lone noise pixel does not widen the box.
    rows = np.flatnonzero(np.count_nonzero(ink, axis=1) >= 2)
    cols = np.flatnonzero(np.count_nonzero(ink, axis=0) >= 2)
    if rows.size == 0 or cols.size == 0:
        return None
    x0, x1 = _grow(int(cols[0]) - CONTENT_MARGIN, int(cols[-1]) + 1 + CONTENT_MARGIN, width)
    y0, y1 = _grow(int(rows[0]) - CONTENT_MARGIN, int(rows[-1]) + 1 + CONTENT_MARGIN, height)
    if (x1 - x0) * (y1 - y0) > 0.9 * width * height:
        return None
    return x0, y0, x1, y1


def _grow(lo: int, hi: int, size: int) -> tuple[int, int]:
    """[lo, hi) clipped to the image, then widened about its centre to DET_MIN_SIDE."""
    lo, hi = max(0, lo), min(size, hi)
    short = min(DET_MIN_SIDE, size) - (hi - lo)
    if short > 0:
        lo = max(0, lo - short // 2 - short % 2)
        hi = min(size, lo + min(DET_MIN_SIDE, size))
        lo = hi - min(DET_MIN_SIDE, size)
    return lo, hi


# Skew is searched within this many degrees (beyond it, it is layout, not a scan's tilt),
# first in coarse steps, then finely around the best coarse angle.
MAX_SKEW = 5.0
_COARSE_STEP, _FINE_STEP = 0.25, 0.02
# Ink pixels looked at, at most (a page of text has 50-150 thousand at the detector's
# scale; a photo or a dark band can have a million, and time and memory follow them).
MAX_SKEW_PIXELS = 200_000


def skew_degrees(gray: np.ndarray) -> float:
    """The angle of the page's text lines, in degrees (positive: lines run down to the
    right, in image coordinates), from the ink's row profile.

    Sheared by the right angle, the ink falls into sharp rows and gaps, and the row
    profile's sum of squares peaks. The detector's quads were tried first: half of them
    come out axis-aligned on a slightly tilted scan, and their median missed the tilt
    by up to 0.6 degrees, enough for a table's rows to stop lining up across a page.
    """
    # At the detector's scale (12 ms for a page of text); at half of it the estimate was
    # off by up to 0.2 degrees on the test scans, against 0.03 here.
    paper = float(np.median(gray[::4, ::4]))
    if paper < 2 * INK_CONTRAST:
        return 0.0
    ys, xs = np.nonzero(gray < paper - INK_CONTRAST)
    if ys.size < 50:
        return 0.0
    if ys.size > MAX_SKEW_PIXELS:  # a dark photo or a dense page: every k-th ink pixel will do
        step = -(-ys.size // MAX_SKEW_PIXELS)
        ys, xs = ys[::step], xs[::step]
    xs_c = xs.astype(np.float64) - xs.mean()
    ys_f = ys.astype(np.float64)

    def sharpness(degrees: float) -> float:
        rows = np.round(ys_f - xs_c * np.tan(np.radians(degrees))).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    def best(lo: float, hi: float, step: float) -> float:
        angles = np.arange(lo, hi + step / 2, step)
        return float(angles[int(np.argmax([sharpness(a) for a in angles]))])

    # Searched a little beyond MAX_SKEW, so that text slanted further peaks out there
    # rather than at the range's edge: a slanted layout, not a tilted scan.
    coarse = best(-MAX_SKEW - 3, MAX_SKEW + 3, _COARSE_STEP)
    if abs(coarse) > MAX_SKEW:
        return 0.0
    fine = best(coarse - _COARSE_STEP, coarse + _COARSE_STEP, _FINE_STEP)
    return round(fine, 3)


def _rotation_matrix(degrees: float) -> np.ndarray:
    r = np.radians(degrees)
    return np.array([[np.cos(r), -np.sin(r)], [np.sin(r), np.cos(r)]])


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
# centre, which is what the shared layout's row grouping and heading rules expect.
BODY_HEIGHT_RATIO = 1.2
# A detected line box is about this much taller than the font size it holds.
BOX_TO_FONT = 0.72


def to_layout_lines(lines: Sequence[OcrLine], sx: float, sy: float) -> list[LayoutLine]:
    if not lines:
        return []
    heights = sorted(ln.box[3] - ln.box[1] for ln in lines)
    median = heights[len(heights) // 2]
    out: list[LayoutLine] = []
    for ln in lines:
        x0, top, x1, bottom = ln.box
        h = bottom - top
        if h <= median * BODY_HEIGHT_RATIO:
            centre = (top + bottom) / 2
            h = median
            top, bottom = centre - h / 2, centre + h / 2
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
    queue = "cpu"
    render_dpi = OCR_DPI
    render_max_edge = MAX_SIDE

    def __init__(self, ocr: RapidOcr | None = None) -> None:
        self._ocr = ocr

    @property
    def ocr(self) -> RapidOcr:
        if self._ocr is None:  # loaded on first use: after fork, in the worker process
            from common.core.settings import get_settings

            self._ocr = RapidOcr(precision=get_settings().engines.ocr_precision)
            ocr = self._ocr
            log.info("rapidocr loaded with %s models from %s", ocr.precision, ocr.models["det"].parent)
        return self._ocr

    def convert(self, pages: Sequence[PageInput]) -> list[PageResult | PageError]:
        return [self.convert_page(p) for p in pages]

    def convert_page(self, page: PageInput) -> PageResult | PageError:
        if page.image is None:
            return PageError("no_image", f"page {page.page_no} was not rendered for OCR")
        started = time.perf_counter()
        image, lines, rotation = self._read_upright(page.image)
        ocr_s = time.perf_counter() - started
        # Boxes are in pixels of the (possibly turned) image; the page is reported in the
        # orientation it reads in, in page units.
        turned = rotation in (90, 270)
        width, height = (page.height, page.width) if turned else (page.width, page.height)
        sx, sy = width / image.width, height / image.height
        layout = to_layout_lines(lines, sx, sy)
        t_layout = time.perf_counter()
        blocks = layout_lines(layout, width, height, allow_title=page.page_no == 1)
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

    def _read_upright(self, image: Image.Image) -> tuple[Image.Image, list[OcrLine], int]:
        """Read the page; if it is turned (90/180/270), read it turned back.

        Sideways text shows as tall line boxes; upside-down text reads with low
        confidence. Only then is the page read again (once or twice more), and
        the orientation with the best length-weighted confidence wins.
        """
        lines = self.ocr.read(image)
        score = mean_score(lines)
        if upright(lines) and (not lines or score >= 0.9):
            return image, lines, 0
        candidates = [(score if upright(lines) else 0.0, 0, image, lines)]
        # Tall boxes: turned by a quarter, either way. Wide boxes read badly: upside down.
        for rotation in (90, 270) if not upright(lines) else (180,):
            # PIL rotates counter-clockwise; undoing a page turned clockwise by r.
            turned = image.rotate(rotation, expand=True)
            read = self.ocr.read(turned)
            candidates.append((mean_score(read) if upright(read) else 0.0, rotation, turned, read))
        best = max(candidates, key=lambda c: (c[0], -c[1]))
        return best[2], best[3], best[1]
