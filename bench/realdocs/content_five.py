"""The fifth set's Chromium documents (bench/realdocs/five, model_five.py): business
pages as web apps and report generators print them through a browser: an invoice and
a bank statement from a web app, a quarterly report with KPI cards (CSS grid) and a
ruled table with spans, a two-column (column-count) newsletter, a letter, an
application form with checkboxes, a policy with nested counter-numbered lists, a
Hebrew (dir=rtl) notice with a table, a statistical table with a two-level header and
a balance sheet. Running headers and footers are Playwright's templates. Subjects,
names and numbers are new; the numbers come from a seeded generator."""

# ruff: noqa: RUF001

from __future__ import annotations

import random

from bench.realdocs.model import Cell, H, Item, P
from bench.realdocs.model_five import FDoc, Field, Flow, FTable, Grid, List

RNG = random.Random(5505)


def money(v: float) -> str:
    return f"{v:,.2f}"


def hc(text: str, span: int = 1, rows: int = 1) -> Cell:
    return Cell(text, colspan=span, rowspan=rows, header=True)


def invoice() -> FDoc:
    lines = [
        ("Cloud hosting, standard plan (March)", 1, 240.0),
        ("Additional storage, 500 GB", 3, 18.5),
        ("Support hours, priority queue", 6, 95.0),
        ("Domain renewal, two years", 1, 34.9),
        ("SSL certificate, wildcard", 1, 129.0),
        ("Migration workshop, half day", 1, 480.0),
    ]
    rows: list[list[Cell | str]] = [["Description", "Qty", "Unit price", "Amount"]]
    net = 0.0
    for desc, qty, price in lines:
        rows.append([desc, str(qty), money(price), money(qty * price)])
        net += qty * price
    vat = round(net * 0.2, 2)
    css = (
        ".brand { font-size: 20pt; font-weight: bold; color: #2a4d8f; }"
        ".totals { margin-left: auto; width: 45%; } .totals td { border: none; }"
    )
    return FDoc(
        "five-inv-webapp",
        "invoice",
        "chromium",
        "Liberation Sans",
        9.5,
        [
            Grid(
                [
                    [
                        P("Brightwave Digital Ltd"),
                        P("Unit 4, Canal Works\nLeeds LS10 1AB\nVAT GB 412 7731 09"),
                    ],
                    [
                        P("INVOICE", bold=True),
                        P("Invoice no. BW-2025-0318\nDate: 31 March 2025\nDue: 30 April 2025"),
                    ],
                ],
                css="display: flex; justify-content: space-between",
            ),
            H(3, "Bill to"),
            P("Hollins and Marsh Architects\n22 Wellington Place\nManchester M1 4EU"),
            FTable(rows, rules="rows", widths=(52, 10, 18, 20)),
            FTable(
                [["Subtotal", money(net)], ["VAT 20%", money(vat)], ["Total due (GBP)", money(net + vat)]],
                header_rows=0,
                rules="none",
                bold=(2,),
            ),
            P("Pay by bank transfer to sort code 40-11-62, account 73019245, quoting the invoice number."),
            P("Thank you for your business."),
        ],
        notes="web-app invoice: flex header, row-ruled line items, totals table pushed right",
        css=css,
    )


