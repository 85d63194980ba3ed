"""The seventh set's ReportLab and wkhtmltopdf documents (bench/realdocs/seven,
model_six.py renders them; the Typst and pdflatex ones are in content_seven_more.py):
enterprise pages as billing, banking and office systems print them: a service invoice,
a credit note, a two-page card statement (ReportLab platypus); a business letter and a
claim form with checkboxes (wkhtmltopdf). Built once as a final check after the six
earlier sets were tuned on; subjects, names and numbers are new and come from a seeded
generator."""

from __future__ import annotations

import random

from bench.realdocs.model import Cell, H, Item, P
from bench.realdocs.model_five import FDoc, Field, Foot, FTable, Grid, List

RNG = random.Random(7707)


def money(v: float) -> str:
    return f"{v:,.2f}"


def hc(text: str, span: int = 1, rows: int = 1) -> Cell:
    return Cell(text, colspan=span, rowspan=rows, header=True)


def invoice() -> FDoc:
    work = [
        ("Network audit, head office", "1", "day", 880.0),
        ("Firewall rule review", "6", "hours", 95.0),
        ("Switch replacement, 48 port", "2", "units", 1240.0),
        ("Cabling, Cat 6A patch leads", "60", "units", 6.4),
        ("On-site engineer travel", "230", "km", 0.48),
        ("Remote monitoring, December", "1", "month", 310.0),
    ]
    rows: list[list[Cell | str]] = [["Description", "Qty", "Unit", "Rate", "Amount"]]
    net = 0.0
    for desc, qty, unit, rate in work:
        amount = float(qty) * rate
        rows.append([desc, qty, unit, money(rate), money(amount)])
        net += amount
    vat = round(net * 0.2, 2)
    return FDoc(
        "seven-rl-invoice",
        "invoice",
        "reportlab",
        "Helvetica",
        9.5,
        [
            H(1, "Tax invoice"),
            Grid(
                [
                    [P("From", bold=True), P("Brightwater IT Services Ltd\n9 Canal Wharf\nLeeds LS11 5PZ")],
                    [P("Bill to", bold=True), P("Hollins and Pryce Solicitors\n27 Park Row\nLeeds LS1 5JL")],
                ]
            ),
            P("Invoice no. BW-25-1187\nInvoice date 8 December 2025\nCustomer ref. HP-IT-044"),
            FTable(rows, rules="zebra", widths=(46, 9, 11, 15, 19)),
            FTable(
                [
                    ["Subtotal", money(net)],
                    ["VAT at 20%", money(vat)],
                    ["Amount due (GBP)", money(net + vat)],
                ],
                header_rows=0,
                rules="none",
                bold=(2,),
                widths=(30, 20),
            ),
            P(
                "Payment within 14 days by bank transfer to sort code 40-12-76, account 31187702, "
                "quoting the invoice number.{1}"
            ),
            Foot((1,)),
        ],
        notes="ReportLab invoice: address layout table, zebra line items, unruled totals, footnote",
        header="Brightwater IT Services Ltd - VAT reg. GB 318 7702 41",
        footer="Page #",
        footnotes={1: "Late payments accrue interest at 8% above the base rate under the 1998 Act."},
    )


def credit_note() -> FDoc:
    rows: list[list[Cell | str]] = [["Original invoice", "Item", "Qty", "Unit price", "Credit"]]
    back = [
        ("INV-70412", "Office chair, mesh back", 2, 189.0),
        ("INV-70412", "Desk pedestal, three drawer", 1, 142.5),
        ("INV-70588", "Monitor arm, dual", 3, 74.9),
        ("INV-70588", "Delivery surcharge refunded", 1, 35.0),
    ]
    net = 0.0
    for inv, item, qty, price in back:
        rows.append([inv, item, str(qty), money(price), money(qty * price)])
        net += qty * price
    vat = round(net * 0.2, 2)
    return FDoc(
        "seven-rl-credit-note",
        "credit-note",
        "reportlab",
        "Helvetica",
        9.5,
        [
            H(1, "Credit note CN-2025-0316"),
            P(
                "Issued to: Farrow Design Studio, 4 Mill Yard, Sheffield S3 8RQ\n"
                "Date of issue: 1 December 2025"
            ),
            P("We have credited your account for the goods returned on 24 November 2025."),
            FTable(rows, rules="grid", widths=(18, 38, 8, 16, 20)),
            FTable(
                [
                    ["Net credit", money(net)],
                    ["VAT credited", money(vat)],
                    ["Total credit", money(net + vat)],
                ],
                header_rows=0,
                rules="none",
                bold=(2,),
                widths=(30, 20),
            ),
            P("The credit will be set against your next invoice unless you ask for a refund."),
        ],
        notes="ReportLab credit note: GRID item table, totals",
        header="Castleford Office Supply",
        footer="Page #",
    )


