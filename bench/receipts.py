"""Scanned receipts' key values kept verbatim by the ``rapidocr`` engine (issue 19).

The receipts are the 100 photographed thermal receipts of ../shared/eval/receipts (SROIE,
not ours), each with its company, date, address and total. Each goes through the engine
the way the service sends an uploaded image (worker/flows/prepare.py: on white, scaled to
the engine's render cap with LANCZOS, the page sized in the image's own pixels), and a
value counts as kept when it appears in the page's Markdown with whitespace and case
normalised only.

Two diagnostics come with each miss: whether the value is in the recognised lines joined
in the detector's own order (``in_lines``; a miss there that the Markdown also misses is
a recognition error, not reading order), and the lines themselves (``--dump``).

    .venv/bin/python bench/receipts.py                 # all 100
    .venv/bin/python bench/receipts.py --ids 0-29      # a subset while iterating
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RECEIPTS = ROOT.parent / "shared" / "eval" / "receipts"
FIELDS = ("company", "date", "address", "total")


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def squeeze(text: str) -> str:
    # The second measure ignores whitespace altogether: "27,JALAN" for "27, JALAN".
    return "".join(text.split())


def parse_ids(spec: str) -> list[int]:
    ids: list[int] = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        ids.extend(range(int(lo), int(hi or lo) + 1))
    return ids


def run(
    ids: list[int],
    dump: Path | None,
    edge: int | None = None,
    precision: str = "int8",
    second_reading_below: float | None = None,
) -> dict[str, Any]:
    from PIL import Image

    from worker.engines.base import PageInput
    from worker.engines.rapidocr import RapidOcr, RapidOcrEngine
    from worker.render import on_white

    extra = {} if second_reading_below is None else {"second_reading_below": second_reading_below}
    engine = RapidOcrEngine(RapidOcr(precision=precision, **extra))  # type: ignore[arg-type]
    edge = edge if edge is not None else engine.render_max_edge
    seen: list[Any] = []
    read_upright = engine._read_upright

    def keep_lines(image: Any) -> Any:  # the recognised lines, in the detector's order
        out = read_upright(image)
        seen[:] = out[1]
        return out

    engine._read_upright = keep_lines  # type: ignore[method-assign]
    records = []
    for i in ids:
        stem = RECEIPTS / f"{i:03d}"
        truth = json.loads(stem.with_suffix(".json").read_text())
        frame = Image.open(stem.with_suffix(".jpg"))
        width, height = frame.size
        image = on_white(frame)
        if edge and max(width, height) > edge:
            image.thumbnail((edge, edge), Image.Resampling.LANCZOS)
        t0 = time.perf_counter()
        result = engine.convert_page(PageInput(1, float(width), float(height), image=image))
        seconds = time.perf_counter() - t0
        markdown = getattr(result, "markdown", "") or ""
        lines = [ln.text for ln in seen]
        flat, joined = norm(markdown), norm(" ".join(lines))
        fields = {}
        for field in FIELDS:
            value = norm(str(truth.get(field, "")))
            fields[field] = {
                "kept": bool(value) and value in flat,
                "kept_nospace": bool(value) and squeeze(value) in squeeze(flat),
                "in_lines": bool(value) and value in joined,
            }
        records.append({"id": i, "seconds": round(seconds, 3), "fields": fields})
        if dump:
            dump.mkdir(parents=True, exist_ok=True)
            (dump / f"{i:03d}.json").write_text(
                json.dumps({"truth": truth, "markdown": markdown, "fields": fields, "lines": lines}, indent=1)
            )
        missed = [f for f in FIELDS if not fields[f]["kept"]]
        print(f"{i:03d} {seconds:5.2f}s missed: {', '.join(missed) or '-'}", file=sys.stderr)
    return summarise(records)


def summarise(records: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(records)

    def share(key: str, fields: tuple[str, ...]) -> float:
        return round(sum(r["fields"][f][key] for r in records for f in fields) / (n * len(fields)), 4)

    return {
        "receipts": n,
        "per_field": {f: share("kept", (f,)) for f in FIELDS},
        "overall": share("kept", FIELDS),
        "per_field_nospace": {f: share("kept_nospace", (f,)) for f in FIELDS},
        "overall_nospace": share("kept_nospace", FIELDS),
        "in_lines": share("in_lines", FIELDS),
        "seconds_per_page": round(sum(r["seconds"] for r in records) / n, 3),
        "records": records,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--ids", default="0-99", help="receipt numbers, e.g. 0-29,40")
    parser.add_argument("--dump", type=Path, help="write each receipt's Markdown and result here")
    parser.add_argument("--out", type=Path, help="write the results as JSON (and .md beside it)")
    parser.add_argument(
        "--edge",
        type=int,
        help="scale images to this longest side (default: the engine's render cap; 0: never)",
    )
    parser.add_argument("--precision", default="int8", choices=("int8", "fp32"))
    parser.add_argument(
        "--second-reading-below",
        type=float,
        help="re-read int8 lines scoring under this in fp32 (default: the engine's; 0: never)",
    )
    args = parser.parse_args()
    summary = run(parse_ids(args.ids), args.dump, args.edge, args.precision, args.second_reading_below)
    summary["command"] = "bench/receipts.py " + " ".join(sys.argv[1:])
    summary["machine"] = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared)"
    summary["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(json.dumps({k: v for k, v in summary.items() if k != "records"}, indent=1))
    if args.out:
        args.out.write_text(json.dumps(summary, indent=1) + "\n")
        args.out.with_suffix(".md").write_text(markdown_table(summary))


def markdown_table(s: dict[str, Any]) -> str:
    rows = [
        f"| {f} | {100 * v:.1f} % | {100 * s['per_field_nospace'][f]:.1f} % |"
        for f, v in s["per_field"].items()
    ]
    return "\n".join(
        [
            "# Scanned receipts: key values kept verbatim (rapidocr)",
            "",
            f"`{s['command']}`, {s['date']}, {s['machine']}; {s['receipts']} receipts.",
            "",
            "Kept: in the Markdown with whitespace runs and case normalised; without spaces: with",
            'all whitespace removed ("27,JALAN" counts for "27, JALAN").',
            "",
            "| field | kept | kept, without spaces |",
            "|---|---|---|",
            *rows,
            f"| **all** | **{100 * s['overall']:.1f} %** | **{100 * s['overall_nospace']:.1f} %** |",
            "",
            f"Seconds per receipt: {s['seconds_per_page']} (busy machine).",
            "",
        ]
    )


if __name__ == "__main__":
    main()