def statement() -> FDoc:
    rows: list[list[Cell | str]] = [["Date", "Description", "Paid out", "Paid in", "Balance"]]
    bal = 2841.17
    payees = [
        "Card payment, Greengrocer",
        "Direct debit, Northern Power",
        "Transfer from savings",
        "Card payment, Rail tickets",
        "Salary, Pennine Tools Ltd",
        "Standing order, Rent",
        "Card payment, Pharmacy",
        "Cash withdrawal",
        "Direct debit, Broadband",
        "Refund, Outdoor shop",
    ]
    for i in range(64):
        who = payees[RNG.randrange(len(payees))]
        amount = round(RNG.uniform(4, 400), 2) if "Salary" not in who else 2650.0
        inflow = any(k in who for k in ("Transfer", "Salary", "Refund"))
        bal += amount if inflow else -amount
        day = f"{1 + i * 30 // 64:02d} Sep 2025"
        rows.append([day, who, "" if inflow else money(amount), money(amount) if inflow else "", money(bal)])
    return FDoc(
        "five-statement-bank",
        "statement",
        "chromium",
        "Noto Sans",
        8.5,
        [
            H(1, "Current account statement"),
            Grid(
                [
                    [P("Ms Priya Raman\n7 Orchard Rise\nHarrogate HG2 8QT")],
                    [P("Account 20-47-91 55018362\nPeriod 1 to 30 September 2025\nOpening balance 2,841.17")],
                ],
            ),
            FTable(rows, rules="zebra", widths=(14, 42, 14, 14, 16)),
            P("Closing balance " + money(bal)),
            P("Please check this statement and tell us at once about any entry you do not recognise."),
        ],
        notes="zebra table (no rules) running over a page break; Chromium repeats the thead on page 2",
        header="Fellside Building Society  Current account statement",
        footer="Page #",
    )


def quarterly() -> FDoc:
    cards = [
        ("Revenue", "€14.2m", "+6.1% on Q2"),
        ("Orders", "38,415", "+2.4% on Q2"),
        ("Return rate", "3.8%", "−0.5 pts"),
    ]
    regions = ["North", "South"]
    rows: list[list[Cell | str]] = [
        [hc("Region", rows=2), hc("Channel", rows=2), hc("Revenue (€k)", 2), hc("Orders", 2)],
        [hc("Q2"), hc("Q3"), hc("Q2"), hc("Q3")],
    ]
    for reg in regions:
        for i, ch in enumerate(("Web", "Stores", "Partners")):
            vals = [f"{RNG.randint(900, 3400):,}", f"{RNG.randint(900, 3400):,}"]
            vals += [f"{RNG.randint(2000, 9000):,}", f"{RNG.randint(2000, 9000):,}"]
            rows.append([Cell(reg, rowspan=3), ch, *vals] if i == 0 else [ch, *vals])
    return FDoc(
        "five-report-quarterly",
        "report",
        "chromium",
        "DejaVu Sans",
        9,
        [
            H(1, "Third quarter trading update"),
            P(
                "Trading in the third quarter was ahead of plan in both regions, helped by a strong back "
                "to school season and by lower returns after the new sizing guide went live in July."
            ),
            Grid(
                [[P(label), P(value, bold=True), P(delta)] for label, value, delta in cards],
                css="display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px",
                box_css="border: 0.75pt solid #9aa; border-radius: 6px; padding: 6px 8px",
            ),
            H(2, "Revenue and orders by region and channel"),
            FTable(rows, header_rows=2, rules="grid"),
            P(
                "Partner revenue fell in the South after two marketplace listings were paused for a "
                "catalogue review; both listings were restored on 12 September."
            ),
        ],
        notes="CSS grid KPI cards; grid-ruled table with rowspan region labels and a two-level header",
        header="Northgate Retail Group  Q3 2025",
        footer="Confidential  #",
    )


def newsletter() -> FDoc:
    paras = [
        "The allotment society met on the first Saturday of the month in the village hall, where "
        "forty members heard the treasurer report a small surplus for the year.",
        "Water butts will be delivered to every plot before the end of October. Members who already "
        "have two butts may give their allocation to the shared orchard instead.",
        "The committee thanks the volunteers who rebuilt the compost bays over the summer. The new "
        "bays are divided by season, so please read the signs before you tip anything in.",
        "A seed swap will be held in February. Bring seeds saved from this year in labelled "
        "envelopes; unlabelled seeds will be composted, however promising they look.",
        "Rents for next year stay at the current rate. Invoices go out by email in January and "
        "members without email will receive a paper copy at the spring meeting.",
        "Finally, a reminder that bonfires are not allowed on any plot between April and September, "
        "and that hosepipes may only be used before nine in the morning during dry spells.",
    ]
    flow: list[object] = [H(2, "From the committee"), *[P(t) for t in paras[:3]], H(2, "Dates and reminders")]
    flow += [P(t) for t in paras[3:]]
    return FDoc(
        "five-report-newsletter",
        "report",
        "chromium",
        "Liberation Serif",
        10.5,
        [H(1, "Meadow Lane Allotments Newsletter"), P("Autumn 2025", bold=True), Flow(flow, cols=2)],
        notes="two CSS column-count columns, justified, headings inside the flow",
        header="Meadow Lane Allotment Society",
        footer="#",
    )


