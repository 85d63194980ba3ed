"""Lost messages: the rows are the outbox, so queued work and a finalize whose messages were
lost are sent again once, and a step that finds the broker down still commits its work for
the reaper to send later.

The flows are called directly, as a worker and Celery beat would call them, against the real
database and S3 server (tests/reaping.py)."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

from sqlalchemy import update

from common.core import queue
from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import get_settings
from common.core.storage import get_store
from common.documents.models import Document, Page
from tests.conftest import new_key
from tests.factories import files
from tests.helpers import new_tenant, queued_document
from tests.reaping import dispatches_for, document_row, page_row, prepared_document, reap, with_reliability


def test_queued_work_whose_message_was_lost_is_dispatched_again(services, sent):
    # given a page and a document queued long ago whose messages were lost (broker restart)
    doc_id = prepared_document(sent, 2)
    with get_database().session_scope() as s:
        from common.tenants.service import authenticate

        tenant = authenticate(s, new_key())
    lost_doc = uuid.UUID(queued_document(tenant, files.text_pdf(1), engine="null"))
    old = utcnow() - timedelta(hours=1)
    with get_database().session_scope() as s:
        s.execute(update(Page).where(Page.document_id == doc_id, Page.page_no == 2).values(dispatched_at=old))
        s.execute(update(Document).where(Document.id == lost_doc).values(dispatched_at=old))
    # when the reaper passes three times (the broker's queue holds none of their messages)
    for _ in range(3):
        reap(with_reliability(redispatch_after=60))
    # then each is dispatched again once, at the second pass that found it missing (page
    # 1, sent just now, is left alone)
    assert sorted(dispatches_for(sent, doc_id, lost_doc), key=str) == sorted(
        [(queue.CONVERT, str(doc_id), 2), (queue.PREPARE, str(lost_doc))], key=str
    )


def test_a_finished_document_whose_finalize_was_lost_is_finalized(services, sent):
    from worker import flows

    # given a document whose pages all finished but whose finalize message was lost
    doc_id = prepared_document(sent, 1)
    flows.convert_page(get_database(), get_store(), get_settings(), doc_id, 1)
    with get_database().session_scope() as s:
        s.execute(
            update(Document).where(Document.id == doc_id).values(updated_at=utcnow() - timedelta(hours=2))
        )
    sent.clear()
    # when the reaper runs
    reap(with_reliability(redispatch_after=60))
    # then finalize is dispatched
    assert dispatches_for(sent, doc_id) == [(queue.FINALIZE, str(doc_id))]


def test_a_step_whose_dispatch_finds_the_broker_down_neither_fails_nor_loses_its_work(services, monkeypatch):
    from common.core.queue import make_celery
    from worker import flows, tasks

    # given an accepted document, and then a broker that refuses connections (a real
    # Redis URL with nothing listening)
    tenant = new_tenant()
    doc_id = uuid.UUID(queued_document(tenant, files.text_pdf(2), engine="null"))
    base = get_settings()
    dead = base.model_copy(update={"broker": base.broker.model_copy(update={"url": "redis://127.0.0.1:9/0"})})
    monkeypatch.setattr(queue, "_app", make_celery(dead))

    def prepare(document_id: uuid.UUID) -> None:
        flows.prepare_document(get_database(), get_store(), get_settings(), document_id)

    # when its prepare step commits its pages and cannot send their tasks
    started = time.monotonic()
    tasks._document_step(prepare, str(doc_id), "prepare_failed")
    # then the step still succeeds (its work is committed: the rows are the outbox), soon
    assert time.monotonic() - started < 30
    assert document_row(doc_id).status == "processing"
    assert [page_row(doc_id, n).status for n in (1, 2)] == ["queued", "queued"]
    # and once the broker is back, the reaper sends the pages nobody took
    monkeypatch.undo()
    sent: list[tuple[object, ...]] = []
    monkeypatch.setattr(queue, "enqueue", lambda name, *args, **_: sent.append((name, *args)))
    with get_database().session_scope() as s:
        s.execute(
            update(Page).where(Page.document_id == doc_id).values(dispatched_at=utcnow() - timedelta(hours=1))
        )
    reap(with_reliability(redispatch_after=60))  # found missing
    reap(with_reliability(redispatch_after=60))  # still missing: sent again
    assert sorted(dispatches_for(sent, doc_id)) == [
        (queue.CONVERT, str(doc_id), 1),
        (queue.CONVERT, str(doc_id), 2),
    ]
