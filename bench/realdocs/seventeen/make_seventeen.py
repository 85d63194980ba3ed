"""Build bench/realdocs/seventeen, the tenth blind set of real public PDFs (see SOURCES.md):
cut each source PDF to the page used and write the truth JSON from the references in ref/
(``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items and checkbox options), which were written by hand from the
rendered pages and pdfium's text layer.

    .venv/bin/python bench/realdocs/seventeen/make_seventeen.py microsoft/markitdown=GIT_DIR \
        jstockwin/py-pdf-parser=GIT_DIR t-houssian/fillpdf=GIT_DIR \
        parallax/jsPDF=GIT_DIR

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
MARKITDOWN = "microsoft/markitdown"
PARSER = "jstockwin/py-pdf-parser"
FILLPDF = "t-houssian/fillpdf"
JSPDF = "parallax/jsPDF"
COMMITS = {
    MARKITDOWN: "a51f725d7ff4cdfe3bb6ad2ce2c04d98bf5f1f00",
    PARSER: "6aa400371e948307bcaa5073f33507c9b6e84f06",
    FILLPDF: "444db895e692586c1b417a08b9ff48cb1078a44b",
    JSPDF: "bfeae27a27087f9a3279031959086cb7ff7bcaee",
}
MD_FILES = "packages/markitdown/tests/test_files/"
PP_FILES = "docs/source/example_files/"

DOCS: list[Doc] = [
    (
        "seventeen-techmart-receipt",
        MARKITDOWN,
        MD_FILES + "RECEIPT-2024-TXN-98765_retail_purchase.pdf",
        [0],
        "invoices",
        "en",
        False,
        "narrow till receipt in a monospace font: centred store header, '===' and '---' "
        "separator lines, items of two description lines over a code/quantity line, discount "
        "and amount lines, totals, payment and rewards blocks, barcode text, a promo stamp "
        "drawn as an image over a hidden line",
    ),
    (
        "seventeen-zava-repair-estimate",
        MARKITDOWN,
        MD_FILES + "REPAIR-2022-INV-001_multipage.pdf",
        [0],
        "invoices",
        "en",
        False,
        "spreadsheet-printed repair estimate: logo image, centred header, red and black "
        "banded section heads, two label/value blocks side by side, an estimate table with "
        "indented sub-rows and partly boxed columns, a note row, an italic disclaimer",
    ),
    (
        "seventeen-homebrew-order-summary",
        PARSER,
        PP_FILES + "order_summary.pdf",
        [0],
        "invoices",
        "en",
        False,
        "order summary typed in Writer: underlined titles, a ruled 4-column item table in a "
        "monospace font with cells of two and three lines, a ruled 2-column totals table",
    ),
    (
        "seventeen-cinema-booking-order",
        MARKITDOWN,
        MD_FILES + "movie-theater-booking-2024.pdf",
        [0],
        "invoices",
        "en",
        False,
        "booking order: print date and page number at the top right, label/value blocks side "
        "by side, five unruled tables (one with a bold totals row, one with a small note line "
        "under each title), a total line, two footer lines drawn over the last table's rows",
    ),
    (
        "seventeen-medical-claim-form",
        FILLPDF,
        "ex.pdf",
        [0],
        "forms",
        "en",
        False,
        "insurance claim form page 1: dash-bulleted instructions (items), green banded section "
        "heads, boxed label cells in rows of one to three, four checkboxes (items), blank "
        "entry rules, a declaration paragraph, signature and date captions under rules",
    ),
    (
        "seventeen-developers-memo",
        PARSER,
        PP_FILES + "simple_memo.pdf",
        [0],
        "contract",
        "en",
        False,
        "short memorandum typed in Writer: underlined centred title, four label/value header "
        "lines with the values in a column of their own, a superscript ordinal, two body lines",
    ),
    (
        "seventeen-rfp-instructions",
        MARKITDOWN,
        MD_FILES + "masterformat_partial_numbering.pdf",
        [0],
        "contract",
        "en",
        False,
        "request-for-proposal page in MasterFormat style: a head of two blocks left and right "
        "over a rule with a page number, a numbered article heading, hanging clause numbers "
        "('.1', '.2') as items, centred project name lines between the clauses",
    ),
    (
        "seventeen-arabic-proverb-lines",
        JSPDF,
        "test/reference/arabic-3lines-right.pdf",
        [0],
        "rtl",
        "ar",
        True,
        "Arabic test page of a PDF generator: a proverb on one line, then its two halves on "
        "lines of their own, right-aligned at the top right of an otherwise empty page",
    ),
    (
        "seventeen-inventory-reconciliation",
        MARKITDOWN,
        MD_FILES + "SPARSE-2024-INV-1234_borderless_table.pdf",
        [0],
        "tables",
        "en",
        False,
        "report page 1: bold-label header lines, an unruled 6-column table with a shaded "
        "header and banded rows, most cells empty, a bar chart drawn as an image, a summary "
        "block, a paragraph running on to the next page",
    ),
    (
        "seventeen-inventory-review",
        MARKITDOWN,
        MD_FILES + "SPARSE-2024-INV-1234_borderless_table.pdf",
        [1],
        "tables",
        "en",
        False,
        "report page 2: a paragraph continued from page 1, a ruled 6-column table with a "
        "shaded header and empty cells, a paragraph of run-in numbered recommendations, an "
        "approval stamp drawn as an image",
    ),
    (
        "seventeen-libreoffice-tables",
        PARSER,
        PP_FILES + "tables.pdf",
        [0],
        "tables",
        "en",
        False,
        "seven ruled 4-column tables under bold captions: empty cells in the first row and "
        "column, a cell spanning two columns, a cell spanning two rows and two columns, a "
        "last table of which only the header row is on the page",
    ),
    (
        "seventeen-two-column-page",
        PARSER,
        PP_FILES + "columns.pdf",
        [0],
        "text",
        "en",
        False,
        "two columns split by a heavy vertical rule, each a title, a centred line and a pair "
        "of small labels at its left and right edges; the rest of the page empty",
    ),
    (
        "seventeen-autogen-introduction",
        MARKITDOWN,
        MD_FILES + "test.pdf",
        [0],
        "text",
        "en",
        False,
        "arXiv paper page (pdfTeX): section heading, justified paragraphs with hyphenation, "
        "a superscript footnote marker and footnote, two numbered paragraphs with hanging "
        "numbers and bold run-in heads (items), typewriter-font names, page number",
    ),
]

if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:])
