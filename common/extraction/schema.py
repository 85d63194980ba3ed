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
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from jsonschema import exceptions as schema_errors
from jsonschema import validators

from common.core.errors import InvalidInput
from common.extraction.values import find_amounts, find_dates

MAX_SCHEMA_BYTES = 16 * 1024
MAX_PROPERTIES = 100
# What a model engine is asked, with the schema after it.
SCHEMA_PROMPT = (
    "Read this page and give the values of the fields this JSON Schema describes, as one JSON "
    "object. Copy each value as it is printed on the page; use null for a field the page does "
    "not show."
)

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


def stored_schema(value: Any) -> dict[str, Any] | None:
    """A document's schema as its options keep it: the client's JSON text, since Postgres'
    jsonb reorders an object's keys (shortest first) and a model asked for the schema fills
    its properties in the order it is given them; an object in rows written before."""
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else None


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


def read_answer(content: str, schema: dict[str, Any], engine: str) -> dict[str, Any]:
    """A model's answer to a schema, as it is kept with the page: the JSON object it gave
    (or None) and why it cannot be used as given (not JSON, or not what the schema says)."""
    text = content.strip()
    fenced = re.match(r"^```(?:json)?\s*(.*?)\s*```$", text, re.DOTALL)  # a fence around it
    if fenced:
        text = fenced.group(1)
    try:
        values = json.loads(text)
    except (ValueError, RecursionError):
        return {
            "values": None,
            "errors": [f"the model's answer is not JSON: {content[:200]!r}"],
            "engine": engine,
        }
    if not isinstance(values, dict):
        return {"values": None, "errors": ["the model's answer is not a JSON object"], "engine": engine}
    validator = validators.validator_for(schema)(schema)
    errors = [
        f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message[:200]}"
        for e in validator.iter_errors(values)
    ]
    return {"values": values, "errors": errors, "engine": engine}


_NO_ANSWER = {"", "none", "null", "n/a", "na", "-", "unknown", "not shown", "not found"}


def field_question(name: str, spec: dict[str, Any]) -> str:
    """The question a prompt-following model (smolvlm) is asked for one property: its
    ``description`` where that is a question, else one made from its name."""
    description = str(spec.get("description") or "").strip()
    if description.endswith("?"):
        return description
    question = f"What is the {_norm(name).replace('_', ' ')} on this page?"
    if description:
        question += f" ({description})"
    return question + " Answer with the value only, or none."


def read_field_answer(text: str, spec: dict[str, Any]) -> tuple[Any, str | None]:
    """A model's answer to :func:`field_question` in the property's type, and why not
    where it cannot be read as one."""
    answer = text.strip().splitlines()[0].strip() if text.strip() else ""
    if answer.casefold().strip(" .") in _NO_ANSWER:
        return None, None
    kind = spec.get("type")
    if kind in ("number", "integer"):
        amounts = find_amounts(answer)
        if not amounts:
            return None, f"no number in the answer {answer[:80]!r}"
        number = amounts[-1].value
        return (int(number) if kind == "integer" and number == number.to_integral() else float(number)), None
    if kind == "boolean":
        word = answer.casefold().split()[0].strip(".,")
        if word in ("yes", "true", "ja", "oui", "si", "sí"):
            return True, None
        if word in ("no", "false", "nein", "non"):
            return False, None
        return None, f"not yes or no: {answer[:80]!r}"
    if spec.get("format") == "date":
        dates = find_dates(answer)
        return (dates[0].value.isoformat(), None) if dates else (None, f"no date in {answer[:80]!r}")
    return answer.rstrip("."), None


def _printed(value: Any, page_text: str) -> bool:
    """Whether a model's value appears on its page: an amount among the page's amounts, a
    date among its dates, anything else in its text (case and spacing folded)."""
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, int | float):
        return any(a.value == Decimal(str(value)) for a in find_amounts(page_text))
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return any(d.value.isoformat() == text for d in find_dates(page_text)) or text in page_text
    fold = " ".join(text.casefold().split())
    return bool(fold) and fold in " ".join(page_text.casefold().split())


def _model_values(
    schema: dict[str, Any], pages: Sequence[tuple[int, str, dict[str, Any] | None]]
) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Per property, the first page's non-null model value, with its page and whether it is
    printed there; and the model's own errors, page by page."""
    values: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    errors: list[str] = []
    for page_no, text, extracted in pages:
        if not extracted:
            continue
        errors.extend(f"page {page_no}: {e}" for e in extracted.get("errors", []))
        for name in schema["properties"]:
            value = (extracted.get("values") or {}).get(name)
            if value is not None and name not in values:
                values[name] = value
                sources[name] = {
                    "page": page_no,
                    "engine": extracted.get("engine"),
                    "by": "model",
                    "supported": _printed(value, text),
                }
    return values, sources, errors


def answer(
    schema: dict[str, Any],
    fields: dict[str, Any],
    pages: Sequence[tuple[int, str, dict[str, Any] | None]] = (),
) -> dict[str, Any]:
    """Each property's value: a model engine's (``pages``: page number, its text, its
    ``PageResult.extracted``), flagged where the page does not show it; else from the
    ``fields`` output (typed fields, then printed labels), with where it was found; else
    null with the reason. Then the schema's verdict on the whole."""
    model_values, model_sources, model_errors = _model_values(schema, pages)
    record = fields.get("record") or {}
    pairs = {_norm(p["key"]): p for p in fields.get("pairs", [])}
    values: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    missing: dict[str, str] = {}
    for name, spec in schema["properties"].items():
        spec = spec if isinstance(spec, dict) else {}
        if name in model_values:
            values[name], sources[name] = model_values[name], model_sources[name]
            continue
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
    unsupported = sorted(n for n, src in sources.items() if src and src.get("supported") is False)
    return {
        "values": values,
        "sources": sources,
        "missing": missing,
        # values a model gave that its page does not show: kept, but not to be trusted
        "unsupported": unsupported,
        "valid": not errors,
        "errors": errors,
        "model_errors": model_errors,
        "answered_by": "model" if model_values else "cpu-fields",
    }
