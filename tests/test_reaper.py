"""Leases and the reaper against the real database and S3 server: the flows are called
directly, as a worker and Celery beat would call them."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from common.core import queue
from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import Settings, get_settings
from common.core.storage import document_prefix, get_store
from common.documents import processing, reaper, repository
from common.documents.models import Document, Page
from common.webhooks.models import WebhookEvent
from tests.conftest import new_key
from tests.factories import files
from tests.helpers import new_tenant, queued_document

EXPIRED = timedelta(seconds=-1)  # a claim whose worker died: its lease is already over


def _settings(**reliability: Any) -> Settings:
    base = get_settings()
    return base.model_copy(update={"reliability": base.reliability.model_copy(update=reliability)})


def _prepared(sent: list[tuple], pages: int, **options: Any) -> uuid.UUID:
    from common.tenants.service import authenticate
    from worker import flows

    with get_database().session_scope() as s:
        tenant = authenticate(s, new_key())
    doc_id = uuid.UUID(queued_document(tenant, files.text_pdf(pages), engine="null"))
    if options:
        with get_database().session_scope() as s:
            doc = s.get(Document, doc_id)
            doc.options = {**doc.options, **options}
    flows.prepare_document(get_database(), get_store(), get_settings(), doc_id)
    sent.clear()
    return doc_id


def _page(doc_id: uuid.UUID, page_no: int) -> Page:
    with get_database().session_scope() as s:
        page = s.get(Page, (doc_id, page_no))
        assert page is not None
        s.expunge(page)
        return page


def _document(doc_id: uuid.UUID) -> Document:
    with get_database().session_scope() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        s.expunge(doc)
        return doc


def _mine(sent: list[tuple], *doc_ids: uuid.UUID) -> list[tuple]:
    """The dispatches for these documents: the reaper is global, other tests leave work."""
    wanted = {str(d) for d in doc_ids}
    return [c for c in sent if c[1] in wanted]


def _reap(settings: Settings | None = None) -> Any:
    from worker import flows

    return flows.reap_once(get_database(), settings or get_settings())


def _claim(doc_id: uuid.UUID, page_no: int, *, lease: timedelta, worker: str = "w1") -> bool:
    with get_database().session_scope() as s:
        return processing.claim_page(s, doc_id, page_no, worker=worker, lease=lease) is not None


def test_a_page_whose_worker_died_is_requeued_and_dispatched_once(services, sent):
    # given a page claimed by a worker that died (its lease expired)
    doc_id = _prepared(sent, 2)
    assert _claim(doc_id, 1, lease=EXPIRED)
    # when the reaper runs twice
    assert _reap().requeued >= 1
    _reap()
    # then the page is queued again and dispatched once, its attempt still counted
    assert _mine(sent, doc_id) == [(queue.CONVERT, str(doc_id), 1)]
    page = _page(doc_id, 1)
    assert page.status == "queued" and page.attempts == 1 and page.lease_expires_at is None


def test_a_page_held_by_a_live_worker_is_neither_reaped_nor_run_twice(services, sent):
    # given a page claimed by a live worker (lease in the future)
    doc_id = _prepared(sent, 1)
    assert _claim(doc_id, 1, lease=timedelta(minutes=5), worker="alive")
    # when the reaper runs and a duplicate message for the page is delivered elsewhere
    _reap()
    duplicate = _claim(doc_id, 1, lease=timedelta(minutes=5), worker="other")
    # then nothing happens to the page
    assert _mine(sent, doc_id) == [] and not duplicate
    page = _page(doc_id, 1)
    assert page.status == "running" and page.worker == "alive" and page.attempts == 1


def test_a_page_that_used_its_attempts_fails_with_its_last_error(services, sent):
    from worker import flows

    # given page 1 given back twice with an engine error, then claimed by a worker that died
    doc_id = _prepared(sent, 2)
    db = get_database()
    for _ in range(2):
        assert _claim(doc_id, 1, lease=timedelta(minutes=5), worker="w")
        with db.session_scope() as s:
            error = {"code": "engine_error", "message": "RuntimeError: CUDA error: an illegal memory access"}
            assert repository.release_page(s, doc_id, 1, worker="w", error=error)
    assert _claim(doc_id, 1, lease=EXPIRED)
    # when the reaper finds its lease expired on its third (last) attempt
    _reap(_settings(page_max_attempts=3))
    # then the page fails, carrying its last error, and counts as failed once
    page = _page(doc_id, 1)
    assert page.status == "failed" and page.error["code"] == "attempts_exhausted"
    assert "illegal memory access" in page.error["message"]
    assert page.error["last_error"]["code"] == "engine_error"
    # and once page 2 converts, the document ends partially_succeeded
    flows.convert_page(db, get_store(), get_settings(), doc_id, 2)
    assert (queue.FINALIZE, str(doc_id)) in sent
    flows.finalize_document(db, get_store(), get_settings(), doc_id)
    doc = _document(doc_id)
    assert doc.status == "partially_succeeded" and (doc.pages_done, doc.pages_failed) == (1, 1)


def test_an_engine_error_gives_the_page_back_with_its_error(services, sent, monkeypatch):
    from worker import flows
    from worker.engines.base import PageError
    from worker.engines.null import NullEngine

    # given a page whose engine fails with a retryable error (a model server down)
    doc_id = _prepared(sent, 1)

    def unavailable(self, pages):
        raise PageError("model_server_unavailable", "connection refused", retryable=True)

    monkeypatch.setattr(NullEngine, "convert", unavailable)
    # when the page runs, not on its last attempt
    with pytest.raises(PageError):
        flows.convert_page(get_database(), get_store(), get_settings(), doc_id, 1, max_attempts=3)
    # then the page is queued again at once (no lease to wait out), keeping the error
    page = _page(doc_id, 1)
    assert page.status == "queued" and page.lease_expires_at is None
    assert page.error["code"] == "model_server_unavailable"
    # and the task's retry claims it straight away
    assert _claim(doc_id, 1, lease=timedelta(minutes=1))


def test_a_document_past_its_deadline_finishes_with_what_it_has(services, sent):
    from worker import flows

    # given a 3-page document: page 1 done, page 2 running on a live worker, page 3 queued
    doc_id = _prepared(sent, 3)
    db, store, settings = get_database(), get_store(), get_settings()
    flows.convert_page(db, store, settings, doc_id, 1)
    assert _claim(doc_id, 2, lease=timedelta(minutes=5))
    # when its deadline passes and the reaper runs
    with db.session_scope() as s:
        s.execute(
            update(Document).where(Document.id == doc_id).values(deadline_at=utcnow() - timedelta(seconds=1))
        )
    sent.clear()
    _reap()
    # then its open pages fail with deadline_exceeded and finalize is dispatched
    assert _page(doc_id, 2).error["code"] == "deadline_exceeded"
    assert _page(doc_id, 3).status == "failed"
    assert _mine(sent, doc_id) == [(queue.FINALIZE, str(doc_id))]
    # and the running page's late result is discarded, not counted
    flows.finalize_document(db, store, settings, doc_id)
    doc = _document(doc_id)
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
    _reap()
    # then it fails with deadline_exceeded and one outcome event
    doc = _document(doc_id)
    assert doc.status == "failed" and doc.error["code"] == "deadline_exceeded"


def test_queued_work_whose_message_was_lost_is_dispatched_again(services, sent):
    # given a page and a document queued long ago whose messages were lost (broker restart)
    doc_id = _prepared(sent, 2)
    with get_database().session_scope() as s:
        from common.tenants.service import authenticate

        tenant = authenticate(s, new_key())
    lost_doc = uuid.UUID(queued_document(tenant, files.text_pdf(1), engine="null"))
    old = utcnow() - timedelta(hours=1)
    with get_database().session_scope() as s:
        s.execute(update(Page).where(Page.document_id == doc_id, Page.page_no == 2).values(updated_at=old))
        s.execute(update(Document).where(Document.id == lost_doc).values(updated_at=old))
    # when the reaper runs, then again at once
    _reap(_settings(redispatch_after=60))
    _reap(_settings(redispatch_after=60))
    # then each is dispatched again once (page 1, queued just now, is left alone)
    assert sorted(_mine(sent, doc_id, lost_doc), key=str) == sorted(
        [(queue.CONVERT, str(doc_id), 2), (queue.PREPARE, str(lost_doc))], key=str
    )


def test_a_finished_document_whose_finalize_was_lost_is_finalized(services, sent):
    from worker import flows

    # given a document whose pages all finished but whose finalize message was lost
    doc_id = _prepared(sent, 1)
    flows.convert_page(get_database(), get_store(), get_settings(), doc_id, 1)
    with get_database().session_scope() as s:
        s.execute(
            update(Document).where(Document.id == doc_id).values(updated_at=utcnow() - timedelta(hours=2))
        )
    sent.clear()
    # when the reaper runs
    _reap(_settings(redispatch_after=60))
    # then finalize is dispatched
    assert _mine(sent, doc_id) == [(queue.FINALIZE, str(doc_id))]


def test_the_lease_keeper_renews_what_its_process_holds(services, sent):
    from worker.leases import LeaseKeeper, worker_id

    # given a page claimed by this process with a short lease
    doc_id = _prepared(sent, 1)
    assert _claim(doc_id, 1, lease=timedelta(seconds=2), worker=worker_id())
    before = _page(doc_id, 1).lease_expires_at
    keeper = LeaseKeeper(get_database(), lease=600, renew_every=3600)
    # when the keeper renews while the page is held, and after it is released
    with keeper.hold(doc_id, 1):
        assert keeper.renew() == 1
    renewed = _page(doc_id, 1).lease_expires_at
    assert keeper.renew() == 0
    # then the lease was extended only while held
    assert renewed is not None and before is not None
    assert renewed - before > timedelta(minutes=9)


def _retention(days: float | None) -> Settings:
    base = _settings(redispatch_after=60)
    return base.model_copy(update={"retention": base.retention.model_copy(update={"days": days})})


def _finished(sent: list[tuple], finished_ago: timedelta) -> uuid.UUID:
    from worker import flows

    doc_id = _prepared(sent, 1)
    with get_database().session_scope() as s:
        s.get(Document, doc_id).client_metadata = {"contract": "C-9"}
    flows.convert_page(get_database(), get_store(), get_settings(), doc_id, 1)
    flows.finalize_document(get_database(), get_store(), get_settings(), doc_id)
    with get_database().session_scope() as s:
        s.execute(update(Document).where(Document.id == doc_id).values(finished_at=utcnow() - finished_ago))
    sent.clear()
    return doc_id


def _stored(doc_id: uuid.UUID) -> list[str]:
    return get_store().list_keys(document_prefix(_document(doc_id).tenant_id, doc_id))


def test_a_deleted_document_whose_purge_was_lost_is_purged_again_until_it_is_confirmed(services, sent):
    from common.documents import service
    from worker import flows

    # given a deleted document whose purge never ran (its task gave up while the store
    # was down, or its message was lost), so its objects are still stored
    doc_id = _prepared(sent, 2)
    with get_database().session_scope() as s:
        service.delete_document(s, tenant_id=_document(doc_id).tenant_id, document_id=doc_id)
    assert _mine(sent, doc_id) == [(queue.PURGE, str(doc_id))]
    sent.clear()
    assert _stored(doc_id) and _document(doc_id).purged_at is None
    with get_database().session_scope() as s:
        s.execute(
            update(Document).where(Document.id == doc_id).values(updated_at=utcnow() - timedelta(hours=1))
        )
    # when the reaper runs, then again at once
    _reap(_settings(redispatch_after=60))
    _reap(_settings(redispatch_after=60))
    # then the purge is sent again, once
    assert _mine(sent, doc_id) == [(queue.PURGE, str(doc_id))]
    # and when it runs, every object is gone and the purge is recorded
    flows.purge_document(get_database(), get_store(), doc_id)
    assert _stored(doc_id) == [] and _document(doc_id).purged_at is not None
    # so later passes leave it alone
    sent.clear()
    with get_database().session_scope() as s:
        s.execute(
            update(Document).where(Document.id == doc_id).values(updated_at=utcnow() - timedelta(hours=1))
        )
    _reap(_settings(redispatch_after=60))
    assert _mine(sent, doc_id) == []


def test_finished_documents_older_than_the_retention_are_deleted_and_purged(services, sent):
    from common.core.errors import NotFound
    from common.documents import service
    from worker import flows

    # given a document that finished three days ago and one that finished just now
    old = _finished(sent, timedelta(days=3))
    recent = _finished(sent, timedelta(minutes=1))
    assert _stored(old)
    # when the reaper runs without a retention, nothing expires
    _reap(_retention(None))
    assert _mine(sent, old, recent) == [] and _document(old).deleted_at is None
    # when it runs with a two-day retention
    report = _reap(_retention(2))
    # then the old one is deleted as a client's DELETE would: its metadata forgotten at
    # once, 404 to its tenant, and its purge sent; the recent one is left alone
    assert report.expired >= 1
    doc = _document(old)
    assert doc.deleted_at is not None and doc.client_metadata == {} and doc.filename is None
    with get_database().session_scope() as s, pytest.raises(NotFound):
        service.get_document(s, doc.tenant_id, old)
    assert _mine(sent, old, recent) == [(queue.PURGE, str(old))]
    assert _document(recent).deleted_at is None and _document(recent).client_metadata == {"contract": "C-9"}
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
    doc_id = _prepared(sent, 1, null_sleep_s=1.5)
    db, store, settings = get_database(), get_store(), get_settings()
    worker = threading.Thread(target=flows.convert_page, args=(db, store, settings, doc_id, 1))
    worker.start()
    wait = time.monotonic() + 10
    while _page(doc_id, 1).status != "running" and time.monotonic() < wait:
        time.sleep(0.05)
    with db.session_scope() as s:
        service.delete_document(s, tenant_id=_document(doc_id).tenant_id, document_id=doc_id)
    flows.purge_document(db, store, doc_id)
    assert _document(doc_id).purged_at is not None
    # when the page's result is written after that purge (a late write)
    worker.join()
    # then the purge counts as not done again, and the reaper sends it once more
    assert _document(doc_id).purged_at is None
    sent.clear()
    with db.session_scope() as s:
        s.execute(
            update(Document).where(Document.id == doc_id).values(updated_at=utcnow() - timedelta(hours=1))
        )
    _reap(_settings(redispatch_after=60))
    assert _mine(sent, doc_id) == [(queue.PURGE, str(doc_id))]
    flows.purge_document(db, store, doc_id)
    assert _stored(doc_id) == [] and _document(doc_id).purged_at is not None


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
    assert _document(doc_id).status == "processing"
    assert [_page(doc_id, n).status for n in (1, 2)] == ["queued", "queued"]
    # and once the broker is back, the reaper sends the pages nobody took
    monkeypatch.undo()
    sent: list[tuple[object, ...]] = []
    monkeypatch.setattr(queue, "enqueue", lambda name, *args, **_: sent.append((name, *args)))
    with get_database().session_scope() as s:
        s.execute(
            update(Page).where(Page.document_id == doc_id).values(updated_at=utcnow() - timedelta(hours=1))
        )
    _reap(_settings(redispatch_after=60))
    assert sorted(_mine(sent, doc_id)) == [(queue.CONVERT, str(doc_id), 1), (queue.CONVERT, str(doc_id), 2)]


def test_a_sweep_that_fails_rolls_back_alone_and_the_others_commit(services, sent, monkeypatch):
    # given a page whose worker died (the expired-lease sweep's work) and a document
    # past its deadline that was never prepared (the deadline sweep's work)
    doc_id = _prepared(sent, 1)
    assert _claim(doc_id, 1, lease=EXPIRED)
    late = uuid.UUID(queued_document(new_tenant(), files.text_pdf(1), engine="null"))
    with get_database().session_scope() as s:
        past = utcnow() - timedelta(seconds=1)
        s.execute(update(Document).where(Document.id == late).values(deadline_at=past))
    # and an expired-lease sweep that does its work and then fails
    real, sweeps = reaper.expired_leases, reaper.SWEEPS

    def broken(session, settings, now):
        real(session, settings, now)
        raise RuntimeError("a row this sweep cannot handle")

    broken.__name__ = "expired_leases"
    monkeypatch.setattr(reaper, "SWEEPS", tuple(broken if f is real else f for f in sweeps))
    # when the reaper runs
    report = _reap()
    # then the failing sweep is reported and its work rolled back: the page is still
    # running under its dead lease, and nothing was dispatched for it
    assert report.failed_sweeps == ["expired_leases"]
    page = _page(doc_id, 1)
    assert page.status == "running" and page.lease_expires_at is not None
    assert _mine(sent, doc_id) == []
    # and the deadline sweep's work is committed
    doc = _document(late)
    assert doc.status == "failed" and doc.error["code"] == "deadline_exceeded"
    # and once the sweep works again, the page is put back
    monkeypatch.setattr(reaper, "SWEEPS", sweeps)
    _reap()
    assert _page(doc_id, 1).status == "queued"
