"""Build bench/realdocs/twentyeight, the twenty-first blind set of real public PDFs (see
SOURCES.md): business pages, tables, forms with checkboxes and right-to-left pages from
producers the earlier sets lack (Docca.io, clj-pdf, Excel 2010, TopLeaf with iText 2.1.7,
LaTeX's sdaps class, Amgraf OneForm through Distiller 9, Stimulsoft Reports 2023, Adobe
Illustrator) and a few they have (Chrome's Skia, InDesign, Word 2016, LibreOffice 7.5):
a GST invoice with a remittance strip, a Polish VAT invoice, an Austrian letter invoice
whose table the text layer holds last, a brokerage statement's activity page; a survey
record layout, a course schedule and three datasheet tables; a survey page and a census
questionnaire page full of checkbox options; an Arabic rental contract with bullets and
inline checkboxes, a Persian numbered list and a Hebrew tax form with two tables and yes/no
boxes. Cut each source PDF to the page used and write the truth JSON from the references
in ref/ (``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items and checkbox options), which were written by hand from the
rendered pages and pdfium's text layer.

    PAGEMILL_EVAL_DIR=/work/blind-root/eval .venv/bin/python \
        bench/realdocs/twentyeight/make_twentyeight.py \
        DoccaPDF/docca-builder-node-preact=GIT_DIR dominem/faktura=GIT_DIR \
        domonda/api=GIT_DIR jinalamin/PDFExtractor=GIT_DIR hvtuananh/NYCHVS=GIT_DIR \
        ArthurChenCoding/Electrical-Circuit-Theory=GIT_DIR Beirdo/Arduino-LM96163=GIT_DIR \
        tjakobi/young-dzhk-questionnaire-2019=GIT_DIR fcoinnet/carrentalagreement=GIT_DIR \
        kh4sh3i/Cybersecurity-Awareness-Training=GIT_DIR mdpinto111/filling_pdf_words=GIT_DIR

Each git dir is a clone of the repository holding the commit in ``COMMITS``. Run once; the
truth JSONs are committed, the cut PDFs go to ``PDF_OUT`` (``realdocs/twentyeight`` beside
the eval folder that ``PAGEMILL_EVAL_DIR`` names; kept out of git: pages of fetched
repositories stay there), where bench/eval_real.py finds them. Nobody ran Pagemill on these
pages before their references were final.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from bench.realdocs.real_sets import Doc, build, pdf_home

OUT = Path(__file__).resolve().parent
# The cut pages are kept out of git, beside the eval folder (real_sets.pdf_home).
PDF_OUT = pdf_home(OUT.name)

# The commits of the source repositories the files were taken from.
DOCCA = "DoccaPDF/docca-builder-node-preact"
FAKTURA = "dominem/faktura"
DOMONDA = "domonda/api"
FIDELITY = "jinalamin/PDFExtractor"
NYCHVS = "hvtuananh/NYCHVS"
ECEN = "ArthurChenCoding/Electrical-Circuit-Theory"
LM96163 = "Beirdo/Arduino-LM96163"
SDAPS = "tjakobi/young-dzhk-questionnaire-2019"
RENTAL = "fcoinnet/carrentalagreement"
PERSIAN = "kh4sh3i/Cybersecurity-Awareness-Training"
ITA = "mdpinto111/filling_pdf_words"
COMMITS = {
    DOCCA: "51f8c0b0c1e1a7420d33444181773cc33c9218c9",
    FAKTURA: "e133223b2fc8ea8a3ce899841dc5e416bee1d3de",
    DOMONDA: "ab0151a6ec80f3a7e944640f3006fea6f8a00e94",
    FIDELITY: "7e3978d03951a818a5002a23cb68dbc1d14ff22d",
    NYCHVS: "5bec72dc57c14c471f3bcf65789b051a9530b5d3",
    ECEN: "390f489ad6e2d21b96d77b730e61c63f113188eb",
    LM96163: "0b3c08026776d12890bbe414482c3d095adb7a07",
    SDAPS: "2f19589615757de0f7fd3989a805332a6dbfceb4",
    # ar.pdf was replaced by contract/{en,fa}.pdf later; this commit still has it.
    RENTAL: "f53847c8102ecee94269982784fffd240dbcf691",
    # fa.pdf was removed later; this is the commit that added it.
    PERSIAN: "bf802c62b0f20f6bdd423de1528821d15f87cc05",
    ITA: "8dde856e3c280aa6edc3d1e5a039a1b6d569f670",
}

DOCS: list[Doc] = [
    (
        "twentyeight-docca-gst-invoice",
        DOCCA,
        "sample-pdfs/invoice-nologo-demo.pdf",
        [0],
        "invoices",
        "en",
        False,
        "Australian GST invoice from the Docca.io builder: a large company title beside a "
        "right-aligned sender block, a bill-to block beside an unruled label/value details "
        "block, a 4-column item table with a two-line description, totals under the table, a "
        "note paragraph, a remittance strip with a boxed amount; the text layer maps the "
        "regular font's 'U' to '%'",
    ),
    (
        "twentyeight-cljpdf-polish-invoice",
        FAKTURA,
        "example/invoice.pdf",
        [0],
        "invoices",
        "pl",
        False,
        "Polish VAT invoice (faktura) in a monospaced font, made with clj-pdf (OpenPDF, no "
        "producer entry): a ruled title grid with label/value dates, seller and buyer blocks "
        "side by side, a ruled 8-column item table, a ruled VAT summary table beside unruled "
        "payment totals, a page number",
    ),
    (
        "twentyeight-skia-austrian-invoice",
        DOMONDA,
        "example/invoice.pdf",
        [0],
        "invoices",
        "de",
        False,
        "Austrian letter invoice printed by Chrome (Skia/PDF m88): sender block at the top "
        "right, recipient block, date lines at the right, salutation, a ruled 3-column table "
        "with centred two-size cells (the text layer holds the table last, after the footer), "
        "unruled totals, closing and a centred red company footer",
    ),
    (
        "twentyeight-indesign-brokerage-activity",
        FIDELITY,
        "sample-new-fidelity-acnt-stmt.pdf",
        [10],
        "statements",
        "en",
        False,
        "Fidelity sample investment report, activity page (InDesign CC, Adobe PDF Library "
        "10.0.1, landscape): a centred sample banner, the report title and period at the top "
        "right, account label at the right, a 9-column trade table with two-line header cells, "
        "two- and three-line security and description cells, superscript markers, dotted row "
        "rules and three total rows",
    ),
    (
        "twentyeight-excel-record-layout-table",
        NYCHVS,
        "householdRecordVacant2011.pdf",
        [4],
        "tables",
        "en",
        False,
        "NYC Housing and Vacancy Survey 2011 record layout page printed from Excel 2010 "
        "(landscape): a centred three-line title, a ruled header of six columns, then unruled "
        "rows separated by space whose code-and-description cells run three to fifteen lines, "
        "two-line item names and an empty column",
    ),
    (
        "twentyeight-word-course-schedule-table",
        ECEN,
        "(Updated)ECEN214_Syllabus_Bassey_Butler-Purry.pdf",
        [3],
        "tables",
        "en",
        False,
        "course syllabus page in Word 2016: paragraphs and centred bold heads above a fully "
        "ruled 3-column schedule table whose topic cells run one to four centred lines with "
        "bold quiz and exam lines, red rows, a struck-through line, empty chapter cells",
    ),
    (
        "twentyeight-topleaf-electrical-tables",
        LM96163,
        "docs/datasheet.pdf",
        [5],
        "stat-tables",
        "en",
        False,
        "TI LM96163 datasheet page (TopLeaf 7.6 through iText 2.1.7): running head and foot, "
        "three ruled 6-column electrical-characteristics tables with two-line header cells, "
        "band rows spanning the width, subscripted symbols, overlined pin names, bold limits, "
        "condition paragraphs and footnotes after each table",
    ),
    (
        "twentyeight-sdaps-survey-checkboxes",
        SDAPS,
        "questionnaire.pdf",
        [0],
        "forms",
        "en",
        False,
        "first page of a machine-readable survey typeset with LaTeX's sdaps class: corner "
        "marks and a running head, instruction lines with two sample marks, grey section "
        "bands, seven site options in two columns, six 0%-100% scale rows of unlabelled "
        "boxes, ten options in a 4-column grid with hyphenated multi-line labels (17 "
        "checkbox items)",
    ),
    (
        "twentyeight-oneform-census-questionnaire",
        NYCHVS,
        "questionnaire.pdf",
        [23],
        "forms",
        "en",
        False,
        "US Census Bureau NYC housing questionnaire page (Amgraf OneForm Designer through "
        "Acrobat Distiller 9, a tall page): bold numbered questions at the left with italic "
        "instructions, boxed item codes, columns of precoded checkbox options at the right "
        "(55 items), a note band, a floor entry box, dashed and solid row rules; the text "
        "layer holds the questions and options out of order",
    ),
    (
        "twentyeight-stimulsoft-arabic-rental-contract",
        RENTAL,
        "ar.pdf",
        [0],
        "rtl",
        "ar",
        True,
        "Arabic car rental agreement from Stimulsoft Reports 2023 (a sample with example "
        "data): a running head block with logo, a boxed body of right-aligned label/value "
        "lines, literal '###' numbered heads, dash items and bullet sub-items, inline "
        "checked and unchecked box glyphs, Latin runs (e-mail, VIN, dollar amounts) inside "
        "Arabic lines",
    ),
    (
        "twentyeight-libreoffice-persian-numbered-list",
        PERSIAN,
        "fa.pdf",
        [4],
        "rtl",
        "fa",
        True,
        "Persian security-awareness page from LibreOffice 7.5 Writer: a numbered bold head, "
        "justified paragraphs stretched with kashida, a numbered list of three points each "
        "with two dash sub-items (9 items), Persian digits; the text layer breaks a lam-alef",
    ),
    (
        "twentyeight-illustrator-hebrew-tax-form",
        ITA,
        "Service_Pages_Income_tax_itc1385.pdf",
        [0],
        "rtl",
        "he",
        True,
        "Israel Tax Authority form 1385 (Adobe Illustrator 25.4, Adobe PDF Library 16): logo, "
        "title block, lettered sections of ruled field boxes, a ruled 2-column label table "
        "with empty values, a ruled 2-column table of statements with yes/no box glyphs (10 "
        "checkbox items), a boxed declaration with signature labels, numbered notes, a "
        "rotated margin slug",
    ),
]

if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:], pdf_out=PDF_OUT)
