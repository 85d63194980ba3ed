"""Deadlines: a document past its deadline finishes with the pages it has (the late result of
a running page discarded), and one never prepared fails.

The flows are called directly, as a worker and Celery beat would call them, against the real
database and S3 server (tests/reaping.py)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, update

from common.core import queue
from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import get_settings
from common.core.storage import get_store
from common.documents.models import Document
from common.webhooks.models import WebhookEvent
from tests.conftest import new_key
from tests.factories import files
from tests.helpers import queued_document
from tests.reaping import claim, dispatches_for, document_row, page_row, prepared_document, reap


def test_a_document_past_its_deadline_finishes_with_what_it_has(services, sent):
    from worker import flows

    # given a 3-page document: page 1 done, page 2 running on a live worker, page 3 queued
    doc_id = prepared_document(sent, 3)
    db, store, settings = get_database(), get_store(), get_settings()
    flows.convert_page(db, store, settings, doc_id, 1)
    assert claim(doc_id, 2, lease=timedelta(minutes=5))
    # when its deadline passes and the reaper runs
    with db.session_scope() as s:
        s.execute(
            update(Document).where(Document.id == doc_id).values(deadline_at=utcnow() - timedelta(seconds=1))
        )
    sent.clear()
    reap()
    # then its open pages fail with deadline_exceeded and finalize is dispatched
    assert page_row(doc_id, 2).error["code"] == "deadline_exceeded"
    assert page_row(doc_id, 3).status == "failed"
    assert dispatches_for(sent, doc_id) == [(queue.FINALIZE, str(doc_id))]
    # and the running page's late result is discarded, not counted
    flows.finalize_document(db, store, settings, doc_id)
    doc = document_row(doc_id)
    assert doc.status == "partially_succeeded" and (doc.pages_done, doc.pages_failed) == (1, 2)
    with db.session_scope() as s:
        events = s.scalars(select(WebhookEvent).where(WebhookEvent.document_id == doc_id)).all()
        assert [e.type for e in events] == ["document.partially_succeeded"]


def test_a_document_never_prepared_fails_at_its_deadline(services, sent):
    # given a document whose prepare message was never taken
    with get_database().session_scope() as s:
        from common.tenants.service import authenticate

        tenant = authenticate(s, new_key())
    doc_id = uuid.UUID(queued_document(tenant, files.text_pdf(2), engine="null"))
    with get_database().session_scope() as s:
        s.execute(
            update(Document).where(Document.id == doc_id).values(deadline_at=utcnow() - timedelta(seconds=1))
        )
    # when the reaper runs
    reap()
    # then it fails with deadline_exceeded and one outcome event
    doc = document_row(doc_id)
    assert doc.status == "failed" and doc.error["code"] == "deadline_exceeded"
