"""Int8 copies of rapidocr's bundled detection and recognition models, made on this machine.

Convolutions are most of OCR's time (80 % of detection, 60 % of recognition); in int8
they ran 2-3x faster on this project's CPUs (VNNI). OCR as a whole took 40 % less time,
and read 23 characters more wrong of 17,974 on 16 real pages (bench/results/accuracy.md).
Nothing is downloaded: the int8 models are *derived* from the fp32 models the rapidocr
package ships, by ONNX Runtime's static quantisation, calibrated on synthetic document
pages drawn here (:func:`calibration_pages`): the same inputs on every machine.

They are derived once per model directory (``pagemill ocr-models``, run by ``make
setup`` and the container build), or by the first worker that needs them, under a file
lock. A manifest records what they came from; when rapidocr's models or onnxruntime
change, they are derived again. Where they cannot be made (the ``onnx`` package
missing, a read-only directory), OCR runs the fp32 models and says so in the log.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import random
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

log = logging.getLogger(__name__)

# Bump when the derivation changes (calibration pages, quantisation settings): every
# model directory is then derived again.
DERIVATION = 1
MANIFEST = "manifest.json"
FILES = {"det": "det-int8.onnx", "rec": "rec-int8.onnx"}
CALIBRATION_PAGES = 6
CALIBRATION_LINES = 240  # recognizer inputs kept (of ~400 the pages give), every k-th


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _expected(sources: dict[str, Path]) -> dict[str, Any]:
    import onnxruntime

    return {
        "derivation": DERIVATION,
        "onnxruntime": onnxruntime.__version__,
        "sources": {k: _sha256(sources[k]) for k in FILES},
    }


def installed(directory: Path, sources: dict[str, Path]) -> dict[str, Path] | None:
    """The derived models in ``directory`` if they are there, whole, and derived from
    ``sources`` by this derivation and onnxruntime version; otherwise None."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    if {k: manifest.get(k) for k in ("derivation", "onnxruntime", "sources")} != _expected(sources):
        return None
    paths = {k: directory / name for k, name in FILES.items()}
    for k, path in paths.items():
        if not path.is_file() or _sha256(path) != manifest.get("files", {}).get(k):
            return None
    return paths


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".lock").open("a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # one process derives; the others wait, then reuse
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def ensure(directory: Path, sources: dict[str, Path], *, pages: int = CALIBRATION_PAGES) -> dict[str, Path]:
    """The int8 models for ``sources`` in ``directory``, derived first if needed (about a
    minute on two cores)."""
    found = installed(directory, sources)
    if found:
        return found
    with _locked(directory):
        found = installed(directory, sources)  # another process may have finished meanwhile
        if found:
            return found
        log.info("deriving int8 OCR models into %s (once per model directory)", directory)
        return derive(directory, sources, pages=pages)


def derive(directory: Path, sources: dict[str, Path], *, pages: int = CALIBRATION_PAGES) -> dict[str, Path]:
    """Quantise ``sources`` into ``directory`` and write the manifest; callers hold the lock."""
    det_inputs, rec_inputs = calibration_inputs(sources, pages)
    work = Path(tempfile.mkdtemp(prefix="ocr-int8-", dir=directory))
    try:
        _quantize(sources["det"], work / FILES["det"], det_inputs, ["Conv"], work, fuse=False)
        _quantize(sources["rec"], work / FILES["rec"], rec_inputs, ["Conv", "MatMul"], work, fuse=True)
        manifest = {
            **_expected(sources),
            "files": {k: _sha256(work / name) for k, name in FILES.items()},
            "calibration": {"pages": pages, "det_inputs": len(det_inputs), "rec_inputs": len(rec_inputs)},
        }
        # Models first, manifest last: a crash in between leaves no manifest that vouches
        # for half-written models.
        for name in FILES.values():
            os.replace(work / name, directory / name)
        tmp = directory / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(manifest, indent=1) + "\n")
        os.replace(tmp, directory / MANIFEST)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {k: directory / name for k, name in FILES.items()}


