"""Celery tasks: thin wrappers that parse ids, bind log context and call a flow.

Their names and arguments are the wire format (other processes send them by name,
common/core/queue.py): they do not change.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

from celery import Task

from common.core.db import get_database
from common.core.queue import CONVERT, DELIVER, FINALIZE, PREPARE, PURGE, REAP, SWEEP, get_celery
from common.core.settings import get_settings
from common.core.storage import get_store
from common.observability.logging import bound
from worker import flows, shutdown  # noqa: F401  (shutdown: the SIGTERM grace period)

app = get_celery()
log = logging.getLogger(__name__)
# Failures that pass (the database, the object store or the network down): retried with
# backoff; anything else in a document step is the document's own failure.
TRANSIENT = flows.TRANSIENT
RETRY = {"autoretry_for": TRANSIENT, "retry_backoff": 2, "retry_backoff_max": 120, "max_retries": 8}


def _document_step(step: Callable[[uuid.UUID], None], document_id: str, failure_code: str) -> None:
    """Run a document-level step; transient errors retry (autoretry), anything else fails
    the document: retrying a bug or a source that defeats us cannot help, and the
    document must still reach a terminal state (and its one event)."""
    try:
        step(uuid.UUID(document_id))
    except TRANSIENT:
        raise
    except Exception as exc:
        log.exception("document failed")
        message = f"{type(exc).__name__}: {exc}"
        flows.fail_document(get_database(), uuid.UUID(document_id), code=failure_code, message=message)


@app.task(name=PREPARE, bind=True, **RETRY)
def prepare(self: Task, document_id: str) -> None:
    with bound(document_id=document_id, task_id=self.request.id):
        _document_step(
            lambda d: flows.prepare_document(get_database(), get_store(), get_settings(), d),
            document_id,
            "prepare_failed",
        )


@app.task(name=CONVERT, bind=True, **RETRY)
def convert(self: Task, document_id: str, page_no: int) -> None:
    settings = get_settings()
    attempts = settings.reliability.page_max_attempts
    with bound(document_id=document_id, page_no=page_no, task_id=self.request.id):
        try:
            flows.convert_page(
                get_database(),
                get_store(),
                settings,
                uuid.UUID(document_id),
                int(page_no),
                lease=timedelta(seconds=settings.reliability.page_lease),
                max_attempts=attempts,
                queue_name=(self.request.delivery_info or {}).get("routing_key"),
            )
        except TRANSIENT:
            raise
        except Exception as exc:
            # An engine failure that may pass (a flaky remote model): try again a few times.
            # The page was given back (queued) first; if this retry's message is lost, the
            # reaper dispatches the page again.
            countdown = 2 ** (self.request.retries + 1)
            raise self.retry(exc=exc, countdown=countdown, max_retries=attempts) from exc


@app.task(name=FINALIZE, bind=True, **RETRY)
def finalize(self: Task, document_id: str) -> None:
    with bound(document_id=document_id, task_id=self.request.id):
        _document_step(
            lambda d: flows.finalize_document(get_database(), get_store(), get_settings(), d),
            document_id,
            "finalize_failed",
        )


@app.task(name=PURGE, bind=True, **RETRY)
def purge(self: Task, document_id: str) -> None:
    with bound(document_id=document_id, task_id=self.request.id):
        flows.purge_document(get_database(), get_store(), uuid.UUID(document_id))


@app.task(name=DELIVER, bind=True, **RETRY)
def deliver(self: Task, event_id: str) -> None:
    """One attempt of a webhook event. Its retries are not Celery's: they are scheduled
    on the event row (next_attempt_at), which survives any broker or worker loss."""
    with bound(event_id=event_id, task_id=self.request.id):
        flows.deliver_event(get_database(), get_store(), get_settings(), uuid.UUID(event_id))


@app.task(name=SWEEP, bind=True)
def sweep(self: Task) -> None:
    """Celery beat: dispatch outbox rows nobody dispatched, retries that are due and
    events whose worker died mid-delivery."""
    with bound(task_id=self.request.id):
        flows.sweep_events(get_database(), get_settings())


@app.task(name=REAP, bind=True)
def reap(self: Task) -> None:
    """Celery beat: pages whose worker died, documents past their deadline, work whose
    message was lost."""
    with bound(task_id=self.request.id):
        flows.reap_once(get_database(), get_settings())
