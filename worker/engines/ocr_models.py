"""Int8 copies of rapidocr's bundled detection and recognition models, made on this machine.

Convolutions are most of OCR's time (80 % of detection, 60 % of recognition); in int8
they ran 2-3x faster on this project's CPUs (VNNI). OCR as a whole took 40 % less time,
and read 1 character more wrong of 17,974 on 16 real pages (bench/results/accuracy.md).
Nothing is downloaded: the int8 models are *derived* from the fp32 models the rapidocr
package ships, by ONNX Runtime's static quantisation, calibrated on synthetic document
pages drawn here (:func:`calibration_pages`): the same inputs on every machine.

They are derived once per model directory (``pagemill ocr-models``, run by ``make
setup`` and the container build; about 75 s on two cores), or by the first worker that
needs them, under a file lock. A manifest records what they came from; when rapidocr's models or onnxruntime
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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from worker.engines.ocr_pipeline import OcrPipeline

log = logging.getLogger(__name__)

# Bump when the derivation changes (calibration pages, quantisation settings): every
# model directory is then derived again.
DERIVATION = 2
MANIFEST = "manifest.json"
FILES = {"det": "det-int8.onnx", "rec": "rec-int8.onnx"}
CALIBRATION_PAGES = 6
CALIBRATION_LINES = 240  # recognizer inputs kept, evenly spread over all the pages give
LOCK_TIMEOUT = 600.0  # seconds to wait for another process's derivation
_WORK_PREFIX = "ocr-int8-"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _expected(sources: dict[str, Path]) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    import onnxruntime

    try:
        onnx_version: str | None = version("onnx")  # its opset converter is part of the derivation
    except PackageNotFoundError:
        onnx_version = None
    return {
        "derivation": DERIVATION,
        "onnxruntime": onnxruntime.__version__,
        "onnx": onnx_version,
        "sources": {k: _sha256(sources[k]) for k in FILES},
    }


def installed(directory: Path, sources: dict[str, Path]) -> dict[str, Path] | None:
    """The derived models in ``directory`` if they are there, whole, and derived from
    ``sources`` by this derivation with these onnxruntime and onnx versions; otherwise None.
    Hashes the source and derived models (about 0.2 s): once per worker process."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    expected = _expected(sources)
    if not isinstance(manifest, dict) or {k: manifest.get(k) for k in expected} != expected:
        return None
    files = manifest.get("files")
    paths = {k: directory / name for k, name in FILES.items()}
    for k, path in paths.items():
        if not isinstance(files, dict) or not path.is_file() or _sha256(path) != files.get(k):
            return None
    return paths


@contextmanager
def _locked(directory: Path, timeout: float) -> Iterator[None]:
    """One process derives; the others wait for it, then reuse its models. A holder that
    never finishes (a paused container on a shared volume) costs a waiter ``timeout``
    seconds, then an error, and OCR reads in fp32, instead of a worker stuck for good."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".lock").open("a") as f:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"{directory}: another process has been deriving for {timeout:.0f} s"
                    ) from None
                time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def ensure(directory: Path, sources: dict[str, Path], *, pages: int = CALIBRATION_PAGES) -> dict[str, Path]:
    """The int8 models for ``sources`` in ``directory``, derived first if needed (about
    75 s on two cores)."""
    found = installed(directory, sources)
    if found:
        return found
    with _locked(directory, LOCK_TIMEOUT):
        found = installed(directory, sources)  # another process may have finished meanwhile
        if found:
            return found
        log.info("deriving int8 OCR models into %s (once per model directory)", directory)
        return derive(directory, sources, pages=pages)


def derive(directory: Path, sources: dict[str, Path], *, pages: int = CALIBRATION_PAGES) -> dict[str, Path]:
    """Quantise ``sources`` into ``directory`` and write the manifest; callers hold the lock."""
    for stale in directory.glob(_WORK_PREFIX + "*"):  # a derivation killed midway (we hold the lock)
        shutil.rmtree(stale, ignore_errors=True)
    det_inputs, rec_inputs = calibration_inputs(sources, pages)
    work = Path(tempfile.mkdtemp(prefix=_WORK_PREFIX, dir=directory))
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


def calibration_inputs(sources: dict[str, Path], pages: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The detector's and recognizer's inputs while the fp32 pipeline reads the
    calibration pages: exactly what the int8 models will see, preprocessing included.

    ``sources``: the fp32 models by role, the classifier's (``cls``) among them, as
    :func:`worker.engines.rapidocr.bundled_models` names them."""
    ocr = OcrPipeline(dict(sources))
    det: list[np.ndarray] = []
    rec: list[np.ndarray] = []
    ocr.record_inputs(det, rec)
    for page in calibration_pages(pages):
        ocr.read(page)
    keep = sorted(
        {round(i * (len(rec) - 1) / max(1, CALIBRATION_LINES - 1)) for i in range(CALIBRATION_LINES)}
    )
    return det, [rec[i] for i in keep if i < len(rec)]


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


