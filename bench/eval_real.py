"""Real-document evaluation (issue 19): Pagemill's CPU path against a naive pdfium text
dump and the open table extractors, on documents made the way real producers make them.

- bench/realdocs/docs (and bench/realdocs/fresh, variants of the same kinds written after
  the engines were tuned on the first set, reported as fresh-*): PDFs that LibreOffice
  made from HTML (bench/realdocs/generate.py), with exact ground truth: right-to-left
  scripts, lists, forms, prose, letters, tables.
  Similarity to the reference for Pagemill's ``text`` and ``markdown`` outputs and for
  the naive dump (pypdfium2 ``get_text_range`` per page); table cell adjacency P/R/F1
  for Pagemill, camelot (lattice, then stream where lattice finds nothing) and
  pdfplumber; list items and checkboxes (with state) and headings from the Markdown.
- ../shared/eval/invoices: key values verbatim in the output (bench/accuracy.py's check).
- ../shared/eval/receipts: company, date, address and total verbatim in rapidocr's output
  (``--receipts N``; about 3 s each).
- Speed, one core: the text layer (pdfium page, text layer, layout) in pages/s beside raw
  pdfium ``get_text_range``, on bench/corpus.py's generated corpus, on bench/realdocs and
  on the invoices, interleaved in the same run.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/eval_real.py [--sets eight] [--receipts 100] [--dump DIR] \
        [--out bench/results/realdocs.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sys
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core (ONNX, OpenCV)
os.environ.setdefault("OMP_NUM_THREADS", "1")

from bench.eval_report import report_markdown, summarise  # noqa: E402
from bench.realdocs.real_sets import pdf_home  # noqa: E402
from bench.tablescore import PRF, heading_scores, item_scores, similarity, table_adjacency  # noqa: E402

DOCS = ROOT / "bench" / "realdocs" / "docs"
SHARED = Path(os.environ.get("PAGEMILL_EVAL_DIR", ROOT.parent / "shared" / "eval"))
Grid = list[list[str]]

# The sets under bench/realdocs, in the report's order:
# - docs: the first, LibreOffice from HTML (generate.py); fresh: variants written after the
#   engines were tuned on docs; unseen: report tables, footnotes, running heads; check4:
#   the fourth blind check (content_check4.py);
# - five: Chromium, pdflatex, groff (produce_five.py); six: ReportLab, Typst, wkhtmltopdf,
#   ps2pdf (produce_six.py); seven: the final generated check (produce_seven.py);
# - eight: real public PDFs that nobody here wrote, from the test suites of open table
#   extractors, tables only (eight/SOURCES.md);
# - nine to twentyeight: the second to twenty-first blind sets of real public PDFs (the test files
#   of PDF tools and olmOCR: business pages, forms, tables, letters, right-to-left pages;
#   twenty: long-form pages, two-column papers and manuals; twentyone: business pages and
#   government report tables; twentytwo: business pages from many producers, a spreadsheet
#   budget, a two-column paper page, an Arabic page; twentythree: invoices, statements and a
#   receipt from Google Docs, a VB6 program, PyFPDF and WeasyPrint, two Word report pages;
#   twentyfour: a purchase order, invoice, quotation, utility bill, bank statements and a
#   payslip from InDesign, ReportLab, pdf-lib/Canva, Jotform, Word 365 and OpenPDF, a terms
#   page, a Persian page with tables; twentyfive: a KSeF e-invoice from Apache FOP, a gopdf
#   invoice, Prawn and fpdf2 statements, a filled Quartz form, a Calc budget, a pdfTeX
#   statistics table, a wkhtmltopdf agreement, an Arabic Word contract; twentysix: invoices
#   from famoser/pdf-generator, pdfmake, libharu and PDFlib, a tinypdf receipt, an FPDF
#   statement, a filled ONLYOFFICE order, an Excel income statement, a Russian Word user
#   agreement, a Persian ReportLab invoice; twentyseven: spanning report tables from Prince,
#   Distiller and Word, iTextSharp and PDFCreator bills, a W-4, nested and Hebrew lists;
#   twentyeight: Docca, clj-pdf and Chrome invoices, an InDesign statement, Excel, Word and
#   TopLeaf tables, sdaps and OneForm checkbox forms, Arabic, Persian and Hebrew pages);
#   each set's references were written from the rendered page and committed before
#   Pagemill first ran on it, and its blind run is kept apart from the tuning that came
#   after (<set>/SOURCES.md, bench/results/realdocs-<set>.md).
# fmt: off
SETS = (
    "docs", "fresh", "unseen", "check4", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "twentyone", "twentytwo", "twentythree", "twentyfour", "twentyfive",
    "twentysix", "twentyseven", "twentyeight",
)
# fmt: on


def pagemill(pdf_path: Path) -> tuple[str, str, list[Grid]]:
    """The pdf-text engine as the worker runs it: pdfium page, text layer, layout; the
    page results' own text and Markdown renderings after finalize's pass over the whole
    document (common/documents/furniture.py), pages joined."""
    import pypdfium2 as pdfium

    from common.documents.furniture import mark_running
    from common.extraction.tables import document_tables
    from worker.engines.base import PageInput
    from worker.engines.pdf_text import PdfTextEngine
    from worker.engines.textlayer import extract_text_layer

    engine = PdfTextEngine()
    results = []
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for i in range(len(pdf)):
            layer = extract_text_layer(pdf[i])
            (res,) = engine.convert([PageInput(i + 1, layer.width, layer.height, text_layer=layer)])
            if isinstance(res, Exception):
                continue
            results.append(res)
    finally:
        pdf.close()
    # What finalize does across the pages before writing the formats (running headers
    # that only repetition shows).
    results = mark_running(results)
    texts = [res.text or "" for res in results]
    mds = [res.markdown or "" for res in results]
    # The tables as the tables output has them (a table over a page break is one).
    tables = [t["rows"] for t in document_tables(results)]
    return "\n\n".join(texts), "\n\n".join(mds), tables


def naive(pdf_path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def camelot_tables(pdf_path: Path) -> tuple[list[Grid], str]:
    from camelot.io import read_pdf

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = read_pdf(str(pdf_path), pages="all", flavor="lattice")
        flavor = "lattice"
        if found.n == 0:
            found, flavor = read_pdf(str(pdf_path), pages="all", flavor="stream"), "stream"
    return [[[str(c) for c in row] for row in t.df.values.tolist()] for t in found], flavor


def pdfplumber_tables(pdf_path: Path) -> list[Grid]:
    import pdfplumber

    with pdfplumber.open(str(pdf_path)) as pdf:
        return [[[c or "" for c in row] for row in t] for page in pdf.pages for t in page.extract_tables()]


def _prf(p: PRF) -> dict[str, Any]:
    return {"hits": p.hits, "found": p.found, "expected": p.expected}


def eval_docs(folder: Path, dump: Path | None) -> list[dict[str, Any]]:
    records = []
    for truth_path in sorted(folder.glob("*.json")):
        truth = json.loads(truth_path.read_text())
        pdf = truth_path.with_suffix(".pdf")
        if not pdf.exists():
            pdf = pdf_home(folder.name) / pdf.name
        if not pdf.exists():
            # A set whose pages stay out of git (real_sets.pdf_home) and were not rebuilt
            # on this machine: its make_<set>.py writes them from the source repositories.
            hint = f"{folder.name}/make_{folder.name}.py"
            print(f"skipped {truth_path.stem}: no {pdf} (run {hint})", file=sys.stderr)
            continue
        text, md, tables = pagemill(pdf)
        dump_text = naive(pdf)
        try:
            cam, flavor = camelot_tables(pdf)
        except Exception as exc:
            # camelot refuses some real files (an owner password that forbids text
            # extraction, which pdfium and pdfminer ignore): it found no tables.
            cam, flavor = [], f"failed: {type(exc).__name__}"
        plumb = pdfplumber_tables(pdf)
        # A set of real documents may have no reference text (bench/realdocs/eight: their
        # maintainers checked tables only); then only the tables are scored.
        ref = truth.get("text")
        items = item_scores(md, truth.get("items", []))
        records.append(
            {
                "doc": truth["name"],
                "kind": truth["kind"],
                "sim_text": None if ref is None else round(similarity(text, ref), 4),
                "sim_markdown": None if ref is None else round(similarity(md, ref, markdown=True), 4),
                "sim_naive": None if ref is None else round(similarity(dump_text, ref), 4),
                "tables": {
                    "pagemill": _prf(table_adjacency(tables, truth["tables"])),
                    "camelot": _prf(table_adjacency(cam, truth["tables"])),
                    "pdfplumber": _prf(table_adjacency(plumb, truth["tables"])),
                },
                "tables_found": {"pagemill": len(tables), "camelot": len(cam), "pdfplumber": len(plumb)},
                "camelot_flavor": flavor,
                "items": _prf(items["items"]),
                "checkboxes": _prf(items["checkboxes"]),
                "headings": _prf(heading_scores(md, truth.get("headings", []))),
            }
        )
        if dump is not None:
            dump.mkdir(parents=True, exist_ok=True)
            stem = dump / truth["name"]
            stem.with_suffix(".text.txt").write_text(text)
            stem.with_suffix(".md").write_text(md)
            stem.with_suffix(".naive.txt").write_text(dump_text)
            stem.with_suffix(".tables.json").write_text(
                json.dumps(
                    {"pagemill": tables, "camelot": cam, "pdfplumber": plumb}, ensure_ascii=False, indent=1
                )
            )
        print(f"{truth['name']}: done", file=sys.stderr)
    return records


def eval_invoices() -> list[dict[str, Any]]:
    """bench/accuracy.py's check for Pagemill; the same expected values for the dump."""
    from bench.accuracy import eval_invoices as accuracy_invoices
    from bench.accuracy import norm

    ours = {r["doc"]: r for r in accuracy_invoices("pdf-text")}
    out = []
    for meta_path in sorted((SHARED / "invoices").glob("*.json")):
        pdf = meta_path.with_suffix(".pdf")
        if meta_path.stem not in ours or not pdf.exists():
            continue
        flat = norm(naive(pdf))
        expected = _invoice_values(json.loads(meta_path.read_text())[0])
        out.append(
            {
                **ours[meta_path.stem],
                "found_naive": sum(any(norm(v) in flat for v in variants) for variants in expected),
            }
        )
    return out