def letter() -> FDoc:
    body = [
        "Dear Mr Okafor,",
        "Thank you for your letter of 14 October about the delay to the resurfacing of Kiln Lane. "
        "I am sorry for the inconvenience the closure has caused you and your neighbours.",
        "The contractor found a collapsed drain under the carriageway when the old surface was "
        "removed. The drain has now been replaced and resurfacing will resume on 3 November, "
        "with the road expected to reopen by 21 November.",
        "Residents will keep access to their driveways throughout, except on the two days when the "
        "final surface is laid. We will write to every household with those dates a week ahead.",
        "If you have further questions, please contact me on the number above.",
        "Yours sincerely,",
        "Helen Castellano\nHighways Project Manager",
    ]
    return FDoc(
        "five-letter-council",
        "letters",
        "chromium",
        "Noto Serif",
        10.5,
        [
            P(
                "Westmoor District Council\nHighways Department\nTown Hall, Market Street\n"
                "Tel. 01632 960 418",
                align="right",
            ),
            P("Mr D. Okafor\n9 Kiln Lane\nWestmoor WM4 7RJ"),
            P("28 October 2025", align="right"),
            P("Ref. HW/2025/1182", bold=True),
            *[P(t) for t in body],
        ],
        notes="letterhead right-aligned, address block left, date right",
    )


def form() -> FDoc:
    return FDoc(
        "five-form-membership",
        "forms",
        "chromium",
        "Liberation Sans",
        10,
        [
            H(1, "Library membership application"),
            P("Please complete in capitals. Fields marked with a star are required."),
            Field("Full name *", "ANIKA LINDQVIST"),
            Field("Date of birth *", "04/11/1991"),
            Field("Address *", "FLAT 3, 18 RIVERSIDE ROAD, NORWICH NR1 1SQ"),
            Field("Email", "a.lindqvist@example.org"),
            H(2, "Membership type"),
            List(
                [Item("Adult", 0, True), Item("Concession", 0, False), Item("Junior (under 16)", 0, False)],
                ("box",),
            ),
            H(2, "I would like to receive"),
            List(
                [
                    Item("Reservation alerts by email", 0, True),
                    Item("The monthly events newsletter", 0, True),
                    Item("Text message reminders", 0, False),
                ],
                ("box",),
            ),
            P("I agree to follow the library rules and to tell the library when my address changes."),
            Field("Signature", ""),
            Field("Date", "12/10/2025"),
        ],
        notes="HTML checkboxes (Chromium draws them), ruled fields made with CSS borders",
    )


def policy() -> FDoc:
    items = [
        Item("Scope", 0),
        Item("This policy covers all staff, contractors and volunteers.", 1),
        Item("It applies on site and when working remotely.", 1),
        Item("Reporting a concern", 0),
        Item("Speak to your line manager first, unless the concern is about them.", 1),
        Item("If that is not possible, contact the compliance officer by any of these routes:", 1),
        Item("the confidential phone line", 2),
        Item("the online reporting form", 2),
        Item("a sealed letter marked private", 2),
        Item("Keep a note of what you reported and when.", 1),
        Item("What happens next", 0),
        Item("You will receive an acknowledgement within five working days.", 1),
        Item("An investigator independent of your team will be appointed.", 1),
        Item("Protection", 0),
        Item("No one will suffer any detriment for raising a concern in good faith.", 1),
    ]
    return FDoc(
        "five-lists-policy",
        "lists",
        "chromium",
        "Noto Sans",
        10,
        [
            H(1, "Raising a concern at work"),
            P("Approved by the board on 2 June 2025. Review date: June 2027."),
            List(items, ("1.", "a)", "–")),
        ],
        notes="three-level list numbered by CSS counters (decimal, lower-alpha, dash bullets)",
        footer="Policy HR-14  page #",
    )


