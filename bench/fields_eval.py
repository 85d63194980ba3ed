"""Field-level accuracy of the CPU extraction (common/extraction) on the real documents in
../shared/eval (not ours): the invoices through the ``pdf-text`` engine, the receipts
through ``rapidocr``. A field counts when it equals the truth after normalization: ISO
dates, amounts as decimals, invoice numbers and names case- and space-folded.

invoice2data runs beside it on the invoices as a peer (bench/peers_invoice2data.py, its
bundled templates), scored by the same function; it is skipped, with a line saying so,
where it is not installed.

OCR is the slow part (seconds a receipt): ``--cache DIR`` keeps each receipt's page result
so that extraction can be re-measured without reading the pixels again.

    .venv/bin/python bench/fields_eval.py --receipts 100 --cache .pagemill/bench-ocr \
        --out bench/results/fields.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval"

from bench import peers_invoice2data  # noqa: E402
from common.documents.results import PageResult  # noqa: E402
from common.extraction import extract  # noqa: E402
from common.extraction.values import find_amounts, find_dates, parse_number  # noqa: E402


def fold(text: str | None) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w&]+", " ", (text or "").casefold())).strip()


def squash(text: str | None) -> str:
    return re.sub(r"\s+", "", fold(text))


def pdf_pages(path: Path) -> list[PageResult]:
    import pypdfium2

    from worker.engines.layout import layout_lines, spans_to_lines
    from worker.engines.textlayer import extract_text_layer

    pdf = pypdfium2.PdfDocument(path)
    pages = []
    for i in range(len(pdf)):
        layer = extract_text_layer(pdf[i])
        blocks = layout_lines(spans_to_lines(layer.spans), layer.width, layer.height, allow_title=i == 0)
        pages.append(PageResult(i + 1, "pdf-text", layer.width, layer.height, blocks=blocks))
    return pages


def ocr_page(path: Path, cache: Path | None) -> PageResult:
    cached = cache / f"{path.stem}.json" if cache else None
    if cached and cached.exists():
        return PageResult.from_json(json.loads(cached.read_text()))
    from PIL import Image

    from worker.engines.base import PageInput
    from worker.engines.registry import get_engine

    image = Image.open(path).convert("RGB")
    engine = get_engine("rapidocr")
    (result,) = engine.convert([PageInput(page_no=1, image=image, width=image.width, height=image.height)])
    assert isinstance(result, PageResult), result
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(result.to_json()))
    return result


def value(record: dict[str, Any] | None, name: str) -> Any:
    if not record or not record.get(name):
        return None
    return record[name]["value"]


def amount(v: Any) -> Decimal | None:
    return Decimal(v["amount"]) if isinstance(v, dict) else None


# Fields beyond the four above that both Pagemill and the peer return, scored only on the
# invoices whose truth has them: Pagemill's name, the truth's key.
MORE = {
    "due_date": "date_due",
    "subtotal": "amount_untaxed",
    "tax": "amount_tax",
    "iban": "iban",
    "bic": "bic",
    "vat": "vat",
}


def pagemill_invoice(record: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "invoice_number": value(record, "invoice_number"),
        "date": value(record, "issue_date"),
        "total": amount(value(record, "total")),
        "currency": (record or {}).get("currency"),
        "due_date": value(record, "due_date"),
        "subtotal": amount(value(record, "subtotal")),
        "tax": amount(value(record, "tax")),
        "iban": value(record, "iban"),
        "bic": value(record, "bic"),
        "vat": value(record, "vat_id"),
    }


def score_invoice(got: dict[str, Any], truth: dict[str, Any]) -> dict[str, Any]:
    """One scoring for Pagemill and the peers: the four fields every invoice has, and
    those of MORE its truth has."""

    def same(field: str, want: Any) -> bool:
        if field in ("total", "subtotal", "tax"):
            return got[field] is not None and got[field] == Decimal(str(want))
        if field in ("date", "due_date", "currency"):
            return got[field] == want
        return squash(got[field]) == squash(str(want))

    ok = {
        "invoice_number": fold(got["invoice_number"]) == fold(str(truth.get("invoice_number"))),
        "date": same("date", truth.get("date")),
        "total": same("total", truth.get("amount")),
        "currency": same("currency", truth.get("currency")),
    }
    more = {f: same(f, truth[key]) for f, key in MORE.items() if truth.get(key) is not None}
    return {"ok": ok, "more": more, "got": {k: str(v) for k, v in got.items()}}


def invoices(peer: peers_invoice2data.Invoice2DataPeer | None = None) -> list[dict[str, Any]]:
    rows = []
    for pdf in sorted((EVAL / "invoices").glob("*.pdf")):
        truth = json.loads(pdf.with_suffix(".json").read_text())[0]
        started = time.monotonic()
        got = pagemill_invoice(extract(pdf_pages(pdf))["record"])
        row = {"doc": pdf.stem, **score_invoice(got, truth), "seconds": round(time.monotonic() - started, 3)}
        if peer is not None:
            found = peer.fields(pdf)
            row[peers_invoice2data.NAME] = {
                **score_invoice(found["got"], truth),
                "template": found["template"],
                "seconds": found["seconds"],
            }
        rows.append(row)
    return rows


def more_summary(rows: list[dict[str, Any]]) -> dict[str, str]:
    """MORE's fields as right/scored: each is on only some of the invoices."""
    return {
        f: f"{sum(r['more'][f] for r in rows if f in r['more'])}/{sum(f in r['more'] for r in rows)}"
        for f in MORE
        if any(f in r["more"] for r in rows)
    }


