"""Celery tasks: thin wrappers that parse ids, bind log context and call the pipeline."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

from botocore.exceptions import BotoCoreError
from celery import Task
from sqlalchemy.exc import OperationalError

from common.db import get_database
from common.documents import processing
from common.queue import CONVERT, FINALIZE, PREPARE, PURGE, get_celery
from common.settings import get_settings
from common.storage import get_store
from worker import pipeline

app = get_celery()
log = logging.getLogger(__name__)
TRANSIENT = (BotoCoreError, OperationalError, ConnectionError, TimeoutError)
RETRY = {"autoretry_for": TRANSIENT, "retry_backoff": 2, "retry_backoff_max": 120, "max_retries": 8}
PAGE_MAX_ATTEMPTS = 3


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
        with get_database().session_scope() as s:
            processing.fail_document(
                s, uuid.UUID(document_id), code=failure_code, message=f"{type(exc).__name__}: {exc}"
            )


@app.task(name=PREPARE, bind=True, **RETRY)
def prepare(self: Task, document_id: str) -> None:
    with pipeline.bind_page(document_id, task_id=self.request.id):
        _document_step(
            lambda d: pipeline.prepare_document(get_database(), get_store(), get_settings(), d),
            document_id,
            "prepare_failed",
        )


@app.task(name=CONVERT, bind=True, **RETRY)
def convert(self: Task, document_id: str, page_no: int) -> None:
    settings = get_settings()
    with pipeline.bind_page(document_id, page_no, task_id=self.request.id):
        try:
            pipeline.convert_page(
                get_database(),
                get_store(),
                settings,
                uuid.UUID(document_id),
                int(page_no),
                lease=timedelta(seconds=settings.broker.convert_time_limit + 60),
                max_attempts=PAGE_MAX_ATTEMPTS,
            )
        except TRANSIENT:
            raise
        except Exception as exc:
            # An engine failure that may pass (a flaky remote model): try again a few times.
            raise self.retry(
                exc=exc, countdown=2 ** (self.request.retries + 1), max_retries=PAGE_MAX_ATTEMPTS
            ) from exc


@app.task(name=FINALIZE, bind=True, **RETRY)
def finalize(self: Task, document_id: str) -> None:
    with pipeline.bind_page(document_id, task_id=self.request.id):
        _document_step(
            lambda d: pipeline.finalize_document(get_database(), get_store(), get_settings(), d),
            document_id,
            "finalize_failed",
        )


@app.task(name=PURGE, bind=True, **RETRY)
def purge(self: Task, document_id: str) -> None:
    with pipeline.bind_page(document_id, task_id=self.request.id):
        pipeline.purge_document(get_database(), get_store(), uuid.UUID(document_id))