def card_statement() -> FDoc:
    rows: list[list[Cell | str]] = [["Date", "Posted", "Details", "Amount", "Balance"]]
    bal = 412.37
    shops = [
        ("Tesco Stores 2241", False),
        ("Shell Forecourt Ripon", False),
        ("Trainline.com", False),
        ("Refund Amazon EU", True),
        ("Costa Coffee Harrogate", False),
        ("Payment received, thank you", True),
        ("Boots Pharmacy", False),
        ("Netflix.com", False),
    ]
    for i in range(58):
        name, credit = shops[RNG.randrange(len(shops))]
        amt = round(RNG.uniform(3, 420 if not credit else 260), 2)
        bal += -amt if credit else amt
        day = 1 + i * 30 // 58
        rows.append(
            [
                f"{day:02d} Nov",
                f"{min(day + 1, 30):02d} Nov",
                name,
                ("-" if credit else "") + money(amt),
                money(bal),
            ]
        )
    return FDoc(
        "seven-rl-card-statement",
        "statement",
        "reportlab",
        "Helvetica",
        8.5,
        [
            H(1, "Platinum card statement"),
            Grid(
                [
                    [P("Mrs Imogen Sutcliffe\n12 Abbey Close\nRipon HG4 1QT")],
                    [P("Card ending 8834\nStatement date 30 November 2025\nCredit limit 6,500.00")],
                ]
            ),
            P("Previous balance 412.37"),
            FTable(rows, rules="rows", widths=(12, 12, 44, 16, 16)),
            P("New balance " + money(bal), bold=True),
            P("Minimum payment " + money(max(25.0, round(bal * 0.03, 2))) + " due by 22 December 2025."),
        ],
        notes="ReportLab statement: 58 transactions over a page break, repeatRows header, row rules",
        header="Northgate Card Services - monthly statement",
        footer="Page #",
    )


_WK_CSS = "li.bul::before { content: '\\2022  '; } .field { margin: 6px 0; } .field .v { margin-left: 8px; }"


def wk_letter() -> FDoc:
    return FDoc(
        "seven-wk-letter",
        "letter",
        "wkhtmltopdf",
        "Liberation Serif",
        11,
        [
            P("Greystone Housing Association\n40 Market Street\nLancaster LA1 1HT", align="right"),
            P("Mr Desmond Achterberg\n6 Lune Terrace\nLancaster LA1 3PB"),
            P("5 December 2025"),
            P("Tenancy reference GH/7731/02", bold=True),
            P("Dear Mr Achterberg,"),
            P(
                "Thank you for reporting the damp in the rear bedroom of your flat. Our surveyor visited "
                "on 28 November and found that the gutter above the window has split, so that rain runs "
                "down the outside wall during heavy showers."
            ),
            P(
                "A contractor will replace the gutter section on 11 December between 8am and noon. Once "
                "the wall has dried out, which usually takes three to four weeks, we will treat the "
                "affected plaster and repaint the room at no cost to you."
            ),
            P(
                "In the meantime please keep the trickle vent in the window open and use the extractor "
                "fan when drying laundry indoors. If the damp spreads, call our repairs line on "
                "01524 660 180."
            ),
            P("Yours sincerely,"),
            P("Harriet Okonjo\nProperty Services Officer"),
        ],
        notes="wkhtmltopdf letter: right-aligned sender block, addressee, reference in bold",
        css=_WK_CSS,
        footer="Greystone Housing Association is a registered society, no. 21874R",
    )


