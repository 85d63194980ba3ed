"""Labelled values: "Invoice No.: INV-0042" on one line, a label with its value to the
right on the same row, or a label with its value on the line below; and the same in
table rows ("Total | | $ 279.84"). Each becomes a :class:`Found` value of a field's type,
with the text as printed, where it was, and how sure the reading is.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from common.documents.results import BBox
from common.extraction.labels import match_label
from common.extraction.units import TableRow, Unit, below, right_of
from common.extraction.values import (
    check_vat,
    find_amounts,
    find_dates,
    iban_substring,
    parse_bic,
    parse_iban,
)

AMOUNT_FIELDS = ("subtotal", "tax", "total", "amount_paid", "amount_due", "rounding", "change")
DATE_FIELDS = ("issue_date", "due_date")
# How much a value is trusted by where it was found relative to its label.
SOURCE_CONFIDENCE = {"same_line": 0.95, "right": 0.9, "table_row": 0.9, "below": 0.8}
# Labels so generic that they count only with a value of the right type right after them.
WEAK_LABELS = {
    "no",
    "nr",
    "n°",
    "date",
    "data",
    "amount",
    "to",
    "from",
    "account",
    "terms",
    "invoice",
    "facture",
    "factura",
    "fattura",
    "factuur",
    "rechnung",
    "cash",
    "paid",
    "client",
    "customer",
    "due",
    "saldo",
}


@dataclass
class Found:
    """A field's value as read: ``raw`` as printed, ``value`` normalized (JSON-ready)."""

    field: str
    raw: str
    value: Any
    page: int
    bbox: BBox
    confidence: float
    engine: str
    label: str
    source: str  # same_line, right, below, table_row, heuristic
    rank: float = 0.0  # how specific the label is: longer labels rank higher
    order: int = 0  # position in reading order, for "the last total"
    notes: list[str] = dataclasses.field(default_factory=list)

    def json(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "value": self.value,
            "page": self.page,
            "box": [round(v, 2) for v in self.bbox],
            "confidence": round(self.confidence, 3),
            "engine": self.engine,
            "label": self.label,
            "source": self.source,
        }


_ID_RE = re.compile(r"[#:№.\s]*([A-Za-z0-9][A-Za-z0-9/_.\-]*\d[A-Za-z0-9/_.\-]*|\d[A-Za-z0-9/_.\-]*)")


def _read_id(text: str) -> tuple[str, str] | None:
    m = _ID_RE.match(text)
    if m is None:
        return None
    value = m.group(1).rstrip(".-/")
    if len(value) > 40 or not any(ch.isdigit() for ch in value) or find_dates(value):
        return None
    return value, value


def _read_amount(text: str) -> tuple[str, Any] | None:
    amounts = [a for a in find_amounts(text) if not _is_percent(text, a.raw)]
    if not amounts:
        return None
    last = amounts[-1]  # "Tax 15% on 112.90   16.94": the amount is the last one
    return last.raw, last.json()


def _is_percent(text: str, raw: str) -> bool:
    at = text.find(raw)
    return at >= 0 and text[at + len(raw) : at + len(raw) + 2].lstrip().startswith("%")


def _reader(month_first: bool) -> dict[str, Callable[[str], tuple[str, Any] | None]]:
    def read_date(text: str) -> tuple[str, Any] | None:
        dates = find_dates(text, month_first=month_first)
        return (dates[0].raw, dates[0].value.isoformat()) if dates else None

    def read_iban(text: str) -> tuple[str, Any] | None:
        raw = iban_substring(text)
        if raw is None:
            return None
        return raw, parse_iban(raw) or raw.replace(" ", "")

    def read_bic(text: str) -> tuple[str, Any] | None:
        bic = parse_bic(text)
        return (bic, bic) if bic else None

    def read_vat(text: str) -> tuple[str, Any] | None:
        vat = check_vat(text)
        return (vat[0], vat[0]) if vat else None

    def read_text(text: str) -> tuple[str, Any] | None:
        clean = text.strip(" :-\t")
        return (clean, clean) if len(clean) >= 2 else None

    readers: dict[str, Callable[[str], tuple[str, Any] | None]] = {
        "invoice_number": _read_id,
        "registration": _read_id,
        "iban": read_iban,
        "bic": read_bic,
        "vat_id": read_vat,
        "payment_terms": read_text,
    }
    readers.update({name: _read_amount for name in AMOUNT_FIELDS})
    readers.update({name: read_date for name in DATE_FIELDS})
    return readers


