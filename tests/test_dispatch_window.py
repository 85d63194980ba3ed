"""The dispatch window: Postgres keeps the backlog and the broker holds at most a window of
each tenant's pages per engine queue (common/documents/dispatch.py); the reaper sends again
only what the broker's own queue says is missing.

The flows are called directly, as a worker and Celery beat would call them, against the real
database, S3 server and broker."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from common.core import queue
from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import get_settings
from common.core.storage import get_store
from common.documents import processing, service
from common.documents.models import Document, Page
from tests.factories import files
from tests.helpers import new_tenant, queued_document
from tests.reaping import dispatches_for, reap

WINDOW = get_settings().reliability.dispatch_window
# A queue no worker of the test run consumes: messages sent there stay, as behind a GPU
# fleet that lags the queue.
LAGGING_ENGINE, LAGGING_QUEUE = "lightonocr", "gpu.lightonocr"


def _split(doc_id: uuid.UUID, pages: int) -> None:
    """Prepare's last step, as the prepare flow takes it: the document taken under its
    lease, then its page rows recorded (no renders: nothing converts these pages here)."""
    with get_database().session_scope() as s:
        doc = processing.start_document(s, doc_id, lease=timedelta(seconds=60))
        assert doc is not None
        plans = [processing.PagePlan(n, 612.0, 792.0, False, None, None) for n in range(1, pages + 1)]
        processing.create_pages(s, doc, plans)


def _document(pages: int, *, engine: str = "null", tenant: uuid.UUID | None = None) -> uuid.UUID:
    doc_id = uuid.UUID(queued_document(tenant or new_tenant(), files.text_pdf(1), engine=engine))
    with get_database().session_scope() as s:
        s.execute(update(Document).where(Document.id == doc_id).values(pages_total=pages, source_pages=pages))
    _split(doc_id, pages)
    return doc_id


def _sent(doc_id: uuid.UUID) -> dict[int, object]:
    """Page number -> when it was sent, for the pages sent."""
    with get_database().session_scope() as s:
        rows = s.execute(
            select(Page.page_no, Page.dispatched_at).where(
                Page.document_id == doc_id, Page.dispatched_at.is_not(None)
            )
        )
        return {n: at for n, at in rows}


def _out(doc_id: uuid.UUID) -> set[int]:
    """The pages that left the backlog: sent, or taken since (a claim clears dispatched_at)."""
    with get_database().session_scope() as s:
        rows = s.scalars(
            select(Page.page_no).where(
                Page.document_id == doc_id, (Page.dispatched_at.is_not(None)) | (Page.status != "queued")
            )
        )
        return set(rows)


def _sent_long_ago(doc_id: uuid.UUID) -> datetime:
    """The document's sent pages, as if sent an hour ago (far past redispatch_after)."""
    long_ago = utcnow() - timedelta(hours=1)
    with get_database().session_scope() as s:
        s.execute(
            update(Page)
            .where(Page.document_id == doc_id, Page.dispatched_at.is_not(None))
            .values(dispatched_at=long_ago)
        )
    return long_ago


def _finish(doc_id: uuid.UUID, page_no: int) -> None:
    with get_database().session_scope() as s:
        assert processing.claim_page(s, doc_id, page_no, worker="w1", lease=timedelta(seconds=60))
    with get_database().session_scope() as s:
        assert processing.complete_page(
            s, doc_id, page_no, engine="null", result_key="k", timings={}, tokens={}
        )


def test_a_document_larger_than_the_window_sends_a_window_and_keeps_the_rest(services, sent):
    # given a document of more pages than a tenant's window
    # when it is prepared
    doc_id = _document(WINDOW + 8)
    # then the first pages, a window of them, are sent in page order and the rest wait
    assert sorted(_sent(doc_id)) == list(range(1, WINDOW + 1))
    assert dispatches_for(sent, doc_id) == [(queue.CONVERT, str(doc_id), n) for n in range(1, WINDOW + 1)]


def test_a_finished_page_makes_room_for_the_next_waiting_one(services, sent):
    # given a prepared document with pages waiting
    doc_id = _document(WINDOW + 8)
    sent.clear()
    # when one sent page finishes
    _finish(doc_id, 3)
    # then the first waiting page is sent, and only it
    assert dispatches_for(sent, doc_id) == [(queue.CONVERT, str(doc_id), WINDOW + 1)]
    assert len(_out(doc_id)) == WINDOW + 1 and len(_sent(doc_id)) == WINDOW


def test_a_second_tenant_gets_a_window_of_its_own_beside_a_backlog(services, sent):
    # given a tenant whose backlog fills its window several times over
    flood = _document(WINDOW * 4)
    # when another tenant submits a small document
    small = _document(2)
    # then the small document's pages are sent at once, not after the backlog
    assert sorted(_sent(small)) == [1, 2]
    assert len(_sent(flood)) == WINDOW