def _invoice_values(meta: dict[str, Any]) -> list[list[str]]:
    # The same values as bench/accuracy.py's eval_invoices expects.
    from bench.accuracy import _amount_variants

    expected: list[list[str]] = [[str(meta["invoice_number"])]] if meta.get("invoice_number") else []
    for key in ("amount", "amount_untaxed"):
        if isinstance(meta.get(key), int | float):
            expected.append(_amount_variants(float(meta[key])))
    expected += [[str(line["name"])] for line in meta.get("lines", []) if line.get("name")]
    return expected


def eval_receipts(n: int, dump: Path | None) -> list[dict[str, Any]]:
    """Each key field verbatim in rapidocr's text: case-folded, whitespace collapsed
    ("exact"), and with no whitespace at all ("nospace", OCR spacing forgiven)."""
    if n <= 0:
        return []
    from PIL import Image

    from worker.engines.base import PageInput
    from worker.engines.rapidocr import RapidOcrEngine

    ocr = RapidOcrEngine()
    out = []
    for img_path in sorted((SHARED / "receipts").glob("*.jpg"))[:n]:
        fields = json.loads(img_path.with_suffix(".json").read_text())
        img = Image.open(img_path).convert("RGB")
        t0 = time.perf_counter()
        res = ocr.convert_page(PageInput(1, img.width, img.height, image=img))
        seconds = time.perf_counter() - t0
        text = res.text or ""
        flat = " ".join(text.casefold().split())
        bare = "".join(flat.split())
        rec: dict[str, Any] = {"doc": img_path.stem, "seconds": round(seconds, 3)}
        for key, value in fields.items():
            v = " ".join(str(value).casefold().split())
            rec[key] = {"exact": v in flat, "nospace": "".join(v.split()) in bare}
        out.append(rec)
        if dump is not None:
            dump.mkdir(parents=True, exist_ok=True)
            (dump / f"receipt-{img_path.stem}.txt").write_text(text)
        print(f"receipt {img_path.stem}: done", file=sys.stderr)
    return out


