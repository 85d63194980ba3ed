"""Structured data end to end (issue 20): invoices in German and English submitted over
HTTP and converted by a real worker yield the fields output (the typed record with
provenance and checks), the tables as JSON, a workbook and CSV, and a webhook whose
summary lets a receiver route the document without fetching anything."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.factories.invoices_i18n import ENGLISH, GERMAN, invoice_pdf
from tests.helpers import assert_problem, submit, wait_done, wait_until
from tests.receiver import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


@pytest.mark.parametrize("spec", [GERMAN, ENGLISH], ids=["german", "english"])
def test_an_invoice_yields_its_record_tables_workbook_csv_and_webhook_summary(
    client, worker, receiver, spec: dict[str, Any]
) -> None:
    # given a tenant whose webhook endpoint is a receiver that verifies what it gets
    endpoint = client.put("/v1/webhook-endpoint", json={"url": receiver.url})
    assert endpoint.status_code == 201, endpoint.text
    receiver.secrets.append(endpoint.json()["secret"])
    truth = spec["truth"]
    # when an invoice is converted with the structured outputs
    resp = submit(
        client, invoice_pdf(spec), "invoice.pdf", engine="pdf-text", output_formats="markdown,fields,tables"
    )
    assert resp.status_code == 202, resp.text
    doc_id = resp.json()["id"]
    assert wait_done(client, doc_id)["status"] == "succeeded"

    # then the fields output holds the typed record, each value with where it was printed
    fields = client.get(f"/v1/documents/{doc_id}/result", params={"format": "fields"}).json()
    record = fields["record"]
    assert fields["document_kind"] == "invoice"
    for name in ("invoice_number", "issue_date", "due_date", "total", "subtotal", "tax", "iban", "vat_id"):
        got = record[name]["value"] if record[name] else None
        assert got == truth[name], (name, record[name])
    total = record["total"]
    assert total["page"] == 1 and len(total["box"]) == 4 and total["engine"] == "pdf-text"
    assert 0 < total["confidence"] <= 1 and total["raw"]
    assert len(record["line_items"]) == truth["items"]
    assert fields["all_checks_passed"] is True
    assert {c["name"]: c["status"] for c in fields["checks"]}["subtotal_plus_tax"] == "passed"

    # and the tables output lists the line-item table (the totals under it may be a second
    # one) with its page, box and header row
    tables = client.get(f"/v1/documents/{doc_id}/result", params={"format": "tables"}).json()["tables"]
    assert 1 <= len(tables) <= 2
    table = tables[0]
    assert (table["index"], table["page"], table["header_rows"]) == (1, 1, 1)
    assert table["rows"][0][:4] == spec["header"]

    # and the workbook has a sheet per table, its header row frozen and bold
    xlsx = client.get(f"/v1/documents/{doc_id}/result", params={"format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == [f"p1-t{t['index']}" for t in tables]
    sheet = book["p1-t1"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert [sheet.cell(row=1, column=c + 1).value for c in range(4)] == spec["header"]
    assert sheet.cell(row=2, column=1).value == spec["items"][0][0]

    # and one table comes as CSV, the same grid
    got = client.get(f"/v1/documents/{doc_id}/tables/1.csv")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(got.text)))[:2] == [
        r + [""] * (table["n_cols"] - len(r)) for r in table["rows"][:2]
    ]
    assert_problem(client.get(f"/v1/documents/{doc_id}/tables/{len(tables) + 1}.csv"), 404)

    # and the webhook event carries the summary
    def delivered() -> Any:
        events = [r.event for r in receiver.received if r.event and r.event["data"]["id"] == doc_id]
        return events[0] if events else None

    event = wait_until(delivered, 30, "the webhook")
    assert event["data"]["summary"] == {
        "document_kind": "invoice",
        "total": truth["total"],
        "all_checks_passed": True,
    }


def test_formats_a_document_cannot_have_are_problems(client, worker) -> None:
    # given a document converted without the structured outputs
    resp = submit(client, invoice_pdf(ENGLISH), "invoice.pdf", engine="pdf-text")
    doc_id = resp.json()["id"]
    assert wait_done(client, doc_id)["status"] == "succeeded"
    # then its workbook and tables were never made: a 422 that says what to ask for
    xlsx = client.get(f"/v1/documents/{doc_id}/result", params={"format": "xlsx"})
    assert "tables" in assert_problem(xlsx, 422, "format-not-requested")["detail"]
    assert_problem(client.get(f"/v1/documents/{doc_id}/tables/1.csv"), 422, "format-not-requested")
    # and an unknown format is refused as input
    assert_problem(client.get(f"/v1/documents/{doc_id}/result", params={"format": "xls"}), 422)
    assert_problem(submit(client, invoice_pdf(ENGLISH), "a.pdf", output_formats="fields,csv"), 422)
    # and its webhook summary is absent, not empty: no fields were asked for
    assert client.get(f"/v1/documents/{doc_id}").status_code == 200


def test_a_schema_is_answered_in_the_fields_output_and_a_bad_one_refused(client, worker) -> None:
    schema = {
        "type": "object",
        "properties": {
            "invoice_number": {"type": "string"},
            "total": {"type": "number"},
            "purchase_order": {"type": "string"},
        },
    }
    # given a schema that is not one: refused before anything is stored
    bad = submit(
        client, invoice_pdf(GERMAN), "a.pdf", engine="pdf-text", schema='{"type": "object", "properties": 3}'
    )
    assert "schema" in assert_problem(bad, 422, "invalid-input")["detail"]
    # when an invoice comes with a schema (and without asking for fields: a schema brings them)
    resp = submit(client, invoice_pdf(GERMAN), "invoice.pdf", engine="pdf-text", schema=json.dumps(schema))
    assert resp.status_code == 202, resp.text
    assert "fields" in resp.json()["output_formats"]
    doc_id = resp.json()["id"]
    assert wait_done(client, doc_id)["status"] == "succeeded"
    # then the fields output answers it: found values typed and located, the rest null with why
    answer = client.get(f"/v1/documents/{doc_id}/result", params={"format": "fields"}).json()["schema"]
    assert answer["values"] == {"invoice_number": "RE-2026-0042", "total": 1190.0, "purchase_order": None}
    assert answer["sources"]["total"]["page"] == 1 and answer["sources"]["total"]["raw"] == "1.190,00 €"
    assert answer["missing"]["purchase_order"] and answer["valid"] is False

    # and the same request again is the same document; another schema is a different request
    def keyed(body: dict[str, Any]) -> Any:
        return submit(
            client,
            invoice_pdf(GERMAN),
            "invoice.pdf",
            engine="pdf-text",
            schema=json.dumps(body),
            headers={"Idempotency-Key": "schema-1"},
        )

    again, replay = keyed(schema), keyed(schema)
    assert replay.status_code == 200 and replay.json()["id"] == again.json()["id"]
    other = keyed({**schema, "required": ["total"]})
    assert "schema" in assert_problem(other, 409)["detail"]
