"""The sixth set's Typst, wkhtmltopdf and ps2pdf documents (bench/realdocs/six,
model_six.py; the ReportLab ones are in content_six.py): a two-column technical note
with footnotes, a table with a three-level header, an Arabic (right-to-left) notice
with a table, a procedure with nested lists (Typst); a supplier's purchase order, a
letter and a survey report with a spanned booktabs table (wkhtmltopdf, Qt WebKit); and
meeting minutes with a tbl table (groff -Tps, Ghostscript ps2pdf). Subjects, names and
numbers are new."""

# ruff: noqa: RUF001

from __future__ import annotations

from bench.realdocs.content_six import RNG, hc, money
from bench.realdocs.model import Cell, H, Item, P
from bench.realdocs.model_five import FDoc, Flow, Foot, FTable, Grid, List


def technote() -> FDoc:
    body = [
        H(2, "1 Background"),
        P(
            "Pump station 7 lifts treated water from the low reservoir to the hill tank at Brackenfield. "
            "Since the spring overhaul the duty pump has tripped on overcurrent about twice a week, "
            "always during the morning demand peak.{1} This note records what we measured and what we "
            "changed."
        ),
        H(2, "2 Measurements"),
        P(
            "We logged motor current, suction pressure and delivery flow at one second intervals for "
            "nine days. Current rose in steps whenever the second pump started, which points to a shared "
            "supply that sags under the combined starting load rather than to a mechanical fault."
        ),
        List(
            [
                Item("Supply voltage fell by 6.5 percent at each start of pump B."),
                Item("Suction pressure stayed within the normal band throughout."),
                Item("Bearing temperatures were steady at 41 to 44 degrees."),
            ],
            styles=("•",),
        ),
        H(2, "3 Changes"),
        P(
            "The soft starter on pump B was set to a ramp of 12 seconds instead of 4, and the start of "
            "pump B is now delayed until pump A has run for 30 seconds.{2} No trip has occurred in the "
            "three weeks since the change, including two days of record demand."
        ),
        H(2, "4 Recommendation"),
        P(
            "Keep the longer ramp, add the supply voltage to the telemetry so that a sag is visible from "
            "the control room, and review the transformer rating at the next asset survey."
        ),
        P(
            "The same supply feeds the chlorine dosing skid and the kiosk heaters. Neither draws much "
            "current, but the dosing pumps restart after every sag, and each restart is logged as an "
            "alarm that the duty operator has to acknowledge. Fewer sags mean fewer nuisance alarms."
        ),
        H(2, "5 Costs"),
        P(
            "The changes cost nothing beyond two hours of the contractor's time. Each trip had cost "
            "about 380 pounds in call out fees, overtime and tankered water for the hill tank when "
            "its level fell below the reserve line, so the saving is roughly 40,000 pounds a year."
        ),
        P(
            "A new transformer would cost about 26,000 pounds installed. We do not propose one now, "
            "but the survey should check its loading against the planned third pump."
        ),
        H(2, "6 Lessons"),
        P(
            "The trips were first treated as a motor fault and the motor was rewound in June at a cost "
            "of 4,100 pounds. Logging the supply voltage from the start would have found the cause in "
            "days rather than months. The telemetry upgrade in the 2026 plan adds voltage logging at "
            "every station with more than one pump."
        ),
        P(
            "Operators said the trip alarms gave no hint of the cause. The alarm text now names the "
            "supply, and the station log sheet has a line for the voltage reading at each start."
        ),
    ]
    return FDoc(
        "six-ty-technote",
        "technical-note",
        "typst",
        "Liberation Serif",
        10,
        [
            H(1, "Technical note TN-118: overcurrent trips at pump station 7"),
            P("Prepared by the network operations team, Dale Valley Water, November 2025"),
            Flow(body),
            Foot((1, 2)),
        ],
        notes="Typst columns(2), justify, footnotes at the page foot, bulleted list inside a column",
        header="Dale Valley Water - TN-118",
        footer="#",
        footnotes={
            1: "Trip log entries 2025-04-02 to 2025-06-30, station SCADA export.",
            2: "Setting changed by the electrical contractor on 3 October 2025.",
        },
    )


