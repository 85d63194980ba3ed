"""Driving one event by hand, as the tasks would: a document finished through the real flows,
its outcome event, one deliver step, a wait for the next attempt's time, and settings with
other webhook options."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import Settings, get_settings
from common.core.storage import get_store
from common.webhooks import repository
from common.webhooks.models import WebhookEvent
from common.webhooks.sender import Verdict
from tests.factories import files
from tests.helpers import queued_document


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
