"""Delivering one event: what goes out. A signed request with the outcome, logged for the tenant;
no destination, no request; presigned links fresh per attempt; the metadata dropped over the
size cap and scrubbed when the document is deleted.

The deliver step is called directly (as the task would call it) against real Postgres, moto's
S3 and a real HTTP receiver on loopback; what it would enqueue is recorded instead of sent, so
each test drives every attempt itself (conftest.py, attempts.py)."""

from __future__ import annotations

import json

import httpx

from common.core import queue
from common.core.settings import Settings, WebhooksSettings, get_settings
from common.core.storage import get_store
from common.webhooks import service
from common.webhooks.sender import Verdict
from tests.helpers import tenant_of
from tests.webhook_delivery.attempts import attempt, event_of, finish, wait_until_due, with_webhooks


def test_an_outcome_is_delivered_signed_and_logged(hooked, sent) -> None:
    client, receiver = hooked
    # given a document that finished, with client metadata
    doc_id = finish(tenant_of(client), 2)
    event = event_of(doc_id)
    # then its outcome event was dispatched after commit, to the webhooks queue
    assert (queue.DELIVER, str(event.id), {"queue": "webhooks", "eta": None, "priority": None}) in sent
    # when the deliver step runs
    assert attempt(event) is Verdict.delivered
    # then the receiver got one request that verifies with the tenant's secret
    (got,) = receiver.wait_for(1)
    assert got.verify_error is None
    assert got.headers["webhook-id"] == f"evt_{event.id.hex}"
    assert got.headers["content-type"] == "application/json"
    assert got.headers["user-agent"].startswith("Pagemill-Webhooks/")
    body = got.event
    assert body["type"] == "document.succeeded"
    data = body["data"]
    assert data["id"] == str(doc_id) and data["status"] == "succeeded"
    assert data["pages"] == {"total": 2, "done": 2, "failed": 0}
    assert data["links"]["self"].endswith(f"/v1/documents/{doc_id}")
    assert set(data["links"]["results"]) == {"markdown", "json"}
    assert data["timings"]["total_s"] is not None and data["engine"] == "null"
    assert len(got.body) < 20 * 1024
    # and the attempt is logged, visible to the tenant
    log = client.get(f"/v1/documents/{doc_id}/webhook-deliveries").json()
    assert log["event"]["status"] == "delivered" and log["event"]["webhook_id"] == got.headers["webhook-id"]
    (row,) = log["data"]
    assert (row["attempt"], row["status_code"], row["outcome"], row["url"]) == (
        1,
        200,
        "delivered",
        receiver.url,
    )
    assert row["latency_ms"] >= 0 and row["response_body"] == '{"ok": true}'
    # and a second run of the task (a redelivered message) sends nothing: the attempt is
    # synchronous, so a send would have reached the receiver before it returned
    assert attempt(event) is None
    assert len(receiver.received) == 1


def test_no_destination_means_a_skipped_event(client, sent) -> None:
    doc_id = finish(tenant_of(client), 1)
    event = event_of(doc_id)
    assert event.status == "skipped" and "no webhook" in str(event.last_error)
    assert not [c for c in sent if c[0] == queue.DELIVER]


def test_presigned_result_links_work_and_are_fresh_per_attempt(hooked, sent) -> None:
    client, receiver = hooked
    event = event_of(finish(tenant_of(client), 1))
    assert attempt(event, with_webhooks(presign_results=True, presign_ttl=600)) is Verdict.delivered
    links = receiver.wait_for(1)[0].event["data"]["links"]
    assert set(links["downloads"]) == {"markdown", "json"} and links["downloads_expire_at"]
    markdown = httpx.get(links["downloads"]["markdown"])
    assert markdown.status_code == 200 and "Page 1" in markdown.text


def test_a_payload_over_the_cap_drops_the_metadata(client, sent) -> None:
    client.put("/v1/webhook-endpoint", json={"url": None})
    event = event_of(finish(tenant_of(client), 1))
    event.payload = {**event.payload, "data": {**event.payload["data"], "metadata": {"k": "x" * 3000}}}
    capped = Settings(webhooks=WebhooksSettings(max_payload_bytes=2048))
    body = json.loads(service.render_body(event, get_store(), capped))
    assert body["data"]["metadata"] == {} and body["data"]["metadata_truncated"] is True
    roomy = json.loads(service.render_body(event, get_store(), get_settings()))
    assert roomy["data"]["metadata"] == {"k": "x" * 3000} and "metadata_truncated" not in roomy["data"]


def test_deleting_a_finished_document_scrubs_its_pending_event(hooked, sent) -> None:
    client, receiver = hooked
    receiver.script = [(503, {})]
    doc_id = finish(tenant_of(client), 1)
    event = event_of(doc_id)
    event_payload_before = event.payload["data"]
    assert "results" in event_payload_before["links"]
    assert attempt(event) is Verdict.retry
    assert client.delete(f"/v1/documents/{doc_id}").status_code == 204
    wait_until_due(event)
    assert attempt(event) is Verdict.delivered
    data = receiver.received[-1].event["data"]
    assert data["metadata"] == {} and "results" not in data["links"] and data["status"] == "succeeded"