def multihead() -> FDoc:
    sites = ["Ashby", "Barrow", "Colne", "Dunmore", "Elsing", "Fenwick"]
    rows: list[list[Cell | str]] = [
        [hc("Site", rows=3), hc("Inpatient", 4), hc("Outpatient", 2)],
        [hc("Elective", 2), hc("Emergency", 2), hc("First", rows=2), hc("Follow-up", rows=2)],
        [hc("Cases"), hc("Days"), hc("Cases"), hc("Days")],
    ]
    for s in sites:
        vals = [RNG.randrange(300, 2400), RNG.randrange(900, 9000), RNG.randrange(500, 3100)]
        vals += [RNG.randrange(2000, 15000), RNG.randrange(4000, 20000), RNG.randrange(6000, 40000)]
        rows.append([s, *(f"{v:,}" for v in vals)])
    return FDoc(
        "six-ty-activity-table",
        "stat-table",
        "typst",
        "DejaVu Sans",
        9,
        [
            H(1, "Hospital activity by site, 2024/25"),
            P("Admitted patient care and outpatient attendances, counts for the financial year."),
            FTable(rows, header_rows=3, rules="grid", caption="Table 3. Activity by site and setting"),
            P("Days are occupied bed days. Figures for Fenwick include the day surgery unit opened in July."),
        ],
        notes="Typst table with a three-level header: colspan and rowspan in table.header, full grid",
        footer="Page #",
    )


def arabic() -> FDoc:
    rows: list[list[Cell | str]] = [
        ["الخدمة", "أيام العمل", "ساعات الدوام"],
        ["استقبال الطلبات", "الأحد إلى الخميس", "8 إلى 14"],
        ["تسليم الوثائق", "الأحد إلى الأربعاء", "9 إلى 13"],
        ["الاستفسارات الهاتفية", "كل أيام الأسبوع", "8 إلى 20"],
    ]
    return FDoc(
        "six-ty-arabic-notice",
        "rtl",
        "typst",
        "Noto Naskh Arabic",
        11,
        [
            H(1, "إعلان عن مواعيد خدمة المراجعين"),
            P(
                "تعلن إدارة الخدمات البلدية عن مواعيد العمل الجديدة لمكاتب خدمة المراجعين ابتداء من "
                "الأول من شهر يناير. ويرجى من السادة المراجعين الالتزام بالمواعيد التالية."
            ),
            FTable(rows, rules="grid"),
            H(2, "ملاحظات"),
            List(
                [
                    Item("يجب إحضار الهوية الشخصية عند كل مراجعة."),
                    Item("تقبل الطلبات الإلكترونية على مدار الساعة."),
                    Item("يغلق المكتب في أيام العطل الرسمية."),
                ],
                styles=("•",),
            ),
            P("مع تحيات إدارة الخدمات البلدية"),
        ],
        rtl=True,
        lang="ar",
        notes="Typst, text dir rtl, Arabic shaping (Noto Naskh Arabic), ruled table mirrored",
        footer="#",
    )


