"""The fourth set (bench/realdocs/check4): sixteen documents kept as the final blind
check, tuned on by nobody. Subjects, numbers, fonts, column counts, header structures
and rule styles differ from docs/, fresh/ and unseen/: seven statistical, financial and
scientific tables, three report pages, an invoice and a letter, a form, an Arabic page
of prose and a Hebrew table, and a contract. Model: model_check4.py (model_unseen's
blocks with more rule styles and page sizes)."""

# The typography is the test: minus signs, en dashes, ± and µ as printed.
# ruff: noqa: RUF001

from __future__ import annotations

import random

from bench.realdocs.model import Block, Cell, Columns, H, Item, Items, P, Table
from bench.realdocs.model_check4 import CDoc, CTable
from bench.realdocs.model_unseen import Figure, Foot, MultiCol, R

RNG = random.Random(4404)
LETTER = "size: 21.59cm 27.94cm; margin: 2.2cm 2.5cm"


def n(v: int) -> str:
    """Thousands separators; a negative in brackets, as accounts print it."""
    return f"({-v:,})" if v < 0 else f"{v:,}"


def hc(text: str, span: int = 1, rows: int = 1) -> Cell:
    return Cell(text, colspan=span, rowspan=rows, header=True)


def assay() -> CDoc:
    compounds = ["PX-101", "PX-114", "PX-117", "PX-203", "PX-208", "PX-231", "PX-240", "Staurosporine"]
    rows: list[list[Cell | str]] = [
        [hc("Compound", rows=2), hc("Kᵢ (nM)", 3), hc("Cell IC₅₀ (µM)", 2)],
        [hc("ABL1"), hc("SRC"), hc("LCK"), hc("K562"), hc("Jurkat")],
    ]
    for name in compounds:
        ki = [f"{RNG.uniform(0.4, 900):.1f} ± {RNG.uniform(0.1, 40):.1f}" for _ in range(3)]
        if name == "PX-203":
            ki[2] = "n.d."
        ic = [f"{RNG.uniform(0.02, 30):.2f}" for _ in range(2)]
        if name == "PX-231":
            ic[1] = ">50"
        rows.append([name, *ki, *ic])
    return CDoc(
        "check4-sci-kinase-assay",
        "stat-tables",
        "Noto Serif",
        8.5,
        [
            P("Table 2. Inhibition of three tyrosine kinases and of two leukaemia cell lines", bold=True),
            CTable(rows, header_rows=2, rules="none", col_widths=(22,)),
            R(
                "Values are means ± s.d. of three independent experiments. n.d., not determined. "
                "Staurosporine was the reference inhibitor.",
                size=7.5,
                italic=True,
            ),
            P(
                "Compounds with a bulky C-4 substituent lost activity against LCK while keeping "
                "nanomolar affinity for ABL1, which made PX-117 the lead for the in vivo study."
            ),
        ],
        notes="unruled, whitespace aligned; Ki and IC50 groups spanning kinases and cell lines; ± values",
        page="margin: 2.5cm 2.8cm",
    )


