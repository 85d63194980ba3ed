"""Build bench/realdocs/twelve, the fifth blind set of real public PDFs (see SOURCES.md):
cut each source PDF to the page used and write the truth JSON from the references in ref/
(``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items and checkbox options), which were written by hand from the
rendered pages.

    .venv/bin/python bench/realdocs/twelve/make_twelve.py owner/name=GIT_DIR [owner/name=GIT_DIR ...]

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
    "allenai/olmocr": "f7cfe4c22098b154c76b6ec950d1c0a464eecf8d",
    "pikepdf/pikepdf": "96ab3e100cd941c46993aca4c3e852833b7f2bc5",
    "mozilla/pdf.js": "0f26334f9d6f96119f6e5164fb65832fbbde7344",
}
OLM_BENCH = "olmocr/bench/sample_data/pdfs/"
OLM_GNARLY = "tests/gnarly_pdfs/"

DOCS: list[Doc] = [
    (
        "twelve-earnings-release",
        "allenai/olmocr",
        OLM_BENCH + "earnings.pdf",
        [0],
        "tables",
        "en",
        False,
        "10-K notes page: centred statement title, coloured note headings, justified "
        "paragraphs, a 3-year expense table with a spanning 'Year Ended' header, a units row "
        "and $ signs set apart from the values",
    ),
    (
        "twelve-hazardous-substances-certificate",
        "allenai/olmocr",
        OLM_GNARLY + "lots_of_sci_tables.pdf",
        [0],
        "tables",
        "en",
        False,
        "supplier certificate: right-aligned letterhead, ruled 3-column table with wrapped "
        "description cells and a header spanning two columns, signature block, small-print "
        "disclaimer; the text layer drops many inter-word spaces",
    ),
    (
        "twelve-document-list-table",
        "allenai/olmocr",
        OLM_GNARLY + "instructions_and_schematics.pdf",
        [10],
        "tables",
        "en",
        False,
        "manual page: paragraphs, a caption and a ruled 2-column table with a shaded "
        "header and multi-line italic cells, running footer",
    ),
    (
        "twelve-casa-application-form",
        "allenai/olmocr",
        OLM_GNARLY + "form_on_later_pages.pdf",
        [3],
        "forms",
        "en",
        False,
        "Australian CASA application form (fillable): numbered section badges, checkbox "
        "options (widgets), labels beside empty fields in two columns, footer",
    ),
    (
        "twelve-va-claim-form",
        "pikepdf/pikepdf",
        "tests/resources/form_210966.pdf",
        [0],
        "forms",
        "en",
        False,
        "US VA Form 21-0966 (fillable): boxed grid of numbered fields, header box beside a "
        "date-stamp box, checkbox options (widgets) in rows; the text layer is out of order",
    ),
    (
        "twelve-discharge-summary",
        "mozilla/pdf.js",
        "test/pdfs/issue14117.pdf",
        [0],
        "forms",
        "en",
        False,
        "printed health-record page (redacted): shaded section bands, indented label/value "
        "rows at three levels, labels wrapped over two lines beside their value",
    ),
    (
        "twelve-fa-library-survey",
        "allenai/olmocr",
        OLM_BENCH + "headers_footers/ff3d6e051903fe5ca9bc172ece14964c5632_pg1.pdf",
        [0],
        "rtl",
        "fa",
        True,
        "Persian journal article first page: centred title, authors at the right beside a "
        "journal box at the left, dates line, justified abstract with kashida, keywords, "
        "footnote, rotated download slug",
    ),
    (
        "twelve-magazine-three-column",
        "allenai/olmocr",
        OLM_BENCH + "multi_column_miss.pdf",
        [0],
        "text",
        "en",
        False,
        "journal page: end of one article in two columns with references, then a new "
        "article: title, abstract beside the body's right column, margin notes, drop cap, "
        "abbreviations box at the foot of a column",
    ),
    (
        "twelve-wikipedia-infobox",
        "allenai/olmocr",
        OLM_GNARLY + "edgar.pdf",
        [0],
        "text",
        "en",
        False,
        "Wikipedia article printed from a browser: justified column beside an infobox of "
        "label/value rows, the last line running under the box, browser header and footer",
    ),
    (
        "twelve-fr-review-checker-help",
        "mozilla/pdf.js",
        "test/pdfs/bug1868759.pdf",
        [0],
        "text",
        "fr",
        False,
        "French help page printed from a browser: nested link list (items), headings, "
        "bulleted definitions with bold lead-ins; hidden list items in the text layer",
    ),
    (
        "twelve-repository-cover",
        "allenai/olmocr",
        OLM_BENCH + "headers_footers/ffaac214730d2b8c2ec842e3618ccb9c4259_pg1.pdf",
        [0],
        "text",
        "en",
        False,
        "university repository cover sheet: label/value blocks far apart, citation, "
        "rights statement with a bulleted list (items), download-date slug",
    ),
    (
        "twelve-expedition-data-note",
        "allenai/olmocr",
        OLM_GNARLY + "skinnypage.pdf",
        [0],
        "text",
        "en",
        False,
        "half-height data note over a watermark image: centred title, paragraphs with "
        "indented URLs that the text layer holds at the end; one URL runs off the page",
    ),
]


if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:])
