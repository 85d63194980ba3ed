"""A client's JSON Schema of the fields it wants, and its answer from the CPU fields.

A document may carry a ``schema`` form field: a JSON Schema (at most 16 KB) of an object
whose properties are the values the client wants. It is checked at submit (a valid schema
by the ``jsonschema`` library's own meta-schema check, an object with named properties, no
reference outside itself). At finalize each property is answered from the ``fields``
output where its name means one of the typed fields (``total``, ``invoice_number``,
``seller_name``...) or matches a printed label; the rest are null with the reason. The
answer is validated against the schema, and the errors are reported, not hidden.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from jsonschema import exceptions as schema_errors
from jsonschema import validators

from common.core.errors import InvalidInput

MAX_SCHEMA_BYTES = 16 * 1024
MAX_PROPERTIES = 100

# Property names (normalized: lowercase, words joined by "_") that mean a typed field.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "invoice_number": (
        "invoice_number",
        "invoice_no",
        "invoice_id",
        "number",
        "document_number",
        "receipt_number",
        "bill_number",
    ),
    "issue_date": ("issue_date", "invoice_date", "date", "document_date", "receipt_date"),
    "due_date": ("due_date", "payment_due_date", "payment_due"),
    "total": ("total", "total_amount", "grand_total", "amount", "amount_total", "invoice_total", "total_due"),
    "subtotal": ("subtotal", "sub_total", "net_amount", "amount_untaxed", "total_net"),
    "tax": ("tax", "tax_amount", "vat", "vat_amount", "total_tax", "amount_tax"),
    "currency": ("currency", "currency_code"),
    "iban": ("iban", "bank_account"),
    "bic": ("bic", "swift", "bic_swift"),
    "vat_id": ("vat_id", "vat_number", "tax_id", "vat_no", "seller_vat_id"),
    "payment_terms": ("payment_terms", "terms"),
    "seller.name": (
        "seller",
        "seller_name",
        "vendor",
        "vendor_name",
        "supplier",
        "company",
        "company_name",
        "merchant",
        "merchant_name",
        "issuer",
    ),
    "seller.address": ("seller_address", "address", "vendor_address", "company_address", "merchant_address"),
    "line_items": ("line_items", "items", "lines", "positions"),
}
_BY_NAME = {name: target for target, names in SYNONYMS.items() for name in names}


def _norm(name: str) -> str:
    snake = re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()  # invoiceNumber -> invoice_number
    return re.sub(r"[^a-z0-9]+", "_", snake).strip("_")


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def parse_schema(raw: str | None) -> dict[str, Any] | None:
    """The ``schema`` form field, checked; None where it is absent."""
    if raw is None or not raw.strip():
        return None
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_SCHEMA_BYTES:
        raise InvalidInput(f"schema: larger than {MAX_SCHEMA_BYTES} bytes", field="schema")
    try:
        schema = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise InvalidInput(f"schema: not JSON ({str(exc)[:120]})", field="schema") from exc
    if not isinstance(schema, dict):
        raise InvalidInput("schema: a JSON Schema object is expected", field="schema")
    try:
        validators.validator_for(schema).check_schema(schema)
    except schema_errors.SchemaError as exc:
        raise InvalidInput(f"schema: not a valid JSON Schema ({exc.message[:200]})", field="schema") from exc
    except RecursionError as exc:
        raise InvalidInput("schema: nested too deeply", field="schema") from exc
    props = schema.get("properties")
    if schema.get("type") != "object" or not isinstance(props, dict) or not props:
        raise InvalidInput(
            'schema: must be {"type": "object", "properties": {...}} with at least one property',
            field="schema",
        )
    if len(props) > MAX_PROPERTIES:
        raise InvalidInput(f"schema: at most {MAX_PROPERTIES} properties", field="schema")
    outside = [r for r in _refs(schema) if not r.startswith("#")]
    if outside:
        raise InvalidInput(
            f"schema: references outside the schema are not followed ({outside[0][:80]})", field="schema"
        )
    return schema


def _typed(value: Any, spec: dict[str, Any]) -> Any:
    """A fields-output value in the type the property asks for."""
    kind = spec.get("type")
    if isinstance(value, dict) and set(value) >= {"amount", "currency"}:
        if kind in ("number", "integer"):
            number = Decimal(value["amount"])
            return int(number) if kind == "integer" and number == number.to_integral() else float(number)
        if kind == "string":
            return value["amount"]
        return value
    if kind == "number" and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _lookup(target: str, record: dict[str, Any]) -> tuple[Any, dict[str, Any] | None]:
    if target.startswith("seller."):
        seller = record.get("seller") or {}
        key = target.split(".", 1)[1]
        value = seller.get(key)
        box = seller.get("name_box" if key == "name" else "address_box")
        source = {"page": seller.get("page"), "box": box, "engine": seller.get("engine")} if value else None
        return value, source
    if target in ("currency", "line_items"):
        value = record.get(target)
        return (value or None), ({"derived": True} if value else None)
    found = record.get(target)
    if not found:
        return None, None
    return found["value"], {k: found[k] for k in ("raw", "page", "box", "confidence", "engine")}


def answer(schema: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """Each property's value from the ``fields`` output (typed fields, then printed labels),
    with where it was found, or null with the reason; then the schema's verdict on it."""
    record = fields.get("record") or {}
    pairs = {_norm(p["key"]): p for p in fields.get("pairs", [])}
    values: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    missing: dict[str, str] = {}
    for name, spec in schema["properties"].items():
        spec = spec if isinstance(spec, dict) else {}
        key = _norm(name)
        target = _BY_NAME.get(key)
        value, source = _lookup(target, record) if target else (None, None)
        if value is None and key in pairs:
            pair = pairs[key]
            value = pair["value"]
            source = {
                "page": pair["page"],
                "box": pair["value_box"],
                "confidence": pair["confidence"],
                "engine": pair["engine"],
                "label": pair["key"],
            }
        if value is None:
            values[name] = None
            missing[name] = (
                f"no {target.replace('.', ' ').replace('_', ' ')} was found on the document"
                if target
                else "no field of this name was found on the document, and no model engine was asked"
            )
            continue
        values[name] = _typed(value, spec)
        sources[name] = source
    validator = validators.validator_for(schema)(schema)
    errors = [
        {"path": "/".join(str(p) for p in e.absolute_path), "message": e.message[:300]}
        for e in sorted(validator.iter_errors(values), key=lambda e: list(e.absolute_path))
    ]
    return {
        "values": values,
        "sources": sources,
        "missing": missing,
        "valid": not errors,
        "errors": errors,
        "answered_by": "cpu-fields",
    }
