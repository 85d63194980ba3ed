"""Field-level accuracy of common/extraction on generated invoices with exact ground truth
(bench/invoice_corpus.py: six languages, three layouts, four currencies), read by the
``pdf-text`` engine as the service reads them. A field counts when it equals the truth
after normalization (ISO dates, decimal amounts, IBAN without spaces).

    .venv/bin/python bench/fields_generated.py --n 72 --out bench/results/fields_generated.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.invoice_corpus import generate  # noqa: E402
from common.documents.results import PageResult  # noqa: E402
from common.extraction import extract  # noqa: E402

FIELDS = (
    "invoice_number",
    "issue_date",
    "due_date",
    "total",
    "subtotal",
    "tax",
    "currency",
    "iban",
    "vat_id",
)


def pages_of(pdf: bytes) -> list[PageResult]:
    import pypdfium2

    from worker.engines.layout import layout_lines, spans_to_lines
    from worker.engines.textlayer import TextLayer, extract_text_layer

    doc = pypdfium2.PdfDocument(pdf)
    pages = []
    for i in range(len(doc)):
        # stored and read back as the prepare step does
        layer = TextLayer.from_bytes(extract_text_layer(doc[i]).to_bytes())
        blocks = layout_lines(spans_to_lines(layer.spans), layer.width, layer.height, allow_title=i == 0)
        pages.append(PageResult(i + 1, "pdf-text", layer.width, layer.height, blocks=blocks))
    return pages


def got_value(record: dict[str, Any] | None, name: str) -> Any:
    if not record:
        return None
    if name == "currency":
        return record.get("currency")
    found = record.get(name)
    if not found:
        return None
    value = found["value"]
    return value["amount"] if isinstance(value, dict) else value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=72)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    started = time.monotonic()
    rows: list[dict[str, Any]] = []
    for doc in generate(args.n):
        record = extract(pages_of(doc.pdf))["record"]
        ok = {f: got_value(record, f) == doc.truth[f] for f in FIELDS}
        rows.append(
            {"doc": doc.name, "ok": ok, "got": {f: got_value(record, f) for f in FIELDS}, "truth": doc.truth}
        )
    per = {f: round(sum(r["ok"][f] for r in rows) / len(rows), 3) for f in FIELDS}
    by: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        for key in ("language", "layout"):
            for f in ("invoice_number", "issue_date", "total"):
                by[f"{key}={r['truth'][key]}"][f].append(r["ok"][f])
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python", *sys.argv]),
        "seconds": round(time.monotonic() - started, 1),
        "documents": len(rows),
        "per_field": per,
        "all_fields_right": sum(all(r["ok"].values()) for r in rows),
        "by_group": {g: {f: round(sum(v) / len(v), 3) for f, v in d.items()} for g, d in sorted(by.items())},
        "misses": [r for r in rows if not all(r["ok"].values())],
    }
    print(json.dumps({k: v for k, v in result.items() if k != "misses"}, indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
