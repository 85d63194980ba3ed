"""Build bench/realdocs/twentyseven, the twentieth blind set of real public PDFs (see
SOURCES.md): the kinds the earlier sets have least of, from producers they lack (iTextSharp,
PDFCreator 3, Acrobat Distiller 7, Antenna House, Prince) and a few they have (Word through
Acrobat PDFMaker, Word 2013, Quartz): report and statistics tables with multi-line and
spanning cells (an LCD specification page, a paper's results table, a Turkish job notice, a
purchase requisition), a form with checkboxes (the IRS W-4), bulleted, nested and numbered
lists (a tenant pullout, a German guideline, a Hebrew numbered list) and two business pages
(an auction receipt, a Serbian invoice). Cut each source PDF to the page used and write the
truth JSON from the references in ref/ (``NAME.txt``: the text in reading order;
``NAME.tables.json``: the tables as grids; ``NAME.items.json``: list items and checkbox
options), which were written by hand from the rendered pages and pdfium's text layer.

    .venv/bin/python bench/realdocs/twentyseven/make_twentyseven.py \
        smalot/pdfparser=GIT_DIR kermitt2/grobid=GIT_DIR conmecto/instead-assignment=GIT_DIR \
        SuffolkLITLab/docassemble-AssemblyLine=GIT_DIR JamesPaden/css-paged-media-tutorial=GIT_DIR

Each git dir is a clone of the repository holding the commit in ``COMMITS``. Run once; the
truth JSONs are committed, the cut PDFs go to ``PDF_OUT`` under shared/ (kept out of git:
pages of fetched repositories stay there), where bench/eval_real.py finds them. Nobody ran
Pagemill on these pages before their references were final.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from bench.realdocs.real_sets import Doc, build, pdf_home

OUT = Path(__file__).resolve().parent
# The cut pages are kept out of git, under shared/ (real_sets.pdf_home).
PDF_OUT = pdf_home(OUT.name)

# The commits of the source repositories the files were taken from.
SMALOT = "smalot/pdfparser"
GROBID = "kermitt2/grobid"
IRS = "conmecto/instead-assignment"
SUFFOLK = "SuffolkLITLab/docassemble-AssemblyLine"
CSSPM = "JamesPaden/css-paged-media-tutorial"
COMMITS = {
    SMALOT: "2cfa0d92bd557875c9f52a75fde0e8392302a354",
    GROBID: "b8d6bec302189e29a6c358ea513f8be834004a86",
    IRS: "8ce0906eed25eb76e378cd667b0e495cdf2a0965",
    SUFFOLK: "c47753086ccb3842897c32d6f7575b1d910a0484",
    CSSPM: "9843ed440e0b30ef1dd4ccc8127c19547ae40851",
}

DOCS: list[Doc] = [
    (
        "twentyseven-itextsharp-buyer-receipt",
        SMALOT,
        "samples/bugs/Issue592.pdf",
        [0],
        "invoices",
        "en",
        False,
        "vehicle auction buyer receipt (iTextSharp 5.5.9): a logo image, two ruled label/value "
        "grids beside a paid-at address block, a ruled 9-column vehicle row, a 5-column charges "
        "grid whose invoice-to cell spans the fee rows, a payment row and a total row, a clipped "
        "amount, signature lines",
    ),
    (
        "twentyseven-pdfcreator-serbian-invoice",
        SMALOT,
        "samples/bugs/Issue668.pdf",
        [0],
        "invoices",
        "sr",
        False,
        "Serbian maintenance invoice (a spreadsheet printed with PDFCreator 3.2): a logo image "
        "beside an italic issuer block, a boxed buyer block beside date fields, a ruled 7-column "
        "item table with two-line descriptions and empty ruled space, a note box beside an "
        "unruled totals block, payment lines",
    ),
    (
        "twentyseven-prince-purchase-requisition-table",
        CSSPM,
        "lesson-tables/prince.pdf",
        [0],
        "tables",
        "en",
        False,
        "purchase requisition laid out as one ruled HTML table (Prince 10): grey section bands "
        "spanning the width, label/value cells of uneven spans, an item header, three-line "
        "description cells, totals whose labels span six columns, a running head and foot",
    ),
    (
        "twentyseven-quartz-lcd-spec-tables",
        SMALOT,
        "samples/bugs/Issue391.pdf",
        [5],
        "stat-tables",
        "en",
        False,
        "LCD module specification page (Word through PScript, saved by Quartz on Mac OS X "
        "10.7): a ruled header block repeated on every page, two ruled 8-column tables with "
        "blue header bands, a two-column item header, a row-spanning label over two sub-rows, "
        "signal groups spanning three and five rows, small-capital subscripts, a black image",
    ),
    (
        "twentyseven-distiller-paper-results-table",
        GROBID,
        "grobid-core/src/test/resources/test/Wang-paperAVE2008.pdf",
        [3],
        "tables",
        "en",
        False,
        "workshop paper page (Word through Acrobat Distiller 7.0.5): a paragraph continued from "
        "the page before, a numbered three-step list, indented example lines, numbered "
        "headings, a fully ruled 6-column results table with two-line header cells, bold "
        "figures and an empty separator row, justified paragraphs",
    ),
    (
        "twentyseven-pdfmaker-turkish-job-notice",
        SMALOT,
        "samples/bugs/Issue331.pdf",
        [0],
        "tables",
        "tr",
        False,
        "Turkish university job notice from the Official Gazette (Word through Acrobat "
        "PDFMaker 10, a small page): an underlined heading, a ruled 4-column date grid whose "
        "last value spans three columns, lettered section heads over numbered clauses, a "
        "faculty heading over a ruled 5-column post table with a four-line requirement cell",
    ),
    (
        "twentyseven-irs-w4-checkbox-form",
        IRS,
        "test-scripts/fw4.pdf",
        [0],
        "forms",
        "en",
        False,
        "blank fillable IRS Form W-4 (2025) (LiveCycle Designer, saved by Quartz on macOS 14, "
        "empty widgets): step labels in a left column beside ruled field cells, three "
        "checkboxes and a fourth at the end of a paragraph (all unchecked), lettered "
        "instructions, dot "
        "leaders to numbered amount boxes, signature and employer rows, a footer line",
    ),
    (
        "twentyseven-word-tenant-organizing-bullets",
        SUFFOLK,
        "docassemble/AssemblyLine/data/static/lt1-pullout-10-getting-organized.pdf",
        [0],
        "lists",
        "en",
        False,
        "legal-aid pullout page made in Word 2013: a grey kicker, a title and subtitle, two "
        "columns of headings, run-in bold lead-ins and square-bulleted lists, a shaded "
        "call-out box at the foot of the left column, a page footer",
    ),
    (
        "twentyseven-prince-german-guideline-nested-bullets",
        CSSPM,
        "in-progress/lesson-guideline/prince.pdf",
        [5],
        "lists",
        "de",
        False,
        "page of a German medical guideline (Onkopedia lung cancer, laid out by Prince 10): "
        "numbered headings set without a space after the number, a bulleted list with "
        "hollow-bullet sub-items (two levels), a hyphenated compound broken at a line end, a "
        "link, a flat bulleted list",
    ),
    (
        "twentyseven-antennahouse-hebrew-numbered-verses",
        CSSPM,
        "lesson-right-to-left/antennahouse.pdf",
        [0],
        "rtl",
        "he",
        True,
        "Hebrew text (Genesis 1, without vowels) laid out by AH CSS Formatter 6.2 on a "
        "landscape page: six verses in a left-to-right block with their numbers on the left, "
        "then the chapter's 31 verses right-aligned with their numbers on the right, sof pasuq "
        "marks, a running head and foot",
    ),
]

if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:], pdf_out=PDF_OUT)
