"""The seventh set's Typst and pdflatex documents (bench/realdocs/seven; the ReportLab
and wkhtmltopdf ones are in content_seven.py): an annual-report page with a two-level
header, bracketed negatives and subtotals, a services contract with numbered clauses,
a slide-like quarterly report with side-by-side panels, a Hebrew notice (Typst shapes
right-to-left text), and a two-column scientific article page with a table and
footnotes (pdflatex). The text avoids straight quotes and double hyphens, which LaTeX
would curl or ligate."""

# LaTeX source is full of braces: %-formatting keeps it readable.
# ruff: noqa: UP031

from __future__ import annotations

from bench.realdocs.content_five_tex import PREAMBLE
from bench.realdocs.content_seven import RNG, hc
from bench.realdocs.model import Cell, H, Item, P
from bench.realdocs.model_five import FDoc, Flow, Foot, FTable, Grid, List, Raw


def acct(v: int) -> str:
    """Thousands as annual reports print them: negatives in brackets."""
    return f"({-v:,})" if v < 0 else f"{v:,}"


def annual_report() -> FDoc:
    lines = [
        ("Revenue", 84210, 79655, 31020, 28870),
        ("Cost of sales", -51388, -49102, -18840, -17715),
        ("Gross profit", None, None, None, None),
        ("Distribution costs", -9120, -8764, -3310, -3080),
        ("Administrative expenses", -11045, -10512, -4105, -3990),
        ("Impairment of goodwill", 0, -2300, 0, 0),
        ("Operating profit", None, None, None, None),
        ("Finance costs", -1870, -2044, -640, -702),
        ("Profit before tax", None, None, None, None),
    ]
    rows: list[list[Cell | str]] = [
        [hc("EUR thousand", rows=2), hc("Group", span=2), hc("Parent company", span=2)],
        [hc("2025"), hc("2024"), hc("2025"), hc("2024")],
    ]
    run = [0, 0, 0, 0]
    bold: list[int] = []
    indent: list[int] = []
    for name, *vals in lines:
        if vals[0] is None:
            bold.append(len(rows))
            rows.append([name, *(acct(v) for v in run)])
            continue
        run = [a + int(b or 0) for a, b in zip(run, vals, strict=True)]
        indent.append(len(rows))
        rows.append([name, *(acct(int(v or 0)) for v in vals)])
    tax = [-4420, -3880, -1610, -1402]
    rows.append(["Income tax", *(acct(v) for v in tax)])
    indent.append(len(rows) - 1)
    bold.append(len(rows))
    rows.append(["Profit for the year", *(acct(a + b) for a, b in zip(run, tax, strict=True))])
    return FDoc(
        "seven-ty-annual-report",
        "annual-report",
        "typst",
        "Liberation Sans",
        9.5,
        [
            H(2, "Consolidated income statement"),
            P(
                "For the year ended 30 September 2025. Figures in brackets are costs or losses; the "
                "comparatives have been restated for the discontinued marine coatings division."
            ),
            FTable(
                rows,
                header_rows=2,
                rules="booktabs",
                bold=tuple(bold),
                indent=tuple(indent),
                widths=(40, 15, 15, 15, 15),
            ),
            P(
                "Revenue grew by 5.7% on a like-for-like basis, driven by the industrial adhesives "
                "business. The goodwill impairment in 2024 related to the closure of the Gdansk plant."
            ),
        ],
        notes="Typst booktabs table: two-level header (rowspan and colspan), bold subtotals, "
        "indented lines, bracketed negatives",
        header="Verholt Chemie AG - Annual Report 2025",
        footer="#",
    )