def speed(rounds: int) -> dict[str, Any]:
    """Pages/s on one core, the text layer and raw pdfium interleaved round by round so
    that a busy machine slows both alike."""
    import pypdfium2 as pdfium

    from bench.corpus import corpus
    from bench.speed_cpu import read

    sets: dict[str, list[Any]] = {
        "generated (bench/corpus.py)": [d.pdf for d in corpus(2)],
        "realdocs (LibreOffice)": [p.read_bytes() for p in sorted(DOCS.glob("*.pdf"))],
        "invoices (../shared/eval)": [p.read_bytes() for p in sorted((SHARED / "invoices").glob("*.pdf"))],
    }

    def raw(data: bytes) -> int:
        pdf = pdfium.PdfDocument(data)
        for i in range(len(pdf)):
            pdf[i].get_textpage().get_text_range()
        n = len(pdf)
        pdf.close()
        return n

    out: dict[str, Any] = {}
    for name, docs in sets.items():
        if not docs:
            continue
        spent = {"pagemill_text_layer": 0.0, "pdfium_get_text_range": 0.0}
        pages = {"pagemill_text_layer": 0, "pdfium_get_text_range": 0}
        for _ in range(rounds):
            for key, fn in (("pagemill_text_layer", read), ("pdfium_get_text_range", raw)):
                t0 = time.perf_counter()
                pages[key] += sum(fn(d) for d in docs)
                spent[key] += time.perf_counter() - t0
        out[name] = {k: round(pages[k] / spent[k], 1) for k in spent} | {
            "pages": pages["pagemill_text_layer"] // rounds
        }
    return out


