"""Build bench/realdocs/fifteen, the eighth blind set of real public PDFs (see SOURCES.md):
cut each source PDF to the page used and write the truth JSON from the references in ref/
(``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items and checkbox options), which were written by hand from the
rendered pages.

    .venv/bin/python bench/realdocs/fifteen/make_fifteen.py UglyToad/PdfPig=GIT_DIR

The git dir is a clone of UglyToad/PdfPig holding the commit in ``COMMITS`` (the files are
read at that commit, so a newer clone does). Run once; the outputs are committed. Nobody
ran Pagemill on these pages before their references were final.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from bench.realdocs.real_sets import Doc, build

OUT = Path(__file__).resolve().parent

# The commit of the source repository the files were taken from.
COMMITS = {"UglyToad/PdfPig": "99a2d48fe792e2eb335b6053863a101a62d924ed"}
PIG = "UglyToad/PdfPig"
DOCS_DIR = "src/UglyToad.PdfPig.Tests/Integration/Documents/"
SPECIFIC = "src/UglyToad.PdfPig.Tests/Integration/SpecificTestDocuments/"
BENCH = "tools/UglyToad.PdfPig.Benchmarks/"

DOCS: list[Doc] = [
    (
        "fifteen-ribe-catering-invoice",
        PIG,
        DOCS_DIR + "Arve.nr.1615.17.04.2026.pdf",
        [0],
        "invoices",
        "et",
        False,
        "Estonian catering invoice: title, client block beside a label/value block, shaded "
        "header row drawn in white on light grey, one line item, right-aligned totals rows, "
        "three-column letterhead footer",
    ),
    (
        "fifteen-kaupmees-credit-note",
        PIG,
        DOCS_DIR + "LKR824191.pdf",
        [0],
        "invoices",
        "et",
        False,
        "Estonian credit note: company name and document title on one line, two label/value "
        "blocks, unruled item table with two-line headers and a three-line item cell, totals "
        "block, VAT summary table, signature lines; minus signs held as soft hyphens and the "
        "footer drawn twice in the text layer",
    ),
    (
        "fifteen-sound-vision-invoice",
        PIG,
        DOCS_DIR + "soundandvision.pdf",
        [0],
        "invoices",
        "en",
        False,
        "hosting invoice: three header blocks side by side (client, buyer, dates), shaded "
        "white-on-grey header row, two-line item cells, totals rows, three-column footer",
    ),
    (
        "fifteen-iizi-insurance-invoice",
        PIG,
        BENCH + "iizieileamidagi.ARVE_2745540212.pdf",
        [0],
        "invoices",
        "et",
        False,
        "Estonian insurance broker invoice: diagonal 'Arve on tasutud' stamp twice, payer "
        "block doubled in the text layer, item table with two-line cells and totals rows, "
        "five bank columns and an address line in the footer",
    ),
    (
        "fifteen-hud-50058-family-report",
        PIG,
        SPECIFIC + "50058.pdf",
        [0],
        "forms",
        "en",
        False,
        "HUD-50058 Family Report page: numbered field rows with entry combs, Y/N boxes and "
        "checkbox options (items), a shaded three-column code legend, form code footer",
    ),
    (
        "fifteen-farmer-mac-8k-cover",
        PIG,
        DOCS_DIR + "FarmerMac.pdf",
        [0],
        "forms",
        "en",
        False,
        "SEC Form 8-K cover page printed from a browser: centred title block, three fields "
        "over their captions, four checkbox options (items), browser print header and footer",
    ),
    (
        "fifteen-he-land-authority-form",
        PIG,
        DOCS_DIR + "testPdf-1.pdf",
        [0],
        "rtl",
        "he",
        True,
        "Israel Land Authority form (Hebrew): code line and logo, section headings, ruled "
        "field grids with shaded header rows over empty rows (tables), a consent checkbox, a "
        "rights-holder block with passport checkboxes, fill-in sentences",
    ),
    (
        "fifteen-citi-fuel-prices",
        PIG,
        SPECIFIC + "B17-2000-transportation-fuels.pdf",
        [0],
        "tables",
        "en",
        False,
        "school-board fuel bid price list (landscape): ruled 16-column table with fuel types "
        "spanning two rows, two-line cells, zebra rows, footnotes below",
    ),
    (
        "fifteen-ghana-contract-awards",
        PIG,
        DOCS_DIR + "Publication_of_award_of_Bids_for_Transport_Sector__August_2016.pdf",
        [0],
        "tables",
        "en",
        False,
        "World Bank project contract award list (landscape): ruled 11-column table with "
        "multi-line header and body cells, codes wrapped at hyphens, two amounts in one cell, "
        "superscript ordinals",
    ),
    (
        "fifteen-island-health-job-description",
        PIG,
        SPECIFIC + "JD5008.pdf",
        [0],
        "tables",
        "en",
        False,
        "union job description: logo, title, ruled four-column key/value table with a long "
        "spanning cell, headed paragraphs, indented numbered duties (items)",
    ),
    (
        "fifteen-ipec-judgment-cover",
        PIG,
        DOCS_DIR + "Judgement Document.pdf",
        [0],
        "text",
        "en",
        False,
        "English court judgment cover page: crest, right-aligned case number and address, "
        "underlined court lines, centred parties with roles at the right margin, dashed "
        "separators, signature line",
    ),
    (
        "fifteen-ercot-fact-sheet",
        PIG,
        DOCS_DIR + "ErcotFacts.pdf",
        [0],
        "text",
        "en",
        False,
        "grid operator fact sheet: main column with map and bar-chart labels beside a shaded "
        "sidebar of figures and captions, title in the sidebar's head",
    ),
    (
        "fifteen-faking-data-article",
        PIG,
        DOCS_DIR + "Math119FakingData.pdf",
        [0],
        "text",
        "en",
        False,
        "magazine article (TeX): ruled pull quote, centred title and author, justified "
        "paragraphs with first-line indents, section heading, hyphenation, page number",
    ),
    (
        "fifteen-kpmg-iron-ore-bulletin",
        PIG,
        DOCS_DIR + "iron-ore-q2-q3-2013.pdf",
        [0],
        "text",
        "en",
        False,
        "commodity bulletin cover page: banner title, full-width section headings over two "
        "columns, paragraphs running across columns, two line charts with sources, "
        "footnotes, commodity navigation band, copyright line",
    ),
]


if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:])
