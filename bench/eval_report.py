"""Summaries and the Markdown report of bench/eval_real.py (per document kind)."""

from __future__ import annotations

from typing import Any

from bench.tablescore import PRF

TOOLS = ("pagemill", "camelot", "pdfplumber")
NONE = "\u2013"  # an en dash: no value


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 3)


def _pool(recs: list[dict[str, Any]], pick: Any) -> dict[str, float | int | None]:
    total = PRF()
    for r in recs:
        c = pick(r)
        total = total + PRF(c["hits"], c["found"], c["expected"])
    return {
        "P": _r(total.precision),
        "R": _r(total.recall),
        "F1": _r(total.f1),
        "expected": total.expected,
        "found": total.found,
    }


def summarise(records: list[dict[str, Any]], prefix: str = "") -> list[dict[str, Any]]:
    """Per kind and overall: similarities (mean, min), documents below their naive dump,
    pooled table adjacency per tool, items, checkboxes, headings. ``prefix`` names the
    set in the rows' kinds ("fresh-rtl", "fresh-all")."""
    rows = []
    kinds = sorted({r["kind"] for r in records})
    for kind in [*kinds, "all"]:
        recs = [r for r in records if kind in ("all", r["kind"])]
        row: dict[str, Any] = {"kind": prefix + kind, "docs": len(recs)}
        # Documents without a reference text (sim None: bench/realdocs/eight) score tables only.
        scored = [r for r in recs if r["sim_text"] is not None]
        for key in ("sim_text", "sim_markdown", "sim_naive"):
            vals = [r[key] for r in scored]
            row[key] = (
                {"mean": round(sum(vals) / len(vals), 3), "min": round(min(vals), 3)}
                if vals
                else {"mean": None, "min": None}
            )
        row["below_naive_text"] = sum(r["sim_text"] < r["sim_naive"] for r in scored)
        row["below_naive_markdown"] = sum(r["sim_markdown"] < r["sim_naive"] for r in scored)
        with_tables = [r for r in recs if r["tables"]["pagemill"]["expected"]]
        if with_tables:
            row["table_adjacency"] = {t: _pool(with_tables, lambda r, t=t: r["tables"][t]) for t in TOOLS}
        no_tables = [r for r in recs if not r["tables"]["pagemill"]["expected"]]
        row["spurious_tables_on_table_free_docs"] = {
            t: sum(r["tables_found"][t] for r in no_tables) for t in TOOLS
        }
        for key in ("items", "checkboxes", "headings"):
            if any(r[key]["expected"] for r in recs):
                row[key] = _pool(recs, lambda r, key=key: r[key])
        rows.append(row)
    return rows


def _f(v: Any) -> str:
    return NONE if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))


