"""Build bench/realdocs/eight from the test suites of two open table extractors (see
SOURCES.md): copy the PDFs (the first page where the expected table covers only that
page), and turn each suite's expected table into this evaluation's truth JSON with the
fixes written down in SOURCES.md, so that the truth is the page and not a tool's output.

    .venv/bin/python bench/realdocs/eight/make_eight.py TABULA_GIT_DIR CAMELOT_GIT_DIR

The git dirs are clones of tabulapdf/tabula-java and camelot-dev/camelot at the commits
in SOURCES.md. Run once; the outputs are committed. No reference text: tables only.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent
TABULA = "src/test/resources/technology/tabula/"
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
Grid = list[list[str]]


def show(git_dir: str, path: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"HEAD:{path}"], capture_output=True, check=True
    ).stdout


def cell(text: str) -> str:
    """A cell's lines joined as a reader reads them: with a space, but with none
    between two CJK characters (Japanese does not space words)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    out = ""
    for ln in lines:
        if out and not (CJK.match(out[-1]) and CJK.match(ln[0])):
            out += " "
        out += ln
    return " ".join(out.split())


def grid(rows: list[list[str]]) -> Grid:
    return [[cell(c) for c in r] for r in rows]


def tabula_csv(git_dir: str, name: str) -> Grid:
    text = show(git_dir, TABULA + f"csv/{name}.csv").decode("utf-8")
    return grid(list(csv.reader(io.StringIO(text))))


def drop_empty_columns(g: Grid) -> Grid:
    keep = [c for c in range(max(len(r) for r in g)) if any(c < len(r) and r[c] for r in g)]
    return [[r[c] if c < len(r) else "" for c in keep] for r in g]


def first_page(pdf: bytes) -> bytes:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(pdf)
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, [0])
    buf = io.BytesIO()
    dst.save(buf)
    return buf.getvalue()


