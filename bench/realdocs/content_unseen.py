"""The third set (bench/realdocs/unseen): sixteen documents written after the engines
were tuned on docs/ and fresh/, kept out of any tuning, weighted to what real report
pages stress: statistical and financial tables (whitespace-aligned, two-level headers,
row groups, bracketed negatives, footnote markers, continued, landscape, empty cells),
report prose (flowing columns, numbered headings, captions, footnotes, running
headers), a form, two letters and right-to-left tables. Model: model_unseen.py."""

# The typography is the test: en dashes, minus signs and Arabic-Indic digits as printed.
# ruff: noqa: RUF001

from __future__ import annotations

import random

from bench.realdocs.model import Cell, H, Item, Items, P
from bench.realdocs.model_unseen import Figure, Foot, MultiCol, R, STable, UDoc

RNG = random.Random(19)


def n(v: int) -> str:
    """Thousands separators; a negative in brackets, as accounts print it."""
    return f"({-v:,})" if v < 0 else f"{v:,}"


def hc(text: str, span: int = 1, rows: int = 1) -> Cell:
    return Cell(text, colspan=span, rowspan=rows, header=True)


def labour_force() -> UDoc:
    regions = {
        "North": ["Highland", "Moray Coast", "Upper Tay"],
        "South": ["Lowmarsh", "Kingsbridge", "Ashford Vale", "Port Selby"],
        "Islands": ["Outer Skerries", "Holm"],
    }
    rows: list[list[Cell | str]] = [
        [hc("Region", rows=2), hc("Employed (thousands)", 3), hc("Unemployment rate (%)", 2)],
        [hc("2021"), hc("2022"), hc("2023"), hc("2022"), hc("2023")],
    ]
    indent, bold = [], []
    for group, names in regions.items():
        bold.append(len(rows))
        rows.append([group, "", "", "", "", ""])
        for name in names:
            base = RNG.randint(1800, 98000)
            e = [base, base + RNG.randint(-900, 2400), base + RNG.randint(-500, 3100)]
            indent.append(len(rows))
            rows.append(
                [name, *[f"{x / 10:,.1f}" for x in e], f"{RNG.uniform(2, 9):.1f}", f"{RNG.uniform(2, 9):.1f}"]
            )
    rows.append(["All regions", "1,204.6", "1,221.9", "1,240.3", "4.8", "4.5"])
    bold.append(len(rows) - 1)
    return UDoc(
        "unseen-stat-labour-force",
        "stat-tables",
        "Nimbus Sans",
        9,
        [
            H(3, "Table 2.4 Employment and unemployment by region, 2021 to 2023"),
            STable(
                rows, header_rows=2, rules="none", indent=tuple(indent), bold=tuple(bold), col_widths=(34,)
            ),
            R(
                "Source: Labour Force Survey, quarterly averages. Rates are not seasonally adjusted.",
                size=7.5,
            ),
        ],
        notes="whitespace-aligned, spanning group headers over years, row-group labels, indented rows",
        header="Regional Labour Market Statistics | Bulletin 14/2024",
        footer="#",
    )


def income_statement() -> UDoc:
    lines = [
        ("Revenue^1", 48_512, 45_077),
        ("Cost of sales", -31_204, -29_880),
        ("Gross profit", 17_308, 15_197),
        ("Distribution costs", -4_118, -3_964),
        ("Administrative expenses", -6_902, -6_511),
        ("Other operating income", 312, 0),
        ("Operating profit", 6_600, 4_722),
        ("Finance costs^2", -1_041, -1_386),
        ("Profit before tax", 5_559, 3_336),
        ("Income tax expense", -1_390, -834),
        ("Profit for the year", 4_169, 2_502),
    ]
    rows: list[list[Cell | str]] = [[hc(""), hc("Note"), hc("2024\n£000"), hc("2023\n£000")]]
    for i, (label, a, b) in enumerate(lines):
        rows.append([label, str(3 + i) if i % 3 == 0 else "", n(a), n(b) if b else "–"])
    return UDoc(
        "unseen-fin-income-statement",
        "stat-tables",
        "C059",
        9.5,
        [
            H(2, "Consolidated income statement"),
            R("For the year ended 31 December 2024", italic=True),
            STable(rows, rules="booktabs", bold=(3, 7, 11), col_widths=(52, 10, 19, 19)),
            R("^1 Revenue includes £1,204,000 from discontinued operations.", size=8),
            R("^2 Restated; see note 27.", size=8),
            P("The notes on pages 112 to 164 form part of these financial statements."),
        ],
        notes="booktabs rules, bracketed negatives, two-line column headers with the unit, footnote markers",
        header="Northgate Holdings plc  Annual Report 2024",
        footer="Page #",
    )


