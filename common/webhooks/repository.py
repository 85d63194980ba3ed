"""SQL for webhook endpoints, events and delivery attempts.

Every state change of an event is one guarded UPDATE, so a deliver task that runs twice
(broker redelivery, a sweep re-dispatch, a redeliver request) cannot send an event twice
at once, and a worker that lost its lease cannot overwrite a newer attempt's outcome.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, literal, null, or_, select, update
from sqlalchemy.orm import Session

from common.core.orm import UTCDateTime
from common.webhooks.models import EventStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent


def get_endpoint(session: Session, tenant_id: uuid.UUID) -> WebhookEndpoint | None:
    return session.scalar(select(WebhookEndpoint).where(WebhookEndpoint.tenant_id == tenant_id))


def endpoint_id_batches(session: Session, size: int) -> Iterator[list[uuid.UUID]]:
    """Every endpoint id, in id order, ``size`` at a time (keyset: rows may come and go)."""
    after: uuid.UUID | None = None
    while True:
        query = select(WebhookEndpoint.id).order_by(WebhookEndpoint.id).limit(size)
        if after is not None:
            query = query.where(WebhookEndpoint.id > after)
        ids = list(session.scalars(query))
        if not ids:
            return
        yield ids
        after = ids[-1]


def lock_endpoints(session: Session, ids: list[uuid.UUID]) -> list[WebhookEndpoint]:
    query = select(WebhookEndpoint).where(WebhookEndpoint.id.in_(ids)).order_by(WebhookEndpoint.id)
    return list(session.scalars(query.with_for_update()))


def get_event_for_document(session: Session, document_id: uuid.UUID) -> WebhookEvent | None:
    # A document has at most one outcome (its terminal status is set once).
    return session.scalar(
        select(WebhookEvent).where(WebhookEvent.document_id == document_id).order_by(WebhookEvent.created_at)
    )


def list_deliveries(session: Session, event_id: uuid.UUID) -> list[WebhookDelivery]:
    return list(
        session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.event_id == event_id)
            .order_by(WebhookDelivery.attempt, WebhookDelivery.created_at)
        )
    )


@dataclass(frozen=True)
class ClaimedEvent:
    attempt: int  # counting every attempt of the event
    round: int
    round_attempts: int  # attempts in this round, this one included


def claim_event(
    session: Session, event_id: uuid.UUID, *, now: datetime, lease_until: datetime
) -> ClaimedEvent | None:
    """pending and due → delivering, counting the attempt; None if not pending or not due."""
    row = session.execute(
        update(WebhookEvent)
        .where(
            WebhookEvent.id == event_id,
            WebhookEvent.status == EventStatus.pending.value,
            WebhookEvent.next_attempt_at <= now,
        )
        .values(
            status=EventStatus.delivering.value,
            attempts=WebhookEvent.attempts + 1,
            round_attempts=WebhookEvent.round_attempts + 1,
            lease_expires_at=lease_until,
        )
        .returning(WebhookEvent.attempts, WebhookEvent.round, WebhookEvent.round_attempts)
        .execution_options(synchronize_session=False)
    ).first()
    return ClaimedEvent(int(row[0]), int(row[1]), int(row[2])) if row else None


def settle_event(session: Session, event_id: uuid.UUID, *, attempt: int, values: dict[str, Any]) -> bool:
    """Record the outcome of attempt ``attempt``, unless a later attempt has begun. An
    event the sweep reclaimed (pending again, no new attempt yet) still takes this late
    outcome: a 2xx that arrived must not be sent again."""
    row = session.execute(
        update(WebhookEvent)
        .where(
            WebhookEvent.id == event_id,
            WebhookEvent.status.in_([EventStatus.delivering.value, EventStatus.pending.value]),
            WebhookEvent.attempts == attempt,
        )
        .values(lease_expires_at=None, **values)
        .returning(WebhookEvent.id)
        .execution_options(synchronize_session=False)
    ).first()
    return row is not None


def reclaim_expired(
    session: Session, *, now: datetime, limit: int, max_attempts: int
) -> list[tuple[uuid.UUID, int]]:
    """delivering events whose worker vanished (lease over) → pending and due now, or
    failed when that was the round's last attempt (a receiver that always makes the
    worker die must not be retried forever)."""
    ids = list(
        session.scalars(
            select(WebhookEvent.id)
            .where(WebhookEvent.status == EventStatus.delivering.value, WebhookEvent.lease_expires_at <= now)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if not ids:
        return []
    lost = "the worker delivering this event stopped before recording the outcome"
    exhausted = WebhookEvent.round_attempts >= max_attempts
    rows = session.execute(
        update(WebhookEvent)
        .where(WebhookEvent.id.in_(ids), WebhookEvent.status == EventStatus.delivering.value)
        .values(
            status=case((exhausted, EventStatus.failed.value), else_=EventStatus.pending.value),
            next_attempt_at=case((exhausted, null()), else_=literal(now, UTCDateTime())),
            dispatched_at=None,
            lease_expires_at=None,
            last_error=case((exhausted, f"gave up after {max_attempts} attempts; last: {lost}"), else_=lost),
        )
        .returning(WebhookEvent.id, WebhookEvent.attempts)
        .execution_options(synchronize_session=False)
    ).all()
    return [(r[0], int(r[1])) for r in rows]


def due_for_dispatch(
    session: Session, *, now: datetime, redispatch_before: datetime, limit: int
) -> list[uuid.UUID]:
    """pending events that are due and that no live dispatch is known to cover; marked
    dispatched now (the caller enqueues them after commit)."""
    ids = list(
        session.scalars(
            select(WebhookEvent.id)
            .where(
                WebhookEvent.status == EventStatus.pending.value,
                WebhookEvent.next_attempt_at <= now,
                or_(WebhookEvent.dispatched_at.is_(None), WebhookEvent.dispatched_at <= redispatch_before),
            )
            .order_by(WebhookEvent.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if ids:
        session.execute(
            update(WebhookEvent)
            .where(WebhookEvent.id.in_(ids))
            .values(dispatched_at=now)
            .execution_options(synchronize_session=False)
        )
    return ids


def restart_round(session: Session, event_id: uuid.UUID, *, now: datetime) -> bool:
    """A redelivery: the event becomes pending, due now, with a fresh retry schedule,
    whatever its state (an event waiting hours for its next retry is sent now too),
    except while an attempt is in flight."""
    row = session.execute(
        update(WebhookEvent)
        .where(WebhookEvent.id == event_id, WebhookEvent.status != EventStatus.delivering.value)
        .values(
            status=EventStatus.pending.value,
            round=WebhookEvent.round + 1,
            round_attempts=0,
            next_attempt_at=now,
            dispatched_at=now,
            last_error=None,
        )
        .returning(WebhookEvent.id)
        .execution_options(synchronize_session=False)
    ).first()
    return row is not None