def procedure() -> FDoc:
    steps = [
        Item("Before the shutdown"),
        Item("Issue the permit to work and record its number.", 1),
        Item("Isolate the line at both valves:", 1),
        Item("close valve V12 upstream of the filter;", 2),
        Item("close valve V14 downstream and fit the lock.", 2),
        Item("Vent the housing to the drain tank.", 1),
        Item("Changing the cartridge"),
        Item("Remove the cover bolts in a cross pattern.{1}", 1),
        Item("Lift out the cartridge and bag it for disposal.", 1),
        Item("Fit the new cartridge and a new cover seal.", 1),
        Item("Returning to service"),
        Item("Open V14 slowly, then V12, and check for leaks.", 1),
        Item("Record the differential pressure after 10 minutes.{2}", 1),
    ]
    return FDoc(
        "six-ty-procedure-lists",
        "lists",
        "typst",
        "Liberation Sans",
        10,
        [
            H(1, "Procedure MP-07: changing the coolant filter cartridge"),
            P("Applies to filter housings F3 and F4 on the coolant loop of press line 2."),
            List(steps, styles=("1.", "a)", "•")),
            H(2, "Safety reminders"),
            List(
                [
                    Item("Wear gloves and eye protection; the coolant is an irritant."),
                    Item("Never open a housing that still shows pressure on its gauge."),
                    Item("Spent cartridges are hazardous waste:"),
                    Item("bag them in the yellow sacks;", 1),
                    Item("label each sack with the date.", 1),
                ],
                styles=("•", "–"),
            ),
            Foot((1, 2)),
        ],
        notes="Typst nested enum (1. a) bullets) and bullet list, footnotes at the page foot",
        footer="MP-07 rev 3, page #",
        footnotes={1: "Torque the bolts to 25 Nm when refitting.", 2: "Replace again if above 0.8 bar."},
    )


_WK_CSS = (
    "li.bul::before { content: '\\2022  '; } .cols { display: table; width: 100%; }"
    ".cols > div { display: table-cell; width: 50%; vertical-align: top; }"
)


def wk_order() -> FDoc:
    rows: list[list[Cell | str]] = [["Pos.", "Article", "Description", "Quantity", "Price", "Total"]]
    goods = [
        ("A4 copier paper, 80 g, box of 5 reams", 30, 21.9),
        ("Toner cartridge, black, TN-3480", 6, 74.5),
        ("Ring binder, 2 rings, 40 mm", 120, 1.65),
        ("Desk organiser, recycled plastic", 15, 8.4),
        ("Whiteboard markers, set of 4", 40, 3.95),
    ]
    net = 0.0
    for i, (desc, qty, price) in enumerate(goods, 1):
        rows.append([str(i), f"OF-{4100 + 37 * i}", desc, str(qty), money(price), money(qty * price)])
        net += qty * price
    return FDoc(
        "six-wk-order",
        "purchase-order",
        "wkhtmltopdf",
        "Liberation Sans",
        9.5,
        [
            H(1, "Order confirmation 2025-7781"),
            Grid(
                [
                    [P("Ordered by", bold=True), P("Finance office, Town Hall\nMarket Square 1\n4051 Basel")],
                    [P("Supplier", bold=True), P("Bürobedarf Rhein AG\nGüterstrasse 96\n4053 Basel")],
                ],
                css="display: table; width: 100%",
                box_css="display: table-cell; width: 50%; vertical-align: top",
            ),
            P("Customer number 30-2217. Delivery within 5 working days to the goods entrance."),
            FTable(rows, rules="grid", widths=(6, 12, 44, 10, 12, 16)),
            FTable(
                [["Net", money(net)], ["VAT 8.1%", money(net * 0.081)], ["Total (CHF)", money(net * 1.081)]],
                header_rows=0,
                rules="none",
                bold=(2,),
                widths=(80, 20),
            ),
            P("Please state the order number on the delivery note."),
        ],
        notes="wkhtmltopdf 0.12 (Qt WebKit): table-cell address boxes, grid line items, --footer-center",
        footer="Page #",
        css=_WK_CSS,
    )


def wk_letter() -> FDoc:
    return FDoc(
        "six-wk-letter",
        "letter",
        "wkhtmltopdf",
        "DejaVu Serif",
        10.5,
        [
            P("Northmoor Housing Association\n12 Tanner Row\nYork YO1 6JB", align="right"),
            P("Ms Helen Okafor\n5 Lark Hill Close\nYork YO24 3DE"),
            P("20 November 2025", align="right"),
            P("Reference: NHA/RP/2291", bold=True),
            P("Dear Ms Okafor,"),
            P(
                "Thank you for reporting the damp in the back bedroom of your home. Our surveyor visited on "
                "14 November and found that the gutter above the window had come loose, so that rain ran "
                "down the wall."
            ),
            P(
                "A contractor will refit the gutter on 27 November between 8am and 1pm. Once the wall has "
                "dried out, which usually takes about four weeks, we will treat and redecorate the affected "
                "area. We will write to you again to agree a date."
            ),
            P(
                "If the damp spreads or you notice mould in the meantime, please call our repairs line on "
                "01904 558 120 and quote the reference above."
            ),
            P("Yours sincerely,"),
            P("Daniel Hurst\nRepairs Coordinator"),
        ],
        notes="wkhtmltopdf letter: right-aligned address and date, justified paragraphs",
        footer="Northmoor Housing Association is a registered society, number 30188R",
        css=_WK_CSS + " p { text-align: justify; }",
    )


