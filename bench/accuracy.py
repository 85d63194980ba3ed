"""Accuracy of the CPU engines: CER/WER in reading order, table cell accuracy, seconds
per page and peak memory, per engine and page kind.

Corpus: bench/corpus.py (invoices, 3-page contracts with a two-column page and 8 pt
footnotes, ruled tables; exact ground truth) and a "scan" of every page (200 DPI,
skew, blur, noise: tests/factories/files.scan_image). Engines: ``pdf-text`` on the
digital pages, ``rapidocr`` on the scans, and tesseract on the same scans when
tesserocr and Debian's tesseract-ocr-eng are installed (a comparison, not a
dependency). The real invoices in ../shared/eval/invoices (not ours) are checked for
their key values appearing verbatim in the output.

Each engine runs in its own process (one core: ONNX and tesseract on one thread) so
that its peak RSS is its own.

    .venv/bin/python bench/accuracy.py --n 2
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval" / "invoices"
ENGINES = ("pdf-text", "rapidocr", "tesseract")


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def cer_wer(ref: str, hyp: str) -> tuple[int, int, int, int]:
    from rapidfuzz.distance import Levenshtein

    r, h = norm(ref), norm(hyp)
    return Levenshtein.distance(r, h), len(r), Levenshtein.distance(r.split(), h.split()), len(r.split())


def table_cells(truth: list[list[list[str]]], found: list[list[list[str]]]) -> tuple[int, int]:
    """Ground-truth cells found at the same row and column of the best matching table."""
    total = sum(len(row) for t in truth for row in t)
    hits = 0
    for t in truth:
        best = 0
        for f in found:
            n = sum(
                1
                for ri, row in enumerate(t)
                for ci, cell in enumerate(row)
                if ri < len(f) and ci < len(f[ri]) and norm(f[ri][ci]) == norm(cell)
            )
            best = max(best, n)
        hits += best
    return hits, total


def tessdata() -> str | None:
    paths = glob.glob("/usr/share/tesseract-ocr/*/tessdata/eng.traineddata")
    return str(Path(paths[0]).parent) if paths else None


def run_engine(engine: str, n: int) -> dict[str, Any]:
    """In a child process: every page of the corpus through one engine."""
    import pypdfium2 as pdfium

    from bench.corpus import corpus
    from tests.factories.files import scan_image

    docs = list(corpus(n))
    records: list[dict[str, Any]] = []
    convert: Any
    if engine == "pdf-text":
        from worker.engines.base import PageInput
        from worker.engines.pdf_text import PdfTextEngine
        from worker.engines.textlayer import extract_text_layer

        text_engine = PdfTextEngine()

        def convert(doc: Any, index: int) -> tuple[str, list[list[list[str]]], float]:
            pdf = pdfium.PdfDocument(doc.pdf)
            page = pdf[index]
            t0 = time.perf_counter()
            layer = extract_text_layer(page)
            (res,) = text_engine.convert([PageInput(index + 1, layer.width, layer.height, text_layer=layer)])
            dt = time.perf_counter() - t0
            pdf.close()
            return res.text or "", [b.rows for b in res.blocks if b.kind == "table" and b.rows], dt

    elif engine == "rapidocr":
        from worker.engines.base import PageInput
        from worker.engines.rapidocr import RapidOcrEngine

        ocr = RapidOcrEngine()
        ocr.convert_page(PageInput(1, 595, 842, image=scan_image(docs[0].pdf, 1)))  # load + warm up

        def convert(doc: Any, index: int) -> tuple[str, list[list[list[str]]], float]:
            img = scan_image(doc.pdf, index + 1, seed=7)
            t0 = time.perf_counter()
            res = ocr.convert_page(PageInput(index + 1, 595.28, 841.89, image=img))
            dt = time.perf_counter() - t0
            return res.text or "", [b.rows for b in res.blocks if b.kind == "table" and b.rows], dt

    else:
        import tesserocr

        api = tesserocr.PyTessBaseAPI(path=tessdata(), lang="eng", psm=tesserocr.PSM.AUTO)

        def convert(doc: Any, index: int) -> tuple[str, list[list[list[str]]], float]:
            img = scan_image(doc.pdf, index + 1, seed=7)
            t0 = time.perf_counter()
            api.SetImage(img)
            text = api.GetUTF8Text()
            return text, [], time.perf_counter() - t0

    for doc in docs:
        for index, truth in enumerate(doc.pages):
            text, tables, seconds = convert(doc, index)
            ce, cn, we, wn = cer_wer(truth.text, text)
            th, tn = table_cells(truth.tables, tables) if engine != "tesseract" else (0, 0)
            records.append(
                {
                    "doc": doc.name,
                    "page": index + 1,
                    "kind": truth.kind,
                    "char_errors": ce,
                    "chars": cn,
                    "word_errors": we,
                    "words": wn,
                    "table_hits": th,
                    "table_cells": tn if engine != "tesseract" else 0,
                    "seconds": seconds,
                }
            )
    throughput = None
    stages: dict[str, float] | None = None
    if engine == "pdf-text":
        # Pages per second on one core, as prepare + convert see them: each document
        # opened once, every page's text layer extracted and laid out, 5 rounds. Per page
        # that is pdfium loading the page (parsing its content, fonts on first use), the
        # text layer (pdfium's text page, then the spans), and the engine's convert: lines,
        # layout and the PageResult with its Markdown, text and DocTags. Not included: the
        # text layer's storage form (to_bytes/from_bytes) and the result's JSON. The clock
        # is also read between those steps (well under 0.1 % of a page) for the breakdown.
        from worker.engines.base import PageInput
        from worker.engines.textlayer import extract_text_layer

        clock = time.perf_counter
        spent = {"open_document": 0.0, "load_page": 0.0, "text_layer": 0.0, "convert": 0.0}
        t_start, pages = clock(), 0
        for _ in range(5):
            for doc in docs:
                t0 = clock()
                pdf = pdfium.PdfDocument(doc.pdf)
                spent["open_document"] += clock() - t0
                for index in range(len(pdf)):
                    t0 = clock()
                    page = pdf[index]
                    t1 = clock()
                    layer = extract_text_layer(page)
                    t2 = clock()
                    text_engine.convert([PageInput(index + 1, layer.width, layer.height, text_layer=layer)])
                    t3 = clock()
                    spent["load_page"] += t1 - t0
                    spent["text_layer"] += t2 - t1
                    spent["convert"] += t3 - t2
                    pages += 1
                pdf.close()
        throughput = pages / (clock() - t_start)
        stages = {k: round(1000 * v / pages, 3) for k, v in spent.items()}
    return {
        "engine": engine,
        "records": records,
        "pages_per_s": throughput,
        "stage_ms_per_page": stages,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "eval": eval_invoices(engine),
    }


def _amount_variants(value: float) -> list[str]:
    plain = f"{value:.2f}"
    us = f"{value:,.2f}"
    eu = us.replace(",", "_").replace(".", ",").replace("_", ".")
    return list(dict.fromkeys([plain, us, eu, plain.replace(".", ",")]))


def eval_invoices(engine: str) -> list[dict[str, Any]]:
    """Key values of the real invoices that appear verbatim in our output."""
    if not EVAL.is_dir():
        return []
    import pypdfium2 as pdfium
    from PIL import Image

    out = []
    for meta_path in sorted(EVAL.glob("*.json")):
        meta = json.loads(meta_path.read_text())[0]
        expected: list[list[str]] = [[str(meta["invoice_number"])]] if meta.get("invoice_number") else []
        for key in ("amount", "amount_untaxed"):
            if isinstance(meta.get(key), int | float):
                expected.append(_amount_variants(float(meta[key])))
        for line in meta.get("lines", []):
            if line.get("name"):
                expected.append([str(line["name"])])
        pdf_path, png_path = meta_path.with_suffix(".pdf"), meta_path.with_suffix(".png")
        text = ""
        if engine == "pdf-text" and pdf_path.exists():
            from worker.engines.base import PageInput
            from worker.engines.pdf_text import PdfTextEngine
            from worker.engines.textlayer import extract_text_layer

            pdf = pdfium.PdfDocument(str(pdf_path))
            for i in range(len(pdf)):
                layer = extract_text_layer(pdf[i])
                (res,) = PdfTextEngine().convert(
                    [PageInput(i + 1, layer.width, layer.height, text_layer=layer)]
                )
                text += (res.markdown or "") + "\n" if not isinstance(res, Exception) else ""
        elif engine in ("rapidocr", "tesseract") and png_path.exists():
            img = Image.open(png_path).convert("RGB")
            if engine == "rapidocr":
                from worker.engines.base import PageInput
                from worker.engines.rapidocr import RapidOcrEngine

                text = (
                    RapidOcrEngine().convert_page(PageInput(1, img.width, img.height, image=img)).markdown
                    or ""
                )
            else:
                import tesserocr

                text = tesserocr.image_to_text(img, path=tessdata(), lang="eng")
        else:
            continue
        flat = norm(text)
        found = [any(norm(v) in flat for v in variants) for variants in expected]
        out.append({"doc": meta_path.stem, "fields": len(expected), "found": sum(found)})
    return out


def summarise(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for res in results:
        kinds = sorted({r["kind"] for r in res["records"]})
        for kind in [*kinds, "all"]:
            recs = [r for r in res["records"] if kind in ("all", r["kind"])]
            cells = sum(r["table_cells"] for r in recs)
            rows.append(
                {
                    "engine": res["engine"],
                    "kind": kind,
                    "pages": len(recs),
                    "cer_pct": round(
                        100 * sum(r["char_errors"] for r in recs) / max(1, sum(r["chars"] for r in recs)), 3
                    ),
                    "wer_pct": round(
                        100 * sum(r["word_errors"] for r in recs) / max(1, sum(r["words"] for r in recs)), 3
                    ),
                    "table_cell_acc_pct": round(100 * sum(r["table_hits"] for r in recs) / cells, 1)
                    if cells
                    else None,
                    "s_per_page": round(sum(r["seconds"] for r in recs) / len(recs), 4),
                }
            )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2, help="documents of each kind")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument(
        "--interpreted",
        action="store_true",
        help="run the modules setup.py compiles from their sources (worker/engines/native.py)",
    )
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "accuracy.json")
    args = ap.parse_args()
    if args.child:
        from worker.engines import native

        if args.interpreted:
            native.use_sources()
        print(json.dumps({**run_engine(args.child, args.n), "native": native.states()}))
        return
    results = []
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1"}  # one core per engine
    for engine in args.engines.split(","):
        if engine == "tesseract" and (tessdata() is None or not _importable("tesserocr")):
            print("tesseract: not installed (tesseract-ocr-eng + tesserocr); row skipped", file=sys.stderr)
            continue
        done = subprocess.run(
            [sys.executable, __file__, "--child", engine, "--n", str(args.n)]
            + (["--interpreted"] if args.interpreted else []),
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{engine}: done", file=sys.stderr)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python bench/accuracy.py " + " ".join(sys.argv[1:]),
        "machine": f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "summary": summarise(results),
        "text_layer_pages_per_s_one_core": next(
            (r["pages_per_s"] for r in results if r["pages_per_s"]), None
        ),
        "text_layer_stage_ms_per_page": next(
            (r["stage_ms_per_page"] for r in results if r.get("stage_ms_per_page")), None
        ),
        "native": next((r["native"] for r in results), None),
        "peak_rss_mb": {r["engine"]: round(r["peak_rss_mb"]) for r in results},
        "eval_invoices": {r["engine"]: r["eval"] for r in results},
        "records": {r["engine"]: r["records"] for r in results},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "records"}, indent=1))


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    main()