def report_markdown(report: dict[str, Any]) -> str:
    out = [
        "# Real-document evaluation (issue 19)",
        "",
        f"Run {report['date']} on {report['machine']} (a busy shared machine: timings are indicative).",
        "",
        f"    {report['command']}",
        "",
        f"Code: {report.get('code', 'unknown')}.",
        "",
        "Documents: bench/realdocs/docs and, as kinds named fresh-*, bench/realdocs/fresh (variants "
        "written after the engines were tuned on the first set): LibreOffice PDFs from HTML, exact "
        "ground truth, `bench/realdocs/generate.py`. Similarity: Levenshtein normalized similarity to "
        "the reference after bench/tablescore.normalize (whitespace collapsed, list markers and "
        "Markdown markup dropped).",
        "",
        "## Text similarity per kind",
        "",
        "| kind | docs | text mean | text min | markdown mean | markdown min | naive mean | naive min "
        "| text < naive | md < naive |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in report["summary"]:
        t, m, n = row["sim_text"], row["sim_markdown"], row["sim_naive"]
        out.append(
            f"| {row['kind']} | {row['docs']} | {_f(t['mean'])} | {_f(t['min'])} | {_f(m['mean'])} | "
            f"{_f(m['min'])} | {_f(n['mean'])} | {_f(n['min'])} | {row['below_naive_text']} | "
            f"{row['below_naive_markdown']} |"
        )
    out += [
        "",
        "## Tables: cell adjacency (ICDAR 2013), documents with tables, pooled",
        "",
        "| kind | tool | P | R | F1 | relations expected | found |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in report["summary"]:
        for tool, v in row.get("table_adjacency", {}).items():
            out.append(
                f"| {row['kind']} | {tool} | {_f(v['P'])} | {_f(v['R'])} | {_f(v['F1'])} | "
                f"{v['expected']} | {v['found']} |"
            )
    # (the first set run's; the others' are in the JSON)
    spur = next(r for r in report["summary"] if r["kind"].endswith("all"))[
        "spurious_tables_on_table_free_docs"
    ]
    out += [
        "",
        "Tables reported on documents without tables: "
        + ", ".join(f"{k} {v}" for k, v in spur.items())
        + ".",
        "",
        "## Lists, checkboxes (with state), headings: Pagemill's Markdown",
        "",
        "| kind | items P | items R | checkboxes P | checkboxes R | headings P | headings R |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in report["summary"]:
        cells = []
        for key in ("items", "checkboxes", "headings"):
            v = row.get(key)
            cells += [_f(v["P"]), _f(v["R"])] if v else [NONE, NONE]
        out.append(f"| {row['kind']} | " + " | ".join(cells) + " |")
    out += [
        "",
        "## Per document",
        "",
        "| doc | text | markdown | naive | items R | checkboxes R | "
        "tables F1 pagemill / camelot / pdfplumber |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in sorted(report["records"], key=lambda r: (r["sim_text"] is None, r["sim_text"] or 0.0, r["doc"])):

        def rec(c: dict[str, int]) -> str:
            return _f(PRF(c["hits"], c["found"], c["expected"]).recall)

        tf = (
            " / ".join(_f(_r(PRF(**r["tables"][t]).f1)) for t in TOOLS)
            if r["tables"]["pagemill"]["expected"]
            else NONE
        )
        out.append(
            f"| {r['doc']} | {_f(r['sim_text'])} | {_f(r['sim_markdown'])} | {_f(r['sim_naive'])} | "
            f"{rec(r['items'])} | {rec(r['checkboxes'])} | {tf} |"
        )
    inv = report.get("invoices") or []
    if inv:
        out += [
            "",
            "## Invoices (../shared/eval/invoices): key values verbatim",
            "",
            "| doc | fields | Pagemill | naive dump |",
            "|---|---|---|---|",
        ]
        out += [f"| {r['doc']} | {r['fields']} | {r['found']} | {r['found_naive']} |" for r in inv]
        out.append(
            f"| all | {sum(r['fields'] for r in inv)} | {sum(r['found'] for r in inv)} | "
            f"{sum(r['found_naive'] for r in inv)} |"
        )
    rc = report.get("receipts") or []
    if rc:
        out += [
            "",
            f"## Receipts (../shared/eval/receipts, first {len(rc)}): rapidocr, field kept verbatim",
            "",
            "| field | exact (case-folded, whitespace collapsed) | ignoring whitespace |",
            "|---|---|---|",
        ]
        for key in ("company", "date", "address", "total"):
            have = [r[key] for r in rc if key in r]
            out.append(
                f"| {key} | {sum(h['exact'] for h in have) / len(have):.1%} | "
                f"{sum(h['nospace'] for h in have) / len(have):.1%} |"
            )
        allf = [r[k] for r in rc for k in ("company", "date", "address", "total") if k in r]
        out.append(
            f"| all | {sum(h['exact'] for h in allf) / len(allf):.1%} | "
            f"{sum(h['nospace'] for h in allf) / len(allf):.1%} |"
        )
        out.append(
            f"\nOCR: {sum(r['seconds'] for r in rc) / len(rc):.2f} s per receipt (one core, busy machine)."
        )
    sp = report.get("speed_pages_per_s_one_core")
    if sp:
        out += [
            "",
            "## Speed, pages/s on one core (busy shared machine: indicative)",
            "",
            "| documents | pages | Pagemill text layer | raw pdfium get_text_range |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {k} | {v['pages']} | {v['pagemill_text_layer']} | {v['pdfium_get_text_range']} |"
            for k, v in sp.items()
        ]
    return "\n".join(out) + "\n"
