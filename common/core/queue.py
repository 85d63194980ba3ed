"""The Celery application: configuration shared by producers (API) and workers.

Task names are dotted strings, so the API enqueues by name and never imports worker
code (a GPU worker's model stack must not load in the API).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from celery import Celery
from kombu import Exchange, Queue
from sqlalchemy.orm import Session

from common.core import (
    engines,
    fs_transport,  # noqa: F401  (registers the embedded broker's URL scheme)
)
from common.core.db import after_commit
from common.core.settings import Settings, get_settings

log = logging.getLogger(__name__)

PREPARE, CONVERT, FINALIZE, PURGE = (
    "documents.prepare",
    "pages.convert",
    "documents.finalize",
    "documents.purge",
)
DELIVER, SWEEP = "webhooks.deliver", "webhooks.sweep"
REAP = "pages.reap"
# Webhooks have their own queue: a receiver that is slow or down must not hold up
# conversion, and a backlog of pages must not delay a document's completion event. The
# engines' queues ("cpu", one "gpu.<engine>" per model, "remote") come from the catalog.
QUEUES = (*engines.QUEUES, "webhooks")


def engine_queue(engine: str) -> str:
    # An engine no longer in the catalog (a page stored before an upgrade removed it)
    # goes to the CPU queue, whose worker fails the page with a clear error.
    spec = engines.find(engine)
    return spec.queue if spec is not None else "cpu"


def deliver_time_limit(settings: Settings) -> int:
    # One attempt is bounded by webhooks.timeout in all; the rest is DNS, the database
    # and presigning. The event's lease is longer than this (delivery.lease).
    return int(settings.webhooks.timeout + 60)


def make_celery(settings: Settings) -> Celery:
    settings.ensure_dirs()
    app = Celery("pagemill", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        broker_transport_options=settings.broker_transport_options,
        broker_connection_retry_on_startup=True,
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,  # fan-in is in Postgres; no result backend
        result_backend=None,
        task_acks_late=True,  # a task is acked when it ends, so a crash redelivers it
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_queues=[Queue(q, Exchange(q, type="direct"), routing_key=q) for q in QUEUES],
        task_default_queue="cpu",
        task_create_missing_queues=False,
        task_routes={
            PREPARE: {"queue": "cpu"},
            FINALIZE: {"queue": "cpu"},
            PURGE: {"queue": "cpu"},
            REAP: {"queue": "cpu"},
            DELIVER: {"queue": "webhooks"},
            SWEEP: {"queue": "webhooks"},
        },
        task_annotations={
            PREPARE: {"time_limit": settings.broker.prepare_time_limit},
            CONVERT: {"time_limit": settings.broker.convert_time_limit},
            FINALIZE: {"time_limit": settings.broker.finalize_time_limit},
            DELIVER: {"time_limit": deliver_time_limit(settings)},
            SWEEP: {"time_limit": 300},
            REAP: {"time_limit": 300},
        },
        beat_schedule={
            "webhooks-sweep": {
                "task": SWEEP,
                "schedule": settings.webhooks.sweep_interval,
                # A sweep nobody ran in time is superseded by the next one: no backlog.
                "options": {"queue": "webhooks", "expires": max(1.0, settings.webhooks.sweep_interval)},
            },
            "pages-reap": {
                "task": REAP,
                "schedule": settings.reliability.reap_interval,
                "options": {"queue": "cpu", "expires": max(1.0, settings.reliability.reap_interval)},
            },
        },
        beat_schedule_filename=str(settings.data_dir.resolve() / "celerybeat-schedule"),
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        broker_pool_limit=10,
    )
    return app


_app: Celery | None = None


def get_celery() -> Celery:
    global _app
    if _app is None:
        _app = make_celery(get_settings())
    return _app


# On Redis a BRPOP takes the priority-0 lists of every queue before any lower one, then
# the 3s, then the 6s. Steps that close work out (finalize, purge) and the webhook sweep
# stay at 0: under a backlog of pages a finished document is still finalized within
# moments, and under a backlog of deliveries the sweep still runs (one that waited would
# expire unrun). Prepares (a few per tenant: the prepare window), deliveries and a
# tenant's first pages in flight (``AHEAD``: common/documents/dispatch.py) go at 3; the
# bulk of pages at 6. So a small document waits for the pages that are running, not for
# the windows of pages other tenants have waiting.
AHEAD, BULK = 3, 6
PRIORITIES = {PREPARE: AHEAD, CONVERT: BULK, DELIVER: AHEAD}


def enqueue(
    name: str, *args: Any, queue: str = "cpu", eta: datetime | None = None, priority: int | None = None
) -> None:
    get_celery().send_task(
        name,
        args=list(args),
        queue=queue,
        routing_key=queue,
        eta=eta,
        priority=PRIORITIES.get(name) if priority is None else priority,
    )


def dispatch(
    name: str, *args: Any, queue: str = "cpu", eta: datetime | None = None, priority: int | None = None
) -> None:
    """Send a task for work that is already committed. The row is the outbox: if the
    broker is down, the send is logged and dropped, and the reaper (documents, pages,
    purges) or the webhook sweep (events) sends it again once the broker is back. Raising
    instead would fail the step that just committed, for an outage that passes."""
    try:
        enqueue(name, *args, queue=queue, eta=eta, priority=priority)
    except Exception as exc:
        log.warning("broker unavailable; %s will be dispatched again later: %s", name, exc)


def depth(queue_name: str) -> int | None:
    """Messages waiting in a queue, as the broker counts them (every priority level on
    Redis; a task a worker has taken but not acknowledged is not counted); None when the
    broker cannot be asked. The reaper compares it with the pages Postgres has sent and
    not seen taken: fewer messages than pages means some were lost."""
    try:
        with get_celery().connection_for_read() as conn:
            ok = conn.default_channel.queue_declare(queue=queue_name, passive=True)
            return int(ok.message_count)
    except Exception as exc:
        # No such queue (AMQP's 404; kombu's Redis and file transports say NOT_FOUND for a
        # queue no message was ever left in): nothing waits in it.
        if getattr(exc, "code", None) == 404 or "NOT_FOUND" in str(exc):
            return 0
        log.warning("broker unavailable; the depth of %s is unknown: %s", queue_name, exc)
        return None


def enqueue_after_commit(
    session: Session,
    name: str,
    *args: Any,
    queue: str = "cpu",
    eta: datetime | None = None,
    priority: int | None = None,
) -> None:
    """Send a task once the session's transaction has committed the work it names (a
    rollback drops it): the one way a task is dispatched after a write."""
    after_commit(session, lambda: dispatch(name, *args, queue=queue, eta=eta, priority=priority))