def cash_flow() -> CDoc:
    groups = {
        "Cash flows from operating activities": [
            ("Profit before tax", 12_874, 9_611),
            ("Depreciation and amortisation", 3_402, 3_155),
            ("Increase in trade receivables", -1_918, -640),
            ("Decrease in inventories", 455, -1_207),
            ("Income taxes paid", -2_806, -2_114),
        ],
        "Cash flows from investing activities": [
            ("Purchase of property, plant and equipment", -5_390, -4_022),
            ("Proceeds from disposals", 612, 0),
            ("Acquisition of subsidiary, net of cash acquired", -7_150, 0),
        ],
        "Cash flows from financing activities": [
            ("Proceeds from borrowings", 6_000, 1_500),
            ("Repayment of lease liabilities", -1_044, -987),
            ("Dividends paid", -2_300, -2_100),
        ],
    }
    rows: list[list[Cell | str]] = [[hc("kr 000"), hc("Note"), hc("2024"), hc("2023")]]
    indent, bold = [], []
    note = 11
    for group, lines in groups.items():
        bold.append(len(rows))
        rows.append([group, "", "", ""])
        for label, a, b in lines:
            indent.append(len(rows))
            rows.append([label, str(note) if a % 3 == 0 else "", n(a), n(b) if b else "–"])
            note += 1
        bold.append(len(rows))
        rows.append(["Net cash " + group.removeprefix("Cash flows "), "", "", ""])
    # The subtotal rows: sums of their groups.
    r = 1
    for lines in groups.values():
        r += len(lines) + 1
        rows[r][2] = n(sum(a for _, a, _ in lines))
        rows[r][3] = n(sum(b for _, _, b in lines))
        r += 1
    return CDoc(
        "check4-fin-cash-flow",
        "stat-tables",
        "URW Bookman",
        8.5,
        [
            H(2, "Consolidated statement of cash flows"),
            R("Year ended 30 June 2024", italic=True),
            CTable(rows, rules="double", indent=tuple(indent), bold=tuple(bold), col_widths=(56, 8, 18, 18)),
            R("Comparative figures for 2023 are restated for the change in lease accounting.", size=7.5),
        ],
        notes="double bottom rule, thick top rule; row groups with subtotals, bracketed negatives, nil dash",
        header="Fjordvik Maritime ASA — Annual Report 2024",
        footer="#",
    )


def three_level() -> CDoc:
    countries = ["Chile", "Ghana", "Indonesia", "Kenya", "Mexico", "Peru", "Vietnam"]
    rows: list[list[Cell | str]] = [
        [hc("Partner", rows=3), hc("Exports", 4), hc("Imports", 4)],
        [hc("Goods", 2), hc("Services", 2), hc("Goods", 2), hc("Services", 2)],
        [hc("2022"), hc("2023")] * 4,
    ]
    for c in countries:
        rows.append([c, *[f"{RNG.uniform(0.2, 48):.2f}" for _ in range(8)]])
    rows.append(["Total", *["" for _ in range(8)]])
    for col in range(1, 9):
        rows[-1][col] = f"{sum(float(str(rw[col])) for rw in rows[3:-1]):.2f}"
    return CDoc(
        "check4-stat-trade-three-level",
        "stat-tables",
        "Noto Sans",
        8,
        [
            H(3, "Table 7 Trade with selected partners (US$ billion)"),
            CTable(rows, header_rows=3, rules="grid", bold=(len(rows) - 1,), col_widths=(16,)),
            R("Services trade for Ghana and Kenya is estimated from balance-of-payments data.", size=7),
        ],
        notes="fully ruled grid, three header rows: flow, goods/services, year; total row",
    )


def long_table() -> CDoc:
    prefixes = ["Ben", "Carn", "Dal", "Glen", "Inver", "Kil", "Loch", "Strath", "Tor", "Aber"]
    suffixes = ["more", "ness", "ross", "garry", "lyon", "ord", "avon", "shiel", "ey", "doon", "ach"]
    names = sorted({RNG.choice(prefixes) + RNG.choice(suffixes) for _ in range(140)})[:58]
    rows: list[list[Cell | str]] = [
        [
            hc("Station"),
            hc("Elevation (m)"),
            hc("Jan mean (°C)"),
            hc("Jul mean (°C)"),
            hc("Rainfall (mm)"),
            hc("Sunshine (h)"),
            hc("Air frost (days)"),
        ]
    ]
    for name in names:
        elev = RNG.randint(3, 620)
        jan = RNG.uniform(-2.5, 5.5)
        jan_s = f"−{abs(jan):.1f}" if jan < 0 else f"{jan:.1f}"
        sun = f"{RNG.randint(980, 1520):,}" if RNG.random() > 0.08 else ""
        rows.append(
            [
                name,
                str(elev),
                jan_s,
                f"{RNG.uniform(11.5, 16.2):.1f}",
                f"{RNG.randint(690, 3300):,}",
                sun,
                str(RNG.randint(8, 96)),
            ]
        )
    return CDoc(
        "check4-stat-climate-long",
        "stat-tables",
        "P052",
        9.5,
        [
            H(2, "Appendix C: Station climate averages, 1991–2020"),
            P("Stations are listed alphabetically. A blank sunshine cell means the station has no recorder."),
            CTable(rows, rules="zebra", col_widths=(25, 12, 12, 12, 13, 13, 13)),
            R("Source: Highland Meteorological Service station network.", size=8),
        ],
        notes="58-row table over two pages, shaded bands without rules, minus signs, blank cells",
        footer="Climate of the Highlands — page #",
    )


