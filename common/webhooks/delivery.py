"""A webhook attempt's bookkeeping: claim the event, then record what the attempt did.

An attempt is three steps, and only the first and last hold a transaction (the deliver
flow, worker/flows/deliver.py, opens them): claim the event (pending → delivering, under
a lease), POST it with no transaction open (common/webhooks/sender.py), then record the
attempt and move the event on (delivered, a retry at its time, or failed). The retry
schedule is Standard Webhooks' (configurable), with jitter, and a receiver's
Retry-After is honoured. These functions take a Session and never commit.
"""

from __future__ import annotations

import logging
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from common.core import queue
from common.core.orm import utcnow
from common.core.settings import Settings
from common.core.storage import ObjectStore
from common.documents.models import Document
from common.observability import metrics
from common.webhooks import repository
from common.webhooks.models import EventStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from common.webhooks.sender import AttemptResult, Verdict
from common.webhooks.service import Destination, destination, render_body

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    event_id: uuid.UUID
    webhook_id: str
    attempt: int
    round: int
    round_attempts: int
    destination: Destination
    body: str


def lease(settings: Settings) -> timedelta:
    # Beyond the task's hard time limit (queue.py), so a live attempt is never reclaimed.
    return timedelta(seconds=queue.deliver_time_limit(settings) + 30)


def claim_attempt(
    session: Session, store: ObjectStore, settings: Settings, event_id: uuid.UUID
) -> Prepared | None:
    """Take the event for one attempt, with what sending it needs; None when it is not
    due (another attempt holds it, it is finished, or it has no destination: then it
    fails here, logged as an attempt)."""
    now = utcnow()
    claimed = repository.claim_event(session, event_id, now=now, lease_until=now + lease(settings))
    if claimed is None:
        _redispatch_if_early(session, settings, event_id, now)
        return None
    event = session.get(WebhookEvent, event_id, populate_existing=True)
    doc = session.get(Document, event.document_id) if event else None
    if event is None or doc is None:
        return None
    target = destination(session, doc.tenant_id, doc.webhook_url, now)
    if not isinstance(target, Destination):
        session.add(
            WebhookDelivery(
                event_id=event_id,
                attempt=claimed.attempt,
                round=claimed.round,
                url="",
                error=target,
                outcome=Verdict.failed.value,
                created_at=now,
            )
        )
        metrics.count_webhook_attempt(Verdict.failed.value)
        repository.settle_event(
            session,
            event_id,
            attempt=claimed.attempt,
            values={"status": EventStatus.failed.value, "last_error": target, "next_attempt_at": None},
        )
        return None
    return Prepared(
        event_id=event_id,
        webhook_id=event.webhook_id,
        attempt=claimed.attempt,
        round=claimed.round,
        round_attempts=claimed.round_attempts,
        destination=target,
        body=render_body(event, store, settings),
    )


def _redispatch_if_early(session: Session, settings: Settings, event_id: uuid.UUID, now: datetime) -> None:
    """A task that runs before its event is due (an ETA a little early, a sweep racing a
    retry) hands the event back to the broker for its time instead of dropping it."""
    event = session.get(WebhookEvent, event_id)
    if event is None or event.status != EventStatus.pending.value or event.next_attempt_at is None:
        return
    wait = (event.next_attempt_at - now).total_seconds()
    if 0 < wait <= settings.webhooks.eta_max:
        eta, ident = event.next_attempt_at, str(event_id)
        queue.enqueue_after_commit(session, queue.DELIVER, ident, queue="webhooks", eta=eta)


def next_delay(settings: Settings, round_attempts: int, retry_after: float | None) -> float | None:
    """Seconds until the next attempt after ``round_attempts`` failed ones; None: give up."""
    schedule = settings.webhooks.retry_schedule
    if round_attempts >= len(schedule):
        return None
    jitter = settings.webhooks.jitter
    delay = schedule[round_attempts] * random.uniform(1 - jitter, 1 + jitter)
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.webhooks.max_retry_after))
    return delay


def record_attempt(session: Session, settings: Settings, p: Prepared, result: AttemptResult) -> Verdict:
    """Log the attempt and move the event on: delivered, a retry at its time, or failed."""
    now = utcnow()
    verdict = result.verdict
    next_at: datetime | None = None
    error = result.error
    values: dict[str, object]
    if verdict is Verdict.delivered:
        values = {
            "status": EventStatus.delivered.value,
            "delivered_at": now,
            "last_error": None,
            "next_attempt_at": None,
        }
    elif verdict is Verdict.retry:
        delay = next_delay(settings, p.round_attempts, result.retry_after)
        if delay is None:
            verdict = Verdict.failed
            error = f"gave up after {p.round_attempts} attempts; last: {result.error}"
            values = {"status": EventStatus.failed.value, "last_error": error, "next_attempt_at": None}
        else:
            next_at = now + timedelta(seconds=delay)
            soon = delay <= settings.webhooks.eta_max
            values = {
                "status": EventStatus.pending.value,
                "next_attempt_at": next_at,
                # With an ETA the broker holds the task; later ones the sweep dispatches.
                "dispatched_at": next_at if soon else None,
                "last_error": result.error,
            }
    else:
        values = {"status": EventStatus.failed.value, "last_error": error, "next_attempt_at": None}
    outcome = "disabled" if verdict is Verdict.gone and p.destination.endpoint_id else str(verdict.value)
    session.add(
        WebhookDelivery(
            event_id=p.event_id,
            attempt=p.attempt,
            round=p.round,
            url=p.destination.url,
            status_code=result.status_code,
            latency_ms=result.latency_ms,
            response_body=result.response_body,
            error=error,
            outcome=outcome,
            next_attempt_at=next_at,
            created_at=now,
        )
    )
    metrics.count_webhook_attempt(outcome)
    if not repository.settle_event(session, p.event_id, attempt=p.attempt, values=values):
        # Our lease ran out and the sweep handed the event to another attempt: that one
        # owns the event now; this attempt is only logged.
        log.warning(
            "webhook attempt finished after its lease", extra={"fields": {"event_id": str(p.event_id)}}
        )
        return verdict
    if verdict is Verdict.gone and p.destination.endpoint_id:
        endpoint = session.get(WebhookEndpoint, p.destination.endpoint_id)
        # Only if the endpoint still points where we sent: the tenant may have moved it.
        if endpoint is not None and endpoint.disabled_at is None and endpoint.url == p.destination.url:
            endpoint.disabled_at = now
            endpoint.disabled_reason = f"the receiver answered 410 Gone at {now.isoformat()}"
    if next_at is not None and values.get("dispatched_at") is not None:
        ident, eta = str(p.event_id), next_at
        queue.enqueue_after_commit(session, queue.DELIVER, ident, queue="webhooks", eta=eta)
    return verdict
