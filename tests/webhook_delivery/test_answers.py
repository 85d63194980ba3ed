"""Delivering one event: what the receiver's answer decides. A 5xx is retried on schedule (and
Retry-After) until the schedule runs out, other 4xx and redirects fail at once, 410 disables
the endpoint (unless it has moved meanwhile), a strange Retry-After is ignored.

The deliver step is called directly (as the task would call it) against real Postgres, moto's
S3 and a real HTTP receiver on loopback; what it would enqueue is recorded instead of sent, so
each test drives every attempt itself (conftest.py, attempts.py)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from common.core import queue
from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import get_settings
from common.core.storage import get_store
from common.webhooks import delivery, sender
from common.webhooks.models import WebhookDelivery, WebhookEvent
from common.webhooks.sender import Verdict
from tests.helpers import tenant_of
from tests.receiver import Receiver
from tests.webhook_delivery.attempts import attempt, event_of, finish, wait_until_due, with_webhooks


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


def test_a_strange_retry_after_is_ignored_not_fatal(hooked, sent) -> None:
    client, receiver = hooked
    receiver.script = [(200, {"Retry-After": "\u00b2"})]
    event = event_of(finish(tenant_of(client), 1))
    assert attempt(event) is Verdict.delivered
