"""The fifth set's pdflatex and groff documents (bench/realdocs/five, model_five.py):
a scientific article page (title block, abstract, numbered sections, footnotes, an
itemize and an enumerate list, a booktabs table), a two-column conference page with
narrow justified columns (hyphenated line breaks, fi/fl/ffi ligatures), a technical
report table with grouped columns, and a groff ms memo with a tbl table. The text is
chosen so that the producers print it verbatim: no straight quotes or double hyphens
(LaTeX curls and ligates them), no hyphens in groff (it prints U+2010)."""

# LaTeX source is full of braces: %-formatting keeps it readable.
# ruff: noqa: UP031

from __future__ import annotations

import random

from bench.realdocs.model import Cell, H, Item, P
from bench.realdocs.model_five import FDoc, Foot, FTable, List, Raw

RNG = random.Random(5506)

PREAMBLE = r"""\documentclass[%s]{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{booktabs}
\usepackage{multicol}
\usepackage[a4paper,margin=%s]{geometry}
\usepackage{fancyhdr}
\pagestyle{fancy}\fancyhf{}\renewcommand{\headrulewidth}{0pt}
\fancyhead[R]{\small %s}\fancyfoot[C]{\thepage}
"""


def hc(text: str, span: int = 1, rows: int = 1) -> Cell:
    return Cell(text, colspan=span, rowspan=rows, header=True)


def article() -> FDoc:
    rows: list[list[Cell | str]] = [["Site", "Plots", "Mean yield (t/ha)", "Soil organic carbon (%)"]]
    for site in ("Rothwell", "Eastfield", "Long Acre", "Pinfold"):
        rows.append(
            [site, str(RNG.randint(8, 24)), f"{RNG.uniform(5.5, 9.5):.2f}", f"{RNG.uniform(1.1, 3.4):.2f}"]
        )
    title = "Cover crops and winter wheat yield on four clay loam farms"
    authors = "Maren Holt and Tobias Ferreira"
    return FDoc(
        "five-tex-article",
        "sci-article",
        "pdflatex",
        "Latin Modern Roman",
        10,
        [
            Raw(
                r"\begin{center}{\Large\bfseries %s\par}\vspace{6pt}{%s\par}"
                r"\vspace{2pt}{\small Department of Agronomy, Wolds Agricultural College\par}\end{center}"
                % (title, authors),
                f"{title}\n{authors}\nDepartment of Agronomy, Wolds Agricultural College",
            ),
            H(3, "Abstract"),
            P(
                "We compared winter wheat yields after three cover crop mixtures with a bare fallow "
                "control over four seasons. Mixtures with a legume raised the mean yield by about "
                "six percent, while the benefit of the fibrous rooted mixtures was confined to the "
                "wettest seasons."
            ),
            H(1, "1 Introduction"),
            P(
                "Cover crops are widely promoted for soil structure and nutrient retention, yet their "
                "effect on the following cash crop remains difficult to predict on heavy soils{1}. "
                "Farmers report that the first few seasons after adoption are the most uncertain."
            ),
            P("The field trials set out to answer three questions:"),
            List(
                [
                    Item("whether a legume in the mixture affects the following yield;"),
                    Item("how the effect depends on autumn rainfall; and"),
                    Item("whether soil organic carbon changes within four seasons."),
                ],
                ("•",),
            ),
            H(1, "2 Methods"),
            P(
                "Each farm provided between eight and twenty four plots of equal size. The sampling "
                "followed a fixed order{2}:"
            ),
            List(
                [
                    Item("soil cores were taken in February from each plot;"),
                    Item("cover crops were terminated in late March; and"),
                    Item("wheat was harvested and weighed plot by plot in August."),
                ],
                ("1.",),
            ),
            FTable(
                rows, rules="booktabs", caption="Table 1: Trial sites, plot counts and four season means."
            ),
            Foot((1, 2)),
        ],
        notes="article title block, numbered sections (quad), footnotes, itemize, enumerate, booktabs",
        header="Wolds Agronomy Notes 12 (2025)",
        footer="#",
        footnotes={
            1: "Clay content above thirty percent at all four sites.",
            2: "Full protocol in the supplementary file.",
        },
        preamble=PREAMBLE % ("10pt", "2.5cm", "Wolds Agronomy Notes 12 (2025)"),
    )


TWOCOL = [
    "Efficient scheduling of offshore maintenance depends on accurate forecasts of the weather "
    "windows in which crews can safely transfer to a turbine. Conventional forecasts of significant "
    "wave height are available days ahead, but the transfer limits used by operators are defined in "
    "terms of vessel motion rather than wave height, which makes the conversion a significant "
    "source of uncertainty.",
    "We describe a classification approach that predicts directly whether a transfer will be "
    "feasible, trained on four years of logged transfers from a fleet of crew transfer vessels. The "
    "classifier uses forecast wave height, peak period, wind speed and the difference between wind "
    "and wave direction, together with the vessel identity.",
    "Compared with a fixed wave height threshold the classifier reduced missed opportunities by "
    "nineteen percent while keeping unsafe recommendations below the level the operators accepted. "
    "The largest improvement came in mixed sea states, where swell and wind waves arrive from "
    "different directions and a single threshold is unreliable.",
    "The influence of the vessel identity was smaller than expected: the fleet is homogeneous and "
    "the skippers share practices. Fleets with mixed hull forms are likely to benefit more, and a "
    "field trial with a second operator is planned for the coming winter.",
    "Further work will examine whether the predicted feasibility can be fed into a route planner "
    "that sequences turbine visits, so that a flexible schedule can be offered to technicians on "
    "the morning of each working day.",
    "Several studies have modelled the motion of crew transfer vessels at the boat landing, usually "
    "with simulations calibrated against a handful of instrumented transfers. Such models explain "
    "the physics well but need inputs that are rarely available in routine operations, such as the "
    "directional wave spectrum at the turbine.",
    "Operational studies have instead used the decisions of the skippers as the ground truth, which "
    "is the approach followed here. Its weakness is that a transfer that was never attempted leaves "
    "no record, so the classifier can only learn from the days on which a vessel actually sailed.",
    "A flexible schedule is only useful if the technicians, the vessels and the spare parts can be "
    "reassigned at short notice. The operators we spoke to found this acceptable for routine "
    "inspections but not for major component exchanges, which are planned weeks in advance.",
    "We conclude that direct classification of transfer feasibility is a practical complement to "
    "wave height thresholds. The data and the fitted models are available from the author on "
    "request, subject to the confidentiality terms agreed with the operator.",
]