def adverse_events() -> CDoc:
    rows: list[list[Cell | str]] = [
        [
            hc("Adverse event (MedDRA preferred term)"),
            hc("Placebo\n(N = 212)"),
            hc("10 mg\n(N = 208)"),
            hc("25 mg\n(N = 215)"),
            hc("Comment"),
        ],
        ["Headache", "18 (8.5)", "22 (10.6)", "31 (14.4)", "Mostly mild, resolved within 48 hours"],
        ["Nausea", "9 (4.2)", "15 (7.2)", "27 (12.6)", ""],
        [
            "Elevated alanine aminotransferase (more than three times the upper limit of normal)",
            "1 (0.5)",
            "2 (1.0)",
            "6 (2.8)",
            "Two participants on 25 mg stopped treatment; values normalised after withdrawal",
        ],
        ["Dizziness", "7 (3.3)", "", "11 (5.1)", "Not recorded at the 10 mg site in week 2"],
        ["Upper respiratory tract infection", "14 (6.6)", "12 (5.8)", "13 (6.0)", ""],
        ["Serious adverse events", "3 (1.4)", "4 (1.9)", "5 (2.3)", "None judged related to the study drug"],
    ]
    return CDoc(
        "check4-sci-adverse-events",
        "stat-tables",
        "DejaVu Serif",
        8.5,
        [
            H(3, "Table 3. Treatment-emergent adverse events, safety population"),
            CTable(rows, rules="frame", col_widths=(30, 13, 13, 13, 31)),
            R("Data are n (%). Participants with more than one event are counted once per term.", size=7.5),
        ],
        notes="outer frame and a rule under the header only; cells wrapping over three lines; empty cells",
    )


def segments() -> CDoc:
    seg = Table(
        [
            ["Segment", "2024", "2023"],
            ["Retail banking", "1,882", "1,704"],
            ["Corporate", "946", "1,015"],
            ["Wealth", "411", "388"],
            ["Treasury", "(57)", "102"],
            ["Eliminations", "(96)", "(83)"],
            ["Group", "3,086", "3,126"],
        ],
        ruled=False,
    )
    prose: list[Block] = [
        P(
            "Group operating income fell by 1.3% to €3,086 million. Retail banking grew on higher "
            "deposit margins, while the Treasury segment turned to a loss of €57 million after the "
            "revaluation of the fixed-rate bond book in the third quarter."
        ),
        P(
            "Corporate income declined as loan volumes contracted in commercial real estate. Wealth "
            "management attracted net new assets of €1.2 billion, its best year since 2019."
        ),
        P(
            "Operating expenses were flat at €1,942 million: wage increases of 4.1% were offset by "
            "the closure of 38 branches and lower spending on external consultants. The cost-income "
            "ratio rose to 62.9% from 61.4%."
        ),
    ]
    return CDoc(
        "check4-fin-segments-beside",
        "stat-tables",
        "URW Gothic",
        9.5,
        [
            H(2, "Segment results"),
            Columns(prose, [seg], widths=(55, 45)),
            P(
                "Eliminations remove income between segments. The segment view follows the "
                "management reporting structure that the Executive Board uses to allocate capital."
            ),
        ],
        notes="an unruled table floating right beside two paragraphs; bracketed negatives",
        header="Q4 2024 Results Presentation",
    )


