"""A document's structured data from its page results: key-value pairs, its kind, and for
an invoice or a receipt the typed record with provenance, line items and checks.

Pure functions over :class:`~common.documents.results.PageResult`: no services, no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from common.documents.results import PageResult
from common.extraction.checks import run_checks
from common.extraction.contracts import contract_fields
from common.extraction.fields import AMOUNT_FIELDS, Found, decide_month_first, find_fields
from common.extraction.items import line_items
from common.extraction.labels import CONTRACT_WORDS, INVOICE_WORDS, RECEIPT_WORDS, normalize
from common.extraction.parties import issuer
from common.extraction.totals import best, choose_total, rounded_total
from common.extraction.units import TableRow, Unit, below, right_of, units_of
from common.extraction.values import CURRENCY_CODES, find_amounts, find_dates

SCHEMA_VERSION = 1
RECORD_FIELDS = (
    "invoice_number",
    "issue_date",
    "due_date",
    "currency",
    "subtotal",
    "tax",
    "total",
    "amount_paid",
    "amount_due",
    "payment_terms",
    "iban",
    "bic",
    "vat_id",
    "registration",
)
_PAIR = re.compile(r"^\s*([^:]{2,40}?)\s*:\s*(\S.{0,200})$")
_RATE = re.compile(r"(\d{1,2}(?:[.,]\d{1,2})?)\s?%")


def document_kind(texts: Sequence[str]) -> str:
    """invoice, receipt, contract or other, by the words the pages use."""
    words = normalize(" ".join(texts[:400]))

    def count(terms: Sequence[str]) -> int:
        return sum(len(re.findall(rf"(?<!\w){re.escape(t)}(?!\w)", words)) for t in terms)

    score = {
        "invoice": count(INVOICE_WORDS),
        "receipt": count(RECEIPT_WORDS),
        "contract": count(CONTRACT_WORDS),
    }
    kind, best = max(score.items(), key=lambda kv: kv[1])
    return kind if best > 0 else "other"


_CODE_WORD = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted(CURRENCY_CODES)) + r")(?![A-Za-z])")


def _currency(texts: Sequence[str]) -> str | None:
    """The document's currency: the one its amounts are printed with most, else the ISO
    code it names most ("Factuur totaal EUR")."""
    counts = Counter(a.currency for t in texts for a in find_amounts(t) if a.currency)
    if not counts:
        counts = Counter(m.group(1) for t in texts for m in _CODE_WORD.finditer(t))
    return counts.most_common(1)[0][0] if counts else None


def key_value_pairs(units: Sequence[Unit]) -> list[dict[str, Any]]:
    """Every "Label: value" line, and every "Label:" line with its value beside or below it."""
    pairs: list[dict[str, Any]] = []
    for unit in units:
        text = unit.text.strip()
        m = _PAIR.match(text)
        value_unit = unit
        if m is not None:
            key, value = m.group(1), m.group(2)
        elif text.endswith(":") and 2 <= len(text) <= 41:
            neighbour = right_of(unit, units) or below(unit, units)
            if neighbour is None:
                continue
            key, value, value_unit = text[:-1], neighbour.text.strip(), neighbour
        else:
            continue
        if not any(ch.isalpha() for ch in key):
            continue
        pairs.append(
            {
                "key": key.strip(),
                "value": value.strip(),
                "page": unit.page,
                "key_box": [round(v, 2) for v in unit.bbox],
                "value_box": [round(v, 2) for v in value_unit.bbox],
                "confidence": round(0.9 * (value_unit.confidence or 1.0), 3),
                "engine": value_unit.engine,
            }
        )
    return pairs


def extract(pages: Sequence[PageResult], *, today: date | None = None) -> dict[str, Any]:
    """The ``fields`` output of a document: JSON-ready."""
    today = today or datetime.now(UTC).date()
    units, rows = units_of(pages)
    texts = [u.text for u in units] + [c for r in rows for c in r.cells if c]
    currency = _currency(texts)
    month_first = decide_month_first(texts, currency)
    found = find_fields(units, rows, month_first=month_first)
    by_field: dict[str, list[Found]] = {}
    for f in found:
        by_field.setdefault(f.field, []).append(f)
    record: dict[str, Found | None] = {name: best(by_field.get(name, [])) for name in RECORD_FIELDS}
    record["total"] = choose_total(by_field, units, rows)

    if record["issue_date"] is None:
        record["issue_date"] = _first_date(units, rows, month_first)
    rounded = rounded_total(record["total"], best(by_field.get("rounding", [])), units, rows)
    if rounded is not None:
        record["total"] = rounded
    if record["total"] is None and record["amount_due"] is not None:
        # "Amount due" is the total where no total is printed (nothing was paid yet)
        due = record["amount_due"]
        record["total"] = Found(
            "total",
            due.raw,
            due.value,
            due.page,
            due.bbox,
            due.confidence * 0.9,
            due.engine,
            due.label,
            due.source,
            notes=["read from the amount due"],
        )
    tax = record["tax"]
    tax_rate = None
    tax_base: Found | None = None
    if tax is not None:
        # "Tax 15% on $ 112.90": the rate, and the base where it is not the subtotal
        label_text = " ".join(tax.notes) + " " + _unit_text(units, tax)
        rate = _RATE.search(label_text)
        tax_rate = Decimal(rate.group(1).replace(",", ".")) if rate else None
        bases = [a for a in find_amounts(label_text.replace(tax.raw, " ")) if not _RATE.match(a.raw + "%")]
        bases = [a for a in bases if rate is None or a.raw not in rate.group(0)]
        if len(bases) == 1:
            b = bases[0]
            tax_base = Found(
                "tax_base",
                b.raw,
                b.json(),
                tax.page,
                tax.bbox,
                tax.confidence,
                tax.engine,
                tax.label,
                tax.source,
            )
    record["tax_base"] = tax_base

    items = line_items(rows, month_first=month_first)
    kind = document_kind(texts)
    party = issuer(units)
    checks = run_checks(record, items, tax_rate, today)
    doc_currency = currency or next(
        (f.value.get("currency") for f in found if f.field in AMOUNT_FIELDS and f.value.get("currency")), None
    )
    typed: dict[str, Any] = {name: (f.json() if f is not None else None) for name, f in record.items()}
    typed.pop("tax_base", None)
    typed["currency"] = doc_currency
    if tax_rate is not None and typed.get("tax"):
        typed["tax_lines"] = [
            {
                "rate": f"{tax_rate:f}",
                "base": tax_base.value if tax_base else (typed["subtotal"] or {}).get("value"),
                "amount": typed["tax"]["value"],
            }
        ]
    else:
        typed["tax_lines"] = []
    typed["seller"] = (
        {
            "name": party.name,
            "address": party.address,
            "page": party.page,
            "name_box": [round(v, 2) for v in party.name_box],
            "address_box": [round(v, 2) for v in party.address_box] if party.address_box else None,
            "confidence": round(party.confidence, 3),
            "engine": party.engine,
        }
        if party
        else None
    )
    typed["line_items"] = items
    return {
        "schema_version": SCHEMA_VERSION,
        "document_kind": kind,
        "pairs": key_value_pairs(units),
        "record": typed if kind in ("invoice", "receipt") or record["total"] is not None else None,
        # A contract's parties, effective date, term and governing law, where it states them.
        "contract": contract_fields(pages) if kind == "contract" else None,
        "checks": checks,
        "all_checks_passed": all(c["status"] != "failed" for c in checks),
    }


def _unit_text(units: Sequence[Unit], f: Found) -> str:
    for u in units:
        if u.page == f.page and u.bbox == f.bbox:
            return u.text
    return ""


def _first_date(units: Sequence[Unit], rows: Sequence[TableRow], month_first: bool) -> Found | None:
    """The first date printed, where no date is labelled: in the lines, else in the table
    rows (OCR'd receipts often come out as one table, their date line among its rows)."""
    places = [(u.text, u.page, u.bbox, u.engine, u.confidence) for u in units]
    places += [(" ".join(r.cells), r.page, r.bbox, r.engine, None) for r in rows]
    for order, (text, page, bbox, engine, confidence) in enumerate(places):
        dates = find_dates(text, month_first=month_first)
        if dates:
            d = dates[0]
            return Found(
                "issue_date",
                d.raw,
                d.value.isoformat(),
                page,
                bbox,
                0.6 * (confidence or 1.0),
                engine,
                "",
                "heuristic",
                order=order,
            )
    return None


def summary(fields: dict[str, Any]) -> dict[str, Any]:
    """The webhook's short form of a ``fields`` output."""
    record = fields.get("record") or {}
    total = record.get("total")
    return {
        "document_kind": fields["document_kind"],
        "total": total["value"] if total else None,
        "all_checks_passed": fields["all_checks_passed"],
    }