def wk_claim_form() -> FDoc:
    return FDoc(
        "seven-wk-claim-form",
        "form",
        "wkhtmltopdf",
        "Liberation Sans",
        10,
        [
            H(1, "Travel expense claim"),
            P("Complete one form per trip and attach all receipts."),
            Field("Employee name", "Kwame Asante-Lindqvist"),
            Field("Staff number", "E-30415"),
            Field("Cost centre", "4410 Field Engineering"),
            Field("Trip dates", "17 to 19 November 2025"),
            H(2, "Purpose of travel"),
            List(
                [
                    Item("Customer site visit", checked=True),
                    Item("Training course", checked=False),
                    Item("Conference or trade fair", checked=False),
                    Item("Internal meeting", checked=True),
                ],
                styles=("box",),
            ),
            H(2, "Expenses"),
            FTable(
                [
                    ["Category", "Receipts", "Amount"],
                    ["Rail fares", "2", "148.60"],
                    ["Hotel, two nights", "1", "236.00"],
                    ["Meals", "5", "71.45"],
                    ["Taxi", "3", "38.20"],
                    ["Total claimed", "11", "494.25"],
                ],
                rules="grid",
                bold=(5,),
                widths=(50, 20, 30),
            ),
            H(2, "Declaration"),
            List(
                [
                    Item("The expenses were incurred wholly on company business", checked=True),
                    Item("I have not claimed these costs elsewhere", checked=True),
                ],
                styles=("box",),
            ),
            Field("Signature", "K. Asante-Lindqvist"),
            Field("Approved by", "R. Baptiste"),
        ],
        notes="wkhtmltopdf form: label and value fields, checkbox lists, ruled expenses table",
        css=_WK_CSS,
        footer="Form FIN-12 rev. 4 - page #",
    )


def wk_quote() -> FDoc:
    rows: list[list[Cell | str]] = [
        [hc("Item", rows=2), hc("Year 1", span=2), hc("Years 2 and 3", span=2)],
        [hc("Units"), hc("Price"), hc("Units"), hc("Price")],
    ]
    bold: list[int] = []
    for group, items in (
        ("Licences", [("Payroll module", 120, 18.5), ("Time and attendance", 120, 6.75)]),
        ("Services", [("Data migration", 1, 4200.0), ("Training days", 4, 950.0)]),
    ):
        bold.append(len(rows))
        rows.append([group, "", "", "", ""])
        for name, n, price in items:
            later = n if group == "Licences" else 0
            rows.append([name, str(n), money(n * price), str(later), money(later * price * 2)])
    return FDoc(
        "seven-wk-quote",
        "quotation",
        "wkhtmltopdf",
        "Liberation Sans",
        10,
        [
            H(1, "Quotation Q-5512"),
            Grid(
                [
                    [
                        P("Prepared for", bold=True),
                        P("Ashby Veterinary Group\n3 Station Road\nAshby LE65 1BT"),
                    ],
                    [P("Valid until", bold=True), P("31 January 2026\nContact: Priya Natarajan")],
                ],
                css="display: table; width: 100%",
                box_css="display: table-cell; width: 50%; vertical-align: top",
            ),
            FTable(rows, header_rows=2, rules="grid", bold=tuple(bold), widths=(36, 14, 18, 14, 18)),
            P("Prices exclude VAT. Licence prices for years 2 and 3 are per year and fixed for the term."),
        ],
        notes="wkhtmltopdf quotation: address boxes as CSS table cells, grid table with a two-level "
        "header and group rows",
        css=_WK_CSS,
        footer="Quotation Q-5512 - page #",
    )


def docs() -> list[FDoc]:
    return [invoice(), credit_note(), card_statement(), wk_letter(), wk_claim_form(), wk_quote()]