def invoice_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    seconds = round(sum(r["seconds"] for r in rows), 2)
    return {**summary(rows), "more_fields": more_summary(rows), "seconds": seconds}


def peer_summary(rows: list[dict[str, Any]], peer: peers_invoice2data.Invoice2DataPeer) -> dict[str, Any]:
    mine = [r[peers_invoice2data.NAME] for r in rows]
    return {
        "version": peers_invoice2data.VERSION,
        "bundled_templates": peer.templates,
        "pdftotext": peer.pdftotext,
        "template_matched": sum(r["template"] is not None for r in mine),
        **invoice_summary(mine),
    }


def truth_amount(text: str) -> Decimal | None:
    """The truth's total as a number, its currency sign dropped ("$8.20")."""
    amounts = find_amounts(text)
    return amounts[-1].value if amounts else parse_number(text)


def truth_iso_date(text: str) -> str | None:
    """The truth's date in ISO form. The truth files write the date as the receipt prints
    it; two forms the extractor only reads in context are parsed here by their exact
    format ("28 MAR 18" without the time printed after it, "20180304")."""
    found = find_dates(text)
    if found:
        return found[0].value.isoformat()
    for fmt in ("%d %b %y", "%Y%m%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def in_page(page: PageResult, name: str, truth: str) -> bool:
    """Whether the truth's value is printed on the page at all (case-, space- and
    punctuation-folded; amounts as numbers): where it is not, the OCR misread it."""
    lines = [ln.text for b in page.blocks for ln in b.lines] or [b.text for b in page.blocks]
    if name == "total":
        want = truth_amount(truth)
        return any(a.value == want for t in lines for a in find_amounts(t))
    squash = re.sub(r"\s+", "", fold(" ".join(lines)))
    return re.sub(r"\s+", "", fold(truth)) in squash


def wanted(stem: str, ids: list[tuple[int, int]]) -> bool:
    return not ids or (stem.isdigit() and any(lo <= int(stem) <= hi for lo, hi in ids))


def receipts(n: int, cache: Path | None, ids: list[tuple[int, int]] | None = None) -> list[dict[str, Any]]:
    rows = []
    for jpg in sorted((EVAL / "receipts").glob("*.jpg"))[:n]:
        if not wanted(jpg.stem, ids or []):
            continue
        truth = json.loads(jpg.with_suffix(".json").read_text())
        page = ocr_page(jpg, cache)
        record = extract([page])["record"]
        seller = (record or {}).get("seller") or {}
        truth_date = truth_iso_date(truth["date"])
        got = {
            "company": seller.get("name"),
            "date": value(record, "issue_date"),
            "address": seller.get("address"),
            "total": amount(value(record, "total")),
        }
        ok = {
            "company": fold(got["company"]) == fold(truth["company"]),
            "date": truth_date is not None and got["date"] == truth_date,
            "address": fold(got["address"]) == fold(truth["address"]),
            "total": got["total"] is not None and got["total"] == truth_amount(truth["total"]),
        }
        ocr_miss = [k for k, v in ok.items() if not v and not in_page(page, k, truth[k])]
        rows.append(
            {
                "doc": jpg.stem,
                "ok": ok,
                "got": {k: str(v) for k, v in got.items()},
                "truth": truth,
                "ocr_miss": ocr_miss,
            }
        )
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    fields = list(rows[0]["ok"]) if rows else []
    per = {f: round(sum(r["ok"][f] for r in rows) / len(rows), 3) for f in fields}
    every = sum(all(r["ok"].values()) for r in rows)
    out: dict[str, Any] = {"documents": len(rows), "per_field": per, "all_fields_right": every}
    if rows and "ocr_miss" in rows[0]:
        # the misses split: the truth not on the page (OCR) vs on it but not extracted
        out["misses"] = {
            f: {
                "ocr": sum(f in r["ocr_miss"] for r in rows),
                "extraction": sum(not r["ok"][f] and f not in r["ocr_miss"] for r in rows),
                # of those, the text taken is the truth but for the OCR's spacing ("SOONHUAT")
                "extraction_spacing_only": sum(
                    not r["ok"][f]
                    and f not in r["ocr_miss"]
                    and squash(r["got"][f]) == squash(str(r["truth"][f]))
                    for r in rows
                ),
            }
            for f in fields
        }
    return out


def parse_ids(text: str) -> list[tuple[int, int]]:
    """ "000-049,070" to [(0, 49), (70, 70)]."""
    spans = []
    for part in filter(None, text.split(",")):
        lo, _, hi = part.partition("-")
        spans.append((int(lo), int(hi or lo)))
    return spans


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--receipts", type=int, default=0, help="how many receipts (OCR: seconds each)")
    ap.add_argument("--cache", type=Path, help="keep OCR page results here")
    ap.add_argument("--ids", type=parse_ids, default=[], help="receipts by number: 000-049,070")
    ap.add_argument("--halves", action="store_true", help="also the summaries of 000-049 and 050-099")
    ap.add_argument("--misses", action="store_true", help="print each receipt field that is wrong")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    started = time.monotonic()
    why_not = peers_invoice2data.unavailable()
    if why_not:
        print(why_not, file=sys.stderr)
    peer = None if why_not else peers_invoice2data.Invoice2DataPeer()
    inv = invoices(peer)
    rec = receipts(args.receipts, args.cache, args.ids) if args.receipts else []
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python", *sys.argv]),
        "seconds": round(time.monotonic() - started, 1),
        "invoices": {**invoice_summary(inv), "rows": inv},
        "invoices_invoice2data": peer_summary(inv, peer) if peer else {"skipped": why_not},
        "receipts": {**summary(rec), "rows": rec} if rec else None,
    }
    if args.halves and rec:
        for name, lo, hi in (("receipts_000_049", 0, 49), ("receipts_050_099", 50, 99)):
            half = [r for r in rec if wanted(r["doc"], [(lo, hi)])]
            result[name] = summary(half) if half else None
    if args.misses:
        for r in rec:
            for f, good in r["ok"].items():
                if not good:
                    why = "ocr" if f in r["ocr_miss"] else "EXT"
                    print(f"{r['doc']} {f:8} {why:3} got={r['got'][f]!r} truth={r['truth'][f]!r}")
    print(
        json.dumps(
            {
                k: (v if not isinstance(v, dict) else {a: b for a, b in v.items() if a != "rows"})
                for k, v in result.items()
            },
            indent=1,
        )
    )
    if args.out:
        args.out.write_text(json.dumps(result, indent=1, default=str) + "\n")


if __name__ == "__main__":
    main()
