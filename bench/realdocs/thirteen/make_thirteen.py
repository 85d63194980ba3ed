"""Build bench/realdocs/thirteen, the sixth blind set of real public PDFs (see SOURCES.md):
cut each source PDF to the page used and write the truth JSON from the references in ref/
(``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items and checkbox options), which were written by hand from the
rendered pages.

    .venv/bin/python bench/realdocs/thirteen/make_thirteen.py owner/name=GIT_DIR [owner/name=GIT_DIR ...]

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
    "jsoma/natural-pdf": "739b754ff358302e9e2bcc7fec621069ac8bf4d4",
    "apache/pdfbox": "89a917394c762257017c27e0cf5189605776aa57",
    "ZUGFeRD/mustangproject": "096db40a9806b0b5202028509dff3563efe7fc8c",
}
NPDF = "pdfs/"
PDFBOX = "pdfbox/src/test/resources/input/"
MUSTANG = "validator/src/test/resources/"
POLICY = NPDF + "sample-bop-policy-restaurant.pdf"
GAZETTE = NPDF + "arabic.pdf"
CREDITORS = (
    "pdfbox/src/test/resources/org/apache/pdfbox/pdmodel/documentinterchange/"
    "logicalstructure/PDFBOX-2725-878725.pdf"
)

DOCS: list[Doc] = [
    (
        "thirteen-cronus-invoice",
        "ZUGFeRD/mustangproject",
        MUSTANG + "103767-Invoice-2026-03-24-1.pdf",
        [0],
        "invoices",
        "en",
        False,
        "ERP invoice (ZUGFeRD): title block, buyer and seller addresses left and right, a row "
        "of label-over-value fields, unruled line-item table with subtotal rows under it, "
        "company footer of label-over-value boxes; the text layer starts with the footer",
    ),
    (
        "thirteen-credit-note-fr",
        "ZUGFeRD/mustangproject",
        MUSTANG + "validAvoir_FR_type380_BASICWL.pdf",
        [0],
        "invoices",
        "fr",
        False,
        "French credit note (Factur-X): letterhead with icon glyphs, two address blocks, "
        "label/value rows beside a contact block, ruled item table, small tax table beside a "
        "totals table, notes box; the text layer repeats link texts the page does not show",
    ),
    (
        "thirteen-policy-declarations",
        "jsoma/natural-pdf",
        POLICY,
        [0],
        "contract",
        "en",
        False,
        "insurance policy declarations page: boxed label/value rows, bold notice, boxed "
        "premium table with a spanning title row, diagonal 'Sample Policy' watermark, footer",
    ),
    (
        "thirteen-claims-handling-notice",
        "jsoma/natural-pdf",
        POLICY,
        [5],
        "letters",
        "en",
        False,
        "policyholder notice: letterhead address, form code, centred two-line title, "
        "contact block of label/value lines, numbered list (items), watermark, footer",
    ),
    (
        "thirteen-oge-positions-assets",
        "jsoma/natural-pdf",
        NPDF + "candeubadam-2025-annual-oge-278e-oge-certified.pdf",
        [2],
        "tables",
        "en",
        False,
        "US OGE 278e financial disclosure (landscape): two unruled tables with ruled rows, "
        "wrapped cells, a column without header, outline-numbered rows (1.1.1)",
    ),
    (
        "thirteen-fda-budget-initiative",
        "apache/pdfbox",
        PDFBOX + "merge/PDFBOX-4417-001031.pdf",
        [0],
        "tables",
        "en",
        False,
        "FDA budget justification page: centred title lines, numbered questions, paragraphs, "
        "ruled funding table with a two-level header and section bands, table note, bullet",
    ),
    (
        "thirteen-prison-survey-form",
        "jsoma/natural-pdf",
        NPDF + "2019 Statistics.pdf",
        [2],
        "forms",
        "en",
        False,
        "filled BJS survey form SSV-2, two columns in a rounded box: numbered questions, "
        "nested checkbox options (some ticked), 'None' boxes beside filled numbers, bullets",
    ),
    (
        "thirteen-creditors-questionnaire",
        "apache/pdfbox",
        CREDITORS,
        [3],
        "forms",
        "en",
        False,
        "US Trustee questionnaire: centred letterhead, labels beside blank rules in two "
        "columns, numbered questions with right-aligned 'Yes ( ) No ( )', signature block",
    ),
    (
        "thirteen-creditors-meeting-notice",
        "apache/pdfbox",
        CREDITORS,
        [0],
        "letters",
        "en",
        False,
        "bankruptcy court notice: caption block, ruled title, indented paragraphs, "
        "date/location label-value block, cc block in two columns",
    ),
    (
        "thirteen-gao-bid-protest-decision",
        "apache/pdfbox",
        PDFBOX + "merge/PDFBOX-5811-362972.pdf",
        [0],
        "letters",
        "en",
        False,
        "GAO decision: logo letterhead with blocks left and right, label/value header, ruled "
        "counsel block, DIGEST and DECISION bands, block quotation",
    ),
    (
        "thirteen-epa-grant-summary",
        "apache/pdfbox",
        PDFBOX + "merge/PDFBOX-5809-509329.pdf",
        [0],
        "text",
        "en",
        False,
        "EPA grant summary: body column beside a shaded sidebar (label/value lines, "
        "bulleted findings as items), body running full width under the box, page number",
    ),
    (
        "thirteen-ar-gazette-law",
        "jsoma/natural-pdf",
        GAZETTE,
        [0],
        "rtl",
        "ar",
        True,
        "Egyptian official gazette (Arabic), a law's first page: running head, centred "
        "title block, article headings in parentheses, justified paragraphs; the text layer "
        "splits words at kashida stretches and breaks lam-alef ligatures",
    ),
    (
        "thirteen-ar-gazette-law-signature",
        "jsoma/natural-pdf",
        GAZETTE,
        [1],
        "rtl",
        "ar",
        True,
        "Egyptian official gazette (Arabic), the law's second page: running head, articles, "
        "centred dating lines, signature at the left, empty lower half",
    ),
]


if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:])
