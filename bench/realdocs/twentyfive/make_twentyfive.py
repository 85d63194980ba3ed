"""Build bench/realdocs/twentyfive, the eighteenth blind set of real public PDFs (see
SOURCES.md): an enterprise inbox from producers the earlier sets lack or barely have (a
Polish KSeF e-invoice from Apache FOP, an invoice with a payment advice from the Go library
gopdf, an account statement from Prawn, a bank statement from fpdf2, a filled university
transmittal form made in Word and saved through macOS Quartz, a grant budget from
LibreOffice Calc, a progress report page with a statistics table from pdfTeX, a consulting
agreement from wkhtmltopdf) and an Arabic partnership contract made in Word 2016. Cut each
source PDF to the page used and write the truth JSON from the references in ref/
(``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items), which were written by hand from the rendered pages and
pdfium's text layer.

    .venv/bin/python bench/realdocs/twentyfive/make_twentyfive.py \
        ksef4dev/ksef-fop=GIT_DIR tinyzimmer/ginvoicer=GIT_DIR excid3/receipts=GIT_DIR \
        gaelle-eid/banking-system=GIT_DIR aubreymoore/2020-DOI-CRB-Biocontrol=GIT_DIR \
        alexch/clauses=GIT_DIR alnouirah/contract=GIT_DIR

Each git dir is a clone of the repository holding the commit in ``COMMITS``. Run once; the
truth JSONs are committed, the cut PDFs go to ``PDF_OUT`` under shared/ (kept out of git:
pages of fetched repositories stay there), where bench/eval_real.py finds them. Nobody ran
Pagemill on these pages before their references were final.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from bench.realdocs.real_sets import Doc, build, pdf_home

OUT = Path(__file__).resolve().parent
# The cut pages are kept out of git, under shared/ (real_sets.pdf_home).
PDF_OUT = pdf_home(OUT.name)

# The commits of the source repositories the files were taken from.
KSEF = "ksef4dev/ksef-fop"
GOPDF = "tinyzimmer/ginvoicer"
PRAWN = "excid3/receipts"
FPDF2 = "gaelle-eid/banking-system"
GUAM = "aubreymoore/2020-DOI-CRB-Biocontrol"
CLAUSES = "alexch/clauses"
ARABIC = "alnouirah/contract"
COMMITS = {
    KSEF: "5aaf496be2f585243def335f2c7057d51fbef26d",
    GOPDF: "43d9cda4315089134f43fb456c26c169a0deb09c",
    PRAWN: "2319d9e92f68e87099ba3059e22e5816ed4a68d6",
    FPDF2: "59523e244a18e8b88ba76e909aad35b701217446",
    GUAM: "dd522146600852bda3aa879876531fe4d1926074",
    CLAUSES: "96b41235381838cd6e5a61c088a8613a70aca6d0",
    ARABIC: "96870d17563c9c789a23c5b223c67ec0ec978605",
}

DOCS: list[Doc] = [
    (
        "twentyfive-fop-ksef-invoice",
        KSEF,
        "examples/invoice.pdf",
        [0],
        "invoices",
        "pl",
        False,
        "Polish KSeF e-invoice visualisation (Apache FOP): a big title left of a right-aligned "
        "invoice number block, seller and buyer label/value blocks side by side under rules, a "
        "third-party block with its address right, a details section with two label/value pairs "
        "on a line, a fully ruled 7-column item table with wrapped header cells and an empty "
        "unit column, a right-aligned total, a ruled 4-column tax summary, a generator footer "
        "that repeats on both pages",
    ),
    (
        "twentyfive-gopdf-invoice",
        GOPDF,
        "examples/invoice.pdf",
        [0],
        "invoices",
        "en",
        False,
        "generated invoice with a payment advice slip (Go, signintech/gopdf, monospaced fonts): a "
        "big title over the client address, label-over-value date and number fields beside the "
        "issuer address, a 6-column item table ruled under the header and between rows, a totals "
        "block aligned to the table's last columns, a dashed cut line, the slip's title, address, "
        "boxed label/value rows and an indented payment-options block, a registration footer",
    ),
    (
        "twentyfive-prawn-statement",
        PRAWN,
        "examples/statement.pdf",
        [0],
        "statements",
        "en",
        False,
        "account statement of a subscription (Ruby, Prawn, the receipts gem): a title beside a "
        "logo image, label/value rows, issuer and bill-to blocks side by side, a 4-column table "
        "ruled between rows whose subtotal, tax and total rows sit in its last two columns, a "
        "closing line with a coloured link",
    ),
    (
        "twentyfive-fpdf2-bank-statement",
        FPDF2,
        "test_statement.pdf",
        [0],
        "statements",
        "en",
        False,
        "bank account statement (Python, fpdf2, no producer entry): title and subtitle, "
        "label/value lines, two bold and two plain label/value pairs on two lines, a fully ruled "
        "4-column transaction table of 22 rows with a shaded header, right-aligned signed "
        "amounts and a description cut short in its cell",
    ),
    (
        "twentyfive-quartz-transmittal-form",
        GUAM,
        "ORSP Fillable Transmittal Form Nov2014.pdf",
        [0],
        "forms",
        "en",
        False,
        "filled university grant transmittal form (Word, saved through macOS Quartz PDFContext; "
        "AcroForm text fields and check boxes whose appearances show the values): a logo, a "
        "two-part letterhead line, a centred title, a ruled grid of label/field cells two to a "
        "row with values in larger fonts, a Yes/No checklist grid with ticks, a bulleted "
        "assurances block, a signature grid, a form code and a two-line contact footer",
    ),
    (
        "twentyfive-calc-grant-budget",
        GUAM,
        "2020-PPA/Moore-FY20-PPA-budget.pdf",
        [0],
        "tables",
        "en",
        False,
        "grant budget sheet (LibreOffice Calc): a heading line over a fully ruled 2-column "
        "table, header and 33 rows, with section rows, right-aligned 'Subtotal' rows, long wrapped "
        "description cells with a bold lead-in whose text the text layer puts after the whole "
        "table, right-aligned amounts",
    ),
    (
        "twentyfive-pdftex-bioassay-table",
        GUAM,
        "report4/report4.pdf",
        [4],
        "tables",
        "en",
        False,
        "page of a grant progress report (pdfTeX, LaTeX): justified paragraphs, a table caption, "
        "a 7-column statistics table ruled only at the top, under the header, between groups "
        "and at the foot, with wrapped header cells carrying superscript note marks, "
        "row-spanning group labels centred on their rows, highlighted cells and three table "
        "notes, a numbered section head, a page number",
    ),
    (
        "twentyfive-wkhtmltopdf-consulting-agreement",
        CLAUSES,
        "contract-2018-05-14.pdf",
        [0],
        "contract",
        "en",
        False,
        "first page of a consulting agreement (Markdown to HTML, wkhtmltopdf, Qt 4.8.7): a big "
        "title, three recital paragraphs, six long numbered clauses with hanging indents and "
        "lettered sub-clauses run into the text, the last clause running on to the next page",
    ),
    (
        "twentyfive-word-arabic-partnership-contract",
        ARABIC,
        "contract.pdf",
        [0],
        "rtl",
        "ar",
        True,
        "first page of an Arabic general-partnership contract template (Word 2016): a page "
        "border, a centred title that the text layer puts last, a double rule, clauses headed "
        "by ordinal words with blanks of dots for the parties' details, dates and amounts, "
        "parenthesised alternatives, justified right-to-left paragraphs; the text layer breaks "
        "lam-alef ligatures and mirrors the parentheses",
    ),
]

if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:], pdf_out=PDF_OUT)