def code_state() -> str:
    """Which engine code ran: the commit, and the engine files changed since it (a shared
    tree often holds other people's unfinished edits)."""
    import subprocess

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "not a git checkout"
    changed = git("status", "--porcelain", "--", "worker", "common").splitlines()
    return commit + (
        f" with {len(changed)} engine files changed" if changed else " (engine code as committed)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--receipts", type=int, default=0, help="receipts to OCR (0-100; ~3 s each)")
    ap.add_argument("--speed-rounds", type=int, default=5, help="rounds of the speed measure (0: skip)")
    ap.add_argument("--note", default="", help="a line for the report, e.g. which tree ran")
    ap.add_argument("--dump", type=Path, help="write every output here, for reading")
    # The committed baseline is written with --out bench/results/realdocs.json; by default a
    # run (another helper's, a check) leaves it alone.
    ap.add_argument("--out", type=Path, default=Path("/tmp/realdocs.json"), help="JSON; Markdown beside it")
    ap.add_argument(
        "--sets",
        default=",".join(SETS),
        help="comma-separated sets to run, of " + ", ".join(SETS) + " (default: all)",
    )
    args = ap.parse_args()
    chosen = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SETS]
    if unknown:
        ap.error(f"unknown sets: {', '.join(unknown)}")
    # Each set's records, its kinds prefixed with the set's name ("fresh-rtl"), except docs'.
    ran = {
        name: eval_docs(DOCS.parent / name, args.dump)
        for name in SETS
        if name in chosen and (DOCS.parent / name).is_dir()
    }
    summary: list[dict[str, Any]] = []
    all_records: list[dict[str, Any]] = []
    for name, recs in ran.items():
        prefix = "" if name == "docs" else name + "-"
        if recs:
            summary += summarise(recs, prefix)
        all_records += [{**r, "kind": prefix + r["kind"]} for r in recs]
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "OMP_THREAD_LIMIT=1 .venv/bin/python bench/eval_real.py " + shlex.join(sys.argv[1:]),
        "machine": f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "code": code_state() + (f"; {args.note}" if args.note else ""),
        "summary": summary,
        "invoices": eval_invoices() if "docs" in chosen else [],
        "receipts": eval_receipts(args.receipts, args.dump),
        "speed_pages_per_s_one_core": speed(args.speed_rounds) if args.speed_rounds else None,
        "records": all_records,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    args.out.with_suffix(".md").write_text(report_markdown(report))
    print(report_markdown(report))


if __name__ == "__main__":
    main()
