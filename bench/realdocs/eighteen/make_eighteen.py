"""Build bench/realdocs/eighteen, the eleventh blind set of real public PDFs (see SOURCES.md):
cut each source PDF to the page used and write the truth JSON from the references in ref/
(``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items and checkbox options), which were written by hand from the
rendered pages and pdfium's text layer.

    .venv/bin/python bench/realdocs/eighteen/make_eighteen.py \
        Azure-Samples/cognitive-services-REST-api-samples=GIT_DIR \
        adobe/pdfservices-python-sdk-samples=GIT_DIR johnfercher/maroto=GIT_DIR \
        py-pdf/fpdf2=GIT_DIR

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
AZURE = "Azure-Samples/cognitive-services-REST-api-samples"
ADOBE = "adobe/pdfservices-python-sdk-samples"
MAROTO = "johnfercher/maroto"
FPDF2 = "py-pdf/fpdf2"
COMMITS = {
    AZURE: "4a3c5ca76318feb3f7cfb109e1f79c542eb14d01",
    ADOBE: "27cf2faf87fb9a77a97e84764216b964d4cbe762",
    MAROTO: "aa2645f5ec73faf1c00aeb354bf954f878742a7f",
    FPDF2: "6bd741ec46c85ef38787a72f02c1c12ae8c5d176",
}
AZ_FR = "curl/form-recognizer/"
AD_RES = "src/resources/"

DOCS: list[Doc] = [
    (
        "eighteen-contoso-invoice",
        AZURE,
        AZ_FR + "invoice-logic-apps-tutorial.pdf",
        [0],
        "invoices",
        "en",
        False,
        "Word-made invoice: sender and title on one line, sender address beside a right-aligned "
        "label/value block, a customer address, three address blocks side by side, a ruled "
        "6-column order table with empty cells, a ruled 8-column item table, a totals column "
        "of boxed values with labels outside the boxes, a remit-to block",
    ),
    (
        "eighteen-wingtip-project-statement",
        AZURE,
        AZ_FR + "Invoice-6.pdf",
        [0],
        "invoices",
        "en",
        False,
        "project statement (receipt): condensed-font logo text and title on one line, "
        "right-aligned date/receipt lines, a 'Sold To' block, three checkbox options on one "
        "line (two ticked, drawn boxes), a banded 5-column table with a shaded header and an "
        "empty last row, a totals block with shaded value cells, a closing line",
    ),
    (
        "eighteen-maroto-billing",
        MAROTO,
        "docs/assets/pdf/billingv2.pdf",
        [0],
        "invoices",
        "en",
        False,
        "generated invoice (Go library example): logo image, right-aligned red address and "
        "blue contact lines, centred title, a dark band head over a banded 3-column table of "
        "27 rows with centred cells, a total line, a barcode image with its number, a footer "
        "repeating the contact lines, a page number",
    ),
    (
        "eighteen-msft-10q-cover",
        AZURE,
        AZ_FR + "sample-layout.pdf",
        [0],
        "forms",
        "en",
        False,
        "SEC Form 10-Q cover page: centred title block with rules, two report options with "
        "ballot-box glyphs (one ticked), fields over captions, an unruled 3-column securities "
        "table, check-mark paragraphs ending in inline Yes/No boxes, five filer-category "
        "options in two columns, a ruled 2-column shares table",
    ),
    (
        "eighteen-contoso-medical-report",
        AZURE,
        "curl/Language/native-document-pii.pdf",
        [0],
        "letters",
        "en",
        False,
        "short report letter: red company line, centred coloured title, a paragraph with a "
        "bold run, a two-line numbered list (items), a paragraph, italic sign-off and date lines",
    ),
    (
        "eighteen-ar-lorem-ipsum",
        FPDF2,
        "test/text_shaping/bidi_arabic_lorem_ipsum.pdf",
        [0],
        "rtl",
        "ar",
        True,
        "Arabic page of a PDF generator's bidi test: two headings and two right-aligned "
        "paragraphs with Latin words and numbers inside the lines, parentheses, quotes; the "
        "text layer splits lines at tanween and holds mirrored parentheses; the second "
        "paragraph runs on to the next page",
    ),
    (
        "eighteen-accessible-demo-tables",
        ADOBE,
        AD_RES + "CheckerPDFInput.pdf",
        [2],
        "tables",
        "en",
        False,
        "Word document page: a figure caption, a heading and paragraph, a ruled 4 x 4 table, "
        "a ruled 14-column table with quarter headers spanning three month columns, "
        "superscript ordinals and a two-line header cell, four photographs (images)",
    ),
    (
        "eighteen-accessible-demo-lists",
        ADOBE,
        AD_RES + "CheckerPDFInput.pdf",
        [0],
        "text",
        "en",
        False,
        "Word document page: title, italic paragraph, coloured headings, a 9-item numbered "
        "list, a bulleted list with nested 'o' sub-bullets and continuation paragraphs inside "
        "items; the text layer maps the font's ti/ft/tf ligatures to U+FFFD",
    ),
    (
        "eighteen-travel-market-summary",
        ADOBE,
        AD_RES + "exportPDFInput.pdf",
        [0],
        "text",
        "en",
        False,
        "marketing plan page 1: banner image with its title drawn as an image, coloured title "
        "and subtitle, bold run-in headings over ragged paragraphs in an indented column, a "
        "running footer address line with an icon",
    ),
    (
        "eighteen-adobe-vsr-whitepaper",
        ADOBE,
        AD_RES + "extractPdfInput.pdf",
        [0],
        "text",
        "en",
        False,
        "white paper page 1: running head and logo, a wide right column (title, headings, "
        "justified paragraphs with a link) beside a narrow left-margin table of contents with "
        "wrapped entries and page numbers before the titles; the last paragraph runs on",
    ),
    (
        "eighteen-document-translation-overview",
        AZURE,
        "curl/Translator/document-translation-sample.pdf",
        [0],
        "text",
        "en",
        False,
        "Word product overview: logo image, title, coloured headings, paragraphs with a link, "
        "bold runs and a highlighted phrase, a lettered list 'a)'..'d)' (items)",
    ),
]

if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:])
