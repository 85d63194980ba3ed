"""Checks that a typed invoice or receipt must pass. Each is reported as passed, failed
(with the numbers) or not applicable; a failed check lowers the confidence of the values
it involves. Nothing is corrected: the values stay as printed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from common.extraction.fields import Found
from common.extraction.values import check_vat, parse_iban

CENT = Decimal("0.01")
PENALTY = 0.5  # a failed check halves the confidence of each value it involves


def _amount(found: Found | None) -> Decimal | None:
    if found is None or not isinstance(found.value, dict):
        return None
    return Decimal(found.value["amount"])


def _result(name: str, status: str, detail: str, **numbers: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "status": status, "detail": detail}
    if numbers:
        out["numbers"] = {k: (f"{v:f}" if isinstance(v, Decimal) else v) for k, v in numbers.items()}
    return out


def run_checks(
    record: dict[str, Found | None], items: list[dict[str, Any]], tax_rate: Decimal | None, today: date
) -> list[dict[str, Any]]:
    """The checks, in a fixed order; lowers the confidence of values in failed ones."""
    results: list[dict[str, Any]] = []

    def failed(name: str, detail: str, involved: list[Found | None], **numbers: Any) -> None:
        for f in involved:
            if f is not None:
                f.confidence *= PENALTY
                f.notes.append(f"check {name} failed")
        results.append(_result(name, "failed", detail, **numbers))

    subtotal, tax, total = (
        _amount(record.get("subtotal")),
        _amount(record.get("tax")),
        _amount(record.get("total")),
    )
    amounts = [Decimal(i["amount"]["amount"]) for i in items if i.get("amount")]
    tolerance = CENT * max(1, len(amounts))  # each item may be rounded by half a cent
    if amounts and subtotal is not None:
        s = sum(amounts, Decimal(0))
        if abs(s - subtotal) <= tolerance:
            results.append(
                _result(
                    "line_items_sum", "passed", "line items add up to the subtotal", sum=s, subtotal=subtotal
                )
            )
        else:
            failed(
                "line_items_sum",
                "line items do not add up to the subtotal",
                [record.get("subtotal")],
                sum=s,
                subtotal=subtotal,
            )
    else:
        results.append(_result("line_items_sum", "not_applicable", "needs line items and a subtotal"))

    if subtotal is not None and tax is not None and total is not None:
        if abs(subtotal + tax - total) <= CENT:
            results.append(
                _result(
                    "subtotal_plus_tax",
                    "passed",
                    "subtotal + tax = total",
                    subtotal=subtotal,
                    tax=tax,
                    total=total,
                )
            )
        else:
            failed(
                "subtotal_plus_tax",
                "subtotal + tax differs from the total",
                [record.get("subtotal"), record.get("tax"), record.get("total")],
                subtotal=subtotal,
                tax=tax,
                total=total,
                difference=total - subtotal - tax,
            )
    else:
        results.append(_result("subtotal_plus_tax", "not_applicable", "needs subtotal, tax and total"))

    base = _amount(record.get("tax_base")) or subtotal
    if tax is not None and base is not None and tax_rate is not None:
        expected = (base * tax_rate / 100).quantize(CENT)
        if abs(expected - tax) <= CENT:
            results.append(
                _result("tax_rate", "passed", "tax = base x rate", base=base, rate=tax_rate, tax=tax)
            )
        else:
            failed(
                "tax_rate",
                "tax differs from base x rate",
                [record.get("tax")],
                base=base,
                rate=tax_rate,
                tax=tax,
                expected=expected,
            )
    else:
        results.append(_result("tax_rate", "not_applicable", "needs a tax amount, its base and its rate"))

    iban = record.get("iban")
    if iban is not None:
        if parse_iban(iban.raw):
            results.append(_result("iban_check_digits", "passed", "the IBAN's check digits hold"))
        else:
            failed("iban_check_digits", "the IBAN's check digits do not hold", [iban], iban=iban.value)
    else:
        results.append(_result("iban_check_digits", "not_applicable", "no IBAN"))

    vat = record.get("vat_id")
    verdict = check_vat(vat.raw) if vat is not None else None
    if vat is None or verdict is None:
        results.append(_result("vat_id_check_digits", "not_applicable", "no VAT ID"))
    elif verdict[1]:
        results.append(_result("vat_id_check_digits", "passed", "the VAT ID's check digits hold"))
    else:
        failed(
            "vat_id_check_digits",
            "the VAT ID's check digits do not hold (or its country is unknown)",
            [vat],
            vat_id=vat.value,
        )

    issued, due = record.get("issue_date"), record.get("due_date")
    if issued is None:
        results.append(_result("dates_plausible", "not_applicable", "no issue date"))
    else:
        day = date.fromisoformat(issued.value)
        problems = []
        if not date(1990, 1, 1) <= day <= today + timedelta(days=366):
            problems.append("the issue date is before 1990 or more than a year ahead")
        if due is not None and date.fromisoformat(due.value) < day:
            problems.append("the due date is before the issue date")
        if problems:
            failed(
                "dates_plausible",
                "; ".join(problems),
                [issued, due],
                issue_date=issued.value,
                due_date=due.value if due else None,
            )
        else:
            results.append(_result("dates_plausible", "passed", "the dates are plausible"))
    return results