def continued() -> UDoc:
    head: list[Cell | str] = [
        hc("Local authority"),
        hc("Households"),
        hc("Dwellings"),
        hc("Vacant"),
        hc("Vacancy rate"),
    ]
    towns = [
        "Abbotsford",
        "Barrowmere",
        "Castlegate",
        "Dunholm",
        "Eastwick",
        "Fernley",
        "Glenrock",
        "Harwood",
        "Ivybridge",
        "Joyce Green",
        "Kelvedon",
        "Longmoor",
        "Millbrook",
        "Newhaven",
        "Oakridge",
        "Pelham",
    ]
    body = []
    for t in towns:
        h = RNG.randint(12_000, 140_000)
        d = h + RNG.randint(300, 6_000)
        body.append([t, n(h), n(d), n(d - h), f"{100 * (d - h) / d:.1f}%"])
    return UDoc(
        "unseen-stat-continued",
        "stat-tables",
        "Liberation Sans Narrow",
        10,
        [
            H(2, "3 Housing stock"),
            P("Table 3.1 lists households and dwellings by local authority at 31 March."),
            STable([head, *[list[Cell | str](r) for r in body[:9]]], rules="rows"),
            R(
                "Vacancy is highest in coastal authorities, where second homes are counted as vacant "
                "dwellings. The remaining authorities follow."
            ),
            P("Table 3.1 (continued)", bold=True),
            STable([list(head), *[list[Cell | str](r) for r in body[9:]]], rules="rows"),
        ],
        notes="a table interrupted by a paragraph and continued under a 'continued' caption; thin row rules",
        footer="Housing Statistics for England 2024   #",
    )


def landscape() -> UDoc:
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    rows: list[list[Cell | str]] = [[hc("Port"), *map(hc, months), hc("Total")]]
    for port in [
        "Felixstowe",
        "Southampton",
        "London Gateway",
        "Liverpool",
        "Immingham",
        "Tees",
        "Belfast",
        "Bristol",
        "Grangemouth",
        "Dover",
    ]:
        vals = [RNG.randint(900, 68_000) for _ in months]
        cells = [n(v) for v in vals]
        if port == "Belfast":
            cells[3] = ".."
        rows.append([port, *cells, n(sum(vals))])
    return UDoc(
        "unseen-stat-landscape",
        "stat-tables",
        "DejaVu Sans Condensed",
        8,
        [
            H(3, "Table A7: Container traffic by port and month, 2023 (TEU)"),
            STable(rows, rules="booktabs", col_widths=(12,)),
            R(".. not available   TEU: twenty-foot equivalent units", size=7),
        ],
        notes="landscape page, 14 columns, '..' for missing",
        landscape=True,
        header="Port Freight Statistics",
    )


def empty_cells() -> UDoc:
    rows: list[list[Cell | str]] = [
        [hc("Offence group"), hc("Recorded"), hc("Charged"), hc("Cautioned"), hc("No further action")],
        ["Violence against the person", "41,208", "9,113", "2,004", "30,091"],
        ["Sexual offences", "6,512", "", "", "5,870"],
        ["Robbery", "3,977", "1,102", "–", "2,875"],
        ["Theft offences", "88,430", "12,560", "4,411", ""],
        ["Criminal damage", "27,119", "", "1,980", "25,139"],
        ["Drug offences", "x", "x", "x", "x"],
        ["Public order", "14,003", "3,310", "906", "9,787"],
    ]
    return UDoc(
        "unseen-stat-empty-cells",
        "stat-tables",
        "Nimbus Roman",
        10,
        [
            H(2, "Outcomes of recorded crime, year ending June 2024"),
            STable(rows, rules="grid", col_widths=(36, 16, 16, 16, 16)),
            R("– nil   x suppressed to protect confidentiality   (blank) figure not yet available", size=8),
        ],
        notes="ruled grid with blank, nil and suppressed cells",
    )


