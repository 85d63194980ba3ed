"""Leases: a page whose worker died is queued again and sent once, one held by a live worker is
left alone, a page out of attempts fails with its last error, an engine error gives the page
back at once, and the lease keeper renews what its process holds.

The flows are called directly, as a worker and Celery beat would call them, against the real
database and S3 server (tests/reaping.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from common.core import queue
from common.core.db import get_database
from common.core.settings import get_settings
from common.core.storage import get_store
from common.documents import repository
from tests.reaping import (
    EXPIRED,
    claim,
    dispatches_for,
    document_row,
    page_row,
    prepared_document,
    reap,
    with_reliability,
)


def test_a_page_whose_worker_died_is_requeued_and_dispatched_once(services, sent):
    # given a page claimed by a worker that died (its lease expired)
    doc_id = prepared_document(sent, 2)
    assert claim(doc_id, 1, lease=EXPIRED)
    # when the reaper runs twice
    assert reap().requeued >= 1
    reap()
    # then the page is queued again and dispatched once, its attempt still counted
    assert dispatches_for(sent, doc_id) == [(queue.CONVERT, str(doc_id), 1)]
    page = page_row(doc_id, 1)
    assert page.status == "queued" and page.attempts == 1 and page.lease_expires_at is None


def test_a_page_held_by_a_live_worker_is_neither_reaped_nor_run_twice(services, sent):
    # given a page claimed by a live worker (lease in the future)
    doc_id = prepared_document(sent, 1)
    assert claim(doc_id, 1, lease=timedelta(minutes=5), worker="alive")
    # when the reaper runs and a duplicate message for the page is delivered elsewhere
    reap()
    duplicate = claim(doc_id, 1, lease=timedelta(minutes=5), worker="other")
    # then nothing happens to the page
    assert dispatches_for(sent, doc_id) == [] and not duplicate
    page = page_row(doc_id, 1)
    assert page.status == "running" and page.worker == "alive" and page.attempts == 1


def test_a_page_that_used_its_attempts_fails_with_its_last_error(services, sent):
    from worker import flows

    # given page 1 given back twice with an engine error, then claimed by a worker that died
    doc_id = prepared_document(sent, 2)
    db = get_database()
    for _ in range(2):
        assert claim(doc_id, 1, lease=timedelta(minutes=5), worker="w")
        with db.session_scope() as s:
            error = {"code": "engine_error", "message": "RuntimeError: CUDA error: an illegal memory access"}
            assert repository.release_page(s, doc_id, 1, worker="w", error=error)
    assert claim(doc_id, 1, lease=EXPIRED)
    # when the reaper finds its lease expired on its third (last) attempt
    reap(with_reliability(page_max_attempts=3))
    # then the page fails, carrying its last error, and counts as failed once
    page = page_row(doc_id, 1)
    assert page.status == "failed" and page.error["code"] == "attempts_exhausted"
    assert "illegal memory access" in page.error["message"]
    assert page.error["last_error"]["code"] == "engine_error"
    # and once page 2 converts, the document ends partially_succeeded
    flows.convert_page(db, get_store(), get_settings(), doc_id, 2)
    assert (queue.FINALIZE, str(doc_id)) in sent
    flows.finalize_document(db, get_store(), get_settings(), doc_id)
    doc = document_row(doc_id)
    assert doc.status == "partially_succeeded" and (doc.pages_done, doc.pages_failed) == (1, 1)


def test_an_engine_error_gives_the_page_back_with_its_error(services, sent, monkeypatch):
    from worker import flows
    from worker.engines.base import PageError
    from worker.engines.null import NullEngine

    # given a page whose engine fails with a retryable error (a model server down)
    doc_id = prepared_document(sent, 1)

    def unavailable(self, pages):
        raise PageError("model_server_unavailable", "connection refused", retryable=True)

    monkeypatch.setattr(NullEngine, "convert", unavailable)
    # when the page runs, not on its last attempt
    with pytest.raises(PageError):
        flows.convert_page(get_database(), get_store(), get_settings(), doc_id, 1, max_attempts=3)
    # then the page is queued again at once (no lease to wait out), keeping the error
    page = page_row(doc_id, 1)
    assert page.status == "queued" and page.lease_expires_at is None
    assert page.error["code"] == "model_server_unavailable"
    # and the task's retry claims it straight away
    assert claim(doc_id, 1, lease=timedelta(minutes=1))


def test_the_lease_keeper_renews_what_its_process_holds(services, sent):
    from worker.leases import LeaseKeeper, worker_id

    # given a page claimed by this process with a short lease
    doc_id = prepared_document(sent, 1)
    assert claim(doc_id, 1, lease=timedelta(seconds=2), worker=worker_id())
    before = page_row(doc_id, 1).lease_expires_at
    keeper = LeaseKeeper(get_database(), lease=600, renew_every=3600)
    # when the keeper renews while the page is held, and after it is released
    with keeper.hold(doc_id, 1):
        assert keeper.renew() == 1
    renewed = page_row(doc_id, 1).lease_expires_at
    assert keeper.renew() == 0
    # then the lease was extended only while held
    assert renewed is not None and before is not None
    assert renewed - before > timedelta(minutes=9)