def test_a_tenants_documents_share_its_window_oldest_first(services, sent):
    # given a tenant's document that fills its window, and then its second document
    tenant = new_tenant()
    first = _document(WINDOW + 2, tenant=tenant)
    second = _document(3, tenant=tenant)
    # then the second waits; as the first's pages finish, its own waiting pages go first
    assert _sent(second) == {}
    _finish(first, 1)
    _finish(first, 2)
    assert len(_out(first)) == WINDOW + 2 and _sent(second) == {}
    _finish(first, 3)
    assert sorted(_sent(second)) == [1]


def _take_messages(doc_id: uuid.UUID, page_nos: list[int]) -> None:
    """A worker takes these pages' messages and finds nothing to claim (convert's first step)."""
    for page_no in page_nos:
        with get_database().session_scope() as s:
            assert processing.claim_page(s, doc_id, page_no, worker="w1", lease=timedelta(seconds=60)) is None
            processing.nothing_to_claim(s, doc_id, page_no)


def test_a_cancelled_documents_waiting_pages_never_reach_the_broker(services, sent):
    # given a tenant with a document whose pages mostly wait, and a second document
    tenant = new_tenant()
    big = _document(WINDOW * 3, tenant=tenant)
    other = _document(2, tenant=tenant)
    sent.clear()
    # when the big one is cancelled and the reaper passes
    with get_database().session_scope() as s:
        doc = s.get(Document, big)
        assert doc is not None
        processing.fail_document(s, big, code="cancelled", message="test")
    reap()
    # then none of its waiting pages is sent, and the messages it had sent still hold the
    # tenant's window while they wait on the broker: nothing of the other document is sent
    assert dispatches_for(sent, big) == []
    assert _sent(other) == {}
    # when a worker takes one of those messages, the place it held goes to the other
    # document; when it takes the next, the other's second page is sent
    _take_messages(big, [1])
    assert sorted(_sent(other)) == [1]
    _take_messages(big, [2, 3])
    assert sorted(_sent(other)) == [1, 2]
    assert dispatches_for(sent, other) == [(queue.CONVERT, str(other), 1), (queue.CONVERT, str(other), 2)]


def test_a_tenant_that_deletes_and_resubmits_keeps_one_window_of_messages(services, sent):
    # given a tenant whose document filled its window, deleted while its messages wait
    tenant = new_tenant()
    first = _document(WINDOW * 3, tenant=tenant)
    with get_database().session_scope() as s:
        service.delete_document(s, tenant_id=tenant, document_id=first)
    sent.clear()
    # when it submits the next large document
    second = _document(WINDOW * 3, tenant=tenant)
    # then nothing of it is sent while the deleted one's messages are on the broker
    assert _sent(second) == {} and dispatches_for(sent, second) == []
    # and as the workers take those messages, the second's pages are sent one for one
    _take_messages(first, list(range(1, 11)))
    assert sorted(_sent(second)) == list(range(1, 11))
    # (a message taken twice, or a page that never had one, frees nothing more)
    _take_messages(first, [1, WINDOW + 1])
    assert len(_sent(second)) == 10


def test_the_reaper_forgets_a_closed_pages_message_the_broker_never_handed_out(services, sent):
    # given a document whose messages were sent long ago (they waited behind a backlog),
    # cancelled just now, and the tenant's next document waiting behind them
    tenant = new_tenant()
    lost = _document(WINDOW + 4, tenant=tenant)
    _sent_long_ago(lost)
    with get_database().session_scope() as s:
        processing.fail_document(s, lost, code="cancelled", message="test")
    waiting = _document(3, tenant=tenant)
    # when the reaper passes, then the messages keep their places: they are aged from the
    # cancel, and may still be on the broker
    reap()
    assert len(_sent(lost)) == WINDOW and _sent(waiting) == {}
    # when they were cancelled long ago and never taken (a broker that restarted empty)
    with get_database().session_scope() as s:
        long_ago = utcnow() - timedelta(hours=1)
        s.execute(update(Page).where(Page.document_id == lost).values(updated_at=long_ago))
    reap()
    # then those messages hold no place any more, and the next document's pages are sent
    assert _sent(lost) == {}
    assert sorted(_sent(waiting)) == [1, 2, 3]