def _grey(v: int) -> tuple[int, int, int]:
    return (v, v, v)


def calibration_pages(count: int, seed: int = 20261121) -> list[Image.Image]:
    """Document-like pages (150 DPI A4): paragraphs at 7-14 pt, headings, a ruled table,
    grey print, white on a dark band, pictures, then a scanner's blur and noise. Their
    purpose is the *range* of every activation on real pages, not their text."""
    rng = random.Random(seed)
    pages = []
    for k in range(count):
        img = Image.new("RGB", (1240, 1754), (255, 255, 255))
        draw = ImageDraw.Draw(img)
        y = 90
        draw.text((100, y), _phrase(rng, 3).title(), fill=_grey(0), font=_font(44))
        y += 90
        while y < 1600:
            kind = rng.random()
            if kind < 0.55:  # a paragraph
                size = rng.choice((15, 18, 20, 24, 29))
                ink = rng.choice((0, 0, 0, 60, 110))
                for _ in range(rng.randint(2, 6)):
                    draw.text(
                        (100, y), _phrase(rng, 12 if size < 22 else 8), fill=_grey(ink), font=_font(size)
                    )
                    y += int(size * 1.45)
                y += size
            elif kind < 0.8:  # a ruled table, with or without column rules
                cols = [100, 420, 640, 860, 1140]
                top = y
                for _ in range(rng.randint(3, 6)):
                    draw.line((100, y, 1140, y), fill=_grey(0), width=2)
                    for c0 in cols[:-1]:
                        draw.text(
                            (c0 + 8, y + 8), _phrase(rng, 1 if c0 > 100 else 3), fill=_grey(0), font=_font(20)
                        )
                    y += 40
                draw.line((100, y, 1140, y), fill=_grey(0), width=2)
                if k % 2:
                    for c0 in cols:
                        draw.line((c0, top, c0, y), fill=_grey(0), width=1)
                y += 40
            elif kind < 0.92:  # a heading on a dark band, or a grey one
                band = rng.choice((40, 90, 200))
                draw.rectangle((90, y - 6, 1150, y + 44), fill=_grey(band))
                draw.text((100, y), _phrase(rng, 4), fill=_grey(255 if band < 128 else 0), font=_font(30))
                y += 80
            else:  # a picture: its smooth tones and edges have activations text has not
                height = rng.randint(160, 320)
                img.paste(_picture(rng, 700, height), (100 + rng.randint(0, 340), y))
                y += height + 30
        img = img.rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
        # Sensor noise from a seeded generator (PIL's effect_noise follows C's rand()).
        noise = np.random.default_rng(seed + k).normal(0.0, 10.0, (img.height, img.width, 1))
        pixels = np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
        pages.append(Image.fromarray(pixels))
    return pages


def _picture(rng: random.Random, width: int, height: int) -> Image.Image:
    """Colour bands, a gradient, a filled shape and a soft texture: a logo or a photo."""
    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    bands = rng.randint(6, 20)
    base = [rng.randint(0, 255) for _ in range(3)]
    for b in range(bands):
        t = b / max(1, bands - 1)
        fill = tuple(int(c * (1 - t) + (255 - c) * t) for c in base)
        draw.rectangle((b * width // bands, 0, (b + 1) * width // bands, height), fill=fill)
    shape = (width // 4, height // 4, 3 * width // 4, 3 * height // 4)
    colour = tuple(rng.randint(0, 255) for _ in range(3))
    if rng.random() < 0.5:
        draw.ellipse(shape, fill=colour)
    else:
        draw.polygon(
            [(shape[0], shape[3]), ((shape[0] + shape[2]) // 2, shape[1]), (shape[2], shape[3])], fill=colour
        )
    texture = np.random.default_rng(rng.randint(0, 1 << 30)).normal(
        0, 40, (height // 16 + 1, width // 16 + 1, 3)
    )
    soft = Image.fromarray(np.clip(texture + 128, 0, 255).astype(np.uint8)).resize(
        (width, height), Image.Resampling.BICUBIC
    )
    return Image.blend(img, soft, 0.35)