def write(name: str, kind: str, pdf: bytes, tables: list[Grid], notes: str) -> None:
    (OUT / f"{name}.pdf").write_bytes(pdf)
    truth: dict[str, Any] = {
        "name": name,
        "kind": kind,
        "producer": "real-world (public test suite)",
        "notes": notes,
        "text": None,
        "headings": [],
        "items": [],
        "tables": tables,
    }
    (OUT / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n")


def tabula_docs(git: str) -> None:
    def pdf(name: str) -> bytes:
        return show(git, TABULA + f"{name}.pdf")

    g = tabula_csv(git, "AnimalSounds")
    write(
        "eight-tabula-animal-sounds",
        "tabula",
        pdf("AnimalSounds"),
        [[["Animal", "Action", "Result"], *g]],
        "header row added",
    )

    g = tabula_csv(git, "frx_2012_disclosure")
    write("eight-tabula-frx-disclosure", "tabula", pdf("frx_2012_disclosure"), [g], "as expected by tabula")

    g = tabula_csv(git, "argentina_diputados_voting_record")
    header = ["Apellido y Nombre", "Bloque político", "Provincia", ""]
    present = [
        ["", "Identificados", "Sin Identificar", "Total"],
        ["Presentes", "217", "0", "217"],
        ["Ausentes", "", "", "40"],
    ]
    votes = [
        ["", "Diputados", "Presidente", "Desempate", "Total"],
        ["Votos Afirmativos", "129", "0", "0", "129"],
        ["Votos Negativos", "65", "0", "0", "65"],
        ["Abstenciones", "22", "0", "", "22"],
    ]
    write(
        "eight-tabula-argentina-votes",
        "tabula",
        pdf("argentina_diputados_voting_record"),
        [present, votes, [header, *g]],
        "header row and the two count tables above added",
    )

    g = drop_empty_columns(tabula_csv(git, "schools"))
    g.append(
        [
            "Filice",
            "Amy E.",
            "416 Mount Curve Blvd",
            "Saint Paul",
            "MN",
            "55105",
            "city planner",
            "City of Saint Paul",
            "10/3/2012",
            "100.00",
        ]
    )
    write(
        "eight-tabula-schools",
        "tabula",
        first_page(pdf("schools")),
        [g],
        "page 1 of 5; last row (Filice) added; tabula's empty first column dropped",
    )

    g = tabula_csv(git, "spreadsheet_no_bounding_frame")
    g[0][0] = "PRODUCTS"
    fix = {"( ": "(", "5 2.976,4": "52.976,4", "5 3.204,6": "53.204,6"}
    g = [[next((c.replace(k, v) for k, v in fix.items() if k in c), c) for c in r] for r in g]
    g = [[re.sub(r"^(\S+?)(\([a-c]\))$", r"\1 \2", c) for c in r] for r in g]
    write(
        "eight-tabula-brazil-crops",
        "tabula",
        pdf("spreadsheet_no_bounding_frame"),
        [g],
        "PRODUCTS header added; tabula's spaces inside numbers removed; (a)/(b)/(c) spaced",
    )

    g = tabula_csv(git, "spanning_cells")
    cut = next(i for i, r in enumerate(g) if r[0] == "All alternative scenarios")
    write(
        "eight-tabula-spanning-cells",
        "tabula",
        pdf("spanning_cells"),
        [g[:cut], g[cut:]],
        "split into the page's two tables",
    )

    g = tabula_csv(git, "twotables")
    cut = next(i for i, r in enumerate(g) if r[1:2] == ["その他の包括利益累計額"])
    second = [r + [""] * (8 - len(r)) for r in g[cut:]]
    second[0] = ["", "その他の包括利益累計額", "", "", "", "", "少数株主持分", "純資産合計"]
    # The text layer has a full-width opening bracket here; tabula's CSV an ASCII one.
    first, second = ([[c.replace("(純額)", "\uff08純額)") for c in r] for r in t] for t in (g[:cut], second))
    write(
        "eight-tabula-japanese-two-tables",
        "tabula",
        pdf("twotables"),
        [first, second],
        "split into the page's two tables; second header's spanning cells put in their columns",
    )

    g = tabula_csv(git, "Publication_of_award_of_Bids_for_Transport_Sector__August_2016")
    # The page and its text layer have "Black & White"; tabula's CSV lost the space.
    g = [[c.replace("Black &White", "Black & White") for c in r] for r in g]
    write(
        "eight-tabula-award-of-bids",
        "tabula",
        first_page(pdf("Publication_of_award_of_Bids_for_Transport_Sector__August_2016")),
        [g],
        "page 1 of 5; 'Black &White' spaced as on the page",
    )


def camelot_docs(git: str) -> None:
    data: dict[str, Any] = {}
    exec(compile(show(git, "tests/data.py").decode(), "data.py", "exec"), data)

    def pdf(name: str) -> bytes:
        return show(git, f"tests/files/{name}.pdf")

    rows = grid(data["data_stream"])
    header = [
        ["States-A", "Revenue", "", "Capital", "", "Total Revenue & Capital", "Others(1)", "Total"],
        [
            "",
            "Medical & Public Health",
            "Family Welfare",
            "Medical & Public Health",
            "Family Welfare",
            "",
            "",
            "",
        ],
    ]
    write(
        "eight-camelot-health",
        "camelot",
        pdf("health"),
        [header + rows[6:]],
        "camelot stream's six header rows rebuilt as the page's two",
    )

    write(
        "eight-camelot-two-tables",
        "camelot",
        pdf("twotables_2"),
        [grid(data["data_lattice_two_tables_1"]), grid(data["data_lattice_two_tables_2"])],
        "as expected",
    )
    # "Preva-" / "lence" is one word hyphenated at a line break: a reader reads "Prevalence".
    g = [
        [c.replace("Preva- lence", "Prevalence") for c in r]
        for r in grid(data["data_lattice_shift_text_left_top"])
    ]
    write(
        "eight-camelot-column-span",
        "camelot",
        pdf("column_span_2"),
        [g],
        "spanning text in the span's top-left cell; Preva- lence read as Prevalence",
    )
    write(
        "eight-camelot-background-lines",
        "camelot",
        pdf("background_lines_1"),
        [grid(data["data_lattice_process_background"])],
        "as expected",
    )


if __name__ == "__main__":
    tabula_docs(sys.argv[1])
    camelot_docs(sys.argv[2])
