"""Purges and retention: a lost purge is sent again until it is confirmed, finished documents
older than the retention are deleted and purged, and a page written after its document's
purge reopens it.

The flows are called directly, as a worker and Celery beat would call them, against the real
database and S3 server (tests/reaping.py)."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from common.core import queue
from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import Settings, get_settings
from common.core.storage import document_prefix, get_store
from common.documents.models import Document
from common.webhooks.models import WebhookEvent
from tests.reaping import dispatches_for, document_row, page_row, prepared_document, reap, with_reliability


def _retention(days: float | None) -> Settings:
    base = with_reliability(redispatch_after=60)
    return base.model_copy(update={"retention": base.retention.model_copy(update={"days": days})})


def _finished(sent: list[tuple], finished_ago: timedelta) -> uuid.UUID:
    from worker import flows

    doc_id = prepared_document(sent, 1)
    with get_database().session_scope() as s:
        s.get(Document, doc_id).client_metadata = {"contract": "C-9"}
    flows.convert_page(get_database(), get_store(), get_settings(), doc_id, 1)
    flows.finalize_document(get_database(), get_store(), get_settings(), doc_id)
    with get_database().session_scope() as s:
        s.execute(update(Document).where(Document.id == doc_id).values(finished_at=utcnow() - finished_ago))
    sent.clear()
    return doc_id


def _stored(doc_id: uuid.UUID) -> list[str]:
    return get_store().list_keys(document_prefix(document_row(doc_id).tenant_id, doc_id))


def test_a_deleted_document_whose_purge_was_lost_is_purged_again_until_it_is_confirmed(services, sent):
    from common.documents import service
    from worker import flows

    # given a deleted document whose purge never ran (its task gave up while the store
    # was down, or its message was lost), so its objects are still stored
    doc_id = prepared_document(sent, 2)
    with get_database().session_scope() as s:
        service.delete_document(s, tenant_id=document_row(doc_id).tenant_id, document_id=doc_id)
    assert dispatches_for(sent, doc_id) == [(queue.PURGE, str(doc_id))]
    sent.clear()
    assert _stored(doc_id) and document_row(doc_id).purged_at is None
    with get_database().session_scope() as s:
        s.execute(
            update(Document).where(Document.id == doc_id).values(updated_at=utcnow() - timedelta(hours=1))
        )
    # when the reaper runs, then again at once
    reap(with_reliability(redispatch_after=60))
    reap(with_reliability(redispatch_after=60))
    # then the purge is sent again, once
    assert dispatches_for(sent, doc_id) == [(queue.PURGE, str(doc_id))]
    # and when it runs, every object is gone and the purge is recorded
    flows.purge_document(get_database(), get_store(), doc_id)
    assert _stored(doc_id) == [] and document_row(doc_id).purged_at is not None
    # so later passes leave it alone
    sent.clear()
    with get_database().session_scope() as s:
        s.execute(
            update(Document).where(Document.id == doc_id).values(updated_at=utcnow() - timedelta(hours=1))
        )
    reap(with_reliability(redispatch_after=60))
    assert dispatches_for(sent, doc_id) == []


def test_finished_documents_older_than_the_retention_are_deleted_and_purged(services, sent):
    from common.core.errors import NotFound
    from common.documents import service
    from worker import flows

    # given a document that finished three days ago and one that finished just now
    old = _finished(sent, timedelta(days=3))
    recent = _finished(sent, timedelta(minutes=1))
    assert _stored(old)
    # when the reaper runs without a retention, nothing expires
    reap(_retention(None))
    assert dispatches_for(sent, old, recent) == [] and document_row(old).deleted_at is None
    # when it runs with a two-day retention
    report = reap(_retention(2))
    # then the old one is deleted as a client's DELETE would: its metadata forgotten at
    # once, 404 to its tenant, and its purge sent; the recent one is left alone
    assert report.expired >= 1
    doc = document_row(old)
    assert doc.deleted_at is not None and doc.client_metadata == {} and doc.filename is None
    with get_database().session_scope() as s, pytest.raises(NotFound):
        service.get_document(s, doc.tenant_id, old)
    assert dispatches_for(sent, old, recent) == [(queue.PURGE, str(old))]
    assert document_row(recent).deleted_at is None and document_row(recent).client_metadata == {
        "contract": "C-9"
    }
    # and its outcome event no longer carries the client's metadata
    with get_database().session_scope() as s:
        event = s.scalars(select(WebhookEvent).where(WebhookEvent.document_id == old)).one()
        assert event.payload["data"]["metadata"] == {}
    # and once the purge ran, nothing of it is stored
    flows.purge_document(get_database(), get_store(), old)
    assert _stored(old) == [] and _stored(recent)


def test_a_page_written_after_its_documents_purge_reopens_the_purge(services, sent):
    import threading

    from common.documents import service
    from worker import flows

    # given a page being converted (slowly) when its document is deleted and purged
    doc_id = prepared_document(sent, 1, null_sleep_s=1.5)
    db, store, settings = get_database(), get_store(), get_settings()
    worker = threading.Thread(target=flows.convert_page, args=(db, store, settings, doc_id, 1))
    worker.start()
    wait = time.monotonic() + 10
    while page_row(doc_id, 1).status != "running" and time.monotonic() < wait:
        time.sleep(0.05)
    with db.session_scope() as s:
        service.delete_document(s, tenant_id=document_row(doc_id).tenant_id, document_id=doc_id)
    flows.purge_document(db, store, doc_id)
    assert document_row(doc_id).purged_at is not None
    # when the page's result is written after that purge (a late write)
    worker.join()
    # then the purge counts as not done again, and the reaper sends it once more
    assert document_row(doc_id).purged_at is None
    sent.clear()
    with db.session_scope() as s:
        s.execute(
            update(Document).where(Document.id == doc_id).values(updated_at=utcnow() - timedelta(hours=1))
        )
    reap(with_reliability(redispatch_after=60))
    assert dispatches_for(sent, doc_id) == [(queue.PURGE, str(doc_id))]
    flows.purge_document(db, store, doc_id)
    assert _stored(doc_id) == [] and document_row(doc_id).purged_at is not None
