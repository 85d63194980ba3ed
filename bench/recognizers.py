"""Other text recognizers on the receipts' own line crops (issue 19): would another model
keep more key values verbatim than the shipped PP-OCRv6 small reading?

Step 1 (``capture``) runs the ``rapidocr`` engine as bench/receipts.py does and keeps every
line crop the recognizer is given (the detector's boxes, cut and straightened by rapidocr)
with the shipped reading of each (int8, fp32 second reading, look-alike and comma rules).
Step 2 (``read``) reads the same crops with another CTC recognizer (an ONNX file and its
dictionary) or with Tesseract (``--tesseract TESSDATA_DIR``, the CLI on PATH), and scores a
run like bench/receipts.py's "in recognised lines": a key value counts when it is in the
receipt's lines joined in the detector's order, case folded, whitespace runs collapsed. So
detection and layout are the same for every recognizer, and only reading differs.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/recognizers.py capture --ids 0-99 --dir /tmp/crops
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/recognizers.py read --dir /tmp/crops \\
        --onnx en_PP-OCRv4_rec_infer.onnx --dict en_dict.txt
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/recognizers.py read --dir /tmp/crops \\
        --tesseract /usr/share/tesseract-ocr/5/tessdata

Nothing is downloaded here: where each model tried came from is in bench/results/receipts.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.receipts import FIELDS, RECEIPTS, norm, parse_ids  # noqa: E402

Reading = tuple[str, float]  # a line's text and score (mean character probability)


def capture(ids: list[int], directory: Path) -> None:
    from PIL import Image
    from rapidocr.ch_ppocr_rec.main import TextRecognizer

    from worker.engines.base import PageInput
    from worker.engines.rapidocr import RapidOcr, RapidOcrEngine
    from worker.render import on_white

    calls: list[tuple[list[np.ndarray], list[Reading]]] = []
    recognise = TextRecognizer.__call__

    def keep(self: Any, args: Any) -> Any:  # every crop, in the detector's order
        out = recognise(self, args)
        crops = [args.img] if isinstance(args.img, np.ndarray) else args.img
        calls.append(
            ([c.copy() for c in crops], list(zip(out.txts or (), map(float, out.scores or ()), strict=True)))
        )
        return out

    TextRecognizer.__call__ = keep  # type: ignore[method-assign]
    engine = RapidOcrEngine(RapidOcr(precision="int8"))
    edge = engine.render_max_edge or 0
    directory.mkdir(parents=True, exist_ok=True)
    for i in ids:
        stem = RECEIPTS / f"{i:03d}"
        frame = Image.open(stem.with_suffix(".jpg"))
        image = on_white(frame)
        if edge and max(frame.size) > edge:
            image.thumbnail((edge, edge), Image.Resampling.LANCZOS)
        calls.clear()
        engine.convert_page(PageInput(1, float(frame.width), float(frame.height), image=image))
        crops, shipped = calls[-1]  # the upright reading the page's lines come from
        with (directory / f"{i:03d}.pkl").open("wb") as f:
            pickle.dump({"crops": crops, "shipped": shipped}, f)
        print(f"{i:03d}: {len(crops)} lines", file=sys.stderr)


def recognizer_input(crop: np.ndarray, height: int = 48, min_width: int = 160) -> np.ndarray:
    """A crop as the pipeline feeds PP-OCR recognizers: 48 px high, aspect kept, padded
    (with 0, mid grey after normalising) to at least REC_MIN_WIDTH."""
    import cv2

    ratio = crop.shape[1] / crop.shape[0]
    width = int(height * max(min_width / height, ratio))
    resized = min(width, math.ceil(height * ratio))
    x = cv2.resize(crop, (resized, height)).astype(np.float32).transpose(2, 0, 1) / 255
    out = np.zeros((3, height, width), np.float32)
    out[:, :, :resized] = (x - 0.5) / 0.5
    return out[None]


def classes(dictionary: Path, count: int) -> list[str]:
    """The recognizer's classes: PaddleOCR's CTC heads put the blank first and, when the
    dictionary lacks them, a space last; a dictionary may already hold both."""
    chars = [line.rstrip("\r\n") for line in dictionary.open(encoding="utf-8")]
    if len(chars) == count:
        return chars
    if len(chars) + 2 == count:
        return ["blank", *chars, " "]
    raise SystemExit(f"{dictionary}: {len(chars)} characters for a head of {count} classes")


def read_onnx(crops: list[np.ndarray], model: Path, dictionary: Path, rules: bool) -> list[Reading]:
    import onnxruntime as ort

    from worker.engines.ocr_corrections import ctc_score, prefer_commas, prefer_look_alikes

    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.log_severity_level = 4
    session = _SESSIONS.get(model) or ort.InferenceSession(
        str(model), options, providers=["CPUExecutionProvider"]
    )
    _SESSIONS[model] = session
    name = session.get_inputs()[0].name
    out: list[Reading] = []
    for crop in crops:
        probs: np.ndarray = session.run(None, {name: recognizer_input(crop)})[0][0]
        chars = _CLASSES.get(dictionary) or classes(dictionary, probs.shape[1])
        _CLASSES[dictionary] = chars
        if rules:  # the shipped look-alike and comma rules, on this model's own classes
            index = {c: k for k, c in enumerate(chars) if len(c) == 1}
            prefer_look_alikes(probs, probs.argmax(1), chars, index)
            prefer_commas(probs, probs.argmax(1), chars, index)
        best = probs.argmax(1)
        kept = best != 0
        kept[1:] &= best[1:] != best[:-1]
        out.append(("".join(chars[k] for k in best[kept]), ctc_score(probs, best)))
    return out


_SESSIONS: dict[Path, Any] = {}
_CLASSES: dict[Path, list[str]] = {}


def read_tesseract(crops: list[np.ndarray], tessdata: Path, height: int = 48) -> list[Reading]:
    """One Tesseract run for all of a receipt's lines (a list file, one page a line, page
    segmentation 7: a single line), each scaled to ``height`` and given a white margin.
    Its score is the lowest word confidence of the line."""
    import cv2

    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for k, crop in enumerate(crops):
            grey = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)
            scale = height / grey.shape[0]
            grey = cv2.resize(
                grey, (max(1, round(grey.shape[1] * scale)), height), interpolation=cv2.INTER_CUBIC
            )
            grey = cv2.copyMakeBorder(grey, 8, 8, 8, 8, cv2.BORDER_CONSTANT, value=255)
            names.append(f"{tmp}/{k:04d}.png")
            cv2.imwrite(names[-1], grey)
        Path(tmp, "pages.txt").write_text("\n".join(names) + "\n")
        command = ["tesseract", f"{tmp}/pages.txt", "stdout", "--tessdata-dir", str(tessdata)]
        command += ["-l", "eng", "--oem", "1", "--psm", "7", "-c", "tessedit_create_tsv=1"]
        run = subprocess.run(
            command, capture_output=True, text=True, check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"}
        )
    words: dict[int, list[tuple[str, float]]] = {}
    for row in csv.DictReader(io.StringIO(run.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["level"] == "5":
            words.setdefault(int(row["page_num"]) - 1, []).append((row["text"], float(row["conf"]) / 100))
    return [
        (" ".join(w for w, _ in words.get(k, [])), min((c for _, c in words.get(k, [])), default=0.0))
        for k in range(len(crops))
    ]


def found(readings: list[Reading], truth: dict[str, Any], min_score: float) -> dict[str, bool]:
    """Which key values are in the lines joined in the detector's order, lines under
    ``min_score`` left out as rapidocr leaves them out (its text_score, 0.5)."""
    joined = norm(" ".join(t for t, s in readings if s >= min_score))
    values = {f: norm(str(truth.get(f, ""))) for f in FIELDS}
    return {f: bool(v) and v in joined for f, v in values.items()}


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("step", choices=("capture", "read"))
    parser.add_argument("--ids", default="0-99")
    parser.add_argument("--dir", type=Path, required=True, help="where the crops are kept")
    parser.add_argument("--onnx", type=Path, help="a PaddleOCR CTC recognizer")
    parser.add_argument("--dict", type=Path, help="its dictionary, one character a line")
    parser.add_argument("--no-rules", action="store_true", help="without the look-alike and comma rules")
    parser.add_argument("--tesseract", type=Path, help="a tessdata directory holding eng.traineddata")
    args = parser.parse_args()
    ids = parse_ids(args.ids)
    if args.step == "capture":
        capture(ids, args.dir)
        return
    records, cpu = {}, 0.0
    for i in ids:
        with (args.dir / f"{i:03d}.pkl").open("rb") as f:
            cap = pickle.load(f)
        truth = json.loads((RECEIPTS / f"{i:03d}.json").read_text())
        t0 = _cpu()
        if args.tesseract:
            readings, min_score = read_tesseract(cap["crops"], args.tesseract), 0.0
        elif args.onnx and args.dict:
            readings, min_score = read_onnx(cap["crops"], args.onnx, args.dict, not args.no_rules), 0.5
        else:
            readings, min_score = cap["shipped"], 0.5
        cpu += _cpu() - t0
        records[i] = {
            "found": found(readings, truth, min_score),
            "shipped": found(cap["shipped"], truth, 0.5),
        }

    def share(key: str, part: list[int]) -> str:
        return f"{100 * sum(records[i][key][f] for i in part for f in FIELDS) / (4 * len(part)):.1f} %"

    tuning, check = [i for i in ids if i < 50], [i for i in ids if i >= 50]
    for label, part in (("0-49", tuning), ("50-99", check), ("all", ids)):
        if part:
            print(
                f"{label}: in recognised lines {share('found', part)}",
                f"(shipped reading {share('shipped', part)})",
            )
    gained = [(i, f) for i in ids for f in FIELDS if records[i]["found"][f] and not records[i]["shipped"][f]]
    lost = sum(records[i]["shipped"][f] and not records[i]["found"][f] for i in ids for f in FIELDS)
    print(f"values the shipped reading misses and this finds: {len(gained)} {gained}; the reverse: {lost}")
    print(f"CPU time reading (Tesseract's processes included): {cpu / len(ids):.2f} s per receipt")


if __name__ == "__main__":
    main()
