"""The sixth set's ReportLab documents (bench/realdocs/six, model_six.py): business
pages as invoicing, billing and payroll systems print them with ReportLab platypus
(Paragraphs, Tables with TableStyle grids or zebra bands, repeated header rows over a
page break, onPage running headers and footers, Helvetica not embedded): a purchase
order, a utility bill, a payslip, a two-page account ledger and an enrolment form
with checkbox glyphs. The Typst, wkhtmltopdf and ps2pdf documents are in
content_six_more.py. Subjects, names and numbers are new; the numbers come from a
seeded generator."""

from __future__ import annotations

import random

from bench.realdocs.model import Cell, H, Item, P
from bench.realdocs.model_five import FDoc, Field, Foot, FTable, Grid, List

RNG = random.Random(6606)


def money(v: float) -> str:
    return f"{v:,.2f}"


def hc(text: str, span: int = 1, rows: int = 1) -> Cell:
    return Cell(text, colspan=span, rowspan=rows, header=True)


def purchase_order() -> FDoc:
    lines = [
        ("HX-2210", "Stainless shackle, 10 mm", 40, 3.85),
        ("HX-4471", "Mooring line, 16 mm braided, per metre", 120, 2.4),
        ("HX-0932", "Fender, cylindrical 200 x 600", 8, 27.5),
        ("HX-7718", "Deck cleat, cast aluminium", 12, 14.2),
        ("HX-3305", "Bilge pump, 12 V submersible", 3, 96.0),
        ("HX-5120", "Navigation lamp set, LED", 2, 148.75),
        ("HX-6604", "Marine sealant, 290 ml cartridge", 24, 9.1),
    ]
    rows: list[list[Cell | str]] = [["Item code", "Description", "Qty", "Unit cost", "Line total"]]
    net = 0.0
    for code, desc, qty, price in lines:
        rows.append([code, desc, str(qty), money(price), money(qty * price)])
        net += qty * price
    freight = 65.0
    vat = round((net + freight) * 0.21, 2)
    return FDoc(
        "six-rl-purchase-order",
        "purchase-order",
        "reportlab",
        "Helvetica",
        9.5,
        [
            H(1, "Purchase Order"),
            Grid(
                [
                    [P("Buyer", bold=True), P("Kestrel Boatyard B.V.\nHavenweg 14\n1791 AB Den Burg")],
                    [
                        P("Supplier", bold=True),
                        P("Harbourline Marine Supplies\nDokstraat 220\n3011 TL Rotterdam"),
                    ],
                ]
            ),
            P("PO number: KB-PO-40715\nOrder date: 14 October 2025\nDeliver by: 3 November 2025"),
            FTable(rows, rules="grid", widths=(14, 44, 8, 16, 18)),
            FTable(
                [
                    ["Net goods", money(net)],
                    ["Freight", money(freight)],
                    ["VAT 21%", money(vat)],
                    ["Order total (EUR)", money(net + freight + vat)],
                ],
                header_rows=0,
                rules="none",
                bold=(3,),
                widths=(30, 20),
            ),
            H(3, "Terms"),
            P(
                "Quote the PO number on every delivery note and invoice. Goods that arrive without "
                "certificates of conformity are returned at the supplier's cost. Payment 30 days net."
            ),
            P("Authorised by: M. de Wit, Yard Manager"),
        ],
        notes="ReportLab platypus: layout table for two address boxes, GRID line items, totals table",
        header="Kestrel Boatyard B.V. - Purchasing",
        footer="Page #",
    )


def utility_bill() -> FDoc:
    readings: list[list[Cell | str]] = [
        ["Meter", "Register", "Previous", "Current", "Units"],
        ["E 71 044 908", "Day", "18,204", "18,911", "707"],
        ["E 71 044 908", "Night", "9,330", "9,642", "312"],
        ["G 2 301 775", "Gas (m3)", "4,418", "4,537", "119"],
    ]
    charges: list[list[Cell | str]] = [["Charge", "Quantity", "Rate", "Amount"]]
    items = [
        ("Electricity, day units", "707 kWh", 0.2841),
        ("Electricity, night units", "312 kWh", 0.1625),
        ("Gas, converted to kWh", "1,334 kWh", 0.0612),
        ("Electricity standing charge", "61 days", 0.5312),
        ("Gas standing charge", "61 days", 0.3107),
    ]
    total = 0.0
    for name, qty, rate in items:
        n = float(qty.split()[0].replace(",", ""))
        charges.append([name, qty, f"{rate:.4f}", money(n * rate)])
        total += round(n * rate, 2)
    vat = round(total * 0.05, 2)
    charges += [["VAT at 5%", "", "", money(vat)], ["Total for this period", "", "", money(total + vat)]]
    return FDoc(
        "six-rl-utility-bill",
        "utility-bill",
        "reportlab",
        "Helvetica",
        9.5,
        [
            H(1, "Your energy bill"),
            Grid(
                [
                    [P("Mr Tomasz Wrona\nFlat 3, 41 Quarry Lane\nDerby DE22 1HS")],
                    [
                        P(
                            "Account number 6650 2291 07\nBill date 2 December 2025\n"
                            "Period 1 Oct to 30 Nov 2025"
                        )
                    ],
                ]
            ),
            H(2, "Meter readings"),
            FTable(readings, rules="grid", widths=(24, 20, 18, 18, 20)),
            H(2, "Charges"),
            FTable(charges, rules="zebra", bold=(len(charges) - 1,), widths=(46, 18, 16, 20)),
            P(
                "The amount will be collected by direct debit on or after 16 December 2025.{1} Readings "
                "marked as estimated will be corrected on your next bill."
            ),
            P("Questions about this bill: call 0800 046 7712, Monday to Friday, 8am to 6pm."),
            Foot((1,)),
        ],
        notes="ReportLab: GRID readings table, zebra charges table with a dark header band, footnote",
        header="Peakland Energy",
        footer="Page # of your bill",
        footnotes={1: "If the collection date falls on a bank holiday we collect on the next working day."},
    )