def admissions() -> CDoc:
    bands = ["0–17", "18–44", "45–64", "65–79", "80+"]
    rows: list[list[Cell | str]] = [
        [hc("Age band", rows=2), hc("Admissions", 3), hc("Mean stay (days)", 2)],
        [hc("Elective"), hc("Emergency"), hc("Total"), hc("Elective"), hc("Emergency")],
    ]
    bold = []
    for sex in ["Females", "Males"]:
        bold.append(len(rows))
        rows.append([Cell(sex, colspan=6)])
        for b in bands:
            e, m = RNG.randint(800, 21_000), RNG.randint(1_500, 38_000)
            rows.append(
                [b, n(e), n(m), n(e + m), f"{RNG.uniform(1.1, 5.9):.1f}", f"{RNG.uniform(2.0, 11.8):.1f}"]
            )
    rows[5][4] = "–"
    return CDoc(
        "check4-stat-admissions-groups",
        "stat-tables",
        "DejaVu Serif Condensed",
        9,
        [
            H(3, "Table 12: Hospital admissions by sex, age band and admission method, 2023/24"),
            CTable(rows, header_rows=2, rules="vlines", bold=tuple(bold), col_widths=(20,)),
            R("– fewer than five admissions^†", size=7.5),
            R("^† Suppressed under the statistical disclosure policy.", size=7.5),
        ],
        notes="vertical rules only; full-width row-group labels (Females, Males) spanning all columns",
        landscape=False,
        page="margin: 1.8cm",
    )


EN = [
    "The consultation received 1,482 written responses, most of them from individuals.",
    "Respondents in rural districts raised the cost of travel to services more often than others.",
    "The department has accepted fourteen of the panel's seventeen recommendations.",
    "Pilot schemes ran in three districts between October 2023 and March 2024.",
    "Uptake was highest where the scheme was promoted through general practices.",
    "The evaluation compares the pilot districts with matched districts that did not take part.",
    "Costs per participant fell as the schemes grew beyond their first hundred members.",
    "Data sharing agreements were signed with all three health boards before the pilots began.",
    "A final evaluation will be laid before the Assembly in the spring.",
]


def text(start: int, k: int) -> str:
    return " ".join(EN[(start + i) % len(EN)] for i in range(k))


def report_two_column() -> CDoc:
    return CDoc(
        "check4-report-two-column",
        "report",
        "Noto Serif",
        9.5,
        [
            H(1, "Evaluation of the Rural Transport Pilot"),
            R("Interim findings, second year", italic=True, align="center"),
            MultiCol(
                [
                    H(2, "1. Background"),
                    R(text(0, 3) + " The pilot was funded under the 2022 budget.{1}"),
                    H(2, "2. Findings"),
                    H(3, "2.1 Who used the service"),
                    P(text(3, 3)),
                    Items(
                        [
                            Item("older residents without a car (41% of journeys)"),
                            Item("students travelling to further education colleges"),
                            Item("shift workers at the two food processing plants"),
                        ],
                        ("▪",),
                    ),
                    H(3, "2.2 Cost"),
                    P(text(6, 3)),
                    H(2, "3. Next steps"),
                    Items(
                        [
                            Item("Extend the pilot to two further districts"),
                            Item("Publish journey data monthly"),
                            Item("Report to the Assembly in spring 2025"),
                        ],
                        ("1.",),
                    ),
                ]
            ),
            Foot((1,)),
        ],
        notes="two flowing columns, numbered headings at two levels, bullet and numbered lists, a footnote",
        header="Rural Transport Pilot — Interim Evaluation",
        footer="#",
        footnotes={1: "Budget line 7.4, transport innovation fund."},
    )


