"""The ``rapidocr`` engine: PP-OCRv6 detection + recognition through ONNX Runtime, offline.

The models are the ones bundled in the ``rapidocr`` package, pinned by path (read by
:class:`worker.engines.ocr_pipeline.OcrPipeline`), or int8 copies derived from them on
this machine (worker/engines/ocr_models.py). Page rotation is handled here, once per
page. Reading order, paragraphs, headings and tables come from the line boxes through
the same layout code as ``pdf-text`` (:func:`worker.engines.layout.layout_lines`):
rapidocr's own order runs row by row across columns.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from PIL import Image

from common.documents.results import PageResult
from worker.engines import ocr_models
from worker.engines.base import Engine, PageError, PageInput
from worker.engines.layout import layout_lines
from worker.engines.ocr_bands import band_dividers
from worker.engines.ocr_lines import to_layout_lines
from worker.engines.ocr_numbers import settle_separators
from worker.engines.ocr_pipeline import (
    MAX_SIDE,
    REC_MIN_WIDTH,
    SECOND_READING_BELOW,
    Box,
    OcrLine,
    OcrPipeline,
)
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