def census() -> UDoc:
    rows: list[list[Cell | str]] = [
        [hc("Area", rows=2), hc("Age group", rows=2), hc("2011 census", 3), hc("2021 census", 3)],
        [hc("Male"), hc("Female"), hc("Total"), hc("Male"), hc("Female"), hc("Total")],
    ]
    for area in ["Urban", "Rural"]:
        for i, age in enumerate(["0–15", "16–64", "65 and over"]):
            vals = []
            for _ in range(2):
                m, f = RNG.randint(20_000, 400_000), RNG.randint(20_000, 400_000)
                vals += [n(m), n(f), n(m + f)]
            rows.append(([Cell(area, rowspan=3)] if i == 0 else []) + [age, *vals])
    return UDoc(
        "unseen-stat-census-rowspan",
        "stat-tables",
        "Noto Sans",
        8.5,
        [
            H(3, "Table 5 Usual resident population by area, age and sex"),
            STable(rows, header_rows=2, rules="booktabs"),
            R("Figures are rounded independently; totals may not sum.", italic=True, size=8),
        ],
        notes="row-spanning area labels in an unruled body, two spanning year groups",
    )


def trade() -> UDoc:
    rows: list[list[Cell | str]] = [
        [hc("Commodity"), hc("Value (€ million)", 2), hc("Change"), hc("Share of total")],
        [hc(""), hc("2023"), hc("2024^p"), hc("%"), hc("%")],
        ["Total exports", "412,906", "398,117", "−3.6", "100.0"],
        ["of which:", "", "", "", ""],
        ["Machinery and transport equipment", "161,044", "158,390", "−1.6", "39.8"],
        ["Chemicals^a", "88,215", "91,002", "+3.2", "22.9"],
        ["Food and live animals", "34,870", "35,311", "+1.3", "8.9"],
        ["Mineral fuels", "19,563", "14,208", "−27.4", "3.6"],
        ["Other", "109,214", "99,206", "−9.2", "24.9"],
    ]
    return UDoc(
        "unseen-stat-trade",
        "stat-tables",
        "Nimbus Sans Narrow",
        10,
        [
            H(2, "External trade"),
            R("Exports fell for the first time since 2020, driven by fuels.{1} Chemicals grew."),
            STable(rows, header_rows=2, rules="none", indent=(4, 5, 6, 7, 8), bold=(2,)),
            R("^p provisional   ^a excluding pharmaceuticals", size=8),
            Foot((1,)),
        ],
        notes="unruled, 'of which' row, U+2212 minus and explicit plus signs, superscript markers in cells",
        footnotes={1: "Fuel prices fell by a third over the year."},
    )


def survey() -> UDoc:
    qs = [
        "Trust the national statistics office",
        "Have used official statistics at work in the past twelve months",
        "Think statistics are presented honestly",
        "Know where to find regional figures",
    ]
    rows: list[list[Cell | str]] = [
        [hc("Statement", rows=2), hc("Men", 2), hc("Women", 2), hc("All adults", 2)],
        [hc("n"), hc("%"), hc("n"), hc("%"), hc("n"), hc("%")],
    ]
    for q in qs:
        a, b = RNG.randint(300, 900), RNG.randint(300, 900)
        pa, pb = RNG.uniform(20, 80), RNG.uniform(20, 80)
        rows.append([q, str(a), f"{pa:.0f}", str(b), f"{pb:.0f}", f"{a + b:,}", f"{(pa + pb) / 2:.0f}"])
    return UDoc(
        "unseen-stat-survey",
        "stat-tables",
        "Liberation Sans",
        8.5,
        [
            H(3, "Figure 4 and Table 4: Public confidence in official statistics"),
            Figure((60, 85, 40, 72)),
            R("Figure 4: Share agreeing with each statement, all adults", italic=True, align="center"),
            STable(rows, header_rows=2, rules="booktabs", col_widths=(40,)),
            R("Base: adults aged 16 and over. Unweighted counts, weighted percentages.", size=7.5),
        ],
        notes="a chart with caption, then a table whose first column wraps over two lines; n and % pairs",
    )