def report_annual() -> CDoc:
    rows: list[list[Cell | str]] = [
        [hc("Service"), hc("Requests"), hc("Answered in time"), hc("Share")],
        ["Building control", "2,914", "2,701", "92.7%"],
        ["Licensing", "1,388", "1,102", "79.4%"],
        ["Street lighting", "6,047", "5,930", "98.1%"],
        ["Waste collection", "11,652", "10,884", "93.4%"],
    ]
    return CDoc(
        "check4-report-service-annual",
        "report",
        "Noto Sans",
        10,
        [
            H(1, "1 Customer service performance"),
            P(text(1, 2)),
            H(2, "1.1 Response times"),
            P("We answered 93.0% of requests within the published target, against 90.2% last year."),
            Figure((44, 70, 92, 61, 83)),
            R("Figure 1.1: Requests answered in time by quarter, 2023 and 2024", italic=True, align="center"),
            P("Table 1.1: Requests by service, 2024", bold=True),
            CTable(rows, rules="head", col_widths=(40, 20, 20, 20)),
            H(2, "1.2 What we will change"),
            Items(
                [
                    Item("Answer licensing requests within ten working days"),
                    Item("Publish waiting times on the website"),
                    Item("Train all front-line staff in the new case system"),
                ],
                ("ol",),
            ),
            R("Complaints are reported separately in section 4.{1}"),
            Foot((1,)),
        ],
        notes="numbered headings, figure with caption, captioned table with one rule under the header, "
        "native numbered list, a footnote",
        header="Annual Performance Report 2024",
        footer="Page #",
        footnotes={1: "Section 4 follows the ombudsman's complaint categories."},
    )


def report_policy() -> CDoc:
    return CDoc(
        "check4-report-policy-brief",
        "report",
        "P052",
        9,
        [
            H(1, "Policy Brief 7: Heat Pumps in Older Homes"),
            R("Summary for decision makers", italic=True),
            MultiCol(
                [
                    H(3, "Key points"),
                    Items(
                        [
                            Item(
                                "Most homes built before 1950 can take a heat pump after modest insulation."
                            ),
                            Item("Running costs match a gas boiler at current tariffs."),
                            Item("Installer capacity, not demand, limits uptake."),
                        ],
                        ("–",),
                    ),
                    H(3, "Evidence"),
                    R(
                        "Field trials in 742 homes measured a seasonal performance factor of 2.9 on "
                        "average.{1} Homes with solid walls reached 2.6 after loft and floor insulation."
                    ),
                    P(text(4, 2)),
                    H(3, "Recommendations"),
                    Items(
                        [
                            Item("Fund installer training through the further education colleges"),
                            Item("Set a minimum efficiency standard for new installations"),
                            Item("Review the grant level every two years"),
                        ],
                        ("1)",),
                    ),
                    P(text(7, 2)),
                ],
                cols=3,
            ),
            Foot((1,)),
        ],
        notes="three flowing columns, dash bullets, '1)' numbered list, a footnote",
        footer="Institute for Housing Energy · Policy Brief 7 · #",
        footnotes={1: "Electrification of Heat demonstration project, final report, 2023."},
        page=LETTER,
    )


def invoice() -> CDoc:
    lines = [
        ("2", "Hydraulic hose assembly, 3/8 in, 1.5 m", "38.40"),
        ("1", "Pump seal kit HPK-220", "112.00"),
        ("6", "Filter element 10 µm", "14.75"),
        ("3.5", "Labour, field service (hours)", "86.00"),
        ("1", "Call-out charge", "65.00"),
    ]
    rows: list[list[Cell | str]] = [[hc("Qty"), hc("Description"), hc("Unit price"), hc("Amount")]]
    total = 0.0
    for q, d, u in lines:
        amt = float(q) * float(u)
        total += amt
        rows.append([q, d, u, f"{amt:,.2f}"])
    vat = round(total * 0.2, 2)
    rows += [
        ["", "", "Net", f"{total:,.2f}"],
        ["", "", "VAT 20%", f"{vat:,.2f}"],
        ["", "", "Total due", f"{total + vat:,.2f}"],
    ]
    return CDoc(
        "check4-invoice-field-service",
        "letters",
        "Liberation Mono",
        9,
        [
            P("TRENT HYDRAULICS LTD\nUnit 9, Canal Side Works\nBurton upon Trent DE14 1QR", bold=True),
            P("Invoice no: TH-24-01577\nDate: 18/11/2024\nCustomer: C-0412", align="right"),
            P("Invoice to:\nMillstone Quarry Products\nAccounts Payable\nHigh Peak SK17 9TE"),
            CTable(rows, rules="head", bold=(len(rows) - 1,), col_widths=(8, 56, 16, 20)),
            P("Payment within 30 days to sort code 40-11-62, account 71530284."),
            P("Thank you for your business."),
        ],
        notes="monospaced invoice; one rule under the header; totals in the last two columns, empty cells",
    )


