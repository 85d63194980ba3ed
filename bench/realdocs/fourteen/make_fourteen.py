"""Build bench/realdocs/fourteen, the seventh blind set of real public PDFs (see SOURCES.md):
cut each source PDF to the page used and write the truth JSON from the references in ref/
(``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items and checkbox options), which were written by hand from the
rendered pages.

    .venv/bin/python bench/realdocs/fourteen/make_fourteen.py owner/name=GIT_DIR [owner/name=GIT_DIR ...]

Each git dir is a clone of the named repository holding the commits in ``COMMITS`` and
``PDFLIB_TESTS`` (the files are read at those commits, so a newer clone does). Run once;
the outputs are committed. Nobody ran Pagemill on these pages before their references
were final.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from bench.realdocs.real_sets import Doc, build

OUT = Path(__file__).resolve().parent

# The commit of each source repository the files were taken from.
COMMITS = {
    "pdfcpu/pdfcpu": "105c0c28727afe7f85eb3179d03e9810d8774981",
    "Hopding/pdf-lib": "93dd36e85aa659a3bca09867d2d8fac172501fbe",
    "py-pdf/pypdf": "f6853ccd3ff492309c84060186aabc88ed472ffd",
}
# pdf-lib's tax-form corpus (test-pdfs/) was removed from the tree later: read at the
# commit that added it.
PDFLIB_TESTS = {"Hopding/pdf-lib": "90019ef3dc3340eb504408c6d99a4f598b785b9c"}
CPU = "pkg/testdata/"
LIB = "assets/pdfs/"
PYP = "resources/"
ERRATA = CPU + "adobe_errata.pdf"

DOCS: list[Doc] = [
    (
        "fourteen-nd1v-voucher",
        "Hopding/pdf-lib",
        LIB + "with_comments.pdf",
        [0],
        "forms",
        "en",
        False,
        "North Dakota payment voucher: title block beside a year, ruled label-only field rows, "
        "bullets beside an office-use box, detach line, empty lower page",
    ),
    (
        "fourteen-cannabis-duty-return",
        "Hopding/pdf-lib",
        LIB + "with_combed_fields.pdf",
        [0],
        "forms",
        "en",
        False,
        "Canada Revenue Agency excise return, first page: centred title, paragraphs beside an "
        "office-use box, labels beside blank rules and comb fields, radio options (items), "
        "date combs under a Year/Month/Day header",
    ),
    (
        "fourteen-interactive-form-example",
        "Hopding/pdf-lib",
        LIB + "sample_form.pdf",
        [0],
        "forms",
        "en",
        False,
        "interactive form demo: shaded instruction box with bullets, then an HR form in two "
        "columns of sections (labels under rules, small-caps labels), radio and nested "
        "checkbox options (items), buttons",
    ),
    (
        "fourteen-sf424-applicant",
        "py-pdf/pypdf",
        PYP + "SF424_page2.pdf",
        [0],
        "forms",
        "en",
        False,
        "US federal grant application SF-424, page 2: boxed title row, labels over empty "
        "entry boxes in ruled sections, buttons; the text layer holds field values the page "
        "does not show",
    ),
    (
        "fourteen-f1040v-voucher",
        "Hopding/pdf-lib",
        "test-pdfs/pdf/fd/form/F1040V.pdf",
        [0],
        "forms",
        "en",
        False,
        "IRS Form 1040-V: two columns of instructions with bullets (items) and a tip box, a "
        "detach line, a payment voucher of label-only fields with a rotated 'Print or type'",
    ),
    (
        "fourteen-dc-d2210-underpayment",
        "Hopding/pdf-lib",
        LIB + "normal.pdf",
        [0],
        "forms",
        "en",
        False,
        "DC tax form D-2210: letterhead, shaded field rows, lettered conditions, numbered "
        "computation lines with $ entry boxes, a four-period entry grid with a checkbox row "
        "inside it, diagonal 'COPY' stamp",
    ),
    (
        "fourteen-geobase-revision-history",
        "py-pdf/pypdf",
        PYP + "GeoBase_NHNC1_Data_Model_UML_EN.pdf",
        [2],
        "tables",
        "en",
        False,
        "Canadian data-model report, front matter: ruled revision-history table with wrapped "
        "cells (one with a bullet, two with two paragraphs), an empty two-column table, "
        "running head and footer",
    ),
    (
        "fourteen-pdf-errata-encryption",
        "pdfcpu/pdfcpu",
        ERRATA,
        [3],
        "tables",
        "en",
        False,
        "Adobe PDF Reference errata: ruled KEY/TYPE/VALUE table whose value cell holds a "
        "paragraph and three notes, then a section with bullets (items); the text layer holds "
        "the table last",
    ),
    (
        "fourteen-pdf-errata-syntax",
        "pdfcpu/pdfcpu",
        ERRATA,
        [2],
        "text",
        "en",
        False,
        "Adobe PDF Reference errata: title, chapter and section headings, page labels, "
        "italic instructions and indented replacement text",
    ),
    (
        "fourteen-acroforms-intro",
        "pdfcpu/pdfcpu",
        CPU + "Acroforms2.pdf",
        [0],
        "text",
        "en",
        False,
        "company white paper (Appligent): wordmark, full-width title, indented body with "
        "headings, a monospaced code block, logo image in the margin, address footer; the "
        "text layer splits fi/ff ligatures",
    ),
    (
        "fourteen-paclitaxel-factsheet",
        "pdfcpu/pdfcpu",
        CPU + "Paclitaxel.PDF",
        [0],
        "text",
        "en",
        False,
        "NIH AIDSinfo drug fact sheet: title and label/value lines beside a logo, two columns "
        "of ruled headings and paragraphs, a paragraph running from one column to the next, "
        "framed page; the text layer doubles the title and footer",
    ),
    (
        "fourteen-itu-t6-scope",
        "pdfcpu/pdfcpu",
        CPU + "T6.pdf",
        [2],
        "text",
        "en",
        False,
        "ITU-T Recommendation T.6, first page: centred title, numbered clauses, indented "
        "code/description lists, first-line-indented paragraphs, footer",
    ),
    (
        "fourteen-constitution-article1",
        "Hopding/pdf-lib",
        LIB + "us_constitution.pdf",
        [1],
        "text",
        "en",
        False,
        "US Constitution booklet: calligraphic header image, two justified columns, a "
        "paragraph running across the columns, hyphenation and split fi ligatures in the text "
        "layer, letter-spaced running footer",
    ),
    (
        "fourteen-he-tom-sawyer-preface",
        "pdfcpu/pdfcpu",
        "pkg/samples/basic/UserFont_Hebrew.pdf",
        [0],
        "rtl",
        "he",
        True,
        "pdfcpu user-font sample in Hebrew: a right-aligned three-paragraph text box over "
        "crossing rules on a coloured page, and the same box again in miniature",
    ),
]


if __name__ == "__main__":
    build(OUT, [d for d in DOCS if not d[2].startswith("test-pdfs/")], COMMITS, sys.argv[1:])
    build(OUT, [d for d in DOCS if d[2].startswith("test-pdfs/")], PDFLIB_TESTS, sys.argv[1:])
