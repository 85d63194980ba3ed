"""The document resource: status, listing, idempotency, tenant isolation, deletion."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from tests.conftest import new_key
from tests.factories import files
from tests.helpers import (
    assert_problem,
    broker_settled,
    queued_document,
    stored_keys,
    submit,
    tenant_of,
    wait_done,
    wait_until,
)


def test_submit_answers_202_with_location_and_echoes_metadata(client):
    # given a document with metadata
    meta = {"customer": "ACME", "ref": 42, "tags": ["a", "ü"]}
    # when it is submitted
    resp = submit(client, files.invoice_pdf(), "inv.pdf", engine="null", metadata=json.dumps(meta))
    # then 202, a Location to the resource, and the metadata echoed back
    assert resp.status_code == 202, resp.text
    body = resp.json()
    assert resp.headers["location"] == f"/v1/documents/{body['id']}"
    assert body["status"] == "queued" and body["metadata"] == meta
    assert body["pages"] == {"total": 3, "done": 0, "failed": 0}
    assert body["output_formats"] == ["markdown", "json"]
    assert client.get(resp.headers["location"]).json()["metadata"] == meta


def test_page_selection_limits_the_pages_converted(client, worker):
    resp = submit(client, files.invoice_pdf(), "inv.pdf", engine="null", pages="1,3")
    doc = wait_done(client, resp.json()["id"])
    assert doc["status"] == "succeeded"
    assert doc["page_selection"] == [1, 3]
    assert [p["page_no"] for p in doc["page_details"]] == [1, 3]
    assert client.get(f"/v1/documents/{doc['id']}/pages/2").status_code == 404


def test_same_idempotency_key_and_file_returns_the_same_document(client):
    # given a document submitted with an idempotency key
    first = submit(client, files.invoice_pdf(), "a.pdf", engine="null", headers={"Idempotency-Key": "k-1"})
    assert first.status_code == 202
    # when the same request is retried
    again = submit(client, files.invoice_pdf(), "a.pdf", engine="null", headers={"Idempotency-Key": "k-1"})
    # then it is answered 200 with the same document, and no second document exists
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert len(client.get("/v1/documents").json()["data"]) == 1


def test_same_idempotency_key_with_another_file_is_409(client):
    submit(client, files.invoice_pdf(), "a.pdf", engine="null", headers={"Idempotency-Key": "k-2"})
    resp = submit(client, files.png(), "b.png", engine="null", headers={"Idempotency-Key": "k-2"})
    assert_problem(resp, 409, "idempotency-key-reused")


def test_same_idempotency_key_with_other_options_is_409_saying_which(client):
    # given a document submitted with a key, an engine, formats, pages and metadata
    options = {
        "engine": "null",
        "output_formats": "markdown,text",
        "pages": "1",
        "metadata": '{"po": "7", "amount": 1e23}',
        "deadline": "3600",
    }
    headers = {"Idempotency-Key": "k-3"}
    first = submit(client, files.text_pdf(2), "a.pdf", **options, headers=headers)
    assert first.status_code == 202
    # when the same file comes with the same key but other options, each is refused by name
    for change, differs in (
        ({"engine": "pdf-text"}, ["engine"]),
        ({"output_formats": "markdown"}, ["output_formats"]),
        ({"pages": "1-2"}, ["pages"]),
        ({"metadata": '{"po": "8"}', "engine": "pdf-text"}, ["engine", "metadata"]),
        ({"deadline": "7200"}, ["deadline"]),
    ):
        resp = submit(client, files.text_pdf(2), "a.pdf", **{**options, **change}, headers=headers)
        body = assert_problem(resp, 409, "idempotency-key-reused")
        assert body["differs"] == differs and body["document_id"] == first.json()["id"]
        assert ", ".join(differs) in body["detail"]
    # then the same request, options spelled the same way after parsing (formats in another
    # order, spaces), is a replay, also with a number that JSONB stores differently
    same = {**options, "pages": " 1 ", "output_formats": "text,markdown"}
    again = submit(client, files.text_pdf(2), "a.pdf", **same, headers=headers)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert len(client.get("/v1/documents").json()["data"]) == 1


def test_idempotency_keys_are_per_tenant(client, api_url):
    submit(client, files.invoice_pdf(), "a.pdf", engine="null", headers={"Idempotency-Key": "shared"})
    other = httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {new_key()}"})
    resp = submit(other, files.png(), "b.png", engine="null", headers={"Idempotency-Key": "shared"})
    assert resp.status_code == 202


def test_another_tenants_document_is_404_on_every_endpoint(client, api_url, worker):
    # given a finished document of tenant A
    doc_id = submit(client, files.invoice_pdf(), "a.pdf", engine="null").json()["id"]
    wait_done(client, doc_id)
    # when tenant B asks for it in every way
    intruder = httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {new_key()}"})
    for method, path in [
        ("GET", f"/v1/documents/{doc_id}"),
        ("GET", f"/v1/documents/{doc_id}/result?format=markdown"),
        ("GET", f"/v1/documents/{doc_id}/pages/1"),
        ("DELETE", f"/v1/documents/{doc_id}"),
    ]:
        resp = intruder.request(method, path)
        # then it is a 404, never a 403 and never data
        assert_problem(resp, 404, "not-found")
        assert "Page 1" not in resp.text
    assert intruder.get("/v1/documents").json()["data"] == []
    # and tenant A still has it
    assert client.get(f"/v1/documents/{doc_id}").status_code == 200


def test_list_is_newest_first_with_cursor_pagination_and_status_filter(client, worker):
    ids = [submit(client, files.png(), f"{i}.png", engine="null").json()["id"] for i in range(5)]
    for doc_id in ids:
        wait_done(client, doc_id)
    page1 = client.get("/v1/documents", params={"limit": 2}).json()
    page2 = client.get("/v1/documents", params={"limit": 2, "cursor": page1["next_cursor"]}).json()
    page3 = client.get("/v1/documents", params={"limit": 2, "cursor": page2["next_cursor"]}).json()
    listed = [d["id"] for d in page1["data"] + page2["data"] + page3["data"]]
    assert listed == list(reversed(ids))
    assert page3["next_cursor"] is None
    assert len(client.get("/v1/documents", params={"status": "succeeded"}).json()["data"]) == 5
    assert client.get("/v1/documents", params={"status": "failed"}).json()["data"] == []
    assert_problem(client.get("/v1/documents", params={"status": "nope"}), 422)
    assert_problem(client.get("/v1/documents", params={"cursor": "garbage!"}), 400, "invalid-cursor")


def test_result_is_409_until_finished(client):
    # given a queued document that no worker has taken yet (its prepare task is never sent)
    doc_id = queued_document(tenant_of(client), files.invoice_pdf())
    # when its result is asked for
    resp = client.get(f"/v1/documents/{doc_id}/result")
    # then 409 problem JSON saying it is not finished, with where to poll
    body = assert_problem(resp, 409, "not-ready")
    assert "queued" in body["detail"] and f"/v1/documents/{doc_id}" in body["detail"]
    # and a page that is not prepared yet is 409 too
    assert_problem(client.get(f"/v1/documents/{doc_id}/pages/1"), 409, "not-ready")


def test_unknown_document_is_404_problem(client):
    assert_problem(client.get(f"/v1/documents/{uuid.uuid4()}"), 404, "not-found")
    assert_problem(client.get("/v1/documents/not-a-uuid"), 422, "invalid-input")


def test_delete_purges_every_object_and_the_id_becomes_404(client, worker):
    # given a finished document with stored source, results and outputs
    doc_id = submit(client, files.invoice_pdf(), "a.pdf", engine="pdf-text").json()["id"]
    assert wait_done(client, doc_id)["status"] == "succeeded"
    prefix = f"tenants/{tenant_of(client)}/documents/{doc_id}/"
    assert any(k.endswith("/source") for k in stored_keys(prefix))
    # when it is deleted
    resp = client.delete(f"/v1/documents/{doc_id}")
    # then 204, every object is gone and the id is 404 everywhere
    assert resp.status_code == 204
    assert stored_keys(prefix) == []
    assert_problem(client.get(f"/v1/documents/{doc_id}"), 404)
    assert_problem(client.get(f"/v1/documents/{doc_id}/result"), 404)
    assert_problem(client.delete(f"/v1/documents/{doc_id}"), 404)
    assert doc_id not in [d["id"] for d in client.get("/v1/documents").json()["data"]]


def test_delete_while_processing_cancels_and_records_one_outcome(client, worker):
    from sqlalchemy import select

    from common.core import queue
    from common.core.db import get_database
    from common.documents.models import Document, Page
    from common.webhooks.models import WebhookEvent

    doc_uuid = uuid.UUID(queued_document(tenant_of(client), files.text_pdf(3), engine="null"))

    def pages() -> list[str]:
        with get_database().session_scope() as s:
            return list(s.scalars(select(Page.status).where(Page.document_id == doc_uuid)))

    def outcome() -> tuple[str, int, list[str]]:
        with get_database().session_scope() as s:
            doc = s.get(Document, doc_uuid)
            events = s.scalars(select(WebhookEvent.type).where(WebhookEvent.document_id == doc_uuid))
            return doc.status, doc.pages_done, list(events)

    # given a 3-page document whose pages take 3 s each, one of them running on a worker
    # (so that it cannot have finished when the delete comes)
    with get_database().session_scope() as s:
        doc = s.get(Document, doc_uuid)
        doc.options = {**doc.options, "null_sleep_s": 3}
    queue.enqueue(queue.PREPARE, str(doc_uuid), queue="cpu")
    wait_until(lambda: "running" in pages(), what="a page running")
    # when it is deleted mid-flight
    assert client.delete(f"/v1/documents/{doc_uuid}").status_code == 204
    # then it is cancelled, with one outcome event, and its objects are gone
    assert outcome() == ("cancelled", 0, ["document.cancelled"])
    prefix = f"tenants/{tenant_of(client)}/documents/{doc_uuid}/"
    assert stored_keys(prefix) == []
    # and once the pages that were running have returned (every task sent has run), their
    # late writes have not counted, nor brought back a stored object, nor a second outcome
    wait_until(lambda: broker_settled("cpu"), what="the page tasks to return")
    assert outcome() == ("cancelled", 0, ["document.cancelled"])
    assert set(pages()) == {"cancelled"}
    assert stored_keys(prefix) == []


@pytest.mark.parametrize("fmt", ["markdown", "json", "text", "doctags"])
def test_result_format_not_requested_is_a_problem_with_the_request(client, worker, fmt):
    doc_id = submit(
        client, files.png(), "a.png", engine="null", output_formats="text" if fmt != "text" else "json"
    ).json()["id"]
    wait_done(client, doc_id)
    # then asking again never helps: 422, saying what was converted
    body = assert_problem(
        client.get(f"/v1/documents/{doc_id}/result", params={"format": fmt}), 422, "format-not-requested"
    )
    assert "output_formats" in body["detail"]