def letter() -> CDoc:
    return CDoc(
        "check4-letter-insurance-claim",
        "letters",
        "URW Gothic",
        10,
        [
            P("Lakeside Mutual Insurance\nClaims Department\nPO Box 3310\nMadison, WI 53704", align="right"),
            P("November 25, 2024", align="right"),
            P("Ms. Renata Alvarez\n2187 Orchard Lane\nMiddleton, WI 53562"),
            P("Re: Claim HO-7720-193, water damage of October 30, 2024", bold=True),
            P("Dear Ms. Alvarez:"),
            P(
                "We have reviewed the adjuster's report on the damage to your kitchen and basement. "
                "Your policy covers the sudden pipe failure, subject to the $1,000 deductible. To "
                "settle the claim we need the following documents by December 20, 2024:"
            ),
            Items(
                [
                    Item("the plumber's invoice for the pipe repair"),
                    Item("two estimates for replacing the basement flooring"),
                    Item("photographs of the damaged cabinets before removal"),
                ],
                ("1.",),
            ),
            P("Once we receive them, we expect to pay within ten business days."),
            P("Sincerely,"),
            P("Marcus Feld\nSenior Claims Examiner\n(608) 555-0147"),
        ],
        notes="US letter page, right-aligned sender and date, bold reference line, numbered list",
        footer="Lakeside Mutual Insurance Company · NAIC 40217",
        page=LETTER,
    )


def form() -> CDoc:
    rows: list[list[Cell | str]] = [
        ["Full name", Cell("", colspan=3)],
        ["Membership no.", "", "Date joined", ""],
        ["Postcode", "", "Phone", ""],
    ]
    return CDoc(
        "check4-forms-club-renewal",
        "forms",
        "DejaVu Serif",
        9.5,
        [
            H(2, "Allotment Society — Membership Renewal 2025"),
            P("Part 1  Your details", bold=True),
            CTable(rows, header_rows=0, rules="grid", col_widths=(22, 30, 20, 28)),
            P("Part 2  Plot size", bold=True),
            Items(
                [
                    Item("Quarter plot (62 m²)", 0, False),
                    Item("Half plot (125 m²)", 0, True),
                    Item("Full plot (250 m²)", 0, False),
                ],
                ("glyph-v",),
            ),
            P("Part 3  I would like to help with", bold=True),
            Items(
                [
                    Item("Spring open day", 0, True),
                    Item("Water tank maintenance", 0, False),
                    Item("Newsletter", 0, True),
                    Item("Committee", 0, False),
                ],
                ("svg",),
            ),
            P("Fee enclosed: £ ________    Signature ______________________"),
        ],
        notes="labelled ruled grid with empty answer cells; ballot-box-with-check glyphs and drawn boxes",
        footer="Return to the Secretary by 31 January 2025",
    )


def arabic() -> CDoc:
    return CDoc(
        "check4-rtl-ar-prose",
        "rtl",
        "Noto Kufi Arabic",
        10,
        [
            H(2, "تقرير التحول الرقمي في البلديات"),
            P(
                "أطلقت البلدية في عام 2023 منصة إلكترونية جديدة تعمل بنظام GIS لإدارة رخص البناء، "
                "وبلغ عدد الطلبات المقدمة عبرها 18,240 طلبا خلال الأشهر التسعة الأولى."
            ),
            P(
                "انخفض متوسط مدة معالجة الطلب من 21 يوما إلى 6 أيام، وارتفعت نسبة الرضا إلى 87% "
                "بحسب استبيان أجرته شركة Data Insights في شهر سبتمبر."
            ),
            H(3, "الخطوات القادمة"),
            Items(
                [
                    Item("ربط المنصة بنظام الدفع الإلكتروني SADAD قبل نهاية الربع الأول"),
                    Item("تدريب 120 موظفا على استخدام الواجهة الجديدة"),
                    Item("نشر البيانات المفتوحة بصيغة CSV كل شهر"),
                ],
                ("•",),
            ),
            P("للاستفسار يرجى التواصل عبر البريد digital@baladiya.example أو الهاتف 920 004 511."),
        ],
        rtl=True,
        lang="ar",
        notes="Arabic prose with Latin acronyms, an e-mail address and Western digits; a bullet list",
        header="الإدارة العامة للتقنية",
    )