LOREM = [
    "The survey design follows the recommendations of the 2019 methodological review.",
    "Sampling units are addresses drawn at random from the postal register.",
    "Interviews were conducted face to face until March and by telephone thereafter.",
    "Non-response was adjusted for with calibration weights by age, sex and region.",
    "Estimates for small areas combine survey data with administrative records.",
    "Quality indicators are published alongside every release on the website.",
    "Revisions to earlier quarters arise mainly from late survey returns.",
    "Users were consulted on the proposed changes between May and July.",
]


def text(start: int, k: int) -> str:
    return " ".join(LOREM[(start + i) % len(LOREM)] for i in range(k))


def two_column() -> UDoc:
    return UDoc(
        "unseen-report-two-column",
        "report",
        "Nimbus Roman",
        10,
        [
            H(1, "Quality and Methodology Report"),
            R(
                "Summary. This report describes how the household survey is designed, run and weighted.",
                italic=True,
            ),
            MultiCol(
                [
                    H(2, "1 Introduction"),
                    R(text(0, 3) + " The review{1} covered all stages of production."),
                    H(3, "1.1 Scope"),
                    P(text(2, 4)),
                    H(3, "1.2 Changes since the last report"),
                    P(text(4, 3)),
                    H(2, "2 Methods"),
                    H(3, "2.1 Sample design"),
                    P(text(1, 4)),
                    H(4, "2.1.1 Stratification"),
                    P(text(5, 3)),
                    H(3, "2.2 Weighting"),
                    R(text(3, 4) + " Weights are trimmed at the 99th percentile.{2}"),
                ]
            ),
            Foot((1, 2)),
        ],
        notes="flowing two-column section, numbered headings (3 levels), footnotes, running head",
        header="Household Survey  |  Quality and Methodology",
        footer="#",
        footnotes={1: "Methodology Review Panel, 2019.", 2: "See Annex B for the trimming rule."},
    )


def report_mixed() -> UDoc:
    rows: list[list[Cell | str]] = [
        [hc("Indicator"), hc("Unit"), hc("2022"), hc("2023"), hc("Target 2025")],
        ["Renewable share of electricity", "%", "41.5", "46.4", "60"],
        ["Final energy consumption", "PJ", "1,812", "1,774", "1,650"],
        ["Greenhouse gas emissions", "Mt CO₂e", "388.1", "371.6", "300"],
        ["Energy intensity of GDP", "TJ/€m", "4.02", "3.87", ""],
    ]
    return UDoc(
        "unseen-report-energy",
        "report",
        "DejaVu Serif",
        10,
        [
            H(2, "4.2 Progress against targets"),
            P(text(6, 3)),
            P("Table 4.2.1: Key energy indicators", bold=True),
            STable(rows, rules="booktabs", col_widths=(44, 14, 14, 14, 14)),
            R("Source: Energy Balance 2023; targets from the National Energy Plan.", size=8),
            MultiCol([H(3, "4.2.1 Electricity"), P(text(0, 4)), H(3, "4.2.2 Heat"), P(text(3, 4))]),
        ],
        notes="single-column table with caption and source line above a two-column section",
        header="State of the Energy Sector 2024",
        footer="— # —",
    )


