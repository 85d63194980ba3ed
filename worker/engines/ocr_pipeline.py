"""rapidocr's detector and recognizer on given model files: a page image in, its text lines
with boxes and confidences out.

The models are always files named here, never rapidocr's defaults: any other model
choice makes rapidocr try to download, which must never happen on a worker. The angle
classifier is off (it garbles small print, see shared/notes/cpu-engines.md). Which model
files a worker reads with (int8 or fp32) is :class:`worker.engines.rapidocr.RapidOcr`'s
choice; the int8 models' calibration (worker/engines/ocr_models.py) records what this
pipeline feeds the fp32 ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

from common.core.engines import OCR_MAX_EDGE
from worker.engines.ocr_corrections import ctc_score, prefer_commas, prefer_look_alikes
from worker.engines.ocr_image import (
    band_skews,
    content_box,
    flatten_lines,
    quad_thickness,
    rotation_matrix,
    skew_degrees,
)
from worker.engines.ocr_rules import page_rules

# The page is scaled down to this longest side before detection (speed vs small print):
# a letter page at 140 DPI, where 8 pt footnotes are about 15 px tall. It is the catalog's
# render cap for OCR, so a page is never rendered bigger than it is read.
MAX_SIDE = OCR_MAX_EDGE
# The recognizer reads a line scaled to 48 pixels high, padded to at least this width.
# rapidocr pads to 320 (PaddleOCR's training shape), so a table cell of a few characters
# cost as much as a line of 40. At 160 a ruled table's scan read 40 % faster and an
# invoice's 20 % (bench/ocr_ab.py), with the same output on the generated corpus and one
# character more wrong in 17,974 on 16 real pages (bench/ocr_real_pages.py; both in
# bench/results/accuracy.md).
REC_MIN_WIDTH = 160

# A line the int8 recognizer reads with a score (mean character probability) under this
# is read again by the fp32 one, whose reading is kept (:class:`_Reading`). On faded
# thermal receipts the int8 model's misreads ("4330O", "SON BHD") came with scores up to
# 0.98, and the fp32 reading was the better one more often than its own score said
# (bench/results/receipts.md). Clean print mostly scores higher: 6 % of the lines of the
# generated scans are read twice, for 3-5 % more time per page.
SECOND_READING_BELOW = 0.98
# The detector's post-processing looks at this many of the probability map's contours at
# most (rapidocr's default is 1000), in OpenCV's order, which starts at the page's
# bottom: on a dense table page (751 lines kept of more contours, specks included) the top
# fifth of the page, title and header, was never read. The contours past the cap are
# cheap to look at (a speck is dropped on its size).
DET_MAX_CANDIDATES = 100_000

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


# A line of one or two characters read with less confidence than this is dropped: the
# detector's guess at a picture (a logo's ellipse read as "T" at 0.55, "•" at 0.71). Of
# 37 such lines on 21 real and generated pages, 35 scored 0.99 or more.
SHORT_LINE_CHARS = 2
SHORT_LINE_MIN_SCORE = 0.75


# The recognizer reads Chinese too, and in Latin text it sometimes gives a full-width form
# of an ASCII sign (U+FF08 for "(", U+FF1A for ":"): a value then no longer matches what was
# printed. In a line with no CJK character those forms are folded to ASCII.
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def fold_full_width(text: str) -> str:
    if text.isascii() or _CJK.search(text):
        return text
    return text.translate(_FULL_WIDTH)


class OcrPipeline:
    """One loaded pipeline (≈0.3 s to load, ≈0.6 GB at peak): once per worker process.

    ``models``: the ONNX files to read with, by role (``det``, ``rec`` and ``cls``).
    """

    def __init__(
        self,
        models: dict[str, Path],
        *,
        threads: int = 1,
        max_side: int = MAX_SIDE,
        crop_to_content: bool = True,
        rec_min_width: int = REC_MIN_WIDTH,
        second_reading: Path | None = None,
        second_reading_below: float = SECOND_READING_BELOW,
    ) -> None:
        from rapidocr import RapidOCR

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
                "Det.max_candidates": DET_MAX_CANDIDATES,
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
        rec_model = self.pipeline._load_rec_model()  # see record_inputs
        rec_model.session = _Reading(
            rec_model.session,
            list(rec_model.postprocess_op.character),
            second=second_reading if second_reading_below > 0 else None,
            below=second_reading_below,
            threads=threads,
        )

    def read(self, image: Image.Image) -> list[OcrLine]:
        return self.read_page(image)[0]

    def read_page(self, image: Image.Image) -> tuple[list[OcrLine], list[Box]]:
        """The page's text lines, and the rules drawn on it (:mod:`worker.engines.ocr_rules`),
        both in pixels of ``image`` with the scan's skew taken out."""
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
            return [], []
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
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        skew = skew_degrees(gray)
        # A photographed page also bends: what is left of each band's tilt once the
        # page's skew is out goes with the line boxes (rows in pixels of ``image``).
        thickness = sorted(quad_thickness(np.asarray(q, dtype=float)) for q in out.boxes)
        curl = [
            ((row + y_off) / scale_y, float(np.tan(np.radians(degrees - skew))))
            for row, degrees in band_skews(gray, thickness[len(thickness) // 2] if thickness else 0.0, skew)
        ]
        centre = np.array([image.width / 2, image.height / 2])
        rot = rotation_matrix(-skew)

        def turn(pts: np.ndarray) -> np.ndarray:
            turned: np.ndarray = (pts - centre) @ rot.T + centre
            return turned

        def straighten(pts: np.ndarray) -> Box:
            pts = turn(pts)
            return (
                float(pts[:, 0].min()),
                float(pts[:, 1].min()),
                float(pts[:, 0].max()),
                float(pts[:, 1].max()),
            )

        word_results = out.word_results or [()] * len(quads)
        kept = [
            i
            for i, (text, score) in enumerate(zip(out.txts, out.scores, strict=True))
            if len(str(text).strip()) > SHORT_LINE_CHARS or score >= SHORT_LINE_MIN_SCORE
        ]
        boxes = flatten_lines([turn(quads[i]) for i in kept], image.width / 2, curl)
        lines: list[OcrLine] = []
        for i, line_box in zip(kept, boxes, strict=True):
            lines.append(
                OcrLine(
                    fold_full_width(str(out.txts[i])),
                    line_box,
                    float(out.scores[i]),
                    tuple(
                        OcrWord(fold_full_width(str(w)), straighten(to_image(q)), float(sc))
                        for w, sc, q in word_results[i]
                        if str(w).strip()
                    ),
                )
            )
        line_height = thickness[len(thickness) // 2] if thickness else 0.0
        rules: list[Box] = []
        for ends, across in page_rules(gray, line_height, skew, out.boxes):
            left, top, right, bottom = straighten(to_image(ends))
            half = across / scale_y / 2
            rules.append((left - half, top - half, right + half, bottom + half))
        return lines, rules

    def record_inputs(self, det: list[np.ndarray], rec: list[np.ndarray]) -> None:
        """From now on, append a copy of every input the detector sees to ``det``, and of
        every line the recognizer sees to ``rec``: the int8 models' calibration data."""
        # rapidocr has no public way to reach its ONNX sessions; its lazy loaders load
        # each model once and return the one the pipeline then runs. This method is the
        # one place that relies on them.
        det_model = self.pipeline._load_det_model()
        det_model.session = _Recording(det_model.session, det)
        rec_model = self.pipeline._load_rec_model()
        rec_model.session = _Recording(rec_model.session, rec)


class _Reading:
    """Stands in for the recognizer's session (one line per call): a line read with a
    score under ``below`` is read again by the model at ``second`` from the same input,
    and that reading is kept; then look-alikes are settled by their token's kind
    (:func:`prefer_look_alikes`), and a token's closing full stop that may be a comma
    (:func:`prefer_commas`). The second model is loaded on first need."""

    def __init__(
        self, session: Any, characters: list[str], *, second: Path | None, below: float, threads: int
    ) -> None:
        self._session = session
        self._characters = characters
        self._index = {c: i for i, c in enumerate(characters) if len(c) == 1}
        self._second_path = second
        self._second: Any = None
        self._below = below
        self._threads = threads

    def _second_session(self) -> Any:
        if self._second is None:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.log_severity_level = 4
            options.intra_op_num_threads = self._threads
            options.inter_op_num_threads = 1
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            self._second = ort.InferenceSession(
                str(self._second_path), options, providers=["CPUExecutionProvider"]
            )
        return self._second

    def __call__(self, x: np.ndarray) -> np.ndarray:
        preds: np.ndarray = self._session(x)
        for row in range(preds.shape[0]):
            best = preds[row].argmax(axis=1)
            if self._second_path is not None and ctc_score(preds[row], best) < self._below:
                second = self._second_session()
                preds[row] = second.run(None, {second.get_inputs()[0].name: x[row : row + 1]})[0][0]
                best = preds[row].argmax(axis=1)
            prefer_look_alikes(preds[row], best, self._characters, self._index)
            prefer_commas(preds[row], preds[row].argmax(axis=1), self._characters, self._index)
        return preds

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


class _Recording:
    """Stands in for a rapidocr inference session: keeps every input, then runs it."""

    def __init__(self, session: Any, sink: list[np.ndarray]) -> None:
        self._session = session
        self._sink = sink

    def __call__(self, x: np.ndarray) -> Any:
        self._sink.append(np.array(x, copy=True))
        return self._session(x)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)
