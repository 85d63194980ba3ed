"""Build bench/realdocs/twentyfour, the seventeenth blind set of real public PDFs (see
SOURCES.md): business documents from producers the earlier sets lack or barely have (a
filled purchase order form made in Adobe InDesign, an invoice from ReportLab, a pricing page that
pdf-lib wrote over a Canva proposal and that proposal's terms page, a utility bill from
Jotform through Skia/PDF, two bank statements made in Word for Microsoft 365, a payslip from
OpenPDF) and a Persian right-to-left page with two ruled tables set with XeTeX. Cut each
source PDF to the page used and write the truth JSON from the references in ref/
(``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items), which were written by hand from the rendered pages and
pdfium's text layer.

    .venv/bin/python bench/realdocs/twentyfour/make_twentyfour.py \
        JumpOrganic/JumpOrganic=GIT_DIR amit9838/invoice_generator=GIT_DIR \
        Ali-D-Coded/QuotationMaker=GIT_DIR Brahma100/pdf2json=GIT_DIR \
        NadaAboubakr/json-live=GIT_DIR DunstanF5/payslip-generator-service=GIT_DIR \
        thecompez/PurePersian=GIT_DIR

Each git dir is a clone of the repository holding the commit in ``COMMITS``. Run once; the truth
JSONs are committed, the cut PDFs go under shared/ (real_sets.pdf_home), out of git.
Nobody ran Pagemill on these pages before their references were final.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from bench.realdocs.real_sets import Doc, build, pdf_home

OUT = Path(__file__).resolve().parent
# The cut pages are kept out of git, under shared/ (real_sets.pdf_home): pages of fetched
# repositories are data, never committed.
PDF_OUT = pdf_home(OUT.name)

# The commits of the source repositories the files were taken from.
PO = "JumpOrganic/JumpOrganic"
RLAB = "amit9838/invoice_generator"
QUOTE = "Ali-D-Coded/QuotationMaker"
JOTFORM = "Brahma100/pdf2json"
WORD = "NadaAboubakr/json-live"
PAYSLIP = "DunstanF5/payslip-generator-service"
PERSIAN = "thecompez/PurePersian"
COMMITS = {
    PO: "b5aa9e2eb8999b6716e36482bce35faa02a96141",
    RLAB: "699f2dfcd974c85b8969924c351ee18715f2024c",
    QUOTE: "39c40dc6a64ecd8706dda764d2b01bc3e8e8dd1e",
    JOTFORM: "4ef300db60a73b24dd4f939515a368fc0d3f546e",
    WORD: "e0f29de767f256e01baa887511c25fd9e83c153d",
    PAYSLIP: "577a151bc615b06326aac54a6301f484cbdd37b8",
    PERSIAN: "f987292585b55d15529cb2ebe302acc1439beda8",
}

DOCS: list[Doc] = [
    (
        "twentyfour-indesign-purchase-order",
        PO,
        "purchase_order.pdf",
        [0],
        "invoices",
        "en",
        False,
        "filled purchase order form (Adobe InDesign, Adobe PDF Library; AcroForm fields whose "
        "appearances show the values, formatted: '$ 84,000.00' for the value 84000): sender lines in "
        "fields left of a large pale title, date and order number fields, vendor and ship-to label/field "
        "blocks side by side, two fully ruled tables with a coloured header row, one filled row each and "
        "six rows showing '$ 0.00', a remarks box left of a right-aligned totals label column with fields",
    ),
    (
        "twentyfour-reportlab-invoice",
        RLAB,
        "sample_invoice.pdf",
        [0],
        "invoices",
        "en",
        False,
        "generated invoice (ReportLab): a big title left of a right-aligned issuer block, a "
        "billed-to block left and invoice data right on the same lines, a 5-column item "
        "table ruled at top, under the header and at the foot, with small '+Tax' and "
        "'Months' runs inside cells, a right-aligned totals block, a closing line left of the "
        "total",
    ),
    (
        "twentyfour-pdflib-pricing-quote",
        QUOTE,
        "quotation.pdf",
        [6],
        "invoices",
        "en",
        False,
        "pricing page of a quotation (pdf-lib, fonts from a Canva proposal): a running URL, a "
        "big title left of a label/value block, customer and project description side by "
        "side, an unruled 4-column item table between two coloured rules, a totals block; "
        "the description's text layer maps a ligature glyph to the wrong letters",
    ),
    (
        "twentyfour-jotform-utility-bill",
        JOTFORM,
        "sample_invoice.pdf",
        [0],
        "statements",
        "en",
        False,
        "utility bill (Jotform through Skia/PDF): a letterhead band with a logo image and a "
        "right-aligned address block that the text layer puts last, a centred title, "
        "label-over-value fields left and in a shaded box right, a lightly ruled 5-column "
        "meter table with an unlabelled first column, a shaded label/value summary, a "
        "contact footer band and Jotform's advert strip",
    ),
    (
        "twentyfour-word-bank-statement",
        WORD,
        "bank_statement.pdf",
        [0],
        "statements",
        "en",
        False,
        "bank statement (Word for Microsoft 365, from python-docx): centred title lines, "
        "label/value paragraphs, a fully ruled 5-column transaction table of 13 rows whose "
        "description cells wrap onto two lines, empty debit/credit cells, closing "
        "label/value paragraphs",
    ),
    (
        "twentyfour-word-checking-statement",
        WORD,
        "BBAV-Bank-Statement-TemplateLab.com_.pdf",
        [0],
        "statements",
        "en",
        False,
        "checking account statement template (Word for Microsoft 365, a TemplateLab design): "
        "a logo image, a bank note and address block left, the period, account number and a "
        "boxed label/value service block right, four small tables under bold heads (partly "
        "ruled, total rows spanning the first columns), a paragraph, a stamp image over the "
        "last table",
    ),
    (
        "twentyfour-openpdf-payslip",
        PAYSLIP,
        "payslip.pdf",
        [0],
        "statements",
        "en",
        False,
        "payslip (OpenPDF): a centred company head and title over a thick rule, shaded band "
        "heads over label/value rows drawn as a ruled two-column grid with the values "
        "right-aligned far from their labels, a large net-pay band, centred small footer lines",
    ),
    (
        "twentyfour-canva-terms-page",
        QUOTE,
        "quotation.pdf",
        [7],
        "contract",
        "en",
        False,
        "terms and conditions page of a proposal (Canva, through pdf-lib): a running URL with "
        "an icon, big heads, an 11-item bullet list with wrapped items, a justified paragraph, "
        "arrow icons, a decorative corner, a running year at the foot that the text layer "
        "puts before the second section",
    ),
    (
        "twentyfour-xetex-persian-tables",
        PERSIAN,
        "persian.pdf",
        [3],
        "rtl",
        "fa",
        True,
        "Persian glossary page (XeTeX, xdvipdfmx): a running head with the page number, two "
        "numbered section heads, two fully ruled 4-column right-to-left tables mixing Persian "
        "and English cells, a shadda the text layer detaches from its letter",
    ),
]

if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:], pdf_out=PDF_OUT)
