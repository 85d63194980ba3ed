"""Line items from a document's tables: the columns are named by their header cells
(description, quantity, unit price, amount, tax rate, in the label languages), and each
row with a description and an amount is an item. Rows that are totals are not items."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from common.extraction.labels import match_label, normalize
from common.extraction.units import TableRow
from common.extraction.values import find_amounts, parse_number

COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "description": (
        "description",
        "item",
        "items",
        "product",
        "article",
        "details",
        "service",
        "particulars",
        "beschreibung",
        "bezeichnung",
        "artikel",
        "leistung",
        "désignation",
        "designation",
        "libellé",
        "omschrijving",
        "descripción",
        "concepto",
        "descrizione",
        "name",
    ),
    "quantity": (
        "qty",
        "quantity",
        "qté",
        "qte",
        "quantité",
        "menge",
        "anzahl",
        "aantal",
        "cantidad",
        "cant",
        "quantità",
        "qtà",
        "units",
        "hours",
    ),
    "unit_price": (
        "unit price",
        "price",
        "rate",
        "unit cost",
        "einzelpreis",
        "preis",
        "prix unitaire",
        "prix",
        "pu",
        "stukprijs",
        "prijs",
        "precio unitario",
        "precio",
        "prezzo unitario",
        "prezzo",
    ),
    "amount": (
        "amount",
        "total",
        "line total",
        "net",
        "betrag",
        "gesamt",
        "summe",
        "montant",
        "total ht",
        "bedrag",
        "totaal",
        "importe",
        "importo",
        "subtotal",
    ),
    "tax_rate": ("tax", "taxes", "vat", "vat %", "tax %", "mwst", "ust", "tva", "btw", "iva", "gst"),
}


def _roles(header: Sequence[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, cell in enumerate(header):
        text = normalize(cell)
        for role, words in COLUMN_WORDS.items():
            if role in roles:
                continue
            if any(text == w or text.startswith(w + " ") or text.endswith(" " + w) for w in words):
                roles[role] = i
                break
    return roles


def _decimal(cell: str) -> Decimal | None:
    m = re.search(r"[-\u2212]?\d[\d.,'\u00a0 ]*", cell)
    return parse_number(m.group(0)) if m else None


def line_items(rows: Sequence[TableRow], *, month_first: bool = False) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    by_table: dict[int, list[TableRow]] = {}
    for row in rows:
        by_table.setdefault(row.table, []).append(row)
    for table_rows in by_table.values():
        roles = _roles(table_rows[0].header)
        if "description" not in roles or "amount" not in roles:
            continue
        for row in table_rows[1:]:
            cells = row.cells
            desc = cells[roles["description"]].strip() if roles["description"] < len(cells) else ""
            amount_cell = cells[roles["amount"]] if roles["amount"] < len(cells) else ""
            amounts = find_amounts(amount_cell)
            if not desc or not amounts:
                continue
            labels = [m[0] for m in match_label(desc)]
            if any(name in ("subtotal", "total", "tax", "amount_due") for name in labels) and len(desc) < 30:
                continue  # a totals row inside the table
            item: dict[str, Any] = {
                "description": desc,
                "amount": amounts[-1].json(),
                "page": row.page,
                "box": [round(v, 2) for v in row.bbox],
                "engine": row.engine,
                "confidence": 0.8,
            }
            for role in ("quantity", "unit_price"):
                if role in roles and roles[role] < len(cells):
                    value = _decimal(cells[roles[role]])
                    item[role] = f"{value:f}" if value is not None else None
            if "tax_rate" in roles and roles["tax_rate"] < len(cells):
                rate = re.search(r"(\d{1,2}(?:[.,]\d{1,2})?)\s?%", cells[roles["tax_rate"]])
                item["tax_rate"] = rate.group(1).replace(",", ".") if rate else None
            items.append(item)
    return items
