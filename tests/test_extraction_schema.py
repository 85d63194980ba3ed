"""A document's JSON Schema: refused with a clear problem when it is not one, and answered
from the CPU fields, each value with where it was found or null with the reason."""

from __future__ import annotations

import json

import pytest

from common.core.errors import InvalidInput
from common.extraction.schema import MAX_SCHEMA_BYTES, answer, parse_schema

FIELDS = {
    "document_kind": "invoice",
    "pairs": [
        {
            "key": "Customer PO",
            "value": "PO-991",
            "page": 1,
            "key_box": [1, 2, 3, 4],
            "value_box": [5, 6, 7, 8],
            "confidence": 0.9,
            "engine": "pdf-text",
        }
    ],
    "record": {
        "invoice_number": {
            "raw": "RE-1",
            "value": "RE-1",
            "page": 1,
            "box": [0, 0, 1, 1],
            "confidence": 0.95,
            "engine": "pdf-text",
        },
        "total": {
            "raw": "1.190,00 €",
            "value": {"amount": "1190.00", "currency": "EUR"},
            "page": 1,
            "box": [0, 0, 1, 1],
            "confidence": 0.9,
            "engine": "pdf-text",
        },
        "issue_date": None,
        "currency": "EUR",
        "seller": {
            "name": "Muster GmbH",
            "address": "Hauptstraße 5",
            "page": 1,
            "name_box": [0, 0, 1, 1],
            "address_box": [0, 1, 1, 2],
            "confidence": 0.8,
            "engine": "pdf-text",
        },
    },
}


def _schema(**props: object) -> str:
    return json.dumps({"type": "object", "properties": props})


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "JSON Schema object"),
        (json.dumps({"type": "object", "properties": {"a": {"type": "strnig"}}}), "not a valid JSON Schema"),
        (json.dumps({"type": "array", "items": {}}), '"type": "object"'),
        (json.dumps({"type": "object", "properties": {}}), "at least one property"),
        (_schema(a={"$ref": "https://example.com/s.json"}), "references outside"),
        (_schema(**{f"p{i}": {"type": "string"} for i in range(101)}), "at most 100 properties"),
        (_schema(a={"description": "x" * MAX_SCHEMA_BYTES}), "larger than"),
        ("[" * 5000 + "]" * 5000, "JSON"),
    ],
)
def test_a_schema_that_is_not_one_is_refused_saying_why(raw, words):
    with pytest.raises(InvalidInput) as caught:
        parse_schema(raw)
    assert words in str(caught.value.detail), caught.value.detail
    assert caught.value.extensions["field"] == "schema"


def test_a_schema_is_answered_from_the_fields_by_meaning_then_by_label():
    # given a schema asking for typed fields by common names, a printed label, and more
    schema = parse_schema(
        _schema(
            invoiceNumber={"type": "string"},
            total_amount={"type": "number"},
            vendor_name={"type": "string"},
            customer_po={"type": "string"},
            invoice_date={"type": "string"},
            contract_ref={"type": "string"},
        )
    )
    assert schema is not None
    # when it is answered from the document's fields
    got = answer(schema, FIELDS)
    # then names that mean a typed field get its value, typed as the schema asks
    assert got["values"]["invoiceNumber"] == "RE-1"
    assert got["values"]["total_amount"] == 1190.0
    assert got["values"]["vendor_name"] == "Muster GmbH"
    # and a printed label answers a property of its name, with its box
    assert got["values"]["customer_po"] == "PO-991" and got["sources"]["customer_po"]["box"] == [5, 6, 7, 8]
    assert got["sources"]["total_amount"]["raw"] == "1.190,00 €"
    # and the rest are null, each with the reason, and the schema's verdict says so
    assert got["values"]["invoice_date"] is None and "issue date" in got["missing"]["invoice_date"]
    assert got["values"]["contract_ref"] is None and "no model engine" in got["missing"]["contract_ref"]
    assert got["valid"] is False
    assert {e["path"] for e in got["errors"]} == {"invoice_date", "contract_ref"}


def test_an_answer_that_fits_the_schema_is_valid():
    schema = parse_schema(
        _schema(total={"type": "number"}, currency={"type": "string", "enum": ["EUR", "USD"]})
    )
    assert schema is not None
    got = answer(schema, FIELDS)
    assert got["values"] == {"total": 1190.0, "currency": "EUR"} and got["valid"] and got["errors"] == []
