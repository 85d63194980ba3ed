"""Build bench/realdocs/twentysix, the nineteenth blind set of real public PDFs (see
SOURCES.md): an enterprise inbox from producers the earlier sets lack (the PHP library
famoser/pdf-generator, pdfmake, libharu, PDFlib, the C# tinypdf, ONLYOFFICE, Excel printed
through PDF24 and Ghostscript) and a few they have (FPDF, Word, ReportLab): four invoices, a
receipt, an account statement, a filled purchase-order form, an income statement, a Russian
user agreement and a Persian invoice. Cut each source PDF to the page used and write the
truth JSON from the references in ref/ (``NAME.txt``: the text in reading order;
``NAME.tables.json``: the tables as grids; ``NAME.items.json``: list items), which were
written by hand from the rendered pages and pdfium's text layer.

    .venv/bin/python bench/realdocs/twentysix/make_twentysix.py \
        famoser/pdf-generator=GIT_DIR h1dd3nsn1p3r/pdf-invoice=GIT_DIR \
        hugopl/invoicegenerator=GIT_DIR opendataloader-project/opendataloader-pdf=GIT_DIR \
        ian-cowley/tinypdf-csharp=GIT_DIR echewisi/pdf_generator=GIT_DIR \
        ovchinnikova-natalya/onlyoffice-documenteditor-api-examples=GIT_DIR \
        Sheil777/myContract=GIT_DIR istanbulplusir-blip/plusistanbul=GIT_DIR

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
FAMOSER = "famoser/pdf-generator"
PDFMAKE = "h1dd3nsn1p3r/pdf-invoice"
HARU = "hugopl/invoicegenerator"
ODL = "opendataloader-project/opendataloader-pdf"
TINYPDF = "ian-cowley/tinypdf-csharp"
FPDF = "echewisi/pdf_generator"
ONLYOFFICE = "ovchinnikova-natalya/onlyoffice-documenteditor-api-examples"
RUSSIAN = "Sheil777/myContract"
PERSIAN = "istanbulplusir-blip/plusistanbul"
COMMITS = {
    FAMOSER: "df1e8ee0ba8412b786e2b2bcdb75c2820e13c2b8",
    PDFMAKE: "2a87a09474811f27933168164dde6970ad812005",
    HARU: "ff441b0bf700e31e84e16b142f7e452afac8e1f1",
    ODL: "20fe436c9f95b1697e5bb7c54e71efd10507c9c9",
    TINYPDF: "e69e366d8fa4197bf7bce33fa58aa96740170415",
    FPDF: "cafb84e4d36cc416e231aa9e39a1950164a8a688",
    ONLYOFFICE: "f70602ed3b480bdd4cf973f39b4372dd78711268",
    RUSSIAN: "9c75173dd0529c3330afd4d7ea1b3ed34b397909",
    PERSIAN: "9d7cb1494196479870e8365ea7f5019c3523a435",
}

DOCS: list[Doc] = [
    (
        "twentysix-famoser-invoice",
        FAMOSER,
        "examples/invoice.pdf",
        [0],
        "invoices",
        "en",
        False,
        "Swiss consulting invoice (PHP, famoser/pdf-generator): a right-aligned issuer block over "
        "a left recipient block, a big title, a label/value grid of two pairs a row between two "
        "rules, a subject line, a salutation and a paragraph, an unruled 5-column item table "
        "whose bold and grey subtotal, VAT and total rows sit in its description and price "
        "columns, a closing",
    ),
    (
        "twentysix-pdfmake-spanish-invoice",
        PDFMAKE,
        "examples/invoice.pdf",
        [0],
        "invoices",
        "es",
        False,
        "Spanish-labelled invoice (JavaScript, pdfmake): a logo image over the issuer block "
        "beside a letter-spaced title and a field block, a bill-to block, a fully ruled "
        "5-column item table, a separate ruled 2-column totals box, a QR code, an italic note",
    ),
    (
        "twentysix-haru-invoice",
        HARU,
        "examples/invoice.pdf",
        [0],
        "invoices",
        "en",
        False,
        "generated invoice (libharu 2.4.5): a company block, a big right-aligned title, a "
        "bill-to block beside a label/value field block, a 4-column item table with a black "
        "header band and light rules under the rows, a totals block ruled above and below the "
        "total, a notes block",
    ),
    (
        "twentysix-pdflib-kraxi-invoice",
        ODL,
        "samples/pdf/pdfua-1-reference-suite-1-1/PDFUA-Ref-2-02_Invoice.pdf",
        [0],
        "invoices",
        "en",
        False,
        "tagged PDF/UA reference invoice (PDFlib Personalization Server 9.2): a text logo beside "
        "a drawn plane, a contact column with a photo on the right, a sender line and an address "
        "window on the left, invoice number and date at either end of a line, a 5-column item "
        "table with zebra-striped rows and no rules, a total alone in the last column, a "
        "justified terms paragraph",
    ),
    (
        "twentysix-tinypdf-receipt",
        TINYPDF,
        "examples/receipt.pdf",
        [0],
        "invoices",
        "en",
        False,
        "order receipt (C#, tinypdf, no producer entry): a serif title, two small label/value "
        "lines, a 3-column item table with a shaded header and no rules, a rule over a "
        "right-aligned total, a centred thank-you line at the foot",
    ),
    (
        "twentysix-fpdf-account-statement",
        FPDF,
        "account_statement.pdf",
        [0],
        "statements",
        "en",
        False,
        "account statement (PHP, FPDF 1.7): a small logo image over the issuer and customer "
        "blocks, a title with italic lines, two fully ruled 5-column tables (a balance summary "
        "and the transactions) with centred headers and right-aligned amounts, each under a "
        "bold heading",
    ),
    (
        "twentysix-onlyoffice-purchase-order-form",
        ONLYOFFICE,
        "filled_form.pdf",
        [0],
        "forms",
        "en",
        False,
        "filled purchase-order form (ONLYOFFICE 8.1 form, AcroForm fields whose appearances show "
        "the values, most of them comb fields drawn letter-spaced): a title beside a serial "
        "field, an empty picture field, company and date fields, a boxed recipient field, a "
        "ruled 2-column Qty./Description grid of field cells, three rows filled",
    ),
    (
        "twentysix-pdf24-income-statement",
        ODL,
        "samples/pdf/issue-336-conto-economico-bialetti.pdf",
        [0],
        "tables",
        "it",
        False,
        "Italian income statement (an Excel workbook printed with PDF24 Creator through "
        "Ghostscript 9.27): one fully ruled 5-column table of 64 rows under a year header, "
        "black section bands with white bold text, grey subtotal bands, indented sub-items, "
        "label-only rows with empty amount cells, negative amounts, a running footer",
    ),
    (
        "twentysix-word-russian-user-agreement",
        RUSSIAN,
        "ofertadogovor.pdf",
        [0],
        "contract",
        "ru",
        False,
        "first page of a Russian website user agreement (public offer) made in Word: a title, a "
        "preamble, decimal-numbered sections and clauses (1., 1.1., ...) without indents, "
        "guillemets and em dashes, the last clause running on to the next page",
    ),
    (
        "twentysix-reportlab-persian-invoice",
        PERSIAN,
        "invoice_fa.pdf",
        [0],
        "rtl",
        "fa",
        True,
        "Persian tour-booking invoice (ReportLab, text reordered for display before drawing): a "
        "logo image, a centred title, order number and date lines, section heads with missing "
        "emoji glyphs, three ruled 2-column tables (label cells on the left, values on the "
        "right), a numbered item with right-aligned Persian and English bullet lines, a "
        "footer with Persian digits; the text layer puts mixed runs in visual order",
    ),
]

if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:], pdf_out=PDF_OUT)