def twocol() -> FDoc:
    return FDoc(
        "five-tex-twocol",
        "sci-article",
        "pdflatex",
        "Latin Modern Roman",
        10,
        [
            Raw(
                r"\twocolumn[\begin{center}{\Large\bfseries Forecasting crew transfer windows offshore\par}"
                r"\vspace{4pt}{Ilse Brandvold\par}\vspace{10pt}\end{center}]",
                "Forecasting crew transfer windows offshore\nIlse Brandvold",
            ),
            H(1, "1 Motivation"),
            P(TWOCOL[0]),
            P(TWOCOL[1]),
            H(1, "2 Results"),
            P(TWOCOL[2]),
            P(TWOCOL[3]),
            H(1, "3 Related work"),
            P(TWOCOL[5]),
            P(TWOCOL[6]),
            H(1, "4 Outlook"),
            P(TWOCOL[4]),
            P(TWOCOL[7]),
            H(1, "5 Conclusions"),
            P(TWOCOL[8]),
        ],
        notes="twocolumn article page: narrow justified columns, hyphenated line breaks, fi/ff ligatures",
        preamble=(PREAMBLE % ("10pt", "2cm", "")).replace(r"\pagestyle{fancy}", r"\pagestyle{plain}%"),
    )


def report_table() -> FDoc:
    rows: list[list[Cell | str]] = [
        [hc("Pump"), hc("Flow (l/s)", 2), hc("Head (m)", 2), hc("Efficiency")],
        [hc(""), hc("rated"), hc("tested"), hc("rated"), hc("tested"), hc("tested")],
    ]
    for pump in ("P1 intake", "P2 intake", "P3 booster", "P4 booster", "P5 standby"):
        fr, hd = RNG.randint(40, 160), RNG.uniform(12, 48)
        rows.append(
            [
                pump,
                str(fr),
                str(fr - RNG.randint(0, 9)),
                f"{hd:.1f}",
                f"{hd - RNG.uniform(0, 3):.1f}",
                f"{RNG.uniform(0.62, 0.84):.2f}",
            ]
        )
    return FDoc(
        "five-tex-pumps",
        "stat-tables",
        "pdflatex",
        "Latin Modern Roman",
        11,
        [
            H(1, "4 Acceptance tests"),
            P(
                "All five pumps were tested at the duty point on 9 and 10 September. The flows and heads "
                "in the table are the means of three readings taken after the pump had run for ten minutes."
            ),
            FTable(rows, header_rows=2, rules="booktabs", caption="Table 3: Rated and tested duty points."),
            P(
                "Pumps P1 to P4 met the acceptance criteria. Pump P5 fell short of its rated flow by "
                "more than five percent and will be retested after the impeller has been inspected."
            ),
        ],
        notes="booktabs table with cmidrules under grouped header cells, a section page of a report",
        header="Riverside Pumping Station  Commissioning report",
        footer="#",
        preamble=PREAMBLE % ("11pt", "2.5cm", "Riverside Pumping Station \\quad Commissioning report"),
    )


def memo() -> FDoc:
    rows: list[list[Cell | str]] = [["Room", "Seats", "Screen", "Booked by"]]
    rows += [
        ["Garnet", "8", "yes", "Finance"],
        ["Slate", "14", "yes", "Sales"],
        ["Flint", "4", "no", "Anyone"],
    ]
    head = (
        ".ds LH Facilities memo\n.ds CH\n.ds RH 3 November 2025\n.ds CF %\n.nr PS 11\n.nr VS 13\n"
        ".TL\nMeeting rooms from 10 November\n.AU\nFacilities team\n.AB no\n.AE\n"
    )
    return FDoc(
        "five-groff-memo",
        "letters",
        "groff",
        "Times",
        11,
        [
            Raw(head, "Meeting rooms from 10 November\nFacilities team"),
            P("To all staff on the second floor."),
            P(
                "The second floor meeting rooms reopen on 10 November after the refurbishment. The rooms "
                "have new names, and two of them are now reserved for the teams that use them most often."
            ),
            FTable(rows, rules="grid"),
            H(1, "How to book"),
            List(
                [
                    Item("Use the room calendar in the intranet and add the room as a guest."),
                    Item("Cancel a booking you no longer need so that others can use the room."),
                    Item("Report faults to the facilities desk on extension 4410."),
                ],
                ("1.",),
            ),
            P("Thank you for your patience during the works."),
        ],
        notes="groff ms memo (gropdf): title and author block, tbl allbox table, numbered .IP list",
    )


def docs() -> list[FDoc]:
    return [article(), twocol(), report_table(), memo()]