def hebrew() -> CDoc:
    rows: list[list[Cell | str]] = [
        [hc("מחוז", rows=2), hc("תלמידים", 2), hc("שיעור זכאות לבגרות", 2)],
        [hc("תשפ״ג"), hc("תשפ״ד"), hc("תשפ״ג"), hc("תשפ״ד")],
        ["ירושלים", "212,408", "215,930", "61.2%", "62.0%"],
        ["צפון", "188,115", "189,402", "70.4%", "71.9%"],
        ["חיפה", "121,760", "122,015", "74.8%", "74.1%"],
        ["מרכז", "264,390", "270,118", "79.5%", "80.3%"],
        ["תל אביב", "150,221", "151,870", "", "77.6%"],
        ["דרום", "196,034", "199,457", "63.9%", "65.2%"],
    ]
    return CDoc(
        "check4-rtl-he-education",
        "rtl",
        "Noto Serif Hebrew",
        10,
        [
            H(2, "לוח 4: תלמידים וזכאות לבגרות לפי מחוז"),
            P("הנתונים כוללים את החינוך הממלכתי והממלכתי-דתי בלבד."),
            CTable(rows, header_rows=2, rules="frame"),
            P("נתוני תל אביב לשנת תשפ״ג אינם זמינים."),
        ],
        rtl=True,
        lang="he",
        notes="Hebrew table in a frame: groups spanning Hebrew-calendar years, percentages, an empty cell",
    )


def contract() -> CDoc:
    return CDoc(
        "check4-contract-lease",
        "contract",
        "URW Bookman",
        9.5,
        [
            H(1, "Commercial Lease Agreement"),
            P(
                "This lease is made on 2 December 2024 between Harbourside Estates Ltd (the Landlord) "
                "and Copperleaf Studio LLP (the Tenant).",
                align="justify",
            ),
            H(2, "1. Premises"),
            P(
                "1.1 The Landlord lets to the Tenant the second floor of 14 Quay Street, Bristol, "
                "shown edged red on the plan in Schedule A.",
                align="justify",
            ),
            P("1.2 The Tenant may use the common parts in common with other occupiers.", align="justify"),
            H(2, "2. Rent"),
            P(
                "2.1 The rent is £28,500 a year, payable quarterly in advance on the usual quarter days.",
                align="justify",
            ),
            P(
                "2.2 The rent is reviewed on the third anniversary of the term commencement date:",
                align="justify",
            ),
            Items(
                [
                    Item("upwards only, to the open market rent; or", 0),
                    Item("if the parties cannot agree, as determined by an independent surveyor who:", 0),
                    Item("acts as an expert and not as an arbitrator; and", 1),
                    Item("gives written reasons for the decision.", 1),
                ],
                ("a)", "(i)"),
            ),
            H(2, "3. Tenant's obligations"),
            P(
                "3.1 The Tenant shall keep the interior of the premises in good and substantial repair.",
                align="justify",
            ),
            P(
                "3.2 The Tenant shall not assign or underlet the whole or part of the premises without "
                "the Landlord's prior written consent, which shall not be unreasonably withheld.",
                align="justify",
            ),
            H(2, "4. Termination"),
            P(
                "4.1 Either party may end this lease on the fifth anniversary by giving not less than "
                "six months' written notice.",
                align="justify",
            ),
        ],
        notes="numbered clauses as headings, numbered sub-clause paragraphs, a) and (i) nested sub-clauses",
        footer="Lease — 14 Quay Street — page #",
    )


def docs() -> list[CDoc]:
    return [
        assay(),
        cash_flow(),
        three_level(),
        long_table(),
        adverse_events(),
        segments(),
        admissions(),
        report_two_column(),
        report_annual(),
        report_policy(),
        invoice(),
        letter(),
        form(),
        arabic(),
        hebrew(),
        contract(),
    ]
