"""Sending one webhook attempt, and what its outcome does to the event.

An attempt is three steps, and only the first and last hold a transaction: claim the
event (pending → delivering, under a lease), POST it with no transaction open (a slow
receiver must not hold a database connection), then record the attempt and move the
event on (delivered, a retry at its time, or failed). The retry schedule is Standard
Webhooks' (configurable), with jitter, and a receiver's Retry-After is honoured.
"""

from __future__ import annotations

import asyncio
import email.utils
import enum
import logging
import random
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy.orm import Session

from common.core import queue
from common.core.db import Database
from common.core.errors import InvalidInput
from common.core.orm import utcnow
from common.core.settings import Settings, WebhooksSettings
from common.core.storage import ObjectStore
from common.documents.models import Document
from common.observability import metrics
from common.webhooks import repository, ssrf
from common.webhooks.models import EventStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from common.webhooks.service import Destination, destination, render_body
from common.webhooks.signing import signature_headers

log = logging.getLogger(__name__)
USER_AGENT = "Pagemill-Webhooks/1 (+https://pagemill.dev/docs/webhooks)"


class Verdict(enum.StrEnum):
    delivered = "delivered"
    retry = "retry"  # 408, 429, 5xx, timeouts, connection and DNS errors
    failed = "failed"  # other statuses, redirects, refused destinations
    gone = "gone"  # 410: the receiver asks us to stop; the endpoint is disabled


@dataclass(frozen=True)
class AttemptResult:
    verdict: Verdict
    status_code: int | None = None
    latency_ms: int | None = None
    response_body: str | None = None
    error: str | None = None
    retry_after: float | None = None


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def classify(status: int) -> Verdict:
    if 200 <= status < 300:
        return Verdict.delivered
    if status == 410:
        return Verdict.gone
    if status in (408, 429) or status >= 500:
        return Verdict.retry
    return Verdict.failed


def _ascii_host(host: str) -> str:
    """The name as it goes on the wire (IDNA for internationalised names)."""
    return host if host.isascii() else host.encode("idna").decode("ascii")


def _host_header(target: ssrf.Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else _ascii_host(target.host)
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


@dataclass(frozen=True)
class _Response:
    status: int
    latency_ms: int
    text: str
    retry_after: float | None
    location: str | None


async def _post(
    request_url: str, headers: dict[str, str], body: bytes, extensions: dict[str, str], cfg: WebhooksSettings
) -> _Response:
    start = time.perf_counter()
    # A fresh client per attempt: pooled connections are keyed by address, and one
    # opened for another tenant's host name on the same address must not be reused.
    async with (
        httpx.AsyncClient(timeout=cfg.timeout, follow_redirects=False, trust_env=False) as client,
        client.stream("POST", request_url, content=body, headers=headers, extensions=extensions) as resp,
    ):
        latency_ms = int((time.perf_counter() - start) * 1000)
        received = bytearray()
        async for chunk in resp.aiter_bytes():
            received += chunk
            if len(received) >= cfg.max_response_bytes:
                break
        return _Response(
            status=resp.status_code,
            latency_ms=latency_ms,
            text=bytes(received[: cfg.max_response_bytes]).decode("utf-8", errors="replace"),
            retry_after=parse_retry_after(resp.headers.get("retry-after"), utcnow()),
            location=resp.headers.get("location"),
        )


def send(
    url: str,
    webhook_ident: str,
    body: str,
    secrets: list[str],
    settings: Settings,
    resolver: ssrf.Resolver = ssrf.system_resolver,
) -> AttemptResult:
    """One signed POST to ``url``, connecting only to the address the SSRF guard checked,
    within ``webhooks.timeout`` seconds in all (a receiver that drips bytes cannot hold
    a worker). Never raises: whatever happens is the attempt's result."""
    cfg = settings.webhooks
    try:
        target, address = ssrf.resolve_for_send(url, cfg, resolver)
    except ssrf.ResolutionFailed as exc:
        return AttemptResult(Verdict.retry, error=str(exc))
    except InvalidInput as exc:  # a refused address or scheme: no retry can change that
        return AttemptResult(Verdict.failed, error=exc.detail)
    ip = f"[{address}]" if address.version == 6 else str(address)
    request_url = f"{target.scheme}://{ip}:{target.port}{target.path}"
    try:
        headers = {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "host": _host_header(target),
            **signature_headers(webhook_ident, body, secrets),
        }
        # TLS is still verified against the host name, not the address we dial.
        named = target.scheme == "https" and not ssrf.literal_address(target.host)
        extensions = {"sni_hostname": _ascii_host(target.host)} if named else {}
        resp = asyncio.run(
            asyncio.wait_for(_post(request_url, headers, body.encode(), extensions, cfg), cfg.timeout)
        )
    except (TimeoutError, httpx.TimeoutException) as exc:
        return AttemptResult(Verdict.retry, error=f"timed out after {cfg.timeout:g} s ({type(exc).__name__})")
    except httpx.HTTPError as exc:
        return AttemptResult(Verdict.retry, error=f"{type(exc).__name__}: {exc}".rstrip(": "))
    except Exception as exc:  # a bug or a surprise must still end as a logged attempt
        log.exception("webhook attempt failed unexpectedly")
        return AttemptResult(Verdict.retry, error=f"{type(exc).__name__}: {exc}".rstrip(": "))
    verdict = classify(resp.status)
    error = None
    if verdict is Verdict.failed and 300 <= resp.status < 400:
        error = f"redirect to {resp.location!r} not followed: configure the final URL"
    elif verdict is not Verdict.delivered:
        error = f"HTTP {resp.status}"
    return AttemptResult(verdict, resp.status, resp.latency_ms, resp.text or None, error, resp.retry_after)


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


def _prepare(
    session: Session, store: ObjectStore, settings: Settings, event_id: uuid.UUID
) -> Prepared | None:
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


def _record(session: Session, settings: Settings, p: Prepared, result: AttemptResult) -> Verdict:
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


def deliver_event(
    db: Database,
    store: ObjectStore,
    settings: Settings,
    event_id: uuid.UUID,
    resolver: ssrf.Resolver = ssrf.system_resolver,
) -> Verdict | None:
    """One attempt of one event, if it is due; None when there was nothing to do."""
    with db.session_scope() as session:
        prepared = _prepare(session, store, settings, event_id)
    if prepared is None:
        return None
    result = send(
        prepared.destination.url,
        prepared.webhook_id,
        prepared.body,
        prepared.destination.secrets,
        settings,
        resolver,
    )
    with db.session_scope() as session:
        return _record(session, settings, prepared, result)
