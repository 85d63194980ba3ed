"""OCR settings against each other on real pages that are not ours: characters lost or
gained, with no layout involved.

The generated corpus of ``bench/accuracy.py`` uses one font family; a setting that
reads it perfectly can still lose characters elsewhere. The pages here are the eval
invoices (``../shared/eval/invoices``, every page) and the first pages of two manuals
Debian ships as PDF, each turned into a 200 DPI scan by ``scan_image``. The reference is
the PDF's own text; the score is the bag-of-characters difference (whitespace ignored,
order ignored, so reading order does not count). Its floor is not zero, because
references hold dot leaders, ligatures and the like: compare settings with each other.

    .venv/bin/python bench/ocr_real_pages.py 'before={"crop_to_content":false,"rec_min_width":320}' 'after={}'

Each setting is ``name=JSON`` of keyword arguments to ``worker.engines.rapidocr.RapidOcr``.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval" / "invoices"
MANUALS = {
    Path("/usr/share/doc/libtasn1-doc/libtasn1.pdf"): 5,
    Path("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf"): 4,
}


def sources() -> list[tuple[Path, int]]:
    found = [(p, 1000) for p in sorted(EVAL.glob("*.pdf"))]
    found += [(p, n) for p, n in MANUALS.items() if p.is_file()]
    return found


def bag_error(ref: str, hyp: str) -> tuple[int, int]:
    r = collections.Counter(c for c in ref if not c.isspace())
    h = collections.Counter(c for c in hyp if not c.isspace())
    return sum(((r - h) + (h - r)).values()), sum(r.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("settings", nargs="+", help="name=JSON kwargs for RapidOcr")
    ap.add_argument("--out", type=Path, help="write the result as JSON here")
    args = ap.parse_args()

    import pypdfium2 as pdfium

    from tests.factories.files import scan_image
    from worker.engines.rapidocr import RapidOcr

    pages: list[tuple[str, str, Any]] = []
    for path, limit in sources():
        data = path.read_bytes()
        doc = pdfium.PdfDocument(data)
        for i in range(min(limit, len(doc))):
            ref = doc[i].get_textpage().get_text_range().replace("\u00a0", " ")
            pages.append((f"{path.name}/{i + 1}", ref, scan_image(data, i + 1, seed=7)))
    if not pages:
        raise SystemExit("no pages: neither ../shared/eval/invoices nor the Debian manuals are here")

    result: dict[str, Any] = {"command": "python " + " ".join(sys.argv), "pages": len(pages), "settings": {}}
    print(f"{len(pages)} pages")
    print("| setting | characters wrong | of | s/page (one pass) |")
    print("|---|---|---|---|")
    for item in args.settings:
        name, _, raw = item.partition("=")
        kwargs = json.loads(raw or "{}")
        ocr = RapidOcr(**kwargs)
        ocr.read(pages[0][2])  # load the models
        wrong = total = 0
        seconds = 0.0
        for _page_id, ref, image in pages:
            t0 = time.perf_counter()
            lines = ocr.read(image)
            seconds += time.perf_counter() - t0
            w, n = bag_error(ref, " ".join(ln.text for ln in lines))
            wrong, total = wrong + w, total + n
        result["settings"][name] = {
            "kwargs": kwargs,
            "wrong": wrong,
            "chars": total,
            "s_per_page": seconds / len(pages),
        }
        print(f"| {name} | {wrong} | {total} | {seconds / len(pages):.2f} |", flush=True)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