def find_fields(units: Sequence[Unit], rows: Sequence[TableRow], *, month_first: bool) -> list[Found]:
    """Every labelled value on the pages, in reading order."""
    readers = _reader(month_first)
    found: list[Found] = []
    for order, unit in enumerate(units):
        labels = [m for m in match_label(unit.text) if m[0] in readers]
        for i, (name, label, _start, end) in enumerate(labels):
            # The value lies between this label and the next one on the line.
            stop = labels[i + 1][2] if i + 1 < len(labels) else len(unit.text)
            rest = unit.text[end:stop]
            reading = readers[name](rest)
            source, where = "same_line", unit
            if name in AMOUNT_FIELDS and i == len(labels) - 1:
                # An amount column to the right wins over a figure in the label's own text
                # ("Tax 15% on $ 112.90 ........ $ 16.94": the base is on the label's line).
                column = right_of(unit, units)
                if column is not None and _amount_only(column.text) and readers[name](column.text):
                    reading, source, where = readers[name](column.text), "right", column
            if reading is None and not rest.strip(" :#-\t"):
                # Nothing after the label: its value is to the right, or below.
                for place, neighbour in (("right", right_of(unit, units)), ("below", below(unit, units))):
                    if neighbour is not None and not match_label(neighbour.text[:3]):
                        reading = readers[name](neighbour.text)
                        if reading is not None:
                            source, where = place, neighbour
                            break
            if reading is None:
                continue
            if name == "total" and _tax_columns([rest] + ([where.text] if where is not unit else [])):
                continue
            raw, value = reading
            if name == "iban" and label != "iban" and parse_iban(raw) is None:
                continue  # "Bank account: 1234567890" is an account number, not an IBAN
            found.append(
                Found(
                    field=name,
                    raw=raw,
                    value=value,
                    page=where.page,
                    bbox=where.bbox,
                    confidence=SOURCE_CONFIDENCE[source]
                    * (where.confidence or 1.0)
                    * (0.8 if label in WEAK_LABELS else 1.0),
                    engine=where.engine,
                    label=label,
                    source=source,
                    rank=len(label) - (10 if label in WEAK_LABELS else 0),
                    order=order,
                    notes=[unit.text] if where is not unit else [],
                )
            )
    base = len(units)
    for j, row in enumerate(rows):
        cells = [c.strip() for c in row.cells]
        below_row = rows[j + 1] if j + 1 < len(rows) and rows[j + 1].table == row.table else None
        for k, cell in enumerate(cells):
            if not cell or cell[:1].isdigit():
                continue
            matches = [m for m in match_label(cell) if m[0] in readers]
            if not matches:
                continue
            if _is_label_cell(cell, matches):
                # "Total", "Factuur totaal EUR", "Invoice Number:": the value is the next filled
                # cell to the right, or the cell below in the same column ("Booking ID" over it).
                typed = [m for m in matches if m[0] != "invoice_number"]
                name, label, _, end = (typed or matches)[0]
                filled = []
                for c in cells[k + 1 :]:
                    if c and not c[:1].isdigit() and (ms := match_label(c)) and _is_label_cell(c, ms):
                        break  # the next label's cells ("Excl. VAT | 593.36 | Subtotal | 717.97")
                    if c:
                        filled.append(c)
                # Amounts: the last before the next label ("Total | 24.99 net | 5.00 tax | 29.99")
                nxt = (filled[-1] if name in AMOUNT_FIELDS else filled[0]) if filled else None
                reading = readers[name](nxt) if nxt is not None else None
                context = [cell[end:], *filled]
                if reading is None and below_row is not None and k < len(below_row.cells):
                    reading = readers[name](below_row.cells[k].strip())
                    context = ["column"]  # a column's header over its first value
            else:
                # A cell that starts with its label may hold the value ("Tax 15% on $ 112.90"),
                # or name the one to its right.
                if matches[0][2] > 2 or matches[0][0] == "invoice_number":
                    continue
                name, label, _, end = matches[0]
                filled = [c for c in cells[k + 1 :] if c]
                reading = readers[name](filled[-1]) if filled else None
                if len(matches) > 1 and (own := readers[name](cell[end : matches[1][2]])):
                    # Two rows the OCR merged into one ("TOTAL ROUNDED 33.90 CASH | RM 33.90
                    # RM 50.00"): the value between this label and the next is its own.
                    reading = own
                if reading is None:
                    reading = readers[name](cell[end:])
                context = [cell[end:], *filled]
            if reading is None or (name == "total" and _tax_columns(context)):
                continue
            raw, value = reading
            weak = label in WEAK_LABELS
            found.append(
                Found(
                    name,
                    raw,
                    value,
                    row.page,
                    row.bbox,
                    SOURCE_CONFIDENCE["table_row"] * (0.8 if weak else 1.0),
                    row.engine,
                    label,
                    "table_row",
                    rank=len(label) - (10 if weak else 0),
                    order=base + j,
                    notes=[cell, *(["column"] if context == ["column"] else [])],
                )
            )
            if context != ["column"]:
                break  # the row's value is taken; a row of column headers names one per cell
    return found


