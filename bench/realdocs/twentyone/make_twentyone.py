"""Build bench/realdocs/twentyone, the fourteenth blind set of real public PDFs (see
SOURCES.md): business documents (two invoices, a bank statement, an estimate form, a
contract page, a timetable) and government report pages with statistical tables. Cut each
source PDF to the page used and write the truth JSON from the references in ref/
(``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items), which were written by hand from the rendered pages and
pdfium's text layer.

    .venv/bin/python bench/realdocs/twentyone/make_twentyone.py \
        fakturoid/fakturoid-php=GIT_DIR JohnMorphy/PDFLayoutTextStripper=GIT_DIR \
        CooHee/Bank-Statement-Analyser=GIT_DIR eskylidder/steelquote=GIT_DIR \
        alexch/clauses=GIT_DIR Afsh-0/wto-nlp-policy-analyzer=GIT_DIR \
        yyebesi/ai_10022300128=GIT_DIR

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
FAKTUROID = "fakturoid/fakturoid-php"
STRIPPER = "JohnMorphy/PDFLayoutTextStripper"
CHASE = "CooHee/Bank-Statement-Analyser"
STEEL = "eskylidder/steelquote"
CLAUSES = "alexch/clauses"
WTO = "Afsh-0/wto-nlp-policy-analyzer"
GHANA = "yyebesi/ai_10022300128"
COMMITS = {
    FAKTUROID: "11a21358de8cdaac55cc409658a2cc2bd3aa5cda",
    STRIPPER: "4bd3dca87a1d468eb475490426e3679de23795ff",
    CHASE: "bc3aa0d2be17ff65dbf61fab87d5ea4c8f3027b3",
    STEEL: "ae043fcd76939a85fc0c599619458acb22c5600d",
    CLAUSES: "96b41235381838cd6e5a61c088a8613a70aca6d0",
    WTO: "42de861cb98b444ae62b50c59d652c0a9187ac94",
    GHANA: "b3158d9165330a06a6dc1f37cbb610c953ba8609",
}

DOCS: list[Doc] = [
    (
        "twentyone-fakturoid-cz-invoice",
        FAKTUROID,
        "tests/fixtures/invoice.pdf",
        [0],
        "invoices",
        "cs",
        False,
        "Czech invoice from an invoicing service (HTML through wkhtmltopdf): logo image, title "
        "in a coloured band, supplier and customer blocks side by side with ID label/value "
        "lines, a coloured payment box of right-aligned values beside a grey date box, an "
        "unruled item table with an empty header corner and a shaded price column, a totals "
        "block under the right columns, a footer note",
    ),
    (
        "twentyone-openai-subscription-invoice",
        STRIPPER,
        "samples/invoice.pdf",
        [0],
        "invoices",
        "en",
        False,
        "subscription invoice (Chromium, Skia/PDF): logo image, label/value block, sender and "
        "bill-to blocks side by side, an amount-due heading and link, an item table under one "
        "header rule with a two-line description and a superscript note marker, a ruled totals "
        "block under the right columns, a note, a running footer with the page number",
    ),
    (
        "twentyone-chase-sample-statement",
        CHASE,
        "bank_statement.pdf",
        [0],
        "invoices",
        "en",
        False,
        "sample bank statement (Microsoft Word): monospaced address and reference blocks, a "
        "right-hand label/value block with aligned colons, a period line, a fully ruled 6 x 23 "
        "transaction table with right-aligned amounts, continued on the next page",
    ),
    (
        "twentyone-steel-estimate-sheet",
        STEEL,
        "estimate.pdf",
        [0],
        "forms",
        "en",
        False,
        "blank estimate form of a steel fabricator (Apple Pages, Quartz): one ruled 4-column "
        "table of 36 rows with coloured section rows, right-aligned labels, total rows whose "
        "label cell spans two or three columns, two rows with cells split by extra rules, a "
        "second header row for the summary at the foot, empty rows",
    ),
    (
        "twentyone-consulting-agreement-page",
        CLAUSES,
        "contract-2018-05-14.pdf",
        [0],
        "contract",
        "en",
        False,
        "consulting agreement page 1 (Markdown to HTML, wkhtmltopdf): bold title, three "
        "recital paragraphs, six numbered clauses with hanging indent (items), one clause "
        "whose wrapped line starts with '4. (b.)', the last clause cut at the page end",
    ),
    (
        "twentyone-vmcv-bus-timetable",
        STRIPPER,
        "samples/bus.pdf",
        [0],
        "tables",
        "fr",
        False,
        "bus timetable (Microsoft Excel): logo image, route number in a coloured box, a fully "
        "ruled 4 x 22 table of departure minutes with bold hour cells and empty cells, a "
        "left sidebar with a stop list, a rotated label and a holiday note, a QR code image, "
        "three bullets (items) under the table",
    ),
    (
        "twentyone-wto-qatar-tariff-tables",
        WTO,
        "data/report.pdf",
        [36],
        "tables",
        "en",
        False,
        "WTO Trade Policy Review report page (Word): running head and page number, paragraph "
        "continued from the page before, two banded ruled tables under coloured captions: a "
        "4-column table with a spanning 'MFN applied' header over two years and a two-row "
        "header cell, superscript note markers in cells; a 7-column table with 3- and 4-line "
        "header cells, a section row and two-line row labels; lettered notes and source lines, "
        "a numbered paragraph",
    ),
    (
        "twentyone-wto-qatar-banking-tables",
        WTO,
        "data/report.pdf",
        [69],
        "tables",
        "en",
        False,
        "WTO Trade Policy Review report page (Word): running head and page number, paragraph, "
        "a banded ruled 6 x 18 table with a unit line above it, bold section rows and a "
        "two-line row label, a source note with long URLs broken across lines, a 2-column "
        "table of requirements with a two-line cell and right-aligned values, a numbered "
        "paragraph cut at the page end",
    ),
    (
        "twentyone-ghana-budget-arrears-tables",
        GHANA,
        "data/budget.pdf",
        [22],
        "tables",
        "en",
        False,
        "Ghana 2025 budget statement page (Word): running head and page number, green "
        "heading, numbered paragraphs with hanging numbers, a 4-column table with a dark "
        "header band and a shaded total row, an 11-column table with two spanning group "
        "headers over four columns each, hyphenated two-line header cells, unruled body rows, "
        "shaded subtotal rows without a number, two-line row labels, a superscript marker",
    ),
    (
        "twentyone-ghana-budget-revenue-table",
        GHANA,
        "data/budget.pdf",
        [37],
        "tables",
        "en",
        False,
        "Ghana 2025 budget statement page (Word): numbered paragraphs, an italic caption, an "
        "11-column revenue table with a three-row header (year groups spanning 2 and 7 "
        "columns, a 'Dev' group over two columns, header cells spanning rows), two-line row "
        "labels, a shaded '% of GDP' row under each indicator, negative numbers wrapped after "
        "their minus sign, a spanning 'Memo Item' row, italic memo rows",
    ),
    (
        "twentyone-ghana-budget-commodity-tables",
        GHANA,
        "data/budget.pdf",
        [18],
        "tables",
        "en",
        False,
        "Ghana 2025 budget statement page (Word): two tables ruled only above and below the "
        "header and at the foot (9 columns, asterisks in header years), a two-line row label, "
        "values set below their labels' baseline, italic source lines, a bold heading, four "
        "numbered paragraphs with hanging numbers",
    ),
]

if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:])
