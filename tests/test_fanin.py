"""Fan-in in Postgres: redelivered page tasks never count twice, and exactly one
transaction finishes a document. The pipeline functions are called directly (as a
redelivered task would call them), against the real database and S3 server."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

from sqlalchemy import func, select

from common.core import queue
from common.core.db import get_database
from common.core.settings import get_settings
from common.core.storage import get_store
from common.documents import processing
from common.documents.models import Document, Page
from common.webhooks.models import WebhookEvent
from tests.factories import files
from tests.helpers import new_tenant, queued_document

LEASE = timedelta(minutes=5)


def _prepared(sent, pages: int) -> uuid.UUID:
    from worker import flows

    doc_id = uuid.UUID(queued_document(new_tenant(), files.text_pdf(pages), engine="null"))
    flows.prepare_document(get_database(), get_store(), get_settings(), doc_id)
    return doc_id


def test_prepare_creates_queued_pages_and_enqueues_each_once(services, sent):
    doc_id = _prepared(sent, 4)
    assert sorted(a[2] for a in sent if a[0] == queue.CONVERT) == [1, 2, 3, 4]
    with get_database().session_scope() as s:
        assert s.get(Document, doc_id).status == "processing"


def test_redelivered_page_is_counted_once(services, sent):
    from worker import flows

    # given a prepared 2-page document
    doc_id = _prepared(sent, 2)
    db, store, settings = get_database(), get_store(), get_settings()
    # when page 1 is delivered three times (acks_late redelivery)
    for _ in range(3):
        flows.convert_page(db, store, settings, doc_id, 1, lease=LEASE)
    # then it is counted once and the document is not finished
    with db.session_scope() as s:
        doc = s.get(Document, doc_id)
        assert (doc.pages_done, doc.pages_failed) == (1, 0)
    assert [a for a in sent if a[0] == queue.FINALIZE] == []
    # when page 2 finishes
    flows.convert_page(db, store, settings, doc_id, 2, lease=LEASE)
    # then the transaction that counted the last page enqueues finalize, once
    assert [a for a in sent if a[0] == queue.FINALIZE] == [(queue.FINALIZE, str(doc_id))]
    # and a redelivery of page 2 changes no counter (it may re-send finalize: that heals a
    # lost enqueue, and finalize's guarded transition makes the repeat a no-op)
    flows.convert_page(db, store, settings, doc_id, 2, lease=LEASE)
    with db.session_scope() as s:
        doc = s.get(Document, doc_id)
        assert (doc.pages_done, doc.pages_failed) == (2, 0)


def test_finalize_twice_sets_one_terminal_state_and_one_event(services, sent):
    from worker import flows

    doc_id = _prepared(sent, 2)
    db, store, settings = get_database(), get_store(), get_settings()
    for n in (1, 2):
        flows.convert_page(db, store, settings, doc_id, n, lease=LEASE)
    flows.finalize_document(db, store, settings, doc_id)
    flows.finalize_document(db, store, settings, doc_id)
    with db.session_scope() as s:
        assert s.get(Document, doc_id).status == "succeeded"
        events = s.scalars(select(WebhookEvent).where(WebhookEvent.document_id == doc_id)).all()
        assert [e.type for e in events] == ["document.succeeded"]
        assert events[0].payload["data"]["pages"] == {"total": 2, "done": 2, "failed": 0}


def test_concurrent_completions_finish_the_document_exactly_once(services, sent):
    """Many threads, each with its own connection, race to complete the pages."""
    doc_id = _prepared(sent, 12)
    db = get_database()
    barrier = threading.Barrier(6)

    def complete(pages: list[int]) -> None:
        barrier.wait()
        for n in pages:
            for _ in range(2):  # and each page twice
                with db.session_scope() as s:
                    processing.claim_page(s, doc_id, n, worker="t", lease=LEASE)
                with db.session_scope() as s:
                    processing.complete_page(
                        s, doc_id, n, engine="null", result_key="k", timings={}, tokens={}
                    )

    threads = [
        threading.Thread(target=complete, args=([n for n in range(1, 13) if n % 6 == i],)) for i in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with db.session_scope() as s:
        doc = s.get(Document, doc_id)
        assert (doc.pages_done, doc.pages_failed, doc.pages_total) == (12, 0, 12)
        done = s.scalar(
            select(func.count()).select_from(Page).where(Page.document_id == doc_id, Page.status == "done")
        )
        assert done == 12
    # exactly one of the racing transactions saw the last page and enqueued finalize
    assert len([a for a in sent if a[0] == queue.FINALIZE]) == 1


def test_cancelled_document_ignores_late_pages(services, sent):
    from common.documents import service
    from worker import flows

    doc_id = _prepared(sent, 2)
    db, store, settings = get_database(), get_store(), get_settings()
    with db.session_scope() as s:
        tenant_id = s.get(Document, doc_id).tenant_id
        service.delete_document(s, tenant_id=tenant_id, document_id=doc_id)
    assert service.purge_stored(store, tenant_id, doc_id)
    flows.convert_page(db, store, settings, doc_id, 1, lease=LEASE)
    with db.session_scope() as s:
        doc = s.get(Document, doc_id)
        assert doc.status == "cancelled" and doc.pages_done == 0
        assert [
            e.type for e in s.scalars(select(WebhookEvent).where(WebhookEvent.document_id == doc_id))
        ] == ["document.cancelled"]
    assert store.list_keys(f"tenants/{tenant_id}/documents/{doc_id}/") == []


def test_a_page_that_keeps_killing_its_worker_fails_alone_after_max_attempts(services, sent):
    from worker import flows

    # given a 2-page document whose page 1 was claimed 3 times and never finished
    # (each claim is a delivery whose worker died mid-page: its lease ran out)
    doc_id = _prepared(sent, 2)
    db, store, settings = get_database(), get_store(), get_settings()
    for _ in range(3):
        with db.session_scope() as s:
            claimed = processing.claim_page(s, doc_id, 1, worker="doomed", lease=timedelta(seconds=-1))
            assert claimed is not None
    # when it is delivered once more
    flows.convert_page(db, store, settings, doc_id, 1, lease=LEASE, max_attempts=3)
    # then page 1 fails with a clear error instead of running again
    with db.session_scope() as s:
        page = s.get(Page, (doc_id, 1))
        assert page.status == "failed" and page.error["code"] == "attempts_exhausted"
        assert "crashed or timed out" in page.error["message"]
        assert page.attempts == 4
    # and page 2 still converts, and the document ends partially_succeeded
    flows.convert_page(db, store, settings, doc_id, 2, lease=LEASE, max_attempts=3)
    flows.finalize_document(db, store, settings, doc_id)
    with db.session_scope() as s:
        assert s.get(Document, doc_id).status == "partially_succeeded"


def test_a_lost_finalize_enqueue_is_healed_by_a_redelivered_page(services, sent):
    from worker import flows

    # given a document whose last page committed but whose finalize message was lost
    doc_id = _prepared(sent, 1)
    db, store, settings = get_database(), get_store(), get_settings()
    flows.convert_page(db, store, settings, doc_id, 1, lease=LEASE)
    sent.clear()
    # when the broker redelivers that page task (the task had raised on the failed enqueue)
    flows.convert_page(db, store, settings, doc_id, 1, lease=LEASE)
    # then finalize is enqueued again
    assert sent == [(queue.FINALIZE, str(doc_id))]


def test_tiff_frames_keep_their_own_sizes(services, sent):
    import io

    from PIL import Image

    from worker import flows

    # given a TIFF whose three frames have different sizes
    frames = [Image.new("L", (100 + 50 * i, 80 + 10 * i), 255) for i in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    doc_id = uuid.UUID(queued_document(new_tenant(), buf.getvalue(), engine="null"))
    # when it is prepared
    flows.prepare_document(get_database(), get_store(), get_settings(), doc_id)
    # then each page has its own frame's size
    with get_database().session_scope() as s:
        sizes = [
            (p.width, p.height)
            for p in s.scalars(select(Page).where(Page.document_id == doc_id).order_by(Page.page_no))
        ]
    assert sizes == [(100, 80), (150, 90), (200, 100)]


def test_a_prepare_that_read_queued_cannot_revive_a_cancelled_document(services, sent):
    from common.documents.models import DocumentStatus

    db = get_database()
    doc_id = uuid.UUID(queued_document(new_tenant(), files.text_pdf(1), engine="null"))
    # given a prepare whose transaction read the document while it was still queued
    prepare = db.sessionmaker()
    seen = prepare.get(Document, doc_id)  # held: the session's identity map keeps this row
    assert seen.status == "queued"
    # when the document is cancelled (deleted) and that commits first
    with db.session_scope() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        assert processing.set_terminal(s, doc, DocumentStatus.cancelled, error=None)
    # then the prepare sees nothing to do and its commit writes no stale status over it
    assert processing.start_document(prepare, doc_id, lease=timedelta(seconds=60)) is None
    prepare.commit()
    prepare.close()
    with db.session_scope() as s:
        assert s.get(Document, doc_id).status == "cancelled"
        events = s.scalars(select(WebhookEvent).where(WebhookEvent.document_id == doc_id)).all()
        assert [e.type for e in events] == ["document.cancelled"]
