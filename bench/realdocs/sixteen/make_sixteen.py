"""Build bench/realdocs/sixteen, the ninth blind set of real public PDFs (see SOURCES.md):
cut each source PDF to the page used and write the truth JSON from the references in ref/
(``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items and checkbox options), which were written by hand from the
rendered pages and pdfium's text layer.

    .venv/bin/python bench/realdocs/sixteen/make_sixteen.py run-llama/llama_parse=GIT_DIR \
        strzibny/invoice_printer=GIT_DIR kentros/pdfs=GIT_DIR

Each git dir is a clone of the repository holding the commit in ``COMMITS``. Run once; the
outputs are committed. Nobody ran Pagemill on these pages before their references were final.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from bench.realdocs.real_sets import Doc, build

OUT = Path(__file__).resolve().parent

# The commits of the source repositories the files were taken from.
LLAMA = "run-llama/llama_parse"
PRINTER = "strzibny/invoice_printer"
W9 = "kentros/pdfs"
COMMITS = {
    LLAMA: "fd4b1893f1a5caa8833dfdf20a39de232ac399c3",
    PRINTER: "fc268b5f49ef354d966712b19b1d5dec9aaa164a",
    W9: "b7e7d16260687408ce0718e4d16e28eb0700f88b",
}

DOCS: list[Doc] = [
    (
        "sixteen-noisebridge-receipt",
        LLAMA,
        "tests/test_files/resume/receipt/noisebridge_receipt.pdf",
        [0],
        "invoices",
        "en",
        False,
        "Stripe payment receipt: title with the payee's name at the right, label/value block, "
        "two address blocks side by side, item table with a two-line cell, totals rows ruled "
        "apart under the amounts, running footer with page number",
    ),
    (
        "sixteen-czech-invoice",
        PRINTER,
        "examples/czech_invoice_a4.pdf",
        [0],
        "invoices",
        "cs",
        False,
        "Czech invoice: title and number on one line, four rounded boxes (seller, buyer, "
        "bank account, dates) two by two with captions printed after the names in the text "
        "layer, shaded item table, totals block, logo, trade-register note",
    ),
    (
        "sixteen-bilingual-czech-invoice",
        PRINTER,
        "examples/international_invoice_a4.pdf",
        [0],
        "invoices",
        "cs",
        False,
        "Czech/English invoice: every label with its English gloss below or beside it, "
        "two-line header cells, label/value rows with the gloss on a second line, totals block",
    ),
    (
        "sixteen-purchase-order",
        LLAMA,
        "examples/parse/parsing_instructions/purchase_order_document.pdf",
        [0],
        "invoices",
        "en",
        False,
        "purchase order typed in a monospace layout: centred header lines, two blocks side by "
        "side (vendor / ship-to, payment / shipping terms) with the right one running longer, "
        "numbered instructions (items), dashed separator lines, a pipe-delimited item line",
    ),
    (
        "sixteen-expense-report",
        LLAMA,
        "examples/parse/parsing_instructions/expense_report_document.pdf",
        [0],
        "forms",
        "en",
        False,
        "employee expense report: centred header, label/value sections, arrows, dashed "
        "separator lines, pipe-delimited expense lines with indented continuation lines",
    ),
    (
        "sixteen-irs-w9-form",
        W9,
        "fw9.pdf",
        [0],
        "forms",
        "en",
        False,
        "IRS Form W-9 page 1: header of three blocks, rotated margin note, numbered field rows, "
        "seven tax-classification checkboxes (items), exemption block beside them, TIN combs, "
        "numbered certifications (items), signature row, two-column instructions with bullets",
    ),
    (
        "sixteen-hackathon-terms",
        LLAMA,
        "TOS.pdf",
        [0],
        "contract",
        "en",
        False,
        "terms-of-service agreement page 1: running head, centred title, justified paragraphs, "
        "numbered clauses with hanging numbers and sub-clauses (items), page number",
    ),
    (
        "sixteen-caltrain-weekend-schedule",
        LLAMA,
        "examples/parse/caltrain/caltrain_schedule_weekend.pdf",
        [0],
        "tables",
        "en",
        False,
        "train timetable: two ruled 17-column tables (26 rows each) with empty cells, bold "
        "and superscript glyphs, rotated zone labels in a side band, footnote between them",
    ),
    (
        "sixteen-w9-specific-instructions",
        W9,
        "fw9.pdf",
        [2],
        "text",
        "en",
        False,
        "IRS Form W-9 page 3: two columns, headings, lettered paragraphs, a ruled two-column "
        "table with bullets inside its cells, bulleted list (items), numbered code list",
    ),
    (
        "sixteen-saas-metrics-slide",
        LLAMA,
        "tests/test_files/slide/saas_slide.pdf",
        [0],
        "text",
        "en",
        False,
        "landscape dashboard slide: title, four KPI cards side by side, a line chart with "
        "tick labels, a bulleted highlights panel (items), copyright footer",
    ),
    (
        "sixteen-architect-resume",
        LLAMA,
        "examples/extract/data/resumes/software_architect.pdf",
        [0],
        "text",
        "en",
        False,
        "résumé: dark full-height sidebar (white text: contact, skills lists) beside the main "
        "column (name, headings, bulleted achievements as items)",
    ),
    (
        "sixteen-ai-researcher-resume",
        LLAMA,
        "examples/extract/data/resumes/ai_researcher.pdf",
        [0],
        "text",
        "en",
        False,
        "résumé page 1: sidebar with bulleted skill lists (a bullet drawn apart from its "
        "two-line item in the text layer) and figures, main column with bulleted experience; "
        "the text layer holds the sidebar's bullets after the main column",
    ),
]

if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:])
