"""A document's JSON Schema: refused with a clear problem when it is not one, and answered
from the CPU fields, each value with where it was found or null with the reason."""

from __future__ import annotations

import json

import pytest

from common.core.errors import InvalidInput
from common.extraction.schema import (
    MAX_SCHEMA_BYTES,
    answer,
    field_question,
    parse_schema,
    read_answer,
    read_field_answer,
)

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


SCHEMA = {
    "type": "object",
    "properties": {
        "total": {"type": "number"},
        "invoice_number": {"type": "string"},
        "vendor_name": {"type": "string"},
    },
}


@pytest.mark.parametrize(
    ("content", "values", "error"),
    [
        ('{"total": 1190.0, "invoice_number": "RE-1"}', {"total": 1190.0, "invoice_number": "RE-1"}, None),
        ('```json\n{"total": 1190.0}\n```', {"total": 1190.0}, None),  # a fence around it
        ("The total is 1190.", None, "not JSON"),
        ("[1190]", None, "not a JSON object"),
        ('{"total": "a lot"}', {"total": "a lot"}, "/total"),  # kept, and said not to fit
    ],
)
def test_a_models_answer_is_read_and_judged_against_the_schema(content, values, error):
    got = read_answer(content, SCHEMA, "openai")
    assert got["values"] == values and got["engine"] == "openai"
    assert (error is None and got["errors"] == []) or any(error in e for e in got["errors"])


def test_a_models_values_come_first_and_one_the_page_does_not_show_is_flagged():
    # given a model's answers on two pages: the total printed on page 2, an invoice number
    # that is printed nowhere, and no vendor
    pages = [
        (
            1,
            "Invoice RE-1\nMuster GmbH",
            {"values": {"total": None, "invoice_number": "INV-9"}, "errors": [], "engine": "openai"},
        ),
        (2, "Summe 1.190,00 €", {"values": {"total": 1190.0}, "errors": ["x"], "engine": "openai"}),
    ]
    got = answer(SCHEMA, FIELDS, pages)
    # then the model's values come first, each with its page and whether the page shows it
    assert got["values"]["total"] == 1190.0 and got["sources"]["total"]["page"] == 2
    assert got["sources"]["total"]["supported"] is True
    assert got["values"]["invoice_number"] == "INV-9" and got["unsupported"] == ["invoice_number"]
    # and what the model left out comes from the CPU fields
    assert got["values"]["vendor_name"] == "Muster GmbH" and got["answered_by"] == "model"
    assert got["model_errors"] == ["page 2: x"]


@pytest.mark.parametrize(
    ("spec", "reply", "value"),
    [
        ({"type": "number"}, "The invoice total is 23.50 EUR.", 23.5),
        ({"type": "integer"}, "3 pages", 3),
        ({"type": "number"}, "none", None),
        ({"type": "boolean"}, "Yes.", True),
        ({"type": "string", "format": "date"}, "Due on 14.04.2026", "2026-04-14"),
        ({"type": "string"}, "RE-2026-0042.\nsomething else", "RE-2026-0042"),
    ],
)
def test_a_models_answer_to_one_question_is_read_in_the_propertys_type(spec, reply, value):
    assert read_field_answer(reply, spec) == (value, None)


def test_a_reply_that_is_not_of_the_type_is_null_with_the_reason():
    value, why = read_field_answer("about a hundred", {"type": "number"})
    assert value is None and why is not None and "no number" in why


def test_a_question_is_the_description_where_that_is_one():
    assert (
        field_question("total", {"description": "What is the invoice total?"}) == "What is the invoice total?"
    )
    assert field_question("dueDate", {"description": "payment"}).startswith(
        "What is the due date on this page? (payment)"
    )
