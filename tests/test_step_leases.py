"""Prepare and finalize hold their document under a lease (common/documents/repository/steps.py):
a duplicate message finds it held and does nothing, a step whose worker died is taken up
again once it expires, and late duplicate page tasks send no second finalize.

The flows are called directly, as workers and Celery beat would call them, against the real
database and S3 server."""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import update

from common.core import queue
from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import get_settings
from common.core.storage import get_store
from common.documents import processing, repository
from common.documents.models import Document
from tests.factories import files
from tests.helpers import new_tenant, queued_document
from tests.reaping import dispatches_for, document_row, prepared_document, reap, with_reliability

LEASE = timedelta(seconds=60)


def _queued(pages: int = 1) -> uuid.UUID:
    return uuid.UUID(queued_document(new_tenant(), files.text_pdf(pages), engine="null"))


def _expire(doc_id: uuid.UUID, **columns: object) -> None:
    with get_database().session_scope() as s:
        s.execute(update(Document).where(Document.id == doc_id).values(**columns))


def test_a_duplicate_prepare_finds_the_document_held_and_does_nothing(services, sent):
    # given a prepare at work on a document (it holds the lease)
    doc_id = _queued()
    with get_database().session_scope() as s:
        assert processing.start_document(s, doc_id, lease=LEASE) is not None
    # when a duplicate of its message is taken
    with get_database().session_scope() as s:
        taken = processing.start_document(s, doc_id, lease=LEASE)
    # then the duplicate does nothing
    assert taken is None


def test_a_prepare_whose_worker_died_is_sent_again_and_taken_up(services, sent):
    from worker import flows

    # given a prepare that took its document and died before recording any page
    doc_id = _queued(pages=2)
    with get_database().session_scope() as s:
        assert processing.start_document(s, doc_id, lease=LEASE) is not None
    reap()
    assert dispatches_for(sent, doc_id) == []  # its lease still runs: nothing yet
    # when its lease has run out and the reaper passes (twice)
    past = utcnow() - timedelta(seconds=1)
    _expire(doc_id, prepare_lease_expires_at=past, updated_at=past - LEASE)
    reap()
    reap()
    # then its prepare is sent again, once, and the prepare that takes it splits it
    assert dispatches_for(sent, doc_id) == [(queue.PREPARE, str(doc_id))]
    flows.prepare_document(get_database(), get_store(), get_settings(), doc_id)
    doc = document_row(doc_id)
    assert doc.prepare_lease_expires_at is None
    assert [c[2] for c in dispatches_for(sent, doc_id) if c[0] == queue.CONVERT] == [1, 2]


def test_a_prepare_that_fails_gives_its_lease_back_for_its_retry(services, sent, monkeypatch):
    from worker import flows
    from worker.flows import prepare as prepare_flow

    # given a prepare whose split fails with an error that may pass (the store is down)
    doc_id = _queued()

    def down(*_: object, **__: object) -> None:
        raise ConnectionError("the store is down")

    with monkeypatch.context() as m, pytest.raises(ConnectionError):
        m.setattr(prepare_flow, "_split", down)
        flows.prepare_document(get_database(), get_store(), get_settings(), doc_id)
    # when the task's retry runs at once
    flows.prepare_document(get_database(), get_store(), get_settings(), doc_id)
    # then it takes the document without waiting for the lease, and splits it
    assert document_row(doc_id).prepare_lease_expires_at is None
    assert (queue.CONVERT, str(doc_id), 1) in sent


def test_late_duplicate_page_tasks_send_no_second_finalize(services, sent):
    from worker import flows

    # given a one-page document whose page finished (that sent its finalize, once)
    doc_id = prepared_document(sent, 1)
    flows.convert_page(get_database(), get_store(), get_settings(), doc_id, 1)
    assert dispatches_for(sent, doc_id) == [(queue.FINALIZE, str(doc_id))]
    sent.clear()
    # when its finalize is at work (holds the lease) and duplicates of the page task come
    with get_database().session_scope() as s:
        assert repository.take_for_finalize(s, doc_id, now=utcnow(), lease=LEASE)
    for _ in range(3):
        flows.convert_page(get_database(), get_store(), get_settings(), doc_id, 1)
    # then none of them sends a finalize
    assert dispatches_for(sent, doc_id) == []


def test_duplicates_after_the_document_finished_send_nothing(services, sent):
    from worker import flows

    # given a finished document
    doc_id = prepared_document(sent, 1)
    flows.convert_page(get_database(), get_store(), get_settings(), doc_id, 1)
    flows.finalize_document(get_database(), get_store(), get_settings(), doc_id)
    assert document_row(doc_id).status == "succeeded"
    sent.clear()
    # when duplicates of its page task and of its finalize come late
    flows.convert_page(get_database(), get_store(), get_settings(), doc_id, 1)
    flows.finalize_document(get_database(), get_store(), get_settings(), doc_id)
    # then nothing is sent
    assert dispatches_for(sent, doc_id) == []


def test_two_finalizes_at_once_build_the_outputs_once(services, sent, caplog):
    from worker import flows

    # given a document whose every page finished
    doc_id = prepared_document(sent, 2)
    for n in (1, 2):
        flows.convert_page(get_database(), get_store(), get_settings(), doc_id, n)
    # when two finalizes run at once (the fan-in's and a duplicate)
    caplog.set_level(logging.INFO, logger="worker.flows.finalize")
    start = threading.Barrier(2)

    def run() -> None:
        start.wait()
        flows.finalize_document(get_database(), get_store(), get_settings(), doc_id)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    # then the outcome is recorded and logged once
    assert document_row(doc_id).status == "succeeded"
    assert [r.getMessage() for r in caplog.records if r.getMessage() == "finalized"] == ["finalized"]


def test_a_finalize_whose_worker_died_is_sent_again_after_its_lease(services, sent):
    # given a document whose finalize took it and died (its lease ran out long ago)
    doc_id = prepared_document(sent, 1)
    from worker import flows

    flows.convert_page(get_database(), get_store(), get_settings(), doc_id, 1)
    with get_database().session_scope() as s:
        assert repository.take_for_finalize(s, doc_id, now=utcnow(), lease=LEASE)
    sent.clear()
    reap(with_reliability(redispatch_after=60))
    assert dispatches_for(sent, doc_id) == []  # held, and recent: nothing yet
    long_ago = utcnow() - timedelta(hours=1)
    _expire(doc_id, finalize_lease_expires_at=long_ago, updated_at=long_ago)
    # when the reaper passes
    reap(with_reliability(redispatch_after=60))
    # then finalize is sent again, and it finishes the document
    assert dispatches_for(sent, doc_id) == [(queue.FINALIZE, str(doc_id))]
    flows.finalize_document(get_database(), get_store(), get_settings(), doc_id)
    assert document_row(doc_id).status == "succeeded"