def _tax_columns(texts: Sequence[str]) -> bool:
    """Whether a "Total" row holds a tax summary's columns ("Total: 313.50 | 18.81": the
    amount and its tax): several amounts, the last (which a total is read from) not the
    largest. A total row that sums to the right ("24.99 net | 5.00 tax | 29.99") is not."""
    amounts = [a.value for t in texts for a in find_amounts(t) if not _is_percent(t, a.raw)]
    return len(amounts) >= 2 and amounts[-1] < max(amounts)


_CODE = re.compile(r"\b[A-Z]{3}\b")


def _amount_only(text: str) -> bool:
    return bool(find_amounts(text)) and sum(ch.isalpha() for ch in _CODE.sub("", text)) <= 3


def _is_label_cell(cell: str, matches: list[tuple[str, str, int, int]]) -> bool:
    """A cell of labels only: no digits, and no word outside a label but a currency code."""
    if any(ch.isdigit() for ch in cell):
        return cell.rstrip().endswith(":")
    rest = cell
    for _, _, start, end in sorted(matches, key=lambda m: -m[2]):
        rest = rest[:start] + " " + rest[end:]
    rest = _CODE.sub(" ", rest)
    return sum(ch.isalpha() for ch in rest) <= 2


# Words of the non-English label languages: where a document uses them, its dates put the
# day first whatever its currency (German, French, Dutch, Spanish and Italian all do).
_DAY_FIRST_WORDS = re.compile(
    r"\b(rechnung\w*|datum|fällig\w*|facture|échéance|factuur\w*|factura|fecha|fattura|scadenza|data)\b",
    re.IGNORECASE,
)


def decide_month_first(texts: Sequence[str], currency: str | None) -> bool:
    """Whether numeric dates in this document put the month first: a date like 03/20/2023
    decides; then the language (the label languages other than English put the day
    first); then US dollars suggest the US order."""
    for text in texts:
        for m in re.finditer(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?!\d)", text):
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                return False
            if b > 12 >= a:
                return True
    if any(_DAY_FIRST_WORDS.search(t) for t in texts):
        return False
    return currency == "USD"
