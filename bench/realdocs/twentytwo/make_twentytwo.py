"""Build bench/realdocs/twentytwo, the fifteenth blind set of real public PDFs (see
SOURCES.md): business documents (two invoices, a receipt, a purchase order, a contract
page, a letter, a registration form, a spreadsheet budget) and report pages (a proposal's budget page with a
table, a two-column conference paper page, a right-to-left Arabic book page). Cut each
source PDF to the page used and write the truth JSON from the references in ref/
(``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items), which were written by hand from the rendered pages and
pdfium's text layer.

    .venv/bin/python bench/realdocs/twentytwo/make_twentytwo.py \
        AlexAltea/invoice=GIT_DIR Alexandre-Borghi/invoice=GIT_DIR \
        Elanco-Group/ProtoReceiptFunctionality=GIT_DIR carlosjpacheco/facturation_back=GIT_DIR \
        GeorgeD19/reportbro-lib-php=GIT_DIR \
        aliraeisdanaei/Quebec-CAQ-Study-Permit-Financial-Capacity-Letter-Template=GIT_DIR \
        nhuntwalker/harlem_childrens_zone=GIT_DIR TomAugspurger/pandas-czi=GIT_DIR \
        48302-DiogoJesus/DgJ_MEIC_paper=GIT_DIR booktype/mPDF-examples=GIT_DIR \
        anzsup/2014=GIT_DIR

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
APERTURE = "AlexAltea/invoice"
BORGHI = "Alexandre-Borghi/invoice"
ELANCO = "Elanco-Group/ProtoReceiptFunctionality"
PACHECO = "carlosjpacheco/facturation_back"
REPORTBRO = "GeorgeD19/reportbro-lib-php"
CAQ = "aliraeisdanaei/Quebec-CAQ-Study-Permit-Financial-Capacity-Letter-Template"
HCZ = "nhuntwalker/harlem_childrens_zone"
PANDAS = "TomAugspurger/pandas-czi"
MEIC = "48302-DiogoJesus/DgJ_MEIC_paper"
MPDF = "booktype/mPDF-examples"
VSSUP = "anzsup/2014"
COMMITS = {
    APERTURE: "4255a077b9d1c83303c8ae5e94b5b0715623141d",
    BORGHI: "c361cf1ff61aa6e103fe13256460c8d01636ba25",
    ELANCO: "d1ecc7063c65f2d884704f70ebda2c6568766029",
    PACHECO: "b4c8a6c45b314a5eb131db9cac8734a1f944cd7a",
    REPORTBRO: "11b246c81ad21736849b146e84f1f84ed780506b",
    CAQ: "ab2abc7c5312a36449bddf57c7b79d2b3224dcf9",
    HCZ: "b9e244618c750a7a251e2ebe443fa4fdb7c6f77d",
    PANDAS: "6c36c5a1dcb5d9996b5910c27d534be7612acb3f",
    MEIC: "560f17f412b47c1d01ead008b67c568978a70060",
    MPDF: "31d3d6b89c97a3b9a8941ef2467b15e58fed7f8c",
    VSSUP: "7fcadec5264fa4ff55f35620aa1d3ab9c31c19ec",
}

DOCS: list[Doc] = [
    (
        "twentytwo-aperture-chromium-invoice",
        APERTURE,
        "invoice.pdf",
        [0],
        "invoices",
        "en",
        False,
        "HTML invoice printed by Chromium (Skia/PDF): a large light title beside a "
        "right-aligned label/value block, sender and right-aligned recipient blocks side by "
        "side under small caps captions, a shaded payment band, an item table ruled only by "
        "thin row lines with right-aligned prices, the total under the price column; the text "
        "layer starts with the total",
    ),
    (
        "twentytwo-french-wkhtml-invoice",
        BORGHI,
        "invoice.pdf",
        [0],
        "invoices",
        "fr",
        False,
        "French invoice (HTML through wkhtmltopdf, Qt): a logo drawn as paths, the title "
        "right, an unruled 4-column item table with bold header and total row; the text layer "
        "holds no space characters and one glyph per text object, so words must be rebuilt "
        "from the gaps",
    ),
    (
        "twentytwo-vet-clinic-receipt",
        ELANCO,
        "receipt.pdf",
        [0],
        "invoices",
        "en",
        False,
        "veterinary clinic receipt (Microsoft Word): a boxed address block, a black band "
        "with the transaction number left and the date right, two boxed blocks side by side "
        "(customer address, pet info), a fully ruled 3-column item table with a black "
        "header row, a total far below; the text layer has the total first and the clinic "
        "block last",
    ),
    (
        "twentytwo-spanish-purchase-order",
        PACHECO,
        "purchase_order.pdf",
        [0],
        "invoices",
        "es",
        False,
        "Spanish purchase order (ReportLab): a date top right, client and supplier "
        "label/value blocks side by side in one unruled centred grid, a title, a fully "
        "ruled 4-column table with a grey header and banded rows, delivery lines, a "
        "signature line drawn with underscores",
    ),
    (
        "twentytwo-catering-contract-page",
        REPORTBRO,
        "contract.pdf",
        [0],
        "contract",
        "en",
        False,
        "catering contract page 1 (ReportBro through PyFPDF): a bold title, label/value "
        "lines with the values in a second column and a value continued on its own line, a "
        "logo image and a running footer line with the page number",
    ),
    (
        "twentytwo-caq-financial-letter",
        CAQ,
        "letter.pdf",
        [0],
        "letters",
        "en",
        False,
        "letter template (pdfTeX): the sender's block, label/value lines and date in a right "
        "column, salutation, paragraphs with bold runs, three numbered lists (12 items, some "
        "wrapped with a hanging indent, one hyphenated), the closing set right of centre",
    ),
    (
        "twentytwo-vssup-registration-form",
        VSSUP,
        "registration_form.pdf",
        [0],
        "forms",
        "en",
        False,
        "workshop registration form (LibreOffice Writer): title split left and right, a "
        "ruled label/field grid, six radio options, three checkbox payment options with "
        "wrapped captions, a nested card-type radio pair, label/value bank details inside a "
        "cell, a signature rule; the options' captions come last in the text layer",
    ),
    (
        "twentytwo-outreach-budget-sheet",
        HCZ,
        "budget.pdf",
        [0],
        "tables",
        "en",
        False,
        "spreadsheet budget (Excel through Quartz): one ruled, shaded 6-column grid of 32 "
        "text rows with section bands, centred italic group rows, item labels spanning three "
        "columns, a grand total spanning cells, blank spacer rows; the text layer holds the "
        "numbers first and the labels afterwards in scrambled order, words split by tabs",
    ),
    (
        "twentytwo-pandas-budget-page",
        PANDAS,
        "budget.pdf",
        [0],
        "tables",
        "en",
        False,
        "grant proposal budget page (pandoc to LaTeX, pdfTeX): heading, paragraphs, a "
        "centred booktabs table (rules at top, under the header and at the foot only) with "
        "bold total rows, paragraphs, a page number",
    ),
    (
        "twentytwo-serverless-paper-page",
        MEIC,
        "main.pdf",
        [8],
        "prose",
        "en",
        False,
        "two-column conference paper page (IEEEtran, pdfTeX): a paragraph running from the "
        "left column into the right, a small-caps section head and an italic subsection "
        "head, typewriter identifiers, hyphenated line ends, a footnote at the foot of each "
        "column",
    ),
    (
        "twentytwo-arabic-mpdf-chapter",
        MPDF,
        "arabic.pdf",
        [4],
        "rtl",
        "ar",
        True,
        "right-to-left Arabic book page (mPDF): an English heading set right, eleven "
        "justified Arabic paragraphs with shadda and tanwin marks, Arabic-Indic numbers "
        "beside Latin punctuation, a running footer with the book's title and page number, "
        "crop marks; the text layer detaches marks and splits some lines",
    ),
]

if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:])
