"""common/extraction: typed values, labelled fields, the invoice record and its checks, on
page results built by hand (pure functions: no services)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from common.extraction import extract
from common.extraction.values import check_vat, find_amounts, find_dates, parse_iban, parse_number
from tests.extraction_pages import page_of


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("12,50", "12.50"),
        ("1 234,56", "1234.56"),
        ("1'234.50", "1234.50"),
        ("1.234", "1234"),
        ("12,500", "12500"),
        ("-5,00", "-5.00"),
        ("0.9", "0.9"),
    ],
)
def test_a_printed_number_is_read_with_the_right_decimal_mark(printed, value):
    assert parse_number(printed) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Total $ 279.84", "279.84", "USD"),
        ("Totaal € 717,97", "717.97", "EUR"),
        ("29.99 € TTC", "29.99", "EUR"),
        ("Grand Total Rs 1939", "1939", "INR"),
        ("TOTAL RM 9.00", "9.00", "MYR"),
        ("Summe 1.190,00 EUR", "1190.00", "EUR"),
        ("Total 45.10", "45.10", None),
        ("ROUNDING ADJUSTMENT -RM 0.02", "-0.02", "MYR"),
    ],
)
def test_an_amount_keeps_its_currency(text, amount, currency):
    found = find_amounts(text)[-1]
    assert (found.value, found.currency) == (Decimal(amount), currency)


def test_a_percentage_is_not_the_amount_of_a_tax_line():
    lines = [("Invoice 7", (40, 40, 200, 52)), ("Tax 15% on $ 112.90", (300, 100, 420, 110))]
    r = extract([page_of([*lines, ("$ 16.94", (480, 100, 520, 110))])])
    assert r["record"]["tax"]["value"] == {"amount": "16.94", "currency": "USD"}


@pytest.mark.parametrize(
    ("text", "month_first", "iso"),
    [
        ("03/20/2023", False, "2023-03-20"),  # 20 cannot be a month: decided by itself
        ("04/05/2023", True, "2023-04-05"),
        ("04/05/2023", False, "2023-05-04"),
        ("August 3 , 2014", False, "2014-08-03"),
        ("02 Juillet 2015", False, "2015-07-02"),
        ("20. März 2023", False, "2023-03-20"),
        ("19 april 2014", False, "2014-04-19"),
        ("8-9-2022", False, "2022-09-08"),
        ("2023-03-20", True, "2023-03-20"),
        ("25/12/18", False, "2018-12-25"),
    ],
)
def test_dates_in_their_printed_forms_become_iso(text, month_first, iso):
    assert find_dates(text, month_first=month_first)[0].value.isoformat() == iso


def test_a_period_without_a_year_is_not_a_date():
    assert find_dates("billing period July 1 - July 31") == []


def test_iban_and_vat_check_digits_come_from_python_stdnum():
    assert parse_iban("IBAN: DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    assert parse_iban("IBAN: DE88 3704 0044 0532 0130 00") is None  # one digit off
    assert check_vat("USt-IdNr. DE 136695976") == ("DE136695976", True)
    assert check_vat("USt-IdNr. DE 136695977") == ("DE136695977", False)


# --- documents -----------------------------------------------------------------------------


GERMAN_INVOICE = [
    ("Muster GmbH", (40, 40, 140, 52)),
    ("Hauptstraße 5, 10115 Berlin", (40, 54, 200, 66)),
    ("Rechnung", (40, 120, 120, 136)),
    ("Rechnung Nr.: RE-2023-0042", (40, 150, 220, 162)),
    ("Rechnungsdatum: 15.03.2023", (40, 164, 220, 176)),
    ("Fällig am: 14.04.2023", (40, 178, 220, 190)),
    ("IBAN DE89 3704 0044 0532 0130 00", (40, 700, 260, 712)),
    ("USt-IdNr.: DE136695976", (40, 714, 260, 726)),
]
GERMAN_ITEMS = [
    ["Beschreibung", "Menge", "Einzelpreis", "Betrag"],
    ["Beratung", "2", "30,00 €", "60,00 €"],
    ["Reisekosten", "1", "40,00 €", "40,00 €"],
    ["Zwischensumme", "", "", "100,00 €"],
    ["MwSt 19%", "", "", "19,00 €"],
    ["Gesamtbetrag", "", "", "119,00 €"],
]


def test_a_german_invoice_yields_its_typed_record_with_provenance():
    # given a German invoice's page result
    result = extract([page_of(GERMAN_INVOICE, [GERMAN_ITEMS])], today=date(2023, 6, 1))
    r = result["record"]
    # then it is an invoice, and each value is normalized, with what was printed and where
    assert result["document_kind"] == "invoice"
    assert r["invoice_number"]["value"] == "RE-2023-0042"
    assert r["invoice_number"]["page"] == 1 and r["invoice_number"]["box"] == [40, 150, 220, 162]
    assert (r["issue_date"]["raw"], r["issue_date"]["value"]) == ("15.03.2023", "2023-03-15")
    assert r["due_date"]["value"] == "2023-04-14"
    assert r["total"]["value"] == {"amount": "119.00", "currency": "EUR"}
    assert r["total"]["raw"] == "119,00 €" and r["total"]["engine"] == "pdf-text"
    assert r["subtotal"]["value"]["amount"] == "100.00" and r["tax"]["value"]["amount"] == "19.00"
    assert r["tax_lines"] == [
        {
            "rate": "19",
            "base": {"amount": "100.00", "currency": "EUR"},
            "amount": {"amount": "19.00", "currency": "EUR"},
        }
    ]
    assert r["iban"]["value"] == "DE89370400440532013000" and r["vat_id"]["value"] == "DE136695976"
    assert r["currency"] == "EUR"
    assert [
        (i["description"], i["quantity"], i["unit_price"], i["amount"]["amount"]) for i in r["line_items"]
    ] == [
        ("Beratung", "2", "30.00", "60.00"),
        ("Reisekosten", "1", "40.00", "40.00"),
    ]
    assert r["seller"]["name"] == "Muster GmbH" and r["seller"]["address"] == "Hauptstraße 5, 10115 Berlin"
    # and every check that applies passes
    status = {c["name"]: c["status"] for c in result["checks"]}
    assert status == {
        "line_items_sum": "passed",
        "subtotal_plus_tax": "passed",
        "tax_rate": "passed",
        "iban_check_digits": "passed",
        "vat_id_check_digits": "passed",
        "dates_plausible": "passed",
    }
    assert result["all_checks_passed"] is True
    # and the "Label: value" lines are key-value pairs with both boxes
    pairs = {p["key"]: p["value"] for p in result["pairs"]}
    assert pairs["Rechnungsdatum"] == "15.03.2023" and pairs["USt-IdNr."] == "DE136695976"


def test_a_failed_check_reports_its_numbers_and_lowers_confidence_without_correcting():
    # given the same invoice with a total that does not add up
    items = [row[:] for row in GERMAN_ITEMS]
    items[-1][-1] = "129,00 €"
    clean = extract([page_of(GERMAN_INVOICE, [GERMAN_ITEMS])], today=date(2023, 6, 1))["record"]["total"]
    result = extract([page_of(GERMAN_INVOICE, [items])], today=date(2023, 6, 1))
    check = next(c for c in result["checks"] if c["name"] == "subtotal_plus_tax")
    # then the check fails with the numbers, the total stays as printed, less trusted
    assert check["status"] == "failed"
    assert check["numbers"] == {
        "subtotal": "100.00",
        "tax": "19.00",
        "total": "129.00",
        "difference": "10.00",
    }
    assert result["record"]["total"]["value"]["amount"] == "129.00"
    assert result["record"]["total"]["confidence"] < clean["confidence"]
    assert result["all_checks_passed"] is False


def test_an_english_invoice_with_labels_above_their_values_and_us_dates():
    page = page_of(
        [
            ("ACME Corp", (40, 40, 120, 52)),
            ("12 Main Street, Springfield", (40, 54, 200, 66)),
            ("INVOICE", (40, 100, 120, 120)),
            ("Invoice Date:", (40, 140, 110, 152)),
            ("03/04/2024", (40, 156, 110, 168)),
            ("Due Date:", (200, 140, 260, 152)),
            ("04/03/2024", (200, 156, 260, 168)),
            ("Invoice #", (350, 140, 400, 152)),
            ("INV-0042", (350, 156, 420, 168)),
            ("Amount due $1,250.00", (350, 600, 520, 612)),
        ]
    )
    r = extract([page], today=date(2024, 6, 1))["record"]
    assert r["invoice_number"]["value"] == "INV-0042" and r["invoice_number"]["source"] == "below"
    assert r["issue_date"]["value"] == "2024-03-04"  # dollars: the US order
    assert r["due_date"]["value"] == "2024-04-03"
    assert r["total"]["value"] == {"amount": "1250.00", "currency": "USD"}


def test_a_receipt_names_its_company_and_address_from_its_head():
    page = page_of(
        [
            ("BOOK TA .K (TAMAN DAYA) SDN BHD", (20, 10, 300, 22)),
            ("(789417-W)", (100, 24, 180, 34)),
            ("NO.53 55,57 & 59, JALAN SAGU 18,", (20, 36, 300, 48)),
            ("TAMAN DAYA, 81100 JOHOR BAHRU, JOHOR.", (20, 50, 300, 62)),
            ("TEL : 07-3507405", (20, 64, 200, 76)),
            ("RECEIPT#: CS00012345", (20, 90, 200, 102)),
            ("DATE: 25/12/2018", (20, 104, 200, 116)),
            ("TOTAL: 9.00", (20, 300, 200, 312)),
            ("CASH 10.00", (20, 314, 200, 326)),
        ]
    )
    result = extract([page], today=date(2019, 1, 1))
    r = result["record"]
    assert result["document_kind"] == "receipt"
    assert r["seller"]["name"] == "BOOK TA .K (TAMAN DAYA) SDN BHD"
    assert r["seller"]["address"] == "NO.53 55,57 & 59, JALAN SAGU 18, TAMAN DAYA, 81100 JOHOR BAHRU, JOHOR."
    assert r["issue_date"]["value"] == "2018-12-25"
    assert r["total"]["value"]["amount"] == "9.00"
    assert r["invoice_number"]["value"] == "CS00012345"


def test_a_rounded_total_is_taken_where_it_is_printed():
    # given a receipt that rounds its total, the rounded amount printed under its own label
    page = page_of(
        [
            ("MR D.I.Y. SDN BHD", (20, 10, 300, 22)),
            ("RECEIPT", (20, 30, 100, 42)),
            ("CASH TOTAL ROUNDED CHANGE", (20, 200, 300, 212)),
            ("RM 50.00 RM 33.90 RM 16.10", (20, 214, 300, 226)),
        ],
        [[["Item(s) : 4", "Qty(s) : 4"], ["TOTAL", "RM 33.92"], ["ROUNDING ADJUSTMENT", "-RM 0.02"]]],
    )
    total = extract([page])["record"]["total"]
    # then the total is the rounded amount as printed, where it is printed
    assert total["value"] == {"amount": "33.90", "currency": "MYR"} and total["raw"] == "RM 33.90"
    assert total["box"] == [20, 214, 300, 226] and total["source"] == "rounded"


@pytest.mark.parametrize(("stated", "page"), [(None, 1), ("Total: 1,234.56 EUR", 2)])
def test_an_invoices_total_due_is_its_total_where_no_line_says_total(stated, page):
    # given an invoice whose sums end in "Total due", and payment details on a later page
    # that repeat the sum after a generic "Amount:" (and, in the second case, a "Total:")
    first = page_of(
        [
            ("INVOICE", (20, 10, 200, 30)),
            ("Subtotal: 1,028.80 EUR", (300, 400, 560, 412)),
            ("VAT 20%: 205.76 EUR", (300, 414, 560, 426)),
            ("Total due: 1,234.56 EUR", (300, 428, 560, 440)),
        ]
    )
    later = [("Payment details", (20, 10, 200, 30)), ("Amount: 1,234.56 EUR", (20, 40, 300, 52))]
    second = page_of([*later, *([(stated, (20, 60, 300, 72))] if stated else [])], page_no=2)
    total = extract([first, second])["record"]["total"]
    # then the total is the "Total due" where it is printed, unless a line says "Total"
    assert (total["raw"], total["page"]) == ("1,234.56 EUR", page)


def test_a_contract_is_not_given_an_invoice_record():
    page = page_of(
        [
            ("SERVICE AGREEMENT", (40, 40, 300, 60)),
            ("This Agreement is made between A Ltd and B GmbH.", (40, 80, 500, 92)),
            ("This contract is governed by the laws of England.", (40, 100, 500, 112)),
        ]
    )
    result = extract([page])
    assert result["document_kind"] == "contract" and result["record"] is None
    # and its own fields come instead, each found or null
    contract = result["contract"]
    assert contract["parties"]["value"] == ["A Ltd", "B GmbH"]
    assert contract["governing_law"]["value"] == "England"
    assert contract["term"] is None and contract["effective_date"] is None


def test_a_row_of_column_headers_names_each_value_below_it():
    # given header fields printed as a table: labels in one row, values in the next
    rows = [["Invoice No.", "Invoice Date", "Due Date"], ["INV-87806", "20/09/2024", "19/11/2024"]]
    r = extract([page_of([("INVOICE", (40, 40, 200, 60))], [rows])], today=date(2025, 1, 1))["record"]
    # then every label gets the value under it, not only the first
    assert r["invoice_number"]["value"] == "INV-87806"
    assert (r["issue_date"]["value"], r["due_date"]["value"]) == ("2024-09-20", "2024-11-19")


@pytest.mark.parametrize(
    ("lines", "iso"),
    [
        # a German invoice in dollars still puts the day first
        (
            [
                ("Rechnung", (40, 40, 200, 60)),
                ("Rechnungsdatum: 04/11/2025", (40, 80, 300, 92)),
                ("Gesamtbetrag $ 10.00", (40, 100, 300, 112)),
            ],
            "2025-11-04",
        ),
        # dots mean day first even on an English invoice in dollars
        (
            [
                ("Invoice", (40, 40, 200, 60)),
                ("Invoice Date: 04.11.2025", (40, 80, 300, 92)),
                ("Total $ 10.00", (40, 100, 300, 112)),
            ],
            "2025-11-04",
        ),
        # an English invoice in dollars with slashes is the US order
        (
            [
                ("Invoice", (40, 40, 200, 60)),
                ("Invoice Date: 04/11/2025", (40, 80, 300, 92)),
                ("Total $ 10.00", (40, 100, 300, 112)),
            ],
            "2025-04-11",
        ),
    ],
)
def test_the_order_of_day_and_month_follows_the_documents_language_and_marks(lines, iso):
    r = extract([page_of(lines)], today=date(2026, 1, 1))["record"]
    assert r["issue_date"]["value"] == iso


def test_a_spanish_vat_number_may_start_with_a_letter():
    assert check_vat("NIF: ESB58378431") == ("ESB58378431", True)