def _quantize(
    source: Path, target: Path, inputs: list[np.ndarray], ops: list[str], work: Path, *, fuse: bool
) -> None:
    import onnx
    import onnxruntime as ort
    from onnx import version_converter
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    # Per-channel weights need DequantizeLinear's axis, which arrived in opset 13; the
    # bundled models are opset 11.
    opset13 = work / f"{target.stem}.opset13.onnx"
    onnx.save(version_converter.convert_version(onnx.load(str(source)), 13), str(opset13))
    prepared = work / f"{target.stem}.prepared.onnx"
    if fuse:
        # The recognizer's GELUs are fused before quantising: left as Div/Erf/Add/Mul
        # between quantised convolutions, ONNX Runtime no longer fuses them, and they cost
        # more than the int8 convolutions save. Extended (not "all") optimisations are
        # hardware-independent. MatMuls are kept apart from their transposes and scales:
        # fused, they become FusedMatMul, which the quantiser passes over, and the
        # classifier over 18,710 characters is one of them (a fifth of the time).
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        options.optimized_model_filepath = str(prepared)
        ort.InferenceSession(
            str(opset13),
            options,
            providers=["CPUExecutionProvider"],
            disabled_optimizers=["MatmulTransposeFusion", "MatMulScaleFusion", "ConvActivationFusion"],
        )
    else:
        quant_pre_process(str(opset13), str(prepared), skip_symbolic_shape=True)

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.it = iter(inputs)

        def get_next(self) -> dict[str, np.ndarray] | None:
            x = next(self.it, None)
            return None if x is None else {"x": x}

    quantize_static(
        str(prepared),
        str(target),
        Reader(),
        quant_format=QuantFormat.QDQ,
        per_channel=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=ops,
    )


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


def calibration_inputs(sources: dict[str, Path], pages: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The detector's and recognizer's inputs while the fp32 pipeline reads the
    calibration pages: exactly what the int8 models will see, preprocessing included."""
    from worker.engines.rapidocr import RapidOcr

    ocr = RapidOcr(precision="fp32", det_model=str(sources["det"]), rec_model=str(sources["rec"]))
    det: list[np.ndarray] = []
    rec: list[np.ndarray] = []
    det_model = ocr.pipeline._load_det_model()
    det_model.session = _Recording(det_model.session, det)
    rec_model = ocr.pipeline._load_rec_model()
    rec_model.session = _Recording(rec_model.session, rec)
    for page in calibration_pages(pages):
        ocr.read(page)
    step = max(1, len(rec) // CALIBRATION_LINES)
    return det, rec[::step][:CALIBRATION_LINES]


_VOCABULARY = (
    "agreement invoice total amount due payment terms supplier customer clause party shall within "
    "days notice period delivery services schedule annex liability net tax VAT subtotal quantity "
    "unit price description reference order date account IBAN BIC GmbH Ltd Inc. No. Art. page "
    "confidential termination governing law"
)
_WORDS = _VOCABULARY.split()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size)


def _phrase(rng: random.Random, n: int) -> str:
    words = []
    for _ in range(n):
        r = rng.random()
        if r < 0.15:
            words.append(f"{rng.randint(1, 99999):,}.{rng.randint(0, 99):02d}")
        elif r < 0.25:
            words.append(rng.choice(_WORDS).upper())
        else:
            words.append(rng.choice(_WORDS))
    return " ".join(words)


def calibration_pages(count: int, seed: int = 20261121) -> list[Image.Image]:
    """Document-like grey pages (150 DPI A4): paragraphs at 7-14 pt, headings, a ruled
    table, grey print, white on a dark band, then a scanner's blur and noise. Their
    purpose is the *range* of every activation on real pages, not their text."""
    rng = random.Random(seed)
    pages = []
    for k in range(count):
        img = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(img)
        y = 90
        draw.text((100, y), _phrase(rng, 3).title(), fill=0, font=_font(44))
        y += 90
        while y < 1600:
            kind = rng.random()
            if kind < 0.55:  # a paragraph
                size = rng.choice((15, 18, 20, 24, 29))
                ink = rng.choice((0, 0, 0, 60, 110))
                for _ in range(rng.randint(2, 6)):
                    draw.text((100, y), _phrase(rng, 12 if size < 22 else 8), fill=ink, font=_font(size))
                    y += int(size * 1.45)
                y += size
            elif kind < 0.8:  # a ruled table, with or without column rules
                cols = [100, 420, 640, 860, 1140]
                top = y
                for _ in range(rng.randint(3, 6)):
                    draw.line((100, y, 1140, y), fill=0, width=2)
                    for c0 in cols[:-1]:
                        draw.text((c0 + 8, y + 8), _phrase(rng, 1 if c0 > 100 else 3), fill=0, font=_font(20))
                    y += 40
                draw.line((100, y, 1140, y), fill=0, width=2)
                if k % 2:
                    for c0 in cols:
                        draw.line((c0, top, c0, y), fill=0, width=1)
                y += 40
            else:  # a heading on a dark band, or a grey one
                band = rng.choice((40, 90, 200))
                draw.rectangle((90, y - 6, 1150, y + 44), fill=band)
                draw.text((100, y), _phrase(rng, 4), fill=255 if band < 128 else 0, font=_font(30))
                y += 80
        img = img.rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor=255)
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
        # Sensor noise from a seeded generator (PIL's effect_noise follows C's rand()).
        noise = np.random.default_rng(seed + k).normal(0.0, 10.0, (img.height, img.width))
        grey = np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
        pages.append(Image.fromarray(grey).convert("RGB"))
    return pages