def contract() -> FDoc:
    clauses = [
        Item("Definitions"),
        Item("Services means the cleaning services described in Schedule 1.", 1),
        Item("Premises means the offices at 18 Wellington Place, Leeds.", 1),
        Item("Term"),
        Item("This agreement starts on 1 January 2026 and runs for 24 months.", 1),
        Item("Either party may end it on three months written notice after the first year.", 1),
        Item("Charges and payment"),
        Item("The Client pays a monthly fee of GBP 3,450 plus VAT.", 1),
        Item("Invoices are payable within 30 days of receipt.", 1),
        Item("Fees are reviewed each January in line with the consumer price index.", 1),
        Item("Standards of service"),
        Item("The Contractor shall meet the standards in Schedule 2 and keep a log of visits.", 1),
        Item("Repeated failures entitle the Client to a service credit of 5% per failure.", 1),
        Item("Liability"),
        Item("Neither party limits liability for death or personal injury caused by negligence.", 1),
    ]
    return FDoc(
        "seven-ty-contract",
        "contract",
        "typst",
        "Liberation Serif",
        10.5,
        [
            H(1, "Cleaning Services Agreement"),
            P(
                "This agreement is made on 12 December 2025 between Wellington Place Estates Ltd "
                "(the Client) and Spotless Facility Care Ltd (the Contractor)."
            ),
            List(clauses, styles=("1.", "a)")),
            P(
                "Signed for the Client: A. Ramaswamy, Director\n"
                "Signed for the Contractor: L. Fairbairn, Director"
            ),
        ],
        notes="Typst contract: numbered clauses with lettered sub-clauses (enum 1.a)), justified",
        header="Agreement ref. WPE-CS-2026",
        footer="Page #",
    )


def slide_report() -> FDoc:
    kpi: list[list[Cell | str]] = [["Metric", "Q3", "Q4", "Target"]]
    shipped = RNG.randint(41000, 52000)
    kpi.append(["Orders shipped", f"{shipped:,}", f"{int(shipped * 1.31):,}", "60,000"])
    kpi.append(["On-time rate", f"{RNG.uniform(91, 97):.1f}%", f"{RNG.uniform(88, 95):.1f}%", "95.0%"])
    kpi.append(["Returns processed", f"{RNG.randint(2100, 2900):,}", f"{RNG.randint(3400, 4100):,}", "3,000"])
    return FDoc(
        "seven-ty-slide-report",
        "slide",
        "typst",
        "Liberation Sans",
        10,
        [
            H(1, "Fulfilment review, fourth quarter"),
            Grid(
                [
                    [
                        H(3, "What went well"),
                        List(
                            [
                                Item("Peak week handled without agency staff"),
                                Item("New sorter cut picking time by 12%"),
                                Item("Zero lost-time injuries"),
                            ],
                            styles=("•",),
                        ),
                    ],
                    [
                        H(3, "What needs work"),
                        List(
                            [
                                Item("Returns backlog of four days in December"),
                                Item("Carrier handover delays at Dock 3"),
                                Item("Forecast error above 9% for gift lines"),
                            ],
                            styles=("•",),
                        ),
                    ],
                ]
            ),
            FTable(kpi, rules="zebra", widths=(40, 20, 20, 20)),
            P("Next steps: extend the sorter to Dock 3 and agree a returns service level with carriers."),
        ],
        notes="Typst slide-like page: two side-by-side panels (grid) with bullet lists, zebra KPI table",
        footer="Operations board pack - #",
    )


def hebrew_notice() -> FDoc:
    rows: list[list[Cell | str]] = [
        ["שירות", "ימים", "שעות"],
        ["קבלת קהל", "ראשון עד חמישי", "8 עד 13"],
        ["מוקד טלפוני", "ראשון עד שישי", "7 עד 19"],
        ["איסוף מסמכים", "שני ורביעי", "14 עד 17"],
    ]
    return FDoc(
        "seven-ty-hebrew-notice",
        "rtl",
        "typst",
        "Noto Sans Hebrew",
        11,
        [
            H(1, "הודעה על שינוי שעות הפעילות"),
            P(
                "אגף הגבייה בעירייה מודיע כי החל מחודש פברואר ישתנו שעות קבלת הקהל במשרדי האגף. "
                "התושבים מתבקשים לתאם את ביקורם מראש באתר העירייה."
            ),
            FTable(rows, rules="grid"),
            H(2, "הערות"),
            List(
                [
                    Item("יש להביא תעודה מזהה לכל פגישה."),
                    Item("ניתן לשלם את החשבונות גם באתר האינטרנט."),
                ],
                styles=("•",),
            ),
            P("בברכה, אגף הגבייה"),
        ],
        rtl=True,
        lang="he",
        notes="Typst, text dir rtl, Hebrew (Noto Sans Hebrew), ruled table mirrored",
        footer="#",
    )


