"""Delivering one event: the deliver step is called directly (as the task would call it)
against real Postgres, moto's S3 and a real HTTP receiver on loopback; what it would
enqueue is recorded instead of sent, so each test drives every attempt itself."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from common.core import queue
from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import Settings, WebhooksSettings, get_settings
from common.core.storage import get_store
from common.webhooks import delivery, repository, sender, service
from common.webhooks.models import EventStatus, WebhookDelivery, WebhookEvent
from common.webhooks.sender import Verdict
from tests.conftest import new_key
from tests.factories import files
from tests.helpers import assert_problem, queued_document, tenant_of
from tests.receiver import Receiver


@pytest.fixture
def sent(monkeypatch) -> list[tuple]:
    calls: list[tuple] = []
    monkeypatch.setattr(queue, "enqueue", lambda name, *args, **kw: calls.append((name, *args, kw)))
    return calls


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def hooked(client, receiver) -> tuple:
    """A tenant whose endpoint is the receiver; the receiver knows the secret."""
    resp = client.put("/v1/webhook-endpoint", json={"url": receiver.url})
    assert resp.status_code == 201, resp.text
    receiver.secrets.append(resp.json()["secret"])
    return client, receiver


def finish(tenant_id: uuid.UUID, pages: int = 2, **options: str) -> uuid.UUID:
    """A document driven to its terminal state through the real flows."""
    from worker import flows

    db, store, settings = get_database(), get_store(), get_settings()
    doc_id = uuid.UUID(queued_document(tenant_id, files.text_pdf(pages), engine="null", **options))
    flows.prepare_document(db, store, settings, doc_id)
    for n in range(1, pages + 1):
        flows.convert_page(db, store, settings, doc_id, n, lease=timedelta(minutes=5))
    flows.finalize_document(db, store, settings, doc_id)
    return doc_id


def event_of(doc_id: uuid.UUID) -> WebhookEvent:
    with get_database().session_scope() as s:
        event = repository.get_event_for_document(s, doc_id)
        assert event is not None
        return event


def attempt(event: WebhookEvent, settings: Settings | None = None, **kw) -> Verdict | None:
    from worker import flows

    return flows.deliver_event(get_database(), get_store(), settings or get_settings(), event.id, **kw)


def wait_until_due(event: WebhookEvent) -> None:
    with get_database().session_scope() as s:
        due = s.get(WebhookEvent, event.id).next_attempt_at
    assert due is not None
    time.sleep(max(0.0, (due - utcnow()).total_seconds()) + 0.02)


def with_webhooks(**changes) -> Settings:
    base = get_settings()
    return base.model_copy(update={"webhooks": base.webhooks.model_copy(update=changes)})


def test_an_outcome_is_delivered_signed_and_logged(hooked, sent) -> None:
    client, receiver = hooked
    # given a document that finished, with client metadata
    doc_id = finish(tenant_of(client), 2)
    event = event_of(doc_id)
    # then its outcome event was dispatched after commit, to the webhooks queue
    assert (queue.DELIVER, str(event.id), {"queue": "webhooks", "eta": None}) in sent
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


def test_a_5xx_is_retried_on_schedule_with_the_same_webhook_id(hooked, sent) -> None:
    client, receiver = hooked
    receiver.script = [(503, {"Retry-After": "1"}), (500, {})]
    event = event_of(finish(tenant_of(client)))
    sent.clear()
    # when the first attempt gets 503 with Retry-After: 1
    assert attempt(event) is Verdict.retry
    # then the next attempt is scheduled no sooner than a second out, via an ETA task
    with get_database().session_scope() as s:
        ev = s.get(WebhookEvent, event.id)
        assert ev.status == "pending" and ev.attempts == 1
        assert ev.next_attempt_at is not None
        wait = (ev.next_attempt_at - utcnow()).total_seconds()
        assert 0.5 < wait <= 1.0  # Retry-After (1 s) beats the schedule's 0.2 s
    ((name, ident, kw),) = sent
    assert (name, ident) == (queue.DELIVER, str(event.id)) and kw["eta"] is not None
    # and a task that runs early does not send: it hands the event back for its time
    sent.clear()
    assert attempt(event) is None
    assert len(receiver.received) == 1 and sent and sent[0][2]["eta"] is not None
    # when it runs on time: 500, then (the script is over) 200
    time.sleep(max(0.0, (kw["eta"] - utcnow()).total_seconds()) + 0.05)
    assert attempt(event) is Verdict.retry
    wait_until_due(event)
    assert attempt(event) is Verdict.delivered
    ids = {r.headers["webhook-id"] for r in receiver.received}
    assert ids == {f"evt_{event.id.hex}"} and len(receiver.received) == 3
    assert all(r.verify_error is None for r in receiver.received)
    with get_database().session_scope() as s:
        rows = s.scalars(select(WebhookDelivery).where(WebhookDelivery.event_id == event.id)).all()
        assert sorted((r.attempt, r.status_code, r.outcome) for r in rows) == [
            (1, 503, "retry"),
            (2, 500, "retry"),
            (3, 200, "delivered"),
        ]


def test_the_schedule_runs_out_and_the_event_fails(hooked, sent) -> None:
    client, receiver = hooked
    receiver.script = [(500, {})] * 5
    settings = with_webhooks(retry_schedule=[0, 0.05])
    event = event_of(finish(tenant_of(client)))
    assert attempt(event, settings) is Verdict.retry
    wait_until_due(event)
    assert attempt(event, settings) is Verdict.failed
    with get_database().session_scope() as s:
        ev = s.get(WebhookEvent, event.id)
        assert ev.status == "failed" and ev.attempts == 2
        assert str(ev.last_error).startswith("gave up after 2 attempts")


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_other_4xx_fail_without_retry(hooked, sent, status: int) -> None:
    client, receiver = hooked
    receiver.script = [(status, {})]
    event = event_of(finish(tenant_of(client), 1))
    sent.clear()
    assert attempt(event) is Verdict.failed
    assert sent == []
    with get_database().session_scope() as s:
        assert s.get(WebhookEvent, event.id).status == "failed"


def test_a_redirect_is_not_followed(hooked, sent) -> None:
    client, receiver = hooked
    elsewhere = Receiver().start()
    try:
        receiver.script = [(307, {"Location": elsewhere.url})]
        event = event_of(finish(tenant_of(client), 1))
        # (the attempt is synchronous: a followed redirect would have arrived by now)
        assert attempt(event) is Verdict.failed
        assert elsewhere.received == []
        log = client.get(f"/v1/documents/{event.document_id}/webhook-deliveries").json()
        assert "not followed" in log["data"][0]["error"]
    finally:
        elsewhere.stop()


def test_410_disables_the_endpoint_until_it_is_set_again(hooked, sent) -> None:
    client, receiver = hooked
    receiver.script = [(410, {})]
    tenant = tenant_of(client)
    event = event_of(finish(tenant, 1))
    # when the receiver answers 410 Gone
    assert attempt(event) is Verdict.gone
    # then the event fails and the endpoint is disabled, visibly
    endpoint = client.get("/v1/webhook-endpoint").json()
    assert endpoint["enabled"] is False and "410" in endpoint["disabled_reason"]
    assert event_of(event.document_id).status == "failed"
    # and the next outcome is not sent anywhere (kept as skipped, with the reason)
    later = event_of(finish(tenant, 1))
    assert later.status == "skipped" and "disabled" in str(later.last_error)
    # when the tenant sets its endpoint again, it is enabled, and the skipped event can be redelivered
    assert client.put("/v1/webhook-endpoint", json={"url": receiver.url}).json()["enabled"] is True
    assert client.post(f"/v1/documents/{later.document_id}/webhook-deliveries/redeliver").status_code == 202
    assert attempt(later) is Verdict.delivered


def test_a_receiver_slower_than_the_timeout_is_a_retry(hooked, sent) -> None:
    client, receiver = hooked
    receiver.delay = 1.0
    event = event_of(finish(tenant_of(client), 1))
    assert attempt(event, with_webhooks(timeout=0.3)) is Verdict.retry
    assert "timed out" in str(event_of(event.document_id).last_error)


def test_connection_refused_is_a_retry(client, sent) -> None:
    dead = Receiver().reserve_port()
    client.put("/v1/webhook-endpoint", json={"url": dead.url})
    event = event_of(finish(tenant_of(client), 1))
    assert attempt(event) is Verdict.retry
    assert "Connect" in str(event_of(event.document_id).last_error)


def test_the_address_is_checked_again_at_send_time_and_the_checked_one_is_dialled(
    client, receiver, sent
) -> None:
    # given a document whose webhook host did not resolve at submit (accepted, judged later)
    secret = client.put("/v1/webhook-endpoint", json={"url": None}).json()["secret"]
    receiver.secrets.append(secret)
    url = f"http://hooks.pagemill-test.invalid:{receiver.port}/hook"
    event = event_of(finish(tenant_of(client), 1, webhook_url=url))
    strict = with_webhooks(allowlist=[])
    # when it resolves to a private address at send time: refused, permanently, nothing sent
    assert attempt(event, strict, resolver=lambda h, p: ["10.0.0.5"]) is Verdict.failed
    assert "private" in str(event_of(event.document_id).last_error) and receiver.received == []
    # when (after a redelivery) it resolves to an allowed address, that address is dialled
    # with the original Host header, and the signature verifies
    client.post(f"/v1/documents/{event.document_id}/webhook-deliveries/redeliver")
    assert attempt(event, resolver=lambda h, p: ["127.0.0.1"]) is Verdict.delivered
    (got,) = receiver.wait_for(1)
    assert got.headers["host"] == f"hooks.pagemill-test.invalid:{receiver.port}" and got.verify_error is None


def test_redeliver_resends_with_the_same_webhook_id(hooked, sent) -> None:
    client, receiver = hooked
    tenant = tenant_of(client)
    event = event_of(finish(tenant, 1))
    assert attempt(event) is Verdict.delivered
    # when the client asks for a redelivery
    resp = client.post(f"/v1/documents/{event.document_id}/webhook-deliveries/redeliver")
    assert resp.status_code == 202, resp.text
    assert resp.json()["status"] == "pending"
    assert attempt(event) is Verdict.delivered
    first, second = receiver.wait_for(2)
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    log = client.get(f"/v1/documents/{event.document_id}/webhook-deliveries").json()
    assert [(r["attempt"], r["round"]) for r in log["data"]] == [(1, 0), (2, 1)]
    # and while an attempt is in flight, a redelivery is refused (it would race it)
    assert client.post(f"/v1/documents/{event.document_id}/webhook-deliveries/redeliver").status_code == 202
    now = utcnow()
    with get_database().session_scope() as s:
        assert repository.claim_event(s, event.id, now=now, lease_until=now + timedelta(minutes=1))
    assert_problem(client.post(f"/v1/documents/{event.document_id}/webhook-deliveries/redeliver"), 409)


def test_redeliver_before_the_outcome_and_across_tenants(client, api_url, sent) -> None:
    client.put("/v1/webhook-endpoint", json={"url": None})
    doc_id = queued_document(tenant_of(client), files.text_pdf(1), engine="null")
    assert_problem(client.post(f"/v1/documents/{doc_id}/webhook-deliveries/redeliver"), 409, "not-ready")
    assert client.get(f"/v1/documents/{doc_id}/webhook-deliveries").json() == {
        "object": "list",
        "event": None,
        "data": [],
    }
    other = httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {new_key()}"})
    assert_problem(other.get(f"/v1/documents/{doc_id}/webhook-deliveries"), 404)
    assert_problem(other.post(f"/v1/documents/{doc_id}/webhook-deliveries/redeliver"), 404)
    other.close()


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


def test_the_sweep_recovers_a_lost_attempt_and_an_undispatched_row(hooked, sent) -> None:
    client, _ = hooked
    settings = get_settings()
    event = event_of(finish(tenant_of(client), 1))
    # given an attempt whose worker vanished (its lease ran out)
    now = utcnow()
    with get_database().session_scope() as s:
        claimed = repository.claim_event(s, event.id, now=now, lease_until=now - timedelta(seconds=1))
        assert claimed is not None and claimed.attempt == 1
    sent.clear()
    # when the sweep runs
    with get_database().session_scope() as s:
        report = service.sweep(s, settings)
    # then the event is pending again, the lost attempt is logged, and it is dispatched
    assert report.reclaimed >= 1
    with get_database().session_scope() as s:
        ev = s.get(WebhookEvent, event.id)
        assert ev.status == EventStatus.pending.value
        rows = s.scalars(select(WebhookDelivery).where(WebhookDelivery.event_id == event.id)).all()
        assert [(r.attempt, r.outcome) for r in rows] == [(1, "retry")]
    assert (queue.DELIVER, str(event.id)) in [(c[0], c[1]) for c in sent]
    assert attempt(event) is Verdict.delivered
    # and the sweep does not touch a fresh outbox row within redispatch_after
    fresh = event_of(finish(tenant_of(client), 1))
    sent.clear()
    with get_database().session_scope() as s:
        service.sweep(s, settings, now=fresh.created_at + timedelta(seconds=1))
    assert str(fresh.id) not in [c[1] for c in sent]
    # but does once that has passed with nobody taking it
    later = fresh.created_at + timedelta(seconds=settings.webhooks.redispatch_after + 1)
    with get_database().session_scope() as s:
        service.sweep(s, settings, now=later)
    assert str(fresh.id) in [c[1] for c in sent]


def test_a_worker_that_dies_on_the_last_attempt_fails_the_event_instead_of_looping(hooked, sent) -> None:
    client, _ = hooked
    settings = with_webhooks(retry_schedule=[0])
    event = event_of(finish(tenant_of(client), 1))
    now = utcnow()
    with get_database().session_scope() as s:
        assert repository.claim_event(s, event.id, now=now, lease_until=now - timedelta(seconds=1))
    with get_database().session_scope() as s:
        service.sweep(s, settings)
    ev = event_of(event.document_id)
    assert ev.status == "failed" and "gave up after 1 attempts" in str(ev.last_error)


def test_a_late_outcome_after_a_reclaim_is_kept(hooked, sent) -> None:
    # given an attempt whose lease ran out while it was still sending (a slow worker)
    client, receiver = hooked
    event = event_of(finish(tenant_of(client), 1))
    db, store, settings = get_database(), get_store(), get_settings()
    with db.session_scope() as s:
        prepared = delivery.claim_attempt(s, store, settings, event.id)
    assert prepared is not None
    with db.session_scope() as s:
        s.get(WebhookEvent, event.id).lease_expires_at = utcnow() - timedelta(seconds=1)
    with db.session_scope() as s:
        service.sweep(s, settings)
    # when its 2xx finally comes back
    result = sender.send(
        prepared.destination.url, prepared.webhook_id, prepared.body, prepared.destination.secrets, settings
    )
    with db.session_scope() as s:
        delivery.record_attempt(s, settings, prepared, result)
    # then the event is delivered, not sent again
    assert event_of(event.document_id).status == "delivered"
    assert attempt(event) is None and len(receiver.received) == 1


def test_a_receiver_that_drips_its_answer_is_cut_off_at_the_total_timeout(hooked, sent) -> None:
    client, receiver = hooked
    receiver.drip = 0.1  # each byte well within any per-read timeout; 1.2 s in all
    event = event_of(finish(tenant_of(client), 1))
    started = time.monotonic()
    assert attempt(event, with_webhooks(timeout=0.5)) is Verdict.retry
    assert time.monotonic() - started < 1.0
    assert "timed out" in str(event_of(event.document_id).last_error)


def test_an_internationalised_host_name_goes_out_as_idna(client, receiver, sent) -> None:
    receiver.secrets.append(client.put("/v1/webhook-endpoint", json={"url": None}).json()["secret"])
    url = f"http://bücher.pagemill-test.invalid:{receiver.port}/hook"
    event = event_of(finish(tenant_of(client), 1, webhook_url=url))
    assert attempt(event, resolver=lambda h, p: ["127.0.0.1"]) is Verdict.delivered
    (got,) = receiver.wait_for(1)
    assert got.headers["host"] == f"xn--bcher-kva.pagemill-test.invalid:{receiver.port}"


def test_a_strange_retry_after_is_ignored_not_fatal(hooked, sent) -> None:
    client, receiver = hooked
    receiver.script = [(200, {"Retry-After": "\u00b2"})]
    event = event_of(finish(tenant_of(client), 1))
    assert attempt(event) is Verdict.delivered


def test_redeliver_sends_now_an_event_waiting_for_a_later_retry(hooked, sent) -> None:
    client, receiver = hooked
    receiver.script = [(500, {"Retry-After": "3600"})]
    event = event_of(finish(tenant_of(client), 1))
    assert attempt(event) is Verdict.retry  # next try in an hour
    assert attempt(event) is None
    assert client.post(f"/v1/documents/{event.document_id}/webhook-deliveries/redeliver").status_code == 202
    assert attempt(event) is Verdict.delivered


def test_a_410_from_an_old_url_does_not_disable_the_moved_endpoint(hooked, sent) -> None:
    client, receiver = hooked
    receiver.script = [(410, {})]
    event = event_of(finish(tenant_of(client), 1))
    db, store, settings = get_database(), get_store(), get_settings()
    with db.session_scope() as s:
        prepared = delivery.claim_attempt(s, store, settings, event.id)
    assert prepared is not None
    # the tenant moves its endpoint while the attempt is in flight
    client.put("/v1/webhook-endpoint", json={"url": receiver.url + "/v2"})
    result = sender.send(
        prepared.destination.url, prepared.webhook_id, prepared.body, prepared.destination.secrets, settings
    )
    with db.session_scope() as s:
        assert delivery.record_attempt(s, settings, prepared, result) is Verdict.gone
    assert client.get("/v1/webhook-endpoint").json()["enabled"] is True


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