def legal() -> UDoc:
    clauses = [
        ("1 Definitions", "In this agreement the following words have the meanings given below."),
        ("1.1 Service", "The service means the hosting of the customer data described in Schedule 1."),
        ("1.2 Working day", "A working day is any day other than a weekend or a public holiday in Ireland."),
        ("2 Term", "This agreement starts on the effective date and continues for thirty-six months."),
        (
            "2.1 Renewal",
            "It renews for twelve months at a time unless either party gives ninety days' notice.",
        ),
        ("3 Charges", "The customer pays the charges in Schedule 2 within thirty days of invoice."),
        ("3.1 Late payment", "Interest accrues on late payments at four per cent above the base rate.{1}"),
    ]
    blocks: list[object] = [H(1, "Master Services Agreement")]
    for head, body in clauses:
        blocks += [
            H(2 if head.count(".") == 0 else 3, head),
            R(body + " " + text(len(head) % 8, 2), align="justify"),
        ]
    blocks.append(Foot((1,)))
    return UDoc(
        "unseen-prose-legal",
        "report",
        "C059",
        11,
        blocks,
        notes="numbered clauses as headings, justified, a footnote, 'Draft' header",
        header="DRAFT – subject to contract",
        footer="Page #",
        footnotes={1: "The base rate of the European Central Bank on the due date."},
    )


def form() -> UDoc:
    rows: list[list[Cell | str]] = [
        ["Surname", "", "Forename(s)", ""],
        ["Date of birth", "", "National Insurance no.", ""],
        ["Address", Cell("", colspan=3)],
        ["Telephone", "", "Email", ""],
    ]
    return UDoc(
        "unseen-forms-grant",
        "forms",
        "Liberation Sans Narrow",
        10,
        [
            H(2, "Application for a Home Insulation Grant"),
            P("Section A – About you", bold=True),
            STable(rows, rules="grid", col_widths=(20, 30, 22, 28)),
            P("Section B – Your property", bold=True),
            P("What type of property do you live in?"),
            Items(
                [
                    Item("Detached house", 0, False),
                    Item("Semi-detached or terraced", 0, True),
                    Item("Flat", 0, False),
                ],
                ("svg",),
            ),
            P("Do you receive any of the following benefits?"),
            Items(
                [
                    Item("Pension Credit", 0, False),
                    Item("Universal Credit", 0, False),
                    Item("None of these", 0, True),
                ],
                ("glyph-x",),
            ),
            P("Declaration: I confirm that the information given is correct."),
            P("Signed ______________________   Date ____ / ____ / ________"),
        ],
        notes="labelled ruled grid with empty answer cells, drawn and glyph checkboxes",
        footer="Form HIG-1 (04/24)",
    )


def letter_council() -> UDoc:
    return UDoc(
        "unseen-letters-council",
        "letters",
        "Nimbus Sans",
        10.5,
        [
            P(
                "Riverside District Council\nPlanning Services\nCivic Centre, Market Street\n"
                "Riverside RV1 2AB",
                align="right",
            ),
            P("Mr D. Okafor\n14 Willow Close\nRiverside RV4 7QT"),
            P("Our ref: PL/2024/0883\nDate: 9 October 2024", align="right"),
            P("Dear Mr Okafor", bold=False),
            P("Planning application PL/2024/0883: single-storey rear extension", bold=True),
            P(
                "Thank you for your application, which we received on 2 September 2024. It has been "
                "validated and will be decided by 28 October 2024. Neighbours have been notified and "
                "may comment until 16 October 2024."
            ),
            P("Before we can decide the application we need:"),
            Items(
                [Item("a revised site plan at 1:500 showing the boundary"), Item("the fee balance of £103")],
                ("–",),
            ),
            P("Yours sincerely"),
            P("A. Lindqvist\nPlanning Officer"),
        ],
        notes="sender block right, reference and date right, bold subject, dash list",
        header="RIVERSIDE DISTRICT COUNCIL",
        footer="Riverside District Council, Civic Centre, Riverside RV1 2AB   www.riverside.example",
    )