def payslip() -> FDoc:
    earn = [
        ("Basic salary", "160.00", "21.8750"),
        ("Overtime 1.5x", "12.00", "32.8125"),
        ("Shift allowance", "", ""),
    ]
    earn_rows: list[list[Cell | str]] = [["Earnings", "Hours", "Rate", "Amount"]]
    gross = 0.0
    for name, hours, rate in earn:
        amount = float(hours) * float(rate) if hours else 145.0
        earn_rows.append([name, hours, rate, money(amount)])
        gross += amount
    earn_rows.append(["Gross pay", "", "", money(gross)])
    ded = [("Income tax", 0.19), ("National insurance", 0.08), ("Pension, employee 5%", 0.05)]
    ded_rows: list[list[Cell | str]] = [["Deductions", "Amount"]]
    total = 0.0
    for name, share in ded:
        ded_rows.append([name, money(round(gross * share, 2))])
        total += round(gross * share, 2)
    ded_rows.append(["Total deductions", money(total)])
    return FDoc(
        "six-rl-payslip",
        "payslip",
        "reportlab",
        "Helvetica",
        9,
        [
            H(1, "Payslip, November 2025"),
            Grid(
                [
                    [P("Employee: Alina Ferreira\nEmployee no. 004817\nDepartment: Distribution")],
                    [P("Tax code: 1257L\nNI number: QR 51 88 20 C\nPay date: 28 November 2025")],
                ]
            ),
            FTable(earn_rows, rules="rows", bold=(len(earn_rows) - 1,), widths=(46, 16, 18, 20)),
            FTable(ded_rows, rules="rows", bold=(len(ded_rows) - 1,), widths=(60, 40)),
            P("Net pay " + money(gross - total), bold=True),
            H(3, "Year to date"),
            FTable(
                [
                    ["Gross pay", "Tax", "National insurance", "Pension"],
                    [
                        money(gross * 8),
                        money(gross * 8 * 0.19),
                        money(gross * 8 * 0.08),
                        money(gross * 8 * 0.05),
                    ],
                ],
                rules="booktabs",
            ),
            P("Paid by credit transfer to account ending 4471."),
        ],
        notes="ReportLab payslip: row-ruled earnings and deductions tables, booktabs year to date",
        header="Moorgate Logistics Ltd - Payroll",
        footer="Confidential - page #",
    )


def ledger() -> FDoc:
    rows: list[list[Cell | str]] = [["Date", "Ref", "Narrative", "Debit", "Credit", "Balance"]]
    bal = 12450.0
    what = [
        ("Sales invoice", False),
        ("Supplier payment", True),
        ("Bank charges", True),
        ("Customer receipt", False),
        ("Payroll journal", True),
        ("Credit note issued", True),
        ("Interest received", False),
    ]
    for i in range(56):
        name, out = what[RNG.randrange(len(what))]
        amount = round(RNG.uniform(12, 3200), 2)
        bal += -amount if out else amount
        day = f"{1 + i * 30 // 56:02d}/09/2025"
        ref = f"J{5100 + i * 3}"
        rows.append([day, ref, name, money(amount) if out else "", "" if out else money(amount), money(bal)])
    return FDoc(
        "six-rl-ledger",
        "ledger",
        "reportlab",
        "Helvetica",
        8.5,
        [
            H(1, "Nominal ledger: 1200 Bank current account"),
            P("Period September 2025. Opening balance 12,450.00."),
            FTable(rows, rules="zebra", widths=(14, 10, 32, 14, 14, 16)),
            P("Closing balance " + money(bal)),
        ],
        notes="ReportLab long Table over a page break, repeatRows=1 header, zebra ROWBACKGROUNDS",
        header="Alder and Finch Accounting - ledger report",
        footer="Page #",
    )


def enrolment_form() -> FDoc:
    return FDoc(
        "six-rl-enrolment-form",
        "form",
        "reportlab",
        "Helvetica",
        10,
        [
            H(1, "Evening course enrolment"),
            P("Please complete in block capitals and return to the college office."),
            Field("Full name", "Rosalind Achebe"),
            Field("Date of birth", "17/05/1988"),
            Field("Email", "r.achebe@example.org"),
            Field("Telephone", "07700 914 552"),
            H(2, "Courses"),
            List(
                [
                    Item("Introduction to bookkeeping (Mondays)", checked=True),
                    Item("Conversational Portuguese (Tuesdays)", checked=False),
                    Item("Furniture restoration (Wednesdays)", checked=True),
                    Item("Digital photography (Thursdays)", checked=False),
                ],
                styles=("box",),
            ),
            H(2, "Fee concessions"),
            List(
                [
                    Item("I receive a means-tested benefit", checked=False),
                    Item("I am aged 60 or over", checked=False),
                    Item("I am a full-time carer", checked=True),
                ],
                styles=("box",),
            ),
            P("I confirm that the information on this form is correct."),
            Field("Signature", "R. Achebe"),
            Field("Date", "9 September 2025"),
        ],
        notes="ReportLab form: ruled fields as 2-cell tables with a LINEBELOW, checkbox glyphs (DejaVu Sans)",
        footer="Form EC-3 (2025)",
    )


def docs() -> list[FDoc]:
    return [purchase_order(), utility_bill(), payslip(), ledger(), enrolment_form()]