def hebrew() -> FDoc:
    rows: list[list[Cell | str]] = [["סניף", "ימים", "שעות פתיחה"]]
    rows += [
        ["תל אביב", "א׳–ה׳", "08:30–16:00"],
        ["חיפה", "א׳–ה׳", "09:00–15:30"],
        ["באר שבע", "א׳–ד׳", "08:00–14:00"],
    ]
    return FDoc(
        "five-rtl-hebrew",
        "rtl",
        "chromium",
        "Noto Sans Hebrew",
        11,
        [
            H(1, "הודעה ללקוחות"),
            P("החל מיום ראשון הקרוב ישתנו שעות הפתיחה בחלק מהסניפים שלנו."),
            P("השירות באתר ובמוקד הטלפוני ימשיך לפעול כרגיל בכל שעות היממה."),
            FTable(rows, rules="grid"),
            P("לשאלות נוספות ניתן לפנות אלינו בטלפון 03-5550123."),
        ],
        rtl=True,
        lang="he",
        notes="dir=rtl page, grid table, Hebrew geresh and en dash ranges",
    )


def stat_table() -> FDoc:
    rows: list[list[Cell | str]] = [
        [hc("Age group", rows=2), hc("Employed (thousands)", 3), hc("Employment rate (%)", 2)],
        [hc("Men"), hc("Women"), hc("Total"), hc("2024"), hc("2025")],
    ]
    for age in ("16 to 24", "25 to 34", "35 to 49", "50 to 64", "65 and over"):
        men, women = RNG.randint(300, 3900), RNG.randint(280, 3700)
        rows.append(
            [
                age,
                f"{men:,}",
                f"{women:,}",
                f"{men + women:,}",
                f"{RNG.uniform(10, 85):.1f}",
                f"{RNG.uniform(10, 85):.1f}",
            ]
        )
    return FDoc(
        "five-stat-employment",
        "stat-tables",
        "chromium",
        "Liberation Sans",
        9,
        [
            P("Table 4. Employment by age group and sex, April to June 2025", bold=True),
            FTable(rows, header_rows=2, rules="booktabs", widths=(25, 15, 15, 15, 15, 15)),
            P("Source: Labour Force Survey. Rates are for the population of each age group."),
        ],
        notes="booktabs-style CSS rules, two-level header with colspan and rowspan",
    )


def balance() -> FDoc:
    def row(label: str, a: int, b: int) -> list[Cell | str]:
        return [label, f"({-a:,})" if a < 0 else f"{a:,}", f"({-b:,})" if b < 0 else f"{b:,}"]

    rows: list[list[Cell | str]] = [["", "2025 £000", "2024 £000"], ["Non-current assets", "", ""]]
    rows += [row("Property, plant and equipment", 18412, 17960), row("Intangible assets", 2304, 2511)]
    rows += [["Current assets", "", ""], row("Inventories", 4120, 3877), row("Trade receivables", 6035, 5512)]
    rows += [row("Cash", 1988, 2643), ["Current liabilities", "", ""], row("Trade payables", -5310, -4988)]
    rows += [row("Borrowings", -2200, -2900), row("Net assets", 25349, 24615)]
    return FDoc(
        "five-fin-balance",
        "fin-tables",
        "chromium",
        "DejaVu Serif",
        9,
        [
            H(2, "Consolidated balance sheet at 31 March 2025"),
            FTable(
                rows, rules="rows", bold=(1, 4, 8, 11), indent=(2, 3, 5, 6, 7, 9, 10), widths=(60, 20, 20)
            ),
            P("The notes on pages 41 to 68 form part of these financial statements."),
        ],
        notes="row-ruled balance sheet, bold group labels, indented lines, bracketed negatives",
        header="Calder Valley Engineering plc  Annual report 2025",
        footer="#",
    )


def docs() -> list[FDoc]:
    return [
        invoice(),
        statement(),
        quarterly(),
        newsletter(),
        letter(),
        form(),
        policy(),
        hebrew(),
        stat_table(),
        balance(),
    ]
