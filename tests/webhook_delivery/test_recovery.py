"""Delivering one event again: a redelivery the tenant asks for (same webhook id, refused while
an attempt is in flight, before the outcome or across tenants), and the sweep that recovers a
lost attempt or an undispatched row, gives up on the last attempt, and keeps a late outcome.

The deliver step is called directly (as the task would call it) against real Postgres, moto's
S3 and a real HTTP receiver on loopback; what it would enqueue is recorded instead of sent, so
each test drives every attempt itself (conftest.py, attempts.py)."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import select

from common.core import queue
from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import get_settings
from common.core.storage import get_store
from common.webhooks import delivery, repository, sender, service
from common.webhooks.models import EventStatus, WebhookDelivery, WebhookEvent
from common.webhooks.sender import Verdict
from tests.conftest import new_key
from tests.factories import files
from tests.helpers import assert_problem, queued_document, tenant_of
from tests.webhook_delivery.attempts import attempt, event_of, finish, with_webhooks


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


def test_redeliver_sends_now_an_event_waiting_for_a_later_retry(hooked, sent) -> None:
    client, receiver = hooked
    receiver.script = [(500, {"Retry-After": "3600"})]
    event = event_of(finish(tenant_of(client), 1))
    assert attempt(event) is Verdict.retry  # next try in an hour
    assert attempt(event) is None
    assert client.post(f"/v1/documents/{event.document_id}/webhook-deliveries/redeliver").status_code == 202
    assert attempt(event) is Verdict.delivered


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