def tex_article() -> FDoc:
    rows: list[list[Cell | str]] = [["Catchment", "Area (km2)", "Nitrate (mg/l)", "Change (%)"]]
    for name in ("Wharfe", "Nidd", "Swale", "Ure", "Derwent"):
        rows.append(
            [name, str(RNG.randint(180, 1400)), f"{RNG.uniform(8, 31):.1f}", f"{RNG.uniform(-14, 6):+.1f}"]
        )
    title = "Nitrate trends in five upland river catchments, 2010 to 2024"
    authors = "Eleanor Voss and Rajiv Menon"
    body = [
        H(2, "1 Introduction"),
        P(
            "Diffuse pollution from farmland remains the main source of nitrate in upland rivers{1}. "
            "Catchment schemes have paid farmers to fence watercourses and plant buffer strips, yet "
            "few studies have tested whether the concentrations measured downstream have fallen."
        ),
        H(2, "2 Data and methods"),
        P(
            "We used monthly spot samples from the regulator archive for five catchments and fitted "
            "a seasonal trend model to each record. Samples below the detection limit were set to "
            "half the limit{2}."
        ),
        FTable(rows, rules="booktabs", caption="Table 1. Mean nitrate and its change per decade."),
        H(2, "3 Results"),
        P(
            "Three of the five catchments show a clear fall in nitrate, the largest in the Swale, "
            "where buffer strips now line most of the main channel. The two rising records both "
            "drain areas where arable land has expanded since 2015."
        ),
    ]
    return FDoc(
        "seven-tex-article",
        "sci-article",
        "pdflatex",
        "Latin Modern Roman",
        10,
        [
            Raw(
                r"\begin{center}{\Large\bfseries %s\par}\vspace{6pt}{%s\par}"
                r"\vspace{2pt}{\small School of Geography, Pennine University\par}\end{center}"
                % (title, authors),
                f"{title}\n{authors}\nSchool of Geography, Pennine University",
            ),
            Flow(body, cols=2),
            Foot((1, 2)),
        ],
        notes="pdflatex two-column (multicol) article page, booktabs table inside a column, footnotes",
        header="Journal of Upland Hydrology 31 (2025)",
        footer="#",
        footnotes={
            1: "Sewage treatment works contribute less than a fifth of the load in these catchments.",
            2: "The detection limit was 0.5 mg/l throughout the period.",
        },
        preamble=PREAMBLE % ("10pt", "2cm", "Journal of Upland Hydrology 31 (2025)"),
    )


def tex_segments() -> FDoc:
    rows: list[list[Cell | str]] = [
        [hc("Segment", rows=2), hc("Revenue", span=2), hc("Operating result", span=2)],
        [hc("2025"), hc("2024"), hc("2025"), hc("2024")],
    ]
    segs = [("Rail systems", 412.6, 388.1, 31.4, 27.9), ("Signalling", 198.3, 205.7, -6.2, 4.1)]
    segs += [("Maintenance", 144.9, 131.0, 12.8, 10.6), ("Central costs", 0.0, 0.0, -18.5, -17.2)]

    def m(v: float) -> str:
        return f"({-v:.1f})" if v < 0 else f"{v:.1f}"

    nums: list[list[float]] = []
    for name, *vals in segs:
        rows.append([name, *(m(v) for v in vals)])
        nums.append(vals)
    tot = [sum(v[i] for v in nums) for i in range(4)]
    rows.append(["Group total", *(m(v) for v in tot)])
    return FDoc(
        "seven-tex-segments",
        "annual-report",
        "pdflatex",
        "Latin Modern Roman",
        11,
        [
            H(2, "Note 4 Segment information"),
            P(
                "The group reports three operating segments{1}. Central costs are not allocated to the "
                "segments and are shown separately. Amounts are in millions of euro."
            ),
            FTable(rows, header_rows=2, rules="booktabs", bold=(len(rows) - 1,)),
            P(
                "The loss in signalling reflects a provision of 9.8 million for the delayed Ostrava "
                "interlocking contract{2}. Excluding the provision the segment margin was 1.8 percent."
            ),
            Foot((1, 2)),
        ],
        notes="pdflatex booktabs table with cmidrule group headers, bracketed negatives, footnotes",
        header="Kaldor Rail Group  Annual Report 2025",
        footer="#",
        footnotes={
            1: "Segments follow the internal reports reviewed by the management board.",
            2: "See note 19 for provisions.",
        },
        preamble=PREAMBLE % ("11pt", "2.5cm", "Kaldor Rail Group \\quad Annual Report 2025"),
    )


def docs() -> list[FDoc]:
    return [annual_report(), contract(), slide_report(), hebrew_notice(), tex_article(), tex_segments()]
