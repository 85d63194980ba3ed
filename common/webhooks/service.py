"""Webhooks: the outbox row of each document outcome, the delivery log, redelivery and
the sweep. The tenant's endpoint and secret are :mod:`common.webhooks.endpoints`.

Exactly one event per outcome holds because the event row is written in the same
transaction that sets the terminal status, under the unique (document_id, type). The
deliver task is enqueued after that commit; if the process dies in between, the sweep
(Celery beat) finds the row and dispatches it. Sending itself is in
:mod:`common.webhooks.delivery`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from common.audit import service as audit
from common.core import queue
from common.core.errors import Conflict, NotReady
from common.core.orm import utcnow
from common.core.settings import Settings, get_settings
from common.core.storage import ObjectStore, output_key
from common.documents.links import document_links
from common.documents.models import Document, DocumentStatus
from common.webhooks import repository
from common.webhooks.models import EventStatus, WebhookDelivery, WebhookEvent
from common.webhooks.schemas import (
    WebhookDeliveryList,
    WebhookDeliveryOut,
    WebhookEventOut,
)

EVENT_PREFIX = "document."


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    return round((end - start).total_seconds(), 3) if start and end else None


def event_payload(doc: Document, settings: Settings) -> dict[str, Any]:
    """The thin event body (Standard Webhooks shape): what happened, counts, timings and
    links; the results themselves are fetched by the receiver."""
    api_links = document_links(doc, settings)
    formats: list[str] = list(doc.options.get("output_formats", []))
    links: dict[str, Any] = {"self": api_links["self"]}
    if doc.pages_done and doc.deleted_at is None and doc.status != DocumentStatus.cancelled.value:
        links["results"] = {fmt: api_links[f"result_{fmt}"] for fmt in formats}
    return {
        "type": EVENT_PREFIX + doc.status,
        "timestamp": _iso(doc.finished_at or doc.updated_at),
        "data": {
            "id": str(doc.id),
            "object": "document",
            "status": doc.status,
            "engine": doc.engine,
            "output_formats": formats,
            "pages": {"total": doc.pages_total, "done": doc.pages_done, "failed": doc.pages_failed},
            "metadata": doc.client_metadata or {},
            "error": doc.error,
            "created_at": _iso(doc.created_at),
            "started_at": _iso(doc.started_at),
            "finished_at": _iso(doc.finished_at),
            "timings": {
                "queued_s": _seconds(doc.created_at, doc.started_at),
                "processing_s": _seconds(doc.started_at, doc.finished_at),
                "total_s": _seconds(doc.created_at, doc.finished_at),
            },
            "links": links,
            # With the fields output: kind, total and checks, so a receiver can route the
            # document without fetching anything.
            "summary": doc.summary,
        },
    }


@dataclass(frozen=True)
class Destination:
    url: str
    secrets: list[str]
    endpoint_id: uuid.UUID | None  # set when the tenant's default endpoint is the target


def destination(
    session: Session, tenant_id: uuid.UUID, document_url: str | None, now: datetime, *, signed: bool = True
) -> Destination | str:
    """Where an event goes now, with the secrets that sign it (decrypted only if
    ``signed``: a caller that wants the URL alone does not depend on the master key);
    or why it cannot go anywhere."""
    endpoint = repository.get_endpoint(session, tenant_id)
    if endpoint is None:
        if document_url:
            return "no signing secret: the tenant's webhook endpoint was deleted"
        return "no webhook_url on the document and no webhook endpoint for the tenant"
    secrets = endpoint.signing_secrets(now) if signed else []
    if document_url:
        return Destination(document_url, secrets, None)
    if not endpoint.url:
        return "no webhook_url on the document and no default URL on the tenant's endpoint"
    if endpoint.disabled_at is not None:
        return f"the webhook endpoint is disabled ({endpoint.disabled_reason})"
    return Destination(endpoint.url, secrets, endpoint.id)


def _dispatch(session: Session, event_id: uuid.UUID, *, eta: datetime | None = None) -> None:
    ident = str(event_id)
    queue.enqueue_after_commit(session, queue.DELIVER, ident, queue="webhooks", eta=eta)


def record_outcome(session: Session, doc: Document) -> WebhookEvent:
    """Write the outbox row for the document's terminal status (the caller's guard makes
    this happen once) and dispatch its delivery after commit."""
    now = utcnow()
    target = destination(session, doc.tenant_id, doc.webhook_url, now, signed=False)
    deliverable = isinstance(target, Destination)
    event = WebhookEvent(
        id=uuid.uuid4(),
        tenant_id=doc.tenant_id,
        document_id=doc.id,
        type=EVENT_PREFIX + doc.status,
        payload=event_payload(doc, get_settings()),
        created_at=now,
        status=EventStatus.pending.value if deliverable else EventStatus.skipped.value,
        attempts=0,
        round=0,
        round_attempts=0,
        next_attempt_at=now if deliverable else None,
        # "Dispatch intended now": the sweep re-dispatches only if no worker took it
        # within redispatch_after (the process may die between commit and enqueue).
        dispatched_at=now if deliverable else None,
        last_error=None if isinstance(target, Destination) else target,
    )
    session.add(event)
    session.flush()
    if deliverable:
        _dispatch(session, event.id)
    return event


def render_body(event: WebhookEvent, store: ObjectStore, settings: Settings) -> str:
    """The JSON body of one attempt: the stored payload, plus presigned download URLs
    (fresh per attempt, so a retry a day later still carries working links)."""
    payload = json.loads(json.dumps(event.payload))
    data = payload["data"]
    if settings.webhooks.presign_results and data.get("links", {}).get("results"):
        tenant_id, document_id = event.tenant_id, event.document_id
        downloads = {
            fmt: store.presigned_url(output_key(tenant_id, document_id, fmt), settings.webhooks.presign_ttl)
            for fmt in data["links"]["results"]
        }
        if all(downloads.values()):
            data["links"]["downloads"] = downloads
            expires = utcnow() + timedelta(seconds=settings.webhooks.presign_ttl)
            data["links"]["downloads_expire_at"] = _iso(expires)
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    if len(body.encode()) > settings.webhooks.max_payload_bytes:
        # Thin events stay thin: the client's metadata is what can grow; it is on the
        # document (GET links.self) in full.
        data["metadata"] = {}
        data["metadata_truncated"] = True
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return body


# ---- delivery log and redelivery ---------------------------------------------------------


def _event_out(event: WebhookEvent) -> WebhookEventOut:
    return WebhookEventOut(
        webhook_id=event.webhook_id,
        type=event.type,
        status=event.status,
        attempts=event.attempts,
        next_attempt_at=event.next_attempt_at if event.status == EventStatus.pending.value else None,
        delivered_at=event.delivered_at,
        last_error=event.last_error,
        created_at=event.created_at,
    )


def list_deliveries(session: Session, document: Document) -> WebhookDeliveryList:
    event = repository.get_event_for_document(session, document.id)
    if event is None:
        return WebhookDeliveryList(event=None, data=[])
    rows = repository.list_deliveries(session, event.id)
    return WebhookDeliveryList(
        event=_event_out(event),
        data=[WebhookDeliveryOut.model_validate(r) for r in rows],
    )


def redeliver(session: Session, document: Document) -> WebhookEventOut:
    """Send the document's event again, with the same webhook-id and a fresh schedule."""
    event = repository.get_event_for_document(session, document.id)
    if event is None:
        raise NotReady("the document has no outcome yet: its event is sent when it finishes")
    now = utcnow()
    target = destination(session, document.tenant_id, document.webhook_url, now, signed=False)
    if not isinstance(target, Destination):
        raise Conflict(f"cannot redeliver: {target}")
    if not repository.restart_round(session, event.id, now=now):
        raise Conflict("an attempt to deliver this event is in progress; try again in a minute")
    session.refresh(event)
    _dispatch(session, event.id)
    done = {"webhook_id": event.webhook_id}
    audit.record(session, document.tenant_id, audit.REDELIVERED, str(document.id), done)
    return _event_out(event)