def letter_bank() -> UDoc:
    rows: list[list[Cell | str]] = [
        [hc("Date"), hc("Description"), hc("Paid out"), hc("Paid in"), hc("Balance")],
        ["01 Sep", "Balance brought forward", "", "", "2,310.44"],
        ["03 Sep", "Card payment GREENGROCER", "18.20", "", "2,292.24"],
        ["05 Sep", "Salary ACME LTD", "", "3,105.00", "5,397.24"],
        ["12 Sep", "Direct debit WATER CO", "41.00", "", "5,356.24"],
        ["30 Sep", "Overdraft interest", "(0.00)", "", "5,356.24"],
    ]
    return UDoc(
        "unseen-letters-statement",
        "letters",
        "DejaVu Sans Condensed",
        9,
        [
            P("Ms L. Brennan\nFlat 3, 22 Harbour Road\nCork T12 X8Y4"),
            P("Account 90-12-44 31880215\nStatement 9 of 2024", align="right"),
            H(3, "Your current account statement"),
            STable(rows, rules="rows", col_widths=(12, 40, 16, 16, 16)),
            P("Please check this statement and tell us about any entry you do not recognise."),
        ],
        notes="bank statement: address block, account block right, transaction table with empty money cells",
        header="Harbour Bank",
        footer="Harbour Bank Ltd is regulated by the Central Bank. Page #",
    )


def arabic() -> UDoc:
    rows: list[list[Cell | str]] = [
        [hc("المحافظة", rows=2), hc("عدد المنشآت", 2), hc("العاملون", 2)],
        [hc("٢٠٢٢"), hc("٢٠٢٣"), hc("٢٠٢٢"), hc("٢٠٢٣")],
        ["العاصمة", "12,408", "12,911", "184,220", "190,004"],
        ["الشمالية", "5,302", "5,288", "61,870", "60,912"],
        ["الجنوبية", "3,977", "4,105", "40,115", "42,380"],
        ["الوسطى", "7,640", "7,702", "95,006", "97,431"],
        ["المجموع", "29,327", "30,006", "381,211", "390,727"],
    ]
    return UDoc(
        "unseen-rtl-ar-stat",
        "rtl",
        "Noto Sans Arabic",
        10,
        [
            H(2, "الجدول ٣: المنشآت الصناعية والعاملون حسب المحافظة"),
            P("ارتفع عدد المنشآت الصناعية بنسبة 2.3% في عام 2023 مقارنة بالعام السابق."),
            STable(rows, header_rows=2, rules="booktabs", bold=(6,)),
            P("المصدر: المسح الصناعي السنوي."),
        ],
        rtl=True,
        lang="ar",
        notes="Arabic statistical table: spanning groups over Arabic-Indic years, Latin-digit numbers",
        header="النشرة الإحصائية السنوية",
    )


def hebrew() -> UDoc:
    rows: list[list[Cell | str]] = [
        [hc("סעיף"), hc("תקציב 2024"), hc("ביצוע 2024"), hc("סטייה")],
        ["שכר ונלוות", "4,210", "4,388", "(178)"],
        ["שכירות ואחזקה", "1,150", "1,092", "58"],
        ["מחשוב", "730", "801", "(71)"],
        ["הדרכה", "240", "", ""],
        ['סה"כ', "6,330", "6,281", "49"],
    ]
    return UDoc(
        "unseen-rtl-he-budget",
        "rtl",
        "DejaVu Sans Condensed",
        10,
        [
            H(2, "דוח ביצוע תקציב"),
            P("הנתונים באלפי שקלים. סטייה שלילית מוצגת בסוגריים."),
            STable(rows, rules="none", bold=(5,)),
            P("סעיף ההדרכה טרם דווח."),
        ],
        rtl=True,
        lang="he",
        notes="unruled Hebrew budget table, bracketed negatives, empty cells",
    )


def docs() -> list[UDoc]:
    return [
        labour_force(),
        income_statement(),
        continued(),
        landscape(),
        empty_cells(),
        census(),
        trade(),
        survey(),
        two_column(),
        report_mixed(),
        legal(),
        form(),
        letter_council(),
        letter_bank(),
        arabic(),
        hebrew(),
    ]
