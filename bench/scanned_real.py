"""The OCR path's layout on real pages (issue 19): the documents of bench/realdocs/nine
and ten that have reference texts, each page printed and scanned, read by the
``rapidocr`` engine as the service reads an uploaded image.

Every real set is born-digital and eval_real.py scores it through the text layer; the
held-out check also has scans. Here each page is rendered the way a scanner returns it
(200 dpi greyscale, a seeded skew of up to 0.7 degrees, mild blur and sensor noise, JPEG
at quality 75), then sent as worker/flows/prepare.py sends an uploaded image (on white,
scaled to the engine's render cap with LANCZOS, the page sized in the image's pixels).

Per document, with eval_real.py's similarity to the reference:
- ``sim_ocr``: the engine's page text (finalize's running-header pass over the pages);
- ``sim_naive``: the same recognised lines with no layout at all, in rows top to bottom,
  each row left to right: what separates layout from recognition;
- ``sim_text_layer``: eval_real.py's Pagemill text for the same PDF, on this tree.

    OMP_THREAD_LIMIT=1 PYTHONPATH=$PWD .venv/bin/python bench/scanned_real.py \\
        [--sets nine,ten] [--ids ten-engagement-letter] [--out JSON] [--dump DIR] [--cache DIR]

``--cache DIR`` keeps each page's recognition (lines, rules, rotation) there, keyed by
the scan's bytes and the recognition code's source: a rerun after a layout change reads
no page again (seconds instead of minutes). Leave it out to time the engine.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import pickle
import platform
import random
import shlex
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core (ONNX, OpenCV)
os.environ.setdefault("OMP_NUM_THREADS", "1")

from PIL import Image, ImageFilter  # noqa: E402

from bench.eval_real import code_state, pagemill  # noqa: E402
from bench.tablescore import similarity  # noqa: E402  (eval_real's own measure)
from worker.engines.ocr_pipeline import OcrLine  # noqa: E402

REALDOCS = ROOT / "bench" / "realdocs"
SETS = ("nine", "ten")
SEED = 19


def scan(pdf: Path, page_index: int, seed: int = SEED) -> Image.Image:
    """The page printed and scanned: greyscale at 200 dpi, skewed, blurred, noisy, and
    JPEG-compressed as scanners and phones store it. Seeded per document and page."""
    import numpy as np
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        img = doc[page_index].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    key = f"{seed}:{pdf.stem}:{page_index}"
    rng = random.Random(key)
    img = img.rotate(rng.uniform(-0.7, 0.7), resample=Image.Resampling.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0.0, 8.0, (img.height, img.width))
    img = Image.fromarray(np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=75)
    return Image.open(io.BytesIO(buf.getvalue()))


def naive_join(lines: list[OcrLine]) -> str:
    """The recognised lines with no layout: a line joins the row whose first line's
    centre lies within half its height of its own centre; rows top to bottom, each
    left to right."""
    rows: list[tuple[float, float, list[OcrLine]]] = []  # centre, height, lines
    for ln in sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        centre, height = (ln.box[1] + ln.box[3]) / 2, ln.box[3] - ln.box[1]
        if rows and abs(centre - rows[-1][0]) <= max(height, rows[-1][1]) / 2:
            rows[-1][2].append(ln)
        else:
            rows.append((centre, height, [ln]))
    return "\n".join(" ".join(ln.text for ln in sorted(row, key=lambda ln: ln.box[0])) for *_, row in rows)


# The code whose change changes what a page's recognition gives: a cached reading made
# before an edit to any of these is read again.
RECOGNITION_SOURCES = (
    "ocr_pipeline.py",
    "ocr_image.py",
    "ocr_rules.py",
    "ocr_fills.py",
    "ocr_corrections.py",
)


def recognition_key(image: Image.Image) -> str:
    digest = hashlib.sha256(image.tobytes())
    digest.update(repr((image.size, image.mode)).encode())
    engines = ROOT / "worker" / "engines"
    for name in RECOGNITION_SOURCES:
        digest.update((engines / name).read_bytes())
    digest.update((engines / "rapidocr.py").read_text().split("def upright")[0].encode())
    return digest.hexdigest()[:32]


class Reader:
    """The rapidocr engine, keeping each page's recognised lines (in the upright image's
    pixels) for the naive baseline, as bench/receipts.py does."""

    def __init__(self, cache: Path | None = None) -> None:
        from worker.engines.rapidocr import RapidOcrEngine

        self.engine = RapidOcrEngine()
        self.lines: list[OcrLine] = []
        read_upright = self.engine._read_upright

        def keep(image: Image.Image) -> tuple[Image.Image, list[OcrLine], int, list[Any]]:
            path = cache / f"{recognition_key(image)}.pkl" if cache is not None else None
            if path is not None and path.is_file():
                lines, rotation, rules = pickle.loads(path.read_bytes())
                turned = image.rotate(rotation, expand=True) if rotation else image
                out = (turned, lines, rotation, rules)
            else:
                out = read_upright(image)
                if path is not None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(pickle.dumps((out[1], out[2], out[3])))
            self.lines = list(out[1])
            return out

        self.engine._read_upright = keep  # type: ignore[method-assign]

    def page(self, frame: Image.Image, page_no: int) -> tuple[Any, list[OcrLine], float]:
        from common.uploads.page_image import on_white
        from worker.engines.base import PageInput

        width, height = frame.size
        image = on_white(frame)
        edge = self.engine.render_max_edge
        if edge and max(width, height) > edge:
            image.thumbnail((edge, edge), Image.Resampling.LANCZOS)
        t0 = time.perf_counter()
        (res,) = self.engine.convert([PageInput(page_no, float(width), float(height), image=image)])
        return res, self.lines, time.perf_counter() - t0


def evaluate(truth_path: Path, reader: Reader, dump: Path | None) -> dict[str, Any]:
    from common.documents.furniture import mark_running
    from common.documents.results import PageResult

    truth = json.loads(truth_path.read_text())
    pdf, ref = truth_path.with_suffix(".pdf"), truth["text"]
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    n_pages = len(doc)
    doc.close()
    results: list[PageResult] = []
    naive_pages: list[str] = []
    seconds = ocr_s = 0.0
    for i in range(n_pages):
        frame = scan(pdf, i)
        res, lines, spent = reader.page(frame, i + 1)
        seconds += spent
        naive_pages.append(naive_join(lines))
        if isinstance(res, PageResult):
            results.append(res)
            ocr_s += float(res.timings.get("ocr_s", 0.0))
        if dump is not None:
            dump.mkdir(parents=True, exist_ok=True)
            frame.save(dump / f"{truth['name']}.p{i + 1}.jpg", quality=75)
    results = mark_running(results)  # what finalize does across the pages
    text = "\n\n".join(r.text or "" for r in results)
    md = "\n\n".join(r.markdown or "" for r in results)
    naive = "\n\n".join(naive_pages)
    layer_text, _, _ = pagemill(pdf)
    rec = {
        "doc": truth["name"],
        "kind": truth["kind"],
        "pages": n_pages,
        "sim_ocr": round(similarity(text, ref), 4),
        "sim_ocr_markdown": round(similarity(md, ref, markdown=True), 4),
        "sim_naive": round(similarity(naive, ref), 4),
        "sim_text_layer": round(similarity(layer_text, ref), 4),
        "s_per_page": round(seconds / n_pages, 2),
        "ocr_s_per_page": round(ocr_s / n_pages, 2),
    }
    if dump is not None:
        stem = dump / truth["name"]
        for suffix, body in ((".ocr.txt", text), (".ocr.md", md), (".naive.txt", naive), (".ref.txt", ref)):
            stem.with_suffix(suffix).write_text(body)
        stem.with_suffix(".layer.txt").write_text(layer_text)
    return rec


def mean(records: list[dict[str, Any]], key: str) -> float:
    return round(sum(r[key] for r in records) / len(records), 4) if records else 0.0


COLUMNS = ("sim_ocr", "sim_naive", "sim_text_layer", "sim_ocr_markdown")


def report_markdown(report: dict[str, Any]) -> str:
    recs = report["records"]
    rows = [
        f"| {r['doc']} | {r['kind']} | {r['pages']} | "
        + " | ".join(f"{r[c]:.3f}" for c in COLUMNS)
        + f" | {r['s_per_page']:.2f} |"
        for r in recs
    ]
    means = " | ".join(f"**{report['mean'][c]:.3f}**" for c in COLUMNS)
    worse = [r["doc"] for r in recs if r["sim_ocr"] < r["sim_naive"]]
    return "\n".join(
        [
            "# Scanned real pages: the OCR path's text against the references (issue 19)",
            "",
            f"`{report['command']}`",
            "",
            f"{report['date']}; code {report['code']}; {report['machine']}.",
            "",
            "Sets nine and ten (the documents with reference texts), each page rendered at 200 dpi",
            f"greyscale, skewed up to ±0.7°, blurred, noised, JPEG q75 (seed {report['seed']}),",
            "read by the rapidocr engine as an uploaded image. Similarity is",
            "eval_real.py's (normalised Levenshtein). ocr: the engine's text; naive: the same",
            "recognised lines in rows top to bottom, left to right, no layout; text layer:",
            "eval_real.py's Pagemill text of the PDF; ocr md: the engine's Markdown.",
            "",
            "| document | kind | pages | ocr | naive | text layer | ocr md | s/page |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            f"| **mean** | | {sum(r['pages'] for r in recs)} | {means} | {report['mean']['s_per_page']:.2f} |"
            if recs
            else "",
            "",
            f"OCR below the naive join ({len(worse)}): {', '.join(worse) or '-'}.",
            "",
        ]
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated, of " + ", ".join(SETS))
    ap.add_argument("--ids", default="", help="comma-separated document names (default: all)")
    ap.add_argument(
        "--out", type=Path, default=Path("/tmp/scanned-real.json"), help="JSON; Markdown beside it"
    )
    ap.add_argument("--dump", type=Path, help="write scans, outputs and references here")
    ap.add_argument("--cache", type=Path, help="keep each page's recognition here; reruns reuse it")
    args = ap.parse_args()
    chosen = [s.strip() for s in args.sets.split(",") if s.strip()]
    if unknown := [s for s in chosen if s not in SETS]:
        ap.error(f"unknown sets: {', '.join(unknown)}")
    ids = {s.strip() for s in args.ids.split(",") if s.strip()}
    truths = [
        p
        for name in chosen
        for p in sorted((REALDOCS / name).glob("*.json"))
        if json.loads(p.read_text()).get("text") and (not ids or p.stem in ids)
    ]
    reader = Reader(args.cache)
    records = []
    for path in truths:
        records.append(evaluate(path, reader, args.dump))
        r = records[-1]
        print(
            f"{r['doc']}: ocr {r['sim_ocr']} naive {r['sim_naive']} layer {r['sim_text_layer']}",
            file=sys.stderr,
        )
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "OMP_THREAD_LIMIT=1 .venv/bin/python bench/scanned_real.py " + shlex.join(sys.argv[1:]),
        "machine": f"{platform.node()} {os.cpu_count()} cores (shared), Python {platform.python_version()}",
        "code": code_state(),
        "seed": SEED,
        "mean": {k: mean(records, k) for k in (*COLUMNS, "s_per_page")},
        "records": records,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    args.out.with_suffix(".md").write_text(report_markdown(report))
    print(report_markdown(report))


if __name__ == "__main__":
    main()
