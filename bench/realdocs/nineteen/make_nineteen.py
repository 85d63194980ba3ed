"""Build bench/realdocs/nineteen, the twelfth blind set of real public PDFs (see SOURCES.md):
cut each source PDF to the page used and write the truth JSON from the references in ref/
(``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items and checkbox options), which were written by hand from the
rendered pages and pdfium's text layer.

    .venv/bin/python bench/realdocs/nineteen/make_nineteen.py \
        ZUGFeRD/corpus=GIT_DIR helixiora/apache-tika-pdf-poc=GIT_DIR \
        chinapandaman/PyPDFForm=GIT_DIR akariv/il4democracy=GIT_DIR

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
CORPUS = "ZUGFeRD/corpus"
HEERLEN = "helixiora/apache-tika-pdf-poc"
PYPDFFORM = "chinapandaman/PyPDFForm"
IL4D = "akariv/il4democracy"
COMMITS = {
    CORPUS: "47b61beb29b7de98c3c91cdb3657415c0ede783b",
    HEERLEN: "05d81129d17f15c09eb6246957e17b2bc190e0e6",
    PYPDFFORM: "fe3206228d53e1cb26a3cd01fc0ddb321548d980",
    IL4D: "b3b2bfe4baffca1bd5552bede5a834a8ca4a7f7f",
}
LIJST = "documents/mixed/0. Lijst ingekomen stukken -In de maak.pdf"
PARKEER = "documents/mixed/2. Parkeerverordening Heerlen 2025__183800__.pdf"
SCENARIO = "pdf_samples/scenario/"

DOCS: list[Doc] = [
    (
        "nineteen-hetzner-invoice",
        CORPUS,
        "unstructured/RE-E-974-Hetzner_2016-01-19_R0005532486.pdf",
        [0],
        "invoices",
        "de",
        False,
        "hosting provider's real invoice: logo image, sender line over the address block beside "
        "a right-aligned contact block, a right-aligned label/value block, a ruled banded "
        "6-column item table with two-line description cells and three totals rows in the same "
        "box, payment lines, a three-column footer, a page number",
    ),
    (
        "nineteen-acme-invoice",
        CORPUS,
        "ZUGFeRDv1/correct/Konik/acme_invoice-42_ZUGFeRD.pdf",
        [0],
        "invoices",
        "de",
        False,
        "letter-style invoice: logo image, underlined sender line, address block, right-aligned "
        "label/value date block, title, intro paragraph, an unruled 5-column item table with an "
        "underlined header, a totals block under the last two columns, closing lines, a "
        "two-column footer of label/value lines",
    ),
    (
        "nineteen-facturx-test-invoice",
        CORPUS,
        "ZUGFeRDv2/correct/PHP_@gpFacturX/sample_inofficial_20190125_atgp_factur-x_v_1_0.pdf",
        [0],
        "invoices",
        "de",
        False,
        "generated invoice: date line, window address block beside a right sidebar (logo, "
        "company and contact lines), a ruled 5-column item table with a three-line cell, a "
        "ruled VAT table whose total row spans two columns, total lines, the sidebar's bank "
        "lines at the foot beside a page number",
    ),
    (
        "nineteen-ferd-comfort-invoice",
        CORPUS,
        "ZUGFeRDv1/correct/Intarsys/ZUGFeRD_1p0_BASIC_Einfach.pdf",
        [0],
        "invoices",
        "de",
        False,
        "FeRD sample invoice: two boxed address blocks with captions beside a ruled label/value "
        "block (title row, six rows, a note cell), a boxed 7-column item table with two-line "
        "header cells, a totals block in the same box, a payment box and a 6-column bank/tax "
        "label/value grid, a rotated copyright slug in the margin",
    ),
    (
        "nineteen-heerlen-bylaw-info-form",
        HEERLEN,
        PARKEER,
        [6],
        "forms",
        "nl",
        False,
        "municipal bylaw information form: page number, bold title, four ruled 2-column "
        "label/value tables with empty value cells and wrapped labels, a bold note line between "
        "tables, a left-margin author block of labels over values",
    ),
    (
        "nineteen-illinois-firearm-bill-of-sale",
        PYPDFFORM,
        SCENARIO + "existed/illinois-gun-bill-of-sale.pdf",
        [0],
        "forms",
        "en",
        False,
        "bill-of-sale template: centred title, numbered section heads, labels beside underscore "
        "blanks, six ballot-box options (two levels, none ticked) after a ticked-box instruction "
        "icon, eight bullets, a logo icon and page number",
    ),
    (
        "nineteen-uscis-ar11-address-card",
        PYPDFFORM,
        SCENARIO + "issues/437.pdf",
        [0],
        "forms",
        "en",
        False,
        "USCIS Form AR-11: seal image, centred title block beside a right-aligned form id, "
        "shaded band heads, field labels over empty boxed fields in rows, a comb field with a "
        "'► A-' prefix, three rows of Apt./Ste./Flr. checkboxes under their labels, blue link "
        "lines, a form-id footer and page number",
    ),
    (
        "nineteen-heerlen-incoming-documents",
        HEERLEN,
        LIJST,
        [0],
        "tables",
        "nl",
        False,
        "municipal council proposal: logo image, title and subtitle, a left-margin column of "
        "labels over values beside a date line and subject, an unruled 5-column list of 12 "
        "incoming documents with wrapped cells (up to three lines), footer drawn as an image",
    ),
    (
        "nineteen-heerlen-council-memos",
        HEERLEN,
        LIJST,
        [2],
        "tables",
        "nl",
        False,
        "council list, last page: page number, bold heading and lead line, an unruled 3-column "
        "list of 12 memos (one wrapped cell with an indented second line), two signature blocks "
        "side by side (role over name), footer drawn as an image",
    ),
    (
        "nineteen-heerlen-parking-bylaw",
        HEERLEN,
        PARKEER,
        [0],
        "contract",
        "nl",
        False,
        "municipal parking bylaw, first page: logo image, title, quoted full and short titles, "
        "section and article heads, five numbered definitions with bold terms (items) and "
        "lettered sub-items (level 1), a paragraph inside an item, a left-margin block of "
        "labels over values",
    ),
    (
        "nineteen-he-democracy-statement",
        IL4D,
        "hebrew.pdf",
        [0],
        "rtl",
        "he",
        True,
        "Hebrew open letter (one tall page): italic head line, bold paragraphs, a centred heading "
        "between red rules, justified paragraphs with bold runs, quotes and parentheses; the "
        "text layer is in visual order with stray spaces inside words",
    ),
]

if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:])
