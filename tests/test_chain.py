"""The convert chain (worker/flows/convert.py): a worker that finishes a page runs its
tenant's next waiting page itself, claimed in the finishing transaction and sent no
message, for as long as reliability.chain_seconds and chain_pages allow.

The convert flow is called directly, as a worker would call it, against the real
database, S3 server and (recorded) broker."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from common.core import queue
from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import Settings
from common.core.storage import get_store
from common.documents import processing
from common.documents.models import Document, Page, PageStatus
from tests.factories import files
from tests.helpers import new_tenant, queued_document
from tests.reaping import dispatches_for, with_reliability
from worker import flows

WINDOW = 2
LEASE = timedelta(seconds=60)


def _document(pages: int, *, tenant: uuid.UUID | None = None, **options: Any) -> uuid.UUID:
    """A document of ``pages`` null-engine pages split under a window of WINDOW: the first
    WINDOW pages sent, the rest waiting in Postgres."""
    doc_id = uuid.UUID(queued_document(tenant or new_tenant(), files.text_pdf(1), engine="null"))
    with get_database().session_scope() as s:
        s.execute(
            update(Document)
            .where(Document.id == doc_id)
            .values(pages_total=pages, source_pages=pages, options=options)
        )
    with get_database().session_scope() as s:
        doc = processing.start_document(s, doc_id, lease=LEASE)
        assert doc is not None
        plans = [processing.PagePlan(n, 612.0, 792.0, False, None, None) for n in range(1, pages + 1)]
        processing.create_pages(s, doc, plans)
    return doc_id


def _statuses(doc_id: uuid.UUID) -> dict[int, str]:
    with get_database().session_scope() as s:
        rows = s.execute(select(Page.page_no, Page.status).where(Page.document_id == doc_id))
        return {int(n): str(st) for n, st in rows}


def _settings(**reliability: Any) -> Settings:
    """The window of WINDOW; page by page (chain_group 1) unless a test asks for groups."""
    reliability.setdefault("chain_group", 1)
    return with_reliability(dispatch_window=WINDOW, **reliability)


def _convert(settings: Settings, doc_id: uuid.UUID, page_no: int) -> None:
    flows.convert_page(get_database(), get_store(), settings, doc_id, page_no, lease=LEASE)


def _fails_once(monkeypatch: Any, *, page_no: int) -> None:
    """The null engine fails ``page_no`` retryably (every time it is asked: the chain's
    tests look at the first attempt only)."""
    from worker.engines.base import PageError
    from worker.engines.null import NullEngine

    real = NullEngine.convert

    def flaky(self: NullEngine, pages: list[Any]) -> list[Any]:
        if pages[0].page_no == page_no:
            raise PageError("flaky", "once", retryable=True)
        return real(self, pages)

    monkeypatch.setattr(NullEngine, "convert", flaky)


def test_a_finished_page_runs_its_tenants_waiting_pages_without_messages(services, sent, monkeypatch):
    # given a document of six pages under a window of two: pages 1-2 sent, 3-6 waiting
    settings = _settings(chain_seconds=60.0, chain_pages=32)
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: settings)
    doc_id = _document(6)
    sent.clear()
    # when a worker converts page 1
    _convert(settings, doc_id, 1)
    # then it went on with the waiting pages 3-6 itself and sent none of them a message;
    # page 2 still waits for its own message, and the document is not finalized yet
    statuses = _statuses(doc_id)
    assert [n for n, st in sorted(statuses.items()) if st == PageStatus.done.value] == [1, 3, 4, 5, 6]
    assert statuses[2] == PageStatus.queued.value
    assert dispatches_for(sent, doc_id) == []
    # and when page 2's message is taken, the last page finishes the document: one finalize
    _convert(settings, doc_id, 2)
    assert dispatches_for(sent, doc_id) == [(queue.FINALIZE, str(doc_id))]


def test_the_chain_stops_after_chain_pages_and_sends_the_place_on(services, sent, monkeypatch):
    # given six pages under a window of two, and chains of at most two pages more
    settings = _settings(chain_seconds=60.0, chain_pages=2)
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: settings)
    doc_id = _document(6)
    sent.clear()
    # when a worker converts page 1
    _convert(settings, doc_id, 1)
    # then it ran pages 3 and 4 itself, and the place page 4 left went to page 5 by message
    statuses = _statuses(doc_id)
    assert [n for n, st in sorted(statuses.items()) if st == PageStatus.done.value] == [1, 3, 4]
    assert dispatches_for(sent, doc_id) == [(queue.CONVERT, str(doc_id), 5)]


def test_no_chain_when_chain_seconds_is_zero(services, sent, monkeypatch):
    # given the chain turned off
    settings = _settings(chain_seconds=0.0)
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: settings)
    doc_id = _document(4)
    sent.clear()
    # when page 1 is converted
    _convert(settings, doc_id, 1)
    # then only page 1 ran, and the next waiting page was sent a message
    assert _statuses(doc_id)[3] == PageStatus.queued.value
    assert dispatches_for(sent, doc_id) == [(queue.CONVERT, str(doc_id), 3)]


def test_the_chain_takes_the_tenants_next_document_oldest_first(services, sent, monkeypatch):
    # given a tenant's document whose pages are all sent, and its second document waiting
    settings = _settings(chain_seconds=60.0, chain_pages=32)
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: settings)
    tenant = new_tenant()
    first = _document(2, tenant=tenant)
    second = _document(2, tenant=tenant)
    assert _statuses(second) == {1: "queued", 2: "queued"}
    sent.clear()
    # when the first document's page 1 is converted
    _convert(settings, first, 1)
    # then the worker went on with the second document's pages
    assert set(_statuses(second).values()) == {PageStatus.done.value}
    assert dispatches_for(sent, second) == [(queue.FINALIZE, str(second))]


def test_a_chained_page_that_fails_is_given_back_and_sent_again(services, sent, monkeypatch):
    # given six pages where page 3 (the first the chain takes) fails once, retryably
    settings = _settings(chain_seconds=60.0, chain_pages=32)
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: settings)
    doc_id = _document(4)
    _fails_once(monkeypatch, page_no=3)
    sent.clear()
    # when a worker converts page 1
    _convert(settings, doc_id, 1)
    # then page 1 is done, page 3 is back in the queue with its error and its own message
    # on the way, and the chain stopped there
    statuses = _statuses(doc_id)
    assert statuses[1] == PageStatus.done.value
    assert statuses[3] == statuses[4] == PageStatus.queued.value
    assert dispatches_for(sent, doc_id) == [(queue.CONVERT, str(doc_id), 3)]
    with get_database().session_scope() as s:
        page = s.get(Page, (doc_id, 3))
        assert page is not None and page.dispatched_at is not None and page.error["code"] == "flaky"


def test_a_tenant_alone_chains_past_chain_seconds(services, sent, monkeypatch):
    # given six pages under a window of two, chains whose seconds are up at once, and no
    # other tenant's work waiting on the broker (asked of the dispatch, and recorded)
    settings = _settings(chain_seconds=1e-9, chain_pages=32)
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: settings)
    asked: list[uuid.UUID] = []

    def nobody_else(session: Any, tenant_id: uuid.UUID) -> bool:
        asked.append(tenant_id)
        return False

    monkeypatch.setattr("common.documents.dispatch.repo.others_waiting", nobody_else)
    doc_id = _document(6)
    sent.clear()
    # when a worker converts page 1
    _convert(settings, doc_id, 1)
    # then it asked at each page whether others wait, and went on with pages 3-6 itself
    statuses = _statuses(doc_id)
    assert [n for n, st in sorted(statuses.items()) if st == PageStatus.done.value] == [1, 3, 4, 5, 6]
    assert len(asked) == 5  # at each finish, the last one included
    assert dispatches_for(sent, doc_id) == []


def test_the_chain_yields_when_another_tenants_page_waits(services, sent, monkeypatch):
    # given another tenant's document whose first pages are sent (waiting on the broker),
    # and six pages of this tenant's under a window of two, chains whose seconds are up
    settings = _settings(chain_seconds=1e-9, chain_pages=32)
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: settings)
    other = _document(3)
    doc_id = _document(6)
    sent.clear()
    # when a worker converts page 1 of this tenant's document
    _convert(settings, doc_id, 1)
    # then it took no page more: the place went by message to page 3, behind the other's
    statuses = _statuses(doc_id)
    assert [n for n, st in sorted(statuses.items()) if st == PageStatus.done.value] == [1]
    assert dispatches_for(sent, doc_id) == [(queue.CONVERT, str(doc_id), 3)]
    assert _statuses(other)[1] == PageStatus.queued.value


def test_others_waiting_sees_other_tenants_sent_pages_and_prepares_only(services, sent):
    from common.documents import dispatch
    from tests.helpers import queued_document as submitted

    db = get_database()
    # given two tenants' documents, each with a page sent, and a third tenant's sent prepare
    mine, theirs = _document(3), _document(3)
    with db.session_scope() as s:
        me = s.get(Document, mine)
        them = s.get(Document, theirs)
        assert me is not None and them is not None
        my_tenant, their_tenant = me.tenant_id, them.tenant_id
    prepared = uuid.UUID(submitted(new_tenant(), files.text_pdf(1), engine="null"))
    with db.session_scope() as s:
        s.execute(update(Document).where(Document.id == prepared).values(dispatched_at=utcnow()))
    with db.session_scope() as s:
        # when each is asked about in one transaction where earlier tests' work is hidden
        # (rolled back at the end)
        s.execute(update(Page).where(Page.dispatched_at.is_not(None)).values(dispatched_at=None))
        s.execute(
            update(Document)
            .where(Document.id != prepared, Document.status == "queued")
            .values(dispatched_at=None)
        )
        # (the two documents' first pages sent, whatever the window let through)
        s.execute(
            update(Page)
            .where(Page.document_id.in_([mine, theirs]), Page.page_no == 1)
            .values(status=PageStatus.queued.value, dispatched_at=utcnow())
        )
        # then each sees the others' work, never its own
        assert dispatch.others_waiting(s, my_tenant)
        s.execute(update(Page).where(Page.document_id == theirs).values(dispatched_at=None))
        assert dispatch.others_waiting(s, my_tenant)  # the third tenant's prepare
        s.execute(update(Document).where(Document.id == prepared).values(dispatched_at=None))
        assert not dispatch.others_waiting(s, my_tenant)
        assert dispatch.others_waiting(s, their_tenant)  # my sent pages
        s.rollback()


def _complete_and_take(
    doc_id: uuid.UUID, page_no: int, tenant: uuid.UUID, *, take: int = 1
) -> tuple[bool, Any]:
    """The chain's step for one page of ``doc_id``: whether it was counted, and the first
    page taken (None if none)."""
    with get_database().session_scope() as s:
        ran = processing.ran_page(
            doc_id, page_no, engine="null", result_key=f"r/{page_no}", timings={"total_s": 0.001}, tokens={}
        )
        finished, taken = processing.complete_and_take(
            s, [ran], take=take, tenant_id=tenant, page_engine="null", worker="w-test", lease=LEASE
        )
        return bool(finished), taken[0] if taken else None


def _tenant_of(doc_id: uuid.UUID) -> uuid.UUID:
    with get_database().session_scope() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        return doc.tenant_id


def test_a_chain_step_counts_the_page_once_and_claims_the_next_waiting_page(services, sent, monkeypatch):
    # given four pages under a window of two: pages 1-2 sent, 3-4 waiting; page 1 running
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: _settings())
    doc_id = _document(4)
    tenant = _tenant_of(doc_id)
    with get_database().session_scope() as s:
        assert processing.claim_page(s, doc_id, 1, worker="w-test", lease=LEASE) is not None
    # when the chain's step finishes page 1
    changed, successor = _complete_and_take(doc_id, 1, tenant)
    # then page 1 is done with its result and counted, and page 3 is running under this
    # worker's lease (first attempt), handed back with what its conversion needs
    assert changed
    assert successor is not None and (successor.document_id, successor.page_no) == (doc_id, 3)
    assert successor.claimed.attempts == 1 and successor.claimed.engine == "null"
    assert successor.claimed.tenant_id == tenant and successor.claimed.width == 612.0
    with get_database().session_scope() as s:
        done, taken = s.get(Page, (doc_id, 1)), s.get(Page, (doc_id, 3))
        doc = s.get(Document, doc_id)
        assert done is not None and taken is not None and doc is not None
        assert (done.status, done.result_key, done.timings) == ("done", "r/1", {"total_s": 0.001})
        assert done.lease_expires_at is None and doc.pages_done == 1
        # (no message: it counts in the window as running, and dispatched_at stays None)
        assert (taken.status, taken.worker, taken.dispatched_at) == ("running", "w-test", None)
        assert taken.lease_expires_at is not None and taken.lease_expires_at > utcnow()


def test_a_chain_step_on_a_finished_page_counts_nothing_and_takes_nothing(services, sent, monkeypatch):
    # given page 1 of four already done and counted (a duplicate task), pages 3-4 waiting
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: _settings())
    doc_id = _document(4)
    tenant = _tenant_of(doc_id)
    assert _complete_and_take(doc_id, 1, tenant)[0]
    before = _statuses(doc_id)
    # when the step runs again for page 1
    changed, successor = _complete_and_take(doc_id, 1, tenant)
    # then nothing moved: no count, no page taken (no place was freed)
    assert (changed, successor) == (False, None)
    assert _statuses(doc_id) == before
    with get_database().session_scope() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None and doc.pages_done == 1


def test_a_chain_step_on_the_last_page_sends_one_finalize_and_takes_nothing(services, sent, monkeypatch):
    # given a two-page document whose page 2 is done, page 1 running, nothing waiting
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: _settings())
    doc_id = _document(2)
    tenant = _tenant_of(doc_id)
    assert _complete_and_take(doc_id, 2, tenant)[0]
    sent.clear()
    # when the step finishes page 1
    changed, successor = _complete_and_take(doc_id, 1, tenant)
    # then the document's last page was counted here: one finalize, and no page taken
    assert changed and successor is None
    assert dispatches_for(sent, doc_id) == [(queue.FINALIZE, str(doc_id))]
