"""Build bench/realdocs/nine, the second blind set of real public PDFs (see SOURCES.md):
cut each source PDF to the pages used and write the truth JSON from the references in
ref/ (``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids,
when the pages hold tables), which were written by hand from the rendered pages.

    .venv/bin/python bench/realdocs/nine/make_nine.py PDFPLUMBER_GIT_DIR

The git dir is a clone of jsvine/pdfplumber at the commit in SOURCES.md. Run once; the
outputs are committed. Nobody ran Pagemill on these pages before their references were
final.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from bench.realdocs.real_sets import cut, git_file, ref_json, write_doc

OUT = Path(__file__).resolve().parent
REF = OUT / "ref"
PDFS = "tests/pdfs/"

# name, source file in pdfplumber's tests/pdfs, pages used (0-based), kind, language, notes
DOCS: list[tuple[str, str, list[int], str, str, str]] = [
    (
        "nine-cupertino-agenda",
        "cupertino_usd_4-6-16.pdf",
        [0],
        "text",
        "en",
        "school board agenda: logo, two-column address/date line, boxed notice, numbered items",
    ),
    (
        "nine-fr-demolition-minutes",
        "2023-06-20-PV.pdf",
        [0, 1],
        "text",
        "fr",
        "French municipal minutes (Quebec), legal-size pages, justified indented resolution",
    ),
    (
        "nine-paper-creativity",
        "issue-982-example.pdf",
        [0],
        "text",
        "en",
        "two-column arXiv paper (pdfLaTeX): figure with side-by-side subcaptions, soft hyphens, "
        "inline math, margin stamp",
    ),
    (
        "nine-federal-register-3col",
        "federal-register-2020-17221.pdf",
        [1],
        "text",
        "en",
        "US Federal Register page: three columns, footnotes at the foot of each column, "
        "running head, printer's slug",
    ),
    (
        "nine-wi-dcf-report",
        "150109DSP-Milw-505-90D.pdf",
        [0, 1],
        "form",
        "en",
        "filled government form: label/value lines, drawn checkboxes inline and in a two-column checklist",
    ),
    (
        "nine-senate-expenditures",
        "senate-expenditures.pdf",
        [0],
        "tables",
        "en",
        "US Senate expenditure report: ruled landscape table, two-level header, "
        "two-line description cells, salary rows without document number",
    ),
    (
        "nine-smpc-adverse-reactions",
        "table-curves-example.pdf",
        [0],
        "tables",
        "en",
        "medicine leaflet (SmPC) page: ruled table with wrapped header cells and "
        "italic row-group rows spanning the table",
    ),
    (
        "nine-cn-land-use-standard",
        "issue-336-example.pdf",
        [0],
        "tables",
        "zh",
        "Chinese land-use standard page: three ruled tables with row spans and "
        "two-level headers between paragraphs, running head",
    ),
    (
        "nine-au-home-loan-rates",
        "pr-138-example.pdf",
        [0],
        "tables",
        "en",
        "bank rate sheet (landscape): wide shaded table with two-level header, section "
        "bands and row-spanning cells; notes and a second table below",
    ),
    (
        "nine-ca-warn-report",
        "WARN-Report-for-7-1-2015-to-03-25-2016.pdf",
        [0],
        "tables",
        "en",
        "California WARN report (Excel export): ruled zebra table whose text layer runs "
        "column by column for the first rows; clipped cells",
    ),
    (
        "nine-nics-firearm-checks",
        "nics-background-checks-2015-11.pdf",
        [0],
        "tables",
        "en",
        "FBI NICS monthly statistics (Excel export, legal landscape): 25-column table "
        "with grouped headers, an empty shaded column pair, notes below",
    ),
]


def main(git_dir: str) -> None:
    for name, source, pages, kind, lang, notes in DOCS:
        truth: dict[str, Any] = {
            "name": name,
            "kind": kind,
            "producer": "real-world (public test suite)",
            "lang": lang,
            "rtl": False,
            "notes": notes,
            "source": f"jsvine/pdfplumber {PDFS}{source}, pages {', '.join(str(p + 1) for p in pages)}",
            "text": (REF / f"{name}.txt").read_text(),
            "headings": [],
            "items": ref_json(REF, name, "items"),
            "tables": ref_json(REF, name, "tables"),
        }
        write_doc(OUT, truth, cut(git_file(git_dir, "HEAD", PDFS + source), pages))


if __name__ == "__main__":
    main(sys.argv[1])
