"""Build bench/realdocs/eleven, the fourth blind set of real public PDFs (see SOURCES.md):
cut each source PDF to the pages used and write the truth JSON from the references in
ref/ (``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items and checkbox options), which were written by hand from
the rendered pages.

    .venv/bin/python bench/realdocs/eleven/make_eleven.py owner/name=GIT_DIR [owner/name=GIT_DIR ...]

Each git dir is a clone of the named repository holding the commit in ``COMMITS`` (the
files are read at that commit, so a newer clone does). Run once; the outputs are
committed. Nobody ran Pagemill on these pages before their references were final.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from bench.realdocs.real_sets import Doc, build

OUT = Path(__file__).resolve().parent

# The commit of each source repository the files were taken from.
COMMITS = {
    "mozilla/pdf.js": "0f26334f9d6f96119f6e5164fb65832fbbde7344",
}
PDFJS = "test/pdfs/"

DOCS: list[Doc] = [
    (
        "eleven-xero-invoice",
        "mozilla/pdf.js",
        PDFJS + "bigboundingbox.pdf",
        [0],
        "invoices",
        "en",
        False,
        "Xero invoice with tear-off payment advice: header fields beside an address block, "
        "ruled line-item table with subtotal rows, dashed cut line, key/value advice block",
    ),
    (
        "eleven-mitsubishi-financial-statements",
        "mozilla/pdf.js",
        PDFJS + "issue14297.pdf",
        [0],
        "tables",
        "en",
        False,
        "annual-report spread (two pages on one sheet): comprehensive-income statement and two "
        "changes-in-equity tables with three-level headers, yen columns, bracketed negatives",
    ),
    (
        "eleven-inderes-equity-report",
        "mozilla/pdf.js",
        PDFJS + "chrome-text-selection-markedContent.pdf",
        [0],
        "text",
        "en",
        False,
        "equity research page (landscape slide): two text columns with bold subheads, "
        "sidebar key-figures table and guidance box; title and rating panel are outlines",
    ),
    (
        "eleven-supreme-court-judgment",
        "mozilla/pdf.js",
        PDFJS + "issue11913.pdf",
        [0],
        "letters",
        "en",
        False,
        "Irish Supreme Court judgment (HTML print): centred party block with right-aligned "
        "roles, numbered paragraphs, indented sub-questions and quotation",
    ),
    (
        "eleven-insurance-declarations",
        "mozilla/pdf.js",
        PDFJS + "issue6410.pdf",
        [0],
        "forms",
        "en",
        False,
        "insurance declarations page (TCPDF, redacted): label/value rows with a second "
        "label/value column at the right, footer with page number and form code",
    ),
    (
        "eleven-membership-application",
        "mozilla/pdf.js",
        PDFJS + "bug1669099.pdf",
        [0],
        "forms",
        "de",
        False,
        "German club membership form (fillable): four checkbox options (widgets), field "
        "labels under empty fields, footnotes, three-column contact and bank footer",
    ),
    (
        "eleven-sleep-questionnaire",
        "mozilla/pdf.js",
        PDFJS + "issue9972-1.pdf",
        [0],
        "forms",
        "en",
        False,
        "questionnaire (Pages): open questions with answer space, yes/no rows with answer "
        "rules, schedule grids drawn as images",
    ),
    (
        "eleven-radio-checkbox-form",
        "mozilla/pdf.js",
        PDFJS + "issue12706.pdf",
        [0],
        "forms",
        "en",
        False,
        "AcroForm how-to sheet: centred title, justified bold paragraph, two rows of three "
        "checkbox/radio options (widgets), logo, copyright footer",
    ),
]


if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:])
