"""Build bench/realdocs/ten, the third blind set of real public PDFs (see SOURCES.md):
cut each source PDF to the pages used and write the truth JSON from the references in
ref/ (``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items and checkbox options), which were written by hand from
the rendered pages.

    .venv/bin/python bench/realdocs/ten/make_ten.py owner/name=GIT_DIR [owner/name=GIT_DIR ...]

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
    "pymupdf/PyMuPDF": "53c9aaf539b4fbb6a53010d90de3a2df96e82b5e",
    "tabulapdf/tabula-java": "2cdf3b4fd3f7e921dca8cc6814cdd9316be40f0f",
    "pdfminer/pdfminer.six": "9e1243c4ad000bf9bbe60e81fc8dde2fccc0ed3b",
    "Unstructured-IO/unstructured": "3e5482bfcdc843b5218ad98d2845b4b71ab013b7",
}
TABULA = "src/test/resources/technology/tabula/"

DOCS: list[Doc] = [
    (
        "ten-he-economic-indicators",
        "tabulapdf/tabula-java",
        TABULA + "indictb1h_14.pdf",
        [0],
        "rtl",
        "he",
        True,
        "Hebrew economic indicators (Ghostscript): ruled frame, label column on the right, "
        "six year columns, section rows and indented sub-rows, footnotes inside the frame",
    ),
    (
        "ten-ar-election-results",
        "tabulapdf/tabula-java",
        TABULA + "mednine.pdf",
        [0],
        "rtl",
        "ar",
        True,
        "Tunisian 2014 election results (Arabic, landscape): ruled zebra table, title bands, "
        "two-level header, thin-space thousands; the text layer splits lam-alef ligatures",
    ),
    (
        "ten-ar-translation-textbook",
        "pymupdf/PyMuPDF",
        "tests/resources/test-E+A.pdf",
        [0],
        "rtl",
        "en",
        False,
        "English textbook page on translation with Arabic phrases inline and Arabic example "
        "lines (centred), running head, cropped page",
    ),
    (
        "ten-sydney-contract-disclosure",
        "tabulapdf/tabula-java",
        TABULA + "sydney_disclosure_contract.pdf",
        [0],
        "forms",
        "en",
        False,
        "City of Sydney contract disclosure (Word): numbered questions with boxed answers, "
        "dash list inside a box, logo",
    ),
    (
        "ten-pdf-form-example",
        "mozilla/pdf.js",
        "test/pdfs/bug1883609.pdf",
        [0],
        "forms",
        "en",
        False,
        "OpenOffice fillable form, filled in through its form fields (Gender, Height, Favourite "
        "colour, English ticked): label/field rows, two fields on a line, a row of checkbox "
        "options, banner image",
    ),
    (
        "ten-irs-form-7004",
        "pymupdf/PyMuPDF",
        "tests/resources/test-4055.pdf",
        [0],
        "forms",
        "en",
        False,
        "IRS Form 7004 (2018, LiveCycle): three-part header, ruled two-pair code table, "
        "numbered lines with dot leaders and checkboxes, checkbox options",
    ),
    (
        "ten-engagement-letter",
        "pymupdf/PyMuPDF",
        "tests/resources/test_4180.pdf",
        [0],
        "letters",
        "en",
        False,
        "SEC exhibit printed from a browser: letter amendment with letterhead logo, "
        "right-aligned date, address block, justified paragraphs, browser header and footer",
    ),
    (
        "ten-service-request-memo",
        "pymupdf/PyMuPDF",
        "tests/resources/test_4423.pdf",
        [0],
        "letters",
        "en",
        False,
        "payroll service-request memo (Distiller): labelled sections, single column",
    ),
    (
        "ten-course-modules-2col",
        "Unstructured-IO/unstructured",
        "example-docs/pdf/list-item-example.pdf",
        [0],
        "text",
        "en",
        False,
        "Google Docs course outline: two columns of paragraphs and bulleted lists with "
        "wrapped items, the left column longer",
    ),
    (
        "ten-tracemonkey-paper",
        "mozilla/pdf.js",
        "test/pdfs/tracemonkey.pdf",
        [0],
        "text",
        "en",
        False,
        "ACM two-column paper, first page (pdfTeX): centred title and author block with "
        "superscript markers, hyphenation, copyright block at the foot of the left column",
    ),
    (
        "ten-cabin-depressurization",
        "pdfminer/pdfminer.six",
        "samples/contrib/issue-00352-asw-oct96-p41.pdf",
        [0],
        "tables",
        "en",
        False,
        "magazine appendix table (InDesign): unruled shaded rows, each event row followed by "
        "a full-width description row, notes below, running head and footer",
    ),
    (
        "ten-bbc-expenses",
        "tabulapdf/tabula-java",
        TABULA + "should_detect_rulings.pdf",
        [0],
        "tables",
        "en",
        False,
        "BBC executive expenses (Excel, tall page): fully ruled table, bottom-aligned rows "
        "with wrapped reason cells up to five lines, negative amounts",
    ),
]


if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:])