def wk_survey() -> FDoc:
    rows: list[list[Cell | str]] = [
        [hc("Age group", rows=2), hc("Cycled in last month (%)", 2), hc("Main reason not to cycle (%)", 3)],
        [hc("2023"), hc("2025"), hc("Traffic"), hc("Weather"), hc("Distance")],
    ]
    for g in ["16 to 24", "25 to 44", "45 to 64", "65 and over"]:
        vals = [RNG.uniform(8, 30) for _ in range(5)]
        rows.append([g, *(f"{v:.1f}" for v in vals)])
    return FDoc(
        "six-wk-survey",
        "report",
        "wkhtmltopdf",
        "Liberation Serif",
        10.5,
        [
            H(1, "Active travel survey 2025: summary"),
            P(
                "The survey asked 2,140 residents how often they walk and cycle, and what stops them from "
                "doing so more. Responses were weighted to the population by age and ward."
            ),
            H(2, "Key findings"),
            List(
                [
                    Item("Cycling rose in every age group since 2023."),
                    Item("Traffic remains the most common reason not to cycle."),
                    Item("Nine in ten walkers want more crossings near schools."),
                ],
                styles=("•",),
            ),
            FTable(rows, header_rows=2, rules="booktabs", caption="Cycling by age group"),
            P("Percentages are of all respondents in each age group."),
        ],
        notes="wkhtmltopdf report: booktabs-like CSS rules, two-level header with colspan and rowspan",
        header="Ribble Vale Council - Transport",
        footer="#",
        css=_WK_CSS,
    )


def ps_minutes() -> FDoc:
    rows: list[list[Cell | str]] = [["Action", "Owner", "Due"]]
    rows += [
        ["Obtain three quotes for the roof repair", "J. Park", "12 Jan"],
        ["Draft the spring newsletter", "L. Moreau", "20 Jan"],
        ["Renew the hall insurance", "Treasurer", "31 Jan"],
        ["Book the skip for the clear out day", "S. Adeyemi", "7 Feb"],
    ]
    return FDoc(
        "six-ps-minutes",
        "minutes",
        "ps2pdf",
        "Times",
        10,
        [
            H(1, "Minutes of the committee meeting, 8 December 2025"),
            P("Present: J. Park (chair), L. Moreau, S. Adeyemi, R. Holt, the Treasurer"),
            H(2, "1. Accounts"),
            P(
                "The Treasurer reported a balance of 4,812.40 pounds after the autumn fair, which raised "
                "1,133.00 pounds. The committee thanked the volunteers who ran the stalls."
            ),
            H(2, "2. Building"),
            P(
                "Water has come through the roof above the kitchen twice this winter. The chair will seek "
                "quotes before the next meeting so that the work can start in the spring."
            ),
            List(
                [Item("Hire rates stay the same for 2026."), Item("The boiler service is booked for March.")],
                styles=("1.",),
            ),
            H(2, "3. Actions"),
            FTable(rows, rules="grid"),
            P("The next meeting is on 12 January 2026 at 7.30pm in the small hall."),
        ],
        notes="groff -Tps -ms -t, distilled by ps2pdf (Type 1 Times subsets); tbl allbox table, .IP list",
    )


def docs() -> list[FDoc]:
    return [
        technote(),
        multihead(),
        arabic(),
        procedure(),
        wk_order(),
        wk_letter(),
        wk_survey(),
        ps_minutes(),
    ]