@pytest.fixture
def lagging_queue(services: None) -> Iterator[str]:
    """The lagging queue, emptied after the test, and its documents ended (so that no
    later reaper pass of the run finds their pages missing from it)."""
    yield LAGGING_QUEUE
    with get_database().session_scope() as s:
        ids = s.scalars(
            select(Document.id).where(Document.engine == LAGGING_ENGINE, Document.status == "processing")
        ).all()
        for doc_id in ids:
            processing.fail_document(s, doc_id, code="test_over", message="the test ended")
    with queue.get_celery().connection_for_write() as conn:
        conn.default_channel.queue_purge(LAGGING_QUEUE)


def test_pages_waiting_behind_a_backlog_are_not_sent_again(services, lagging_queue):
    # given a document whose window of pages was sent to a queue that lags behind by far
    # more than redispatch_after (their messages are on the broker, waiting)
    doc_id = _document(WINDOW + 5, engine=LAGGING_ENGINE)
    long_ago = _sent_long_ago(doc_id)
    held = queue.depth(lagging_queue)
    assert held is not None and held >= WINDOW
    # when the reaper runs, with the default settings, several times
    for _ in range(3):
        reap()
    # then nothing was sent again: the queue holds what it held, and no page was re-sent
    assert queue.depth(lagging_queue) == held
    assert set(_sent(doc_id).values()) == {long_ago}


def test_pages_whose_messages_the_broker_lost_are_sent_again_once(services, lagging_queue):
    # given a window of pages sent long ago, and a broker that lost them (restarted empty)
    doc_id = _document(WINDOW + 5, engine=LAGGING_ENGINE)
    long_ago = _sent_long_ago(doc_id)
    with queue.get_celery().connection_for_write() as conn:
        conn.default_channel.queue_purge(lagging_queue)
    # when the reaper passes twice (the first finds them missing, the second still does)
    reap()
    assert set(_sent(doc_id).values()) == {long_ago}
    reap()
    # then each lost page was sent again, and the waiting pages stayed waiting
    resent = _sent(doc_id)
    assert sorted(resent) == list(range(1, WINDOW + 1))
    assert all(at != long_ago for at in resent.values())
    held = queue.depth(lagging_queue)
    assert held is not None and held >= WINDOW
    # and when it runs again, nothing more is sent: once each
    reap()
    assert _sent(doc_id) == resent
    assert queue.depth(lagging_queue) == held


PREPARE_WINDOW = get_settings().reliability.prepare_window


def _prepare_sent(*doc_ids: uuid.UUID) -> list[bool]:
    with get_database().session_scope() as s:
        docs = [s.get(Document, d) for d in doc_ids]
        return [doc is not None and doc.dispatched_at is not None for doc in docs]


def test_a_flood_of_documents_is_prepared_a_window_at_a_time_beside_another_tenant(services, sent):
    from worker import flows

    # given a tenant that submits many small documents at once
    flood_tenant = new_tenant()
    flood = [
        uuid.UUID(queued_document(flood_tenant, files.text_pdf(1), engine="null"))
        for _ in range(PREPARE_WINDOW + 3)
    ]
    # then only a window of them has its prepare sent; the rest wait as rows
    assert _prepare_sent(*flood) == [True] * PREPARE_WINDOW + [False] * 3
    # when another tenant submits a document, its prepare is sent at once
    other = uuid.UUID(queued_document(new_tenant(), files.text_pdf(1), engine="null"))
    assert _prepare_sent(other) == [True]
    # and when one of the flood's prepares has split its document, the next one is sent
    flows.prepare_document(get_database(), get_store(), get_settings(), flood[0])
    assert _prepare_sent(*flood) == [True] * (PREPARE_WINDOW + 1) + [False] * 2
    assert (queue.PREPARE, str(flood[PREPARE_WINDOW])) in sent


def test_a_message_a_worker_has_taken_but_not_claimed_yet_is_not_sent_again(services, lagging_queue):
    # given pages sent long ago and waiting on a lagging queue, and a worker that has just
    # taken the first one's message off the queue but not yet claimed its page
    doc_id = _document(WINDOW, engine=LAGGING_ENGINE)
    long_ago = _sent_long_ago(doc_id)
    with queue.get_celery().connection_for_write() as conn:
        taken = conn.default_channel.basic_get(lagging_queue, no_ack=True)
        assert taken is not None
        args, _kwargs, _embed = taken.decode()  # Celery's message: args are (document, page)
        page_no = int(args[1])
    # when the reaper passes while the message is in the worker's hands
    reap()
    # and the worker then claims the page, and the reaper passes again
    with get_database().session_scope() as s:
        assert processing.claim_page(s, doc_id, page_no, worker="w1", lease=timedelta(seconds=60))
    reap()
    # then no page was sent again
    assert set(_sent(doc_id).values()) == {long_ago}
    assert queue.depth(lagging_queue) == WINDOW - 1
