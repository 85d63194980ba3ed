"""common/extraction on receipts: the issuer's name and address, dates, and which "total"
is the total, on page results built by hand (pure functions: no services)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from common.extraction import extract
from common.extraction.values import find_dates
from tests.extraction_pages import page_of

# --- receipts: the issuer's name and address ---------------------------------------------


def _issuer(lines: Sequence[tuple[str, Sequence[float]]]) -> tuple[str, str | None]:
    seller = extract([page_of([*lines, ("TOTAL 9.00", (20, 400, 200, 412))])])["record"]["seller"]
    return seller["name"], seller["address"]


def test_a_name_that_ends_in_an_ampersand_goes_on_to_the_next_line():
    # given a name wrapped after "&"
    name, address = _issuer(
        [
            ("HOME HARDWARE &", (40, 10, 300, 22)),
            ("ELECTRICAL", (100, 24, 200, 36)),
            ("NO.1, JALAN SATU,", (40, 38, 300, 50)),
            ("TEL: 03-1234 5678", (40, 52, 300, 64)),
        ]
    )
    # then both lines are the name, and the address starts after them
    assert name == "HOME HARDWARE & ELECTRICAL" and address == "NO.1, JALAN SATU,"


def test_a_name_line_that_starts_with_its_company_form_takes_the_lines_around_it():
    # given a name over three lines: the form starts the second, a bracket left open
    name, _ = _issuer(
        [
            ("ABC HARDWARE", (40, 10, 300, 22)),
            ("ENTERPRISE (SETIA", (40, 24, 300, 36)),
            ("ALAM) SDN BHD", (40, 38, 300, 50)),
            ("NO.1, JALAN SATU,", (40, 52, 300, 64)),
        ]
    )
    assert name == "ABC HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD"


@pytest.mark.parametrize(
    ("printed", "name"),
    [("TEO STATIONERY &BOOKS", "TEO STATIONERY & BOOKS"), ("M&S FOODS SDN BHD", "M&S FOODS SDN BHD")],
)
def test_an_ampersand_spaced_on_one_side_only_is_spaced_on_both(printed, name):
    assert _issuer([(printed, (40, 10, 300, 22))])[0] == name


def test_the_company_number_after_a_name_is_not_part_of_it():
    assert _issuer([("ABC CO. (M) BHD (126926-H)", (40, 10, 300, 22))])[0] == "ABC CO. (M) BHD"
    assert _issuer([("ABC MART S/B 0519537-X)", (40, 10, 300, 22))])[0] == "ABC MART S/B"


@pytest.mark.parametrize(
    ("above", "form"),
    [("POPULAR BOOK", "CO. (M) SDN BHD"), ("Nando's Chickenland Malaysia", "Sdn Bhd")],
)
def test_a_name_wrapped_before_its_company_form_takes_the_line_above(above, form):
    # given a name whose second line starts with its form ("CO." ends in a dot), or is only
    # the form under a name in mixed case
    name, _ = _issuer(
        [
            (above, (40, 10, 300, 22)),
            (form, (40, 24, 300, 36)),
            ("No 8, Jalan 7/118B,", (40, 38, 300, 50)),
        ]
    )
    # then both lines are the name
    assert name == f"{above} {form}"


def test_a_label_before_the_name_and_a_bare_company_number_after_it_are_not_part_of_it():
    # given an owner's line under a shop's sign: "owned by: <company> <company number>"
    name, _ = _issuer(
        [
            ("Banh Mi CafE", (40, 10, 300, 22)),
            ("Dimiliki: banh mi cafe sdn bhd 1110644-W", (40, 24, 300, 36)),
            ("No. 1 Jalan Puteri 7/10", (40, 38, 300, 50)),
        ]
    )
    assert name == "banh mi cafe sdn bhd"


def test_a_customer_named_under_the_document_title_is_not_the_issuer():
    # given a shop without a company form, and its customer's company under "TAX INVOICE"
    name, _ = _issuer(
        [
            ("PERNIAGAAN ABC", (40, 10, 300, 22)),
            ("NO.1, JALAN SATU,", (40, 24, 300, 36)),
            ("TEL : 07-386 7524", (40, 38, 300, 50)),
            ("TAX INVOICE", (40, 52, 300, 64)),
            ("XYZ ENGINEERING SDN BHD", (40, 66, 300, 78)),
        ]
    )
    assert name == "PERNIAGAAN ABC"


@pytest.mark.parametrize("phone", ["07-355 2616", "Te1: 07-8263254", "Telephone 03-40212008"])
def test_an_address_ends_at_a_phone_number_however_it_is_printed(phone):
    _, address = _issuer(
        [
            ("ABC TRADING", (40, 10, 300, 22)),
            ("NO.1, JALAN SATU,", (40, 24, 300, 36)),
            ("81100 JOHOR BAHRU", (40, 38, 300, 50)),
            (phone, (40, 52, 300, 64)),
        ]
    )
    assert address == "NO.1, JALAN SATU, 81100 JOHOR BAHRU"


@pytest.mark.parametrize(
    "between", ["05 Mar 2018 18:24", "Reg No: 1203194-W", "JM0325955-V", "GST No : 092108047369"]
)
def test_a_date_or_a_number_between_the_name_and_the_address_is_skipped(between):
    _, address = _issuer(
        [
            ("ABC SDN BHD", (40, 10, 300, 22)),
            (between, (40, 24, 300, 36)),
            ("12, Jalan Tampoi 7/4,", (40, 38, 300, 50)),
            ("81200 Johor Bahru", (40, 52, 300, 64)),
            ("TAXINVOICE", (40, 66, 300, 78)),
        ]
    )
    assert address == "12, Jalan Tampoi 7/4, 81200 Johor Bahru"


@pytest.mark.parametrize("registration", ["(CO.RFG : 86Q671-D)", "Company No:002643278-A"])
def test_a_registration_number_ahead_of_the_address_is_cut_off(registration):
    _, address = _issuer(
        [("ABC SDN BHD", (40, 10, 300, 22)), (f"{registration} LOT 2685 JLN SATU", (40, 24, 300, 36))]
    )
    assert address == "LOT 2685 JLN SATU"


def test_a_taller_line_below_the_address_does_not_break_into_it():
    # given a tall line below the address (its top over its height is the address's)
    _, address = _issuer(
        [
            ("ABC PUB & BISTRO", (60, 168, 520, 204)),
            ("78G, JALAN SS21/62,", (157, 202, 408, 238)),
            ("DAMANSARA UTAMA,", (180, 235, 395, 271)),
            ("47400 PETALING JAYA.", (154, 268, 422, 304)),
            ("Table 5", (19, 427, 219, 493)),
        ]
    )
    assert address == "78G, JALAN SS21/62, DAMANSARA UTAMA, 47400 PETALING JAYA."


# --- receipts: dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Date:5/3/201822:52:33", "2018-03-05"),  # the time glued to the year
        ("0rder No.100021911/03/2018 06:20 PM", "2018-03-11"),  # a number glued before it
        ("05-Mar-18", "2018-03-05"),
        ("28 Mar 18 18:32:36", "2018-03-28"),  # a two-digit year between spaces, a time after
        ("05/MAR/18 10:30", "2018-03-05"),
        ("DATE: 25/1212018", "2018-12-25"),  # a slash OCR'd as "1"
        ("DATE: 25112/2018", "2018-12-25"),
    ],
)
def test_a_date_glued_to_its_neighbours_or_with_a_two_digit_year_is_read(text, iso):
    assert [d.value.isoformat() for d in find_dates(text)] == [iso]


@pytest.mark.parametrize("text", ["1 SET 12.90", "2 MAR 10:30"])
def test_a_quantity_before_a_month_like_word_is_not_a_date(text):
    assert find_dates(text) == []


def test_an_unlabelled_date_in_a_table_row_is_the_issue_date():
    # given a receipt OCR'd as one table, its only date in a row without a label
    page = page_of(
        [("ABC SDN BHD", (20, 10, 300, 22)), ("RECEIPT", (20, 30, 100, 42))],
        [[["10:43AM", "568582", "24-01-18"], ["TOTAL", "2.50"]]],
    )
    assert extract([page])["record"]["issue_date"]["value"] == "2018-01-24"


# --- receipts: which "total" is the total ------------------------------------------------


def _receipt_total(rows: list[list[str]], lines: Sequence[tuple[str, Sequence[float]]] = ()) -> str | None:
    head = [("ABC SDN BHD", (20, 10, 300, 22)), ("RECEIPT", (20, 30, 100, 42)), *lines]
    total = extract([page_of(head, [rows])])["record"]["total"]
    return total["value"]["amount"] if total else None


def test_a_tax_summarys_total_row_is_not_the_total():
    # given the total, then a GST summary whose own total row holds the amount and its tax
    rows = [
        ["Total (RM) :", "8.00"],
        ["Cash", "10.00"],
        ["GST Summary", "Amount", "Tax"],
        ["SR @ 6%", "7.55", "0.45"],
        ["Total : 7.55", "0.45"],
    ]
    assert _receipt_total(rows) == "8.00"


def test_counts_discounts_and_sums_before_tax_are_not_the_total():
    rows = [
        ["Total Qty 2", "100.88"],
        ["Total Sales (Excluding GST) :", "95.17"],
        ["Total GST:", "5.71"],
        ["Total Sales (Inclusive of GST) :", "100.90"],
        ["Total Discount", "3.00"],
    ]
    assert _receipt_total(rows) == "100.90"


def test_a_column_header_is_not_the_total_and_cash_less_change_is():
    # given no total label but a column "Amount", a subtotal, the cash and the change
    rows = [
        ["Item", "Amount"],
        ["COFFEE", "12.60"],
        ["SUBTOTAL:", "28.60"],
        ["CASH", "100.00"],
        ["CASH CHANGE", "71.40"],
    ]
    assert _receipt_total(rows) == "28.60"


def test_the_subtotal_plus_tax_as_printed_is_the_total_where_its_label_is_unreadable():
    rows = [
        ["Sub Total", "RM", "68.87"],
        ["GST/TAX 6%", "RM", "4.13"],
        ["TOT,", "", ""],
        ["CAL", "RM", "73.00"],
    ]
    assert _receipt_total(rows) == "73.00"


def test_a_net_total_after_the_tax_is_the_total():
    rows = [["Total (MYR) :", "20.00"], ["GST @ 6% :", "1.20"], ["Net Total (MYR) :", "21.20"]]
    assert _receipt_total(rows) == "21.20"


def test_two_rows_the_ocr_merged_keep_their_own_values():
    # given the rounded total and the cash tendered read as one row of two labels and two sums
    rows = [
        ["TOTAL", "RM 33.92"],
        ["ROUNDING ADJUSTMENT", "-RM 0.02"],
        ["TOTAL ROUNDED 33.90 CASH", "RM 33.90 RM 50.00"],
        ["CHANGE", "RM 16.10"],
    ]
    # then the total is the sum printed after its own label, not the cash
    assert _receipt_total(rows) == "33.90"


def test_a_total_printed_after_the_rounding_line_is_not_rounded_again():
    rows = [
        ["BAG", "80.89"],
        ["Total Sales (Excluding GST)", "80.91"],
        ["Rounding", "-0.01"],
        ["Total Sales (Inclusive of GST):", "80.90"],
    ]
    assert _receipt_total(rows) == "80.90"


def test_total_sales_with_its_tax_in_brackets_is_the_total_and_without_it_the_subtotal():
    # given a receipt that prints its sums on lines with the tax in brackets
    page = page_of(
        [
            ("ABC SDN BHD", (40, 10, 300, 22)),
            ("Total Sales (Excluding GST) RM 10.75", (40, 86, 300, 98)),
            ("Total Sales (Inclusive GST) RM 11.40", (40, 100, 300, 112)),
            ("CASH RM 20.00", (40, 114, 300, 126)),
        ]
    )
    record = extract([page])["record"]
    # then the sum with the tax is the total, the one without it the subtotal
    assert record["total"]["value"]["amount"] == "11.40"
    assert record["subtotal"]["value"]["amount"] == "10.75"


def test_a_house_number_range_is_not_taken_for_a_date_that_ends_the_address():
    # given a business registration line, then an address starting "NO 43-45-47G,"
    _, address = _issuer(
        [
            ("ABC MINI MARKET", (40, 10, 300, 22)),
            ("BR No.: 0195932-X", (40, 24, 300, 36)),
            ("NO 43-45-47G,", (40, 38, 300, 50)),
            ("TAMAN SEJATI,", (40, 52, 300, 64)),
            ("03-3279 1851,", (40, 66, 300, 78)),
        ]
    )
    assert address == "NO 43-45-47G, TAMAN SEJATI,"


@pytest.mark.parametrize("between", ["Site 2395", "Site: 1046", "BR No.: (124525-H)"])
def test_a_site_or_registration_number_on_its_own_line_before_the_address_is_skipped(between):
    _, address = _issuer(
        [
            ("ABC SDN BHD", (40, 10, 300, 22)),
            (between, (40, 24, 300, 36)),
            ("176 JLN SUNGEI BESI", (40, 38, 300, 50)),
            ("57100 KUALA LUMPUR", (40, 52, 300, 64)),
        ]
    )
    assert address == "176 JLN SUNGEI BESI 57100 KUALA LUMPUR"


@pytest.mark.parametrize(
    "after", ["T: 03-2093 7358 | F: 03-2093 7359", "myNEWScareline: 1800 88 1231", "GSTID: 000433614848"]
)
def test_a_number_under_any_label_ends_the_address_and_its_label_is_not_kept(after):
    # given an address followed by a phone or tax number under a label the extractor does
    # not know (a one-letter "T", a brand's care line, a label glued to its word)
    _, address = _issuer(
        [
            ("ABC SDN BHD", (40, 10, 300, 22)),
            ("Lot 6, Jalan Batai,", (40, 24, 300, 36)),
            ("50490, Kuala Lumpur", (40, 38, 300, 50)),
            (after, (40, 52, 300, 64)),
            ("PAHANG", (40, 66, 300, 78)),
        ]
    )
    assert address == "Lot 6, Jalan Batai, 50490, Kuala Lumpur"


@pytest.mark.parametrize("under", ["SUNWAY VELOCITY", "Guest Check"])
def test_an_address_ends_with_its_country_or_at_a_bill_title(under):
    # given an address whose last line names the country, then a branch's name or the
    # restaurant bill's title
    _, address = _issuer(
        [
            ("ABC CO. (M) SDN BHD", (40, 10, 300, 22)),
            ("No 8, Jalan 7/118B,", (40, 24, 300, 36)),
            ("56000 Kuala Lumpur, Malaysia", (40, 38, 300, 50)),
            (under, (40, 52, 300, 64)),
        ]
    )
    assert address == "No 8, Jalan 7/118B, 56000 Kuala Lumpur, Malaysia"


def test_a_company_number_under_the_address_ends_it():
    _, address = _issuer(
        [
            ("ABC HARDWARE SDN BHD", (40, 10, 300, 22)),
            ("40170 BANDAR SETIA ALAM, SELANGOR.", (40, 24, 300, 36)),
            ("Company Reg No. :SA0371155t-P", (40, 38, 300, 50)),
            ("LOT 5, NOT AN ADDRESS LINE", (40, 52, 300, 64)),
        ]
    )
    assert address == "40170 BANDAR SETIA ALAM, SELANGOR."
