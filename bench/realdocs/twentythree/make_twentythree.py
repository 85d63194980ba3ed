"""Build bench/realdocs/twentythree, the sixteenth blind set of real public PDFs (see
SOURCES.md): business documents (a blank tattoo-studio invoice from Google Docs, a tax
invoice and a ledger statement from a Visual Basic 6 accounts program, a bank statement from
PyFPDF, a receipt from WeasyPrint) and two pages of a course report exported from Word
through macOS Quartz (a cover page with a nested bullet list, a page with two booktabs-like
statistics tables). Cut each source PDF to the page used and write the truth JSON from the
references in ref/ (``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables
as grids; ``NAME.items.json``: list items), which were written by hand from the rendered
pages and pdfium's text layer.

    .venv/bin/python bench/realdocs/twentythree/make_twentythree.py \
        098765d/ET-S_Sample_Report=GIT_DIR AndrewVDo/InvoiceCsvToPdf=GIT_DIR \
        AbinashAcharya1973/vb6Accountsinv=GIT_DIR Haseebsyd/Bank-Statement-Generator=GIT_DIR \
        Carrington-dev/invoices=GIT_DIR

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
ETS = "098765d/ET-S_Sample_Report"
TATTOO = "AndrewVDo/InvoiceCsvToPdf"
VB6 = "AbinashAcharya1973/vb6Accountsinv"
BANK = "Haseebsyd/Bank-Statement-Generator"
WEASY = "Carrington-dev/invoices"
COMMITS = {
    ETS: "2c34956395e0e52ab3133259720186674d418f45",
    TATTOO: "5d05303bcb329628630cc3739cb9e254a16c45dc",
    VB6: "b1937ec9f1f732e01d950b1af0a96ce9a181fdb9",
    BANK: "b945a5e688574ef3b129a3ed450b18cdcfe1d405",
    WEASY: "f9aba67851d2e5a4101e206a31dd79c8cf58a9dd",
}

DOCS: list[Doc] = [
    (
        "twentythree-tattoo-gdocs-invoice",
        TATTOO,
        "invoice.pdf",
        [0],
        "invoices",
        "en",
        False,
        "blank invoice form (Google Docs, Skia/PDF): a large monospaced title, the studio's "
        "address in tiny type, two label blocks side by side whose fields are underscore "
        "rules, a fully ruled 4-column item table with a header row and an empty body, a "
        "due date left of a right-hand totals block, terms and indented payment lines",
    ),
    (
        "twentythree-vb6-tax-invoice",
        VB6,
        "invoice.pdf",
        [0],
        "invoices",
        "en",
        False,
        "Indian GST tax invoice (Visual Basic 6 through clsPDFCreator): a 2 x 2 grid of boxed "
        "blocks (seller, bank details, buyer, invoice data), a 12-column item table ruled "
        "only by horizontal lines with its TOTAL row far below the body, a right-hand "
        "label/value tax block with a dashed rule drawn as hyphens in the text layer, the "
        "amount in words, footer lines left and right",
    ),
    (
        "twentythree-vb6-ledger-statement",
        VB6,
        "ledger.pdf",
        [0],
        "statements",
        "en",
        False,
        "cash account ledger statement (Visual Basic 6 through clsPDFCreator): centred "
        "title lines, a period line that the text layer puts after the header, an unruled "
        "6-column table with two rows, its balance rows at the foot of the page under a rule "
        "in the same columns",
    ),
    (
        "twentythree-pyfpdf-bank-statement",
        BANK,
        "statement.pdf",
        [0],
        "statements",
        "en",
        False,
        "generated bank statement (PyFPDF): a centred title, two label/value lines, a fully "
        "ruled 2-column table of 12 transactions with centred cells, a two-line summary "
        "paragraph, a page number",
    ),
    (
        "twentythree-weasyprint-receipt",
        WEASY,
        "python-weasyprint/receipt.pdf",
        [0],
        "invoices",
        "en",
        False,
        "HTML receipt (WeasyPrint): headings, label/value lines with bold labels, a small "
        "unruled 3-column table set tight (the columns almost touch), the total under its "
        "own heading",
    ),
    (
        "twentythree-atrisk-report-cover",
        ETS,
        "report.pdf",
        [0],
        "prose",
        "en",
        False,
        "course report first page (Word through macOS Quartz): a centred title block with "
        "coloured values, a bullet list with one nested hollow-bullet item, a section head, "
        "paragraphs with underlined run-in labels and a link, a bullet list, a confusion "
        "matrix figure (an image) and its caption, a page number",
    ),
    (
        "twentythree-atrisk-report-page",
        ETS,
        "report.pdf",
        [1],
        "tables",
        "en",
        False,
        "course report page 2 (Word through macOS Quartz): a section head, an unruled "
        "label/value block that the text layer puts last, a table caption, two tables "
        "ruled at top, under the header and at the foot (each with a spanning caption row "
        "above it), an italic note, a bar chart (an image) and its caption, bulleted "
        "paragraphs with bold run-in labels, a page number",
    ),
]

if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:])
