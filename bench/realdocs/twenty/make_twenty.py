"""Build bench/realdocs/twenty, the thirteenth blind set of real public PDFs (see SOURCES.md):
long-form pages (two-column papers, technical manuals, a report page with tables). Cut each
source PDF to the page used and write the truth JSON from the references in ref/
(``NAME.txt``: the text in reading order; ``NAME.tables.json``: the tables as grids;
``NAME.items.json``: list items), which were written by hand from the rendered pages and
pdfium's text layer.

    .venv/bin/python bench/realdocs/twenty/make_twenty.py \
        bbrattoli/ZeroShotVideoClassification=GIT_DIR DanielTakeshi/New_MH_Test=GIT_DIR \
        RIS=GIT_DIR \
        4ku/Place-recognition-evaluation=GIT_DIR EduMIPS64/edumips64=GIT_DIR LARG/HFO=GIT_DIR \
        mccrea-cobb/refuge-survey-app=GIT_DIR

(``RIS`` standing for that repository's full name, below.) Each git dir is a clone of the
repository holding the commit in ``COMMITS``. Run once; the
outputs are committed. Nobody ran Pagemill on these pages before their references were final.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from bench.realdocs.real_sets import Doc, build

OUT = Path(__file__).resolve().parent

# The commits of the source repositories the files were taken from.
ZSV = "bbrattoli/ZeroShotVideoClassification"
MH = "DanielTakeshi/New_MH_Test"
RIS = "snowztail/riscatter-unifying-backscatter-communication-and-reconfigurable-intelligent-surface"
PLACE = "4ku/Place-recognition-evaluation"
EDUMIPS = "EduMIPS64/edumips64"
HFO = "LARG/HFO"
REFUGE = "mccrea-cobb/refuge-survey-app"
COMMITS = {
    ZSV: "f8109977e305516255898ad498d6b64ff836c049",
    MH: "56d6844ea89728290d55a0b7555363fa667b1d92",
    RIS: "ed300f796bca9ca4de4166091bf3de24b93ab382",
    PLACE: "d13443c03eaf3ef9b6de5c07b6ebbbf8caa4e84a",
    EDUMIPS: "b3f0270a5b87ad3c7c0ff88b0e9db3a085f3d840",
    HFO: "b8b2a1d462823c6732f4d5581aa7fe2e371d55cb",
    REFUGE: "fcc623a9962406d0cdc66332256548fa5e729ba6",
}

DOCS: list[Doc] = [
    (
        "twenty-cvpr-zsl-first-page",
        ZSV,
        "arxiv.pdf",
        [0],
        "text",
        "en",
        False,
        "arXiv preprint (CVPR style, pdfTeX) page 1: two-line title, five author blocks in a "
        "grid, italic abstract, numbered section heading, two justified columns with soft "
        "hyphens and citation brackets, a figure drawn as an image with its caption at the top "
        "of the right column, a footnote, the arXiv margin stamp",
    ),
    (
        "twenty-cvpr-zsl-protocol-page",
        ZSV,
        "arxiv.pdf",
        [5],
        "text",
        "en",
        False,
        "arXiv preprint page 6: two columns, numbered subsection headings, bold run-in "
        "paragraph heads, inline math with subscripts and a sum, a chart image with a long "
        "caption at the top of the right column, a paragraph running across the columns, the "
        "last word cut at the page end",
    ),
    (
        "twenty-icml-mcmc-first-page",
        MH,
        "bib/bardenet14.pdf",
        [0],
        "text",
        "en",
        False,
        "ICML 2014 paper page 1 (pdfTeX): title between rules, author names with right-aligned "
        "small-caps e-mails, abstract in a narrow column, two columns with display equations "
        "(fractions, a product, a sum, numbered), a paragraph across the columns, a "
        "proceedings footnote; the text layer maps primes to '0' and drops some glyphs",
    ),
    (
        "twenty-ieee-riscatter-table-page",
        RIS,
        "main.pdf",
        [2],
        "tables",
        "en",
        False,
        "IEEE journal paper page 3 (pdfTeX): a full-width banded 6 x 9 comparison table with "
        "two- and three-line cells and an empty header corner under a small-caps caption, "
        "then two columns: notation paragraph with math, a small-caps section heading, an "
        "italic subsection heading, numbered display equations, two bullets with equations "
        "inside, a footnote, the page number at the top",
    ),
    (
        "twenty-ieee-placerec-results",
        PLACE,
        "paper.pdf",
        [4],
        "tables",
        "en",
        False,
        "IEEE conference paper page 5 (pdfTeX): five small ruled tables under small-caps "
        "captions in both columns, small-caps section headings, an italic subsection heading, "
        "a paragraph across the columns around a table, three bullets (items)",
    ),
    (
        "twenty-edumips-manual-code-section",
        EDUMIPS,
        "docs/manual.pdf",
        [9],
        "text",
        "en",
        False,
        "user manual page (LaTeX report via dvips and Ghostscript, Type 1 fonts): a booktabs "
        "table of escape sequences with its caption, a numbered subsection heading with "
        "typewriter text, double-spaced paragraphs, a code line, three bullets with bold lead "
        "words; the text layer drops the 'c' of the bold typewriter font ('.ode', 'instru tion')",
    ),
    (
        "twenty-hfo-manual-usage",
        HFO,
        "doc/manual.pdf",
        [3],
        "text",
        "en",
        False,
        "technical manual page (pdfTeX article): numbered section headings, paragraphs with "
        "inline typewriter commands, indented verbatim command and output lines, label lines "
        "each followed by a command line",
    ),
    (
        "twenty-hfo-manual-actions",
        HFO,
        "doc/manual.pdf",
        [11],
        "text",
        "en",
        False,
        "technical manual page (pdfTeX article): three numbered subsection headings over "
        "bulleted action lists (17 items) with bold lead words, underscores drawn as rules "
        "('Kick_To'), subscripts, math intervals",
    ),
    (
        "twenty-fws-refuge-survey-summary",
        REFUGE,
        "annual_report.pdf",
        [2],
        "tables",
        "en",
        False,
        "US Fish and Wildlife Service annual survey report page (pandoc/LaTeX, xdvipdfmx): "
        "heading, paragraph, captions above two booktabs tables with banded rows and row "
        "groups (5 x 18 with en-dash cells, right-aligned numbers; 2 x 6), page number",
    ),
]

if __name__ == "__main__":
    build(OUT, DOCS, COMMITS, sys.argv[1:])
