"""Seconds per page of OCR settings against each other, in one process, alternating.

The VM's speed drifts by tens of percent within minutes, so two settings timed in
separate runs cannot be compared. Here every setting reads the same page back to back,
in rotating order, for several rounds; the per-page medians are compared. Accuracy is
``bench/accuracy.py``'s job: this only times.

    .venv/bin/python bench/ocr_ab.py --rounds 3 \\
        'before={"crop_to_content": false}' 'after={}'

Each setting is ``name=JSON`` of keyword arguments to ``worker.engines.rapidocr.RapidOcr``.
Pages: the scans of ``bench/corpus.py`` (``--n`` documents of each kind) as
``bench/accuracy.py`` makes them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("settings", nargs="+", help="name=JSON kwargs for RapidOcr")
    ap.add_argument("--n", type=int, default=1, help="documents of each kind")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path, help="write the result as JSON here")
    args = ap.parse_args()

    import pypdfium2 as pdfium

    from bench.corpus import corpus
    from tests.factories.files import scan_image
    from worker.engines.rapidocr import RapidOcr

    settings: dict[str, dict[str, Any]] = {}
    for item in args.settings:
        name, _, raw = item.partition("=")
        settings[name] = json.loads(raw or "{}")
    engines = {name: RapidOcr(**kw) for name, kw in settings.items()}
    pages = []
    for doc in corpus(args.n):
        count = len(pdfium.PdfDocument(doc.pdf))
        for index in range(count):
            pages.append(
                (f"{doc.name}/{index + 1}", doc.pages[index].kind, scan_image(doc.pdf, index + 1, seed=7))
            )
    for engine in engines.values():  # load the models and let ONNX settle on a first page
        engine.read(pages[0][2])

    names = list(engines)
    seconds: dict[str, dict[str, list[float]]] = {n: {p[0]: [] for p in pages} for n in names}
    for r in range(args.rounds):
        for k, (page_id, _kind, image) in enumerate(pages):
            order = names[(r + k) % len(names) :] + names[: (r + k) % len(names)]
            for name in order:
                t0 = time.perf_counter()
                engines[name].read(image)
                seconds[name][page_id].append(time.perf_counter() - t0)

    kinds = sorted({kind for _, kind, _ in pages})
    result: dict[str, Any] = {
        "command": "python " + " ".join(sys.argv),
        "rounds": args.rounds,
        "settings": settings,
    }
    table: dict[str, dict[str, float]] = {}
    for name in names:
        per_page = {pid: statistics.median(ts) for pid, ts in seconds[name].items()}
        row = {kind: statistics.mean(per_page[pid] for pid, k, _ in pages if k == kind) for kind in kinds}
        row["all"] = statistics.mean(per_page.values())
        table[name] = {k: round(v, 3) for k, v in row.items()}
    result["s_per_page_median_of_rounds"] = table
    print(f"{'setting':12s} " + " ".join(f"{k:>14s}" for k in [*kinds, "all"]))
    for name, row in table.items():
        print(f"{name:12s} " + " ".join(f"{row[k]:14.3f}" for k in [*kinds, "all"]))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
