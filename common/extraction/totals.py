"""Which labelled amount is the document's total.

A receipt prints "total" on many lines that are not the amount paid: counts ("Total Qty
2"), discounts, sums before tax ("Total Sales (Excluding GST)"), a column's header over its
first value ("Amount"), and a tax summary's own total row ("Total: 313.50 | 18.81", dropped
where it is read, in fields.py). Those are set aside; among the rest the best label wins,
and the receipt's own arithmetic decides where it can: the cash tendered less the change,
or the subtotal plus the tax (and the rounding), when that amount is printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from common.extraction.fields import WEAK_LABELS, Found
from common.extraction.labels import match_label
from common.extraction.units import TableRow, Unit
from common.extraction.values import find_amounts

# What follows "Total" on a line that counts or discounts rather than sums to pay.
_NOT_TOTAL = re.compile(
    r"^[\s.:()\-]*(qty|quantity|items?|item count|count|discount|disc|savings?|saved|pcs|units?|points?|"
    r"weight|tax|gst|vat)\b",
    re.IGNORECASE,
)
# A sum before tax printed under a total label.
_EXCLUDING = re.compile(r"\b(excl\w*|exc1\w*|excluded|exclusive|before|w/o|without|ex)\b", re.IGNORECASE)
# A "net total" after the tax lines is the amount to pay (receipts), not the net sum.
_NET_TOTAL = ("net total", "total net")
# An amount printed with its cents: "18.00", not the year of "23/01/2018".
_CENTS = re.compile(r"\d[.,]\d\d(?!\d)")


def _amount(f: Found | None) -> Decimal | None:
    return Decimal(f.value["amount"]) if f is not None and isinstance(f.value, dict) else None


def best(candidates: Sequence[Found]) -> Found | None:
    if not candidates:
        return None
    # The most specific label; between equals the last in reading order (a total is printed
    # after the lines it sums, a re-stated one at the end).
    return max(candidates, key=lambda f: (round(f.confidence, 1), f.rank, f.order))


def _label_text(f: Found, units: Sequence[Unit]) -> str:
    """The text the label was printed in: its cell or line."""
    if f.notes:
        return f.notes[0]
    return next((u.text for u in units if u.page == f.page and u.bbox == f.bbox), "")


def _is_total(f: Found, units: Sequence[Unit]) -> bool:
    if f.label == "amount" and (f.source == "below" or "column" in f.notes):
        return False  # a column's header: the value under it is the first line's
    text = _label_text(f, units)
    if _EXCLUDING.search(text):
        return False
    for name, _, _, end in match_label(text):
        if name == "total" and _NOT_TOTAL.match(text[end:]):
            return False
    return True


def _same_place(a: Found, b: Found) -> bool:
    """Whether the reading orders of two values compare: both from lines or both from rows."""
    return (a.source == "table_row") == (b.source == "table_row")


def _printed(
    target: Decimal,
    units: Sequence[Unit],
    rows: Sequence[TableRow],
    why: str,
    skip: Sequence[Found] = (),
) -> Found | None:
    """The first place ``target`` is printed as an amount (not on the lines of ``skip``)."""
    places = [(u.text, u.page, u.bbox, u.engine, u.confidence, i) for i, u in enumerate(units)]
    places = [p for p in places if not any((p[1], p[2]) == (f.page, f.bbox) for f in skip)]
    places += [
        (c, r.page, r.bbox, r.engine, None, len(units) + j) for j, r in enumerate(rows) for c in r.cells
    ]
    for text, page, bbox, engine, confidence, order in places:
        for a in find_amounts(text):
            if a.value == target and _CENTS.search(a.raw):
                conf = 0.7 * (confidence or 1.0)
                return Found(
                    "total",
                    a.raw,
                    a.json(),
                    page,
                    bbox,
                    conf,
                    engine,
                    "",
                    "checked",
                    order=order,
                    notes=[why],
                )
    return None


def _expected(by_field: dict[str, list[Found]]) -> list[tuple[Decimal, str]]:
    """The totals the receipt's arithmetic gives: paid less change, subtotal plus tax."""
    out: list[tuple[Decimal, str]] = []
    paid, change = _amount(best(by_field.get("amount_paid", []))), _amount(best(by_field.get("change", [])))
    if paid is not None and change is not None and paid > change:
        out.append((paid - change, "paid less change"))
    sub, tax = _amount(best(by_field.get("subtotal", []))), _amount(best(by_field.get("tax", [])))
    rounding = _amount(best(by_field.get("rounding", [])))
    if sub is not None and tax is not None and tax < sub:
        out.append((sub + tax, "subtotal plus tax"))
        if rounding:
            out.append((sub + tax + rounding, "subtotal plus tax and rounding"))
    return [(v, why) for v, why in out if v > 0]


def choose_total(
    by_field: dict[str, list[Found]], units: Sequence[Unit], rows: Sequence[TableRow]
) -> Found | None:
    """The total: the best of the amounts labelled as one, checked against the receipt's
    arithmetic where it can be."""
    kept = [f for f in by_field.get("total", []) if _is_total(f, units)]
    if all(f.label in WEAK_LABELS for f in kept):
        # No line says "Total" outright ("Amount: 1,234.56" in the payment details at
        # most): the "Total due" an invoice prints under its sums is its total. Beside a
        # printed "Total" it is not (after a payment it is less).
        kept += [f for f in by_field.get("amount_due", []) if f.label.startswith("total")]
    taxes = by_field.get("tax", [])
    for f in by_field.get("subtotal", []):
        after_tax = any(_same_place(t, f) and t.order < f.order for t in taxes)
        if f.label in _NET_TOTAL and (after_tax or not kept):
            kept.append(f)
    chosen = best(kept)
    expected = _expected(by_field)
    if chosen is not None and any(_amount(chosen) == v for v, _ in expected):
        return _as_total(chosen)
    for value, why in expected:
        agreeing = [f for f in kept if _amount(f) == value]
        if agreeing:
            return _as_total(best(agreeing))
        if chosen is None or why == "paid less change":
            printed = _printed(value, units, rows, why)
            if printed is not None:
                return printed
    return _as_total(chosen)


def _as_total(f: Found | None) -> Found | None:
    if f is None or f.field == "total":
        return f
    notes = [*f.notes, "read from a net total after the tax"]
    return Found(
        "total",
        f.raw,
        f.value,
        f.page,
        f.bbox,
        f.confidence,
        f.engine,
        f.label,
        f.source,
        f.rank,
        f.order,
        notes,
    )


def rounded_total(
    total: Found | None, rounding: Found | None, units: Sequence[Unit], rows: Sequence[TableRow]
) -> Found | None:
    """A receipt rounds its total ("TOTAL 33.92 / ROUNDING -0.02 / ... 33.90"): the amount
    paid is the rounded one, printed after the rounding line. It is taken where it is
    printed (total + rounding, found on the page), never computed in its place. A total
    printed after the rounding line is the rounded one already."""
    if total is None or rounding is None or (_same_place(total, rounding) and total.order > rounding.order):
        return None
    adjustment = Decimal(rounding.value["amount"])
    if adjustment == 0:
        return None
    target = Decimal(total.value["amount"]) + adjustment
    if target <= 0:
        return None
    found = _printed(target, units, rows, f"{total.raw} {rounding.raw}", skip=(total, rounding))
    if found is None:
        return None
    found.confidence, found.label, found.source = total.confidence, "rounded total", "rounded"
    return found