def forget_document(session: Session, document_id: uuid.UUID) -> None:
    """The client deleted the document: its event keeps saying what happened, but no
    longer carries the client's metadata or links to results that are being purged."""
    event = repository.get_event_for_document(session, document_id)
    if event is None:
        return
    data = dict(event.payload.get("data", {}))
    data["metadata"] = {}
    data["links"] = {k: v for k, v in data.get("links", {}).items() if k != "results"}
    event.payload = {**event.payload, "data": data}
    session.flush()


# ---- the sweep (Celery beat) --------------------------------------------------------------


@dataclass(frozen=True)
class SweepReport:
    reclaimed: int
    dispatched: int


def sweep(session: Session, settings: Settings, *, now: datetime | None = None) -> SweepReport:
    """Recover events whose worker died mid-delivery and dispatch every due event that
    no live task covers: outbox rows whose enqueue never happened, retries too far out
    for an ETA, lost messages."""
    now = now or utcnow()
    cfg = settings.webhooks
    reclaimed = repository.reclaim_expired(
        session, now=now, limit=cfg.sweep_batch, max_attempts=len(cfg.retry_schedule)
    )
    for event_id, attempt in reclaimed:
        # The lost attempt may have reached the receiver: it is logged like any other.
        event = session.get(WebhookEvent, event_id, populate_existing=True)
        doc = session.get(Document, event.document_id) if event else None
        target = destination(session, doc.tenant_id, doc.webhook_url, now, signed=False) if doc else None
        session.add(
            WebhookDelivery(
                event_id=event_id,
                attempt=attempt,
                round=event.round if event else 0,
                url=target.url if isinstance(target, Destination) else "",
                error="the worker stopped during this attempt; its outcome is unknown",
                outcome="failed" if event and event.status == EventStatus.failed.value else "retry",
                next_attempt_at=event.next_attempt_at if event else None,
                created_at=now,
            )
        )
    due = repository.due_for_dispatch(
        session,
        now=now,
        redispatch_before=now - timedelta(seconds=cfg.redispatch_after),
        limit=cfg.sweep_batch,
    )
    for event_id in due:
        _dispatch(session, event_id)
    return SweepReport(reclaimed=len(reclaimed), dispatched=len(due))
