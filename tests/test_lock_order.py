"""Every writer of several pages locks them in one order, (document, page), so that two
of them wait for each other instead of deadlocking (repository.lock_in_order): a chain
group's finish (repository/chain.py), a group giving pages back (worker/flows/record.py)
and the lease keeper's renewal of the same pages deadlocked when each went its own way.

Each test holds one page of two documents' pages locked from another transaction, runs
the writer with the pages given in reverse, and looks at which pages the writer locked
before it had to wait: in order, it holds the pages before the held one and none after
it. Real PostgreSQL, real row locks."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from datetime import timedelta

import pytest
from sqlalchemy import text

from common.core.db import get_database
from common.core.orm import utcnow
from common.core.settings import get_settings
from common.core.storage import get_store
from common.documents import processing
from common.documents.models import PageStatus
from common.documents.repository import ClaimedPage, chain
from tests.helpers import wait_until
from tests.reaping import document_row, page_row, prepared_document, reap
from worker.flows.chain import Chain
from worker.flows.record import record
from worker.leases import LeaseKeeper, worker_id

PAGES = 4  # of each of two documents
Key = tuple[uuid.UUID, int]
LEASE = timedelta(seconds=60)


def _free(docs: list[uuid.UUID]) -> set[tuple[uuid.UUID, int]]:
    """The documents' pages that no transaction holds locked (a probe that skips the rest)."""
    with get_database().session_scope() as s:
        rows = s.execute(
            text("SELECT document_id, page_no FROM pages WHERE document_id = ANY(:d) FOR UPDATE SKIP LOCKED"),
            {"d": docs},
        )
        free = {(d, int(n)) for d, n in rows}
        s.rollback()
    return free


def _someone_waits_for_a_lock() -> bool:
    with get_database().session_scope() as s:
        q = (
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(s.execute(text(q)).scalar() or 0) > 0


def _finish_group(pages: list[Key], _claims: dict[Key, ClaimedPage]) -> int:
    values = {"engine": "null", "result_key": "k", "timings": {}, "tokens": {}}
    with get_database().session_scope() as s:
        step = chain.finish_and_take(
            s,
            [chain.Ran(doc_id, n, values) for doc_id, n in pages],
            take=0,
            tenant_id=document_row(pages[0][0]).tenant_id,
            engines=["null"],
            worker=worker_id(),
            lease_until=utcnow() + LEASE,
            now=utcnow(),
        )
    return len(step.finished)


def _renew(pages: list[Key], _claims: dict[Key, ClaimedPage]) -> int:
    keeper = LeaseKeeper(get_database(), lease=LEASE.total_seconds(), renew_every=3600)
    with ExitStack() as holds:
        for doc_id, n in pages:  # held in this order: the keeper's own order is its business
            holds.enter_context(keeper.hold(doc_id, n))
        return keeper.renew()


def _give_back(pages: list[Key], claims: dict[Key, ClaimedPage]) -> int:
    """A chain's group whose pages were claimed and not started goes back to the backlog
    (worker/flows/record.py: the group ran past its time), one page at a time."""
    group = [processing.Successor(*key, claims[key]) for key in pages]
    record(get_database(), get_store(), [], LEASE, Chain(get_settings()), give_back=group)
    return len(group)


WRITERS: dict[str, tuple[Callable[[list[Key], dict[Key, ClaimedPage]], int], str]] = {
    "a chain group's finish": (_finish_group, PageStatus.done.value),
    "the lease keeper's renewal": (_renew, PageStatus.running.value),
    "a group giving its pages back": (_give_back, PageStatus.queued.value),
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_writer_of_several_pages_locks_them_in_document_and_page_order(services, sent, writer):
    # given two documents' pages all running under this process, and another transaction
    # that holds the first page of the later document (in id order) locked
    docs = sorted(prepared_document(sent, PAGES) for _ in range(2))
    ordered = [(doc_id, n) for doc_id in docs for n in range(1, PAGES + 1)]
    claims: dict[Key, ClaimedPage] = {}
    with get_database().session_scope() as s:
        for doc_id, n in ordered:
            claimed = processing.claim_page(s, doc_id, n, worker=worker_id(), lease=LEASE)
            assert claimed is not None
            claims[(doc_id, n)] = claimed
    held = ordered[PAGES]
    write, status = WRITERS[writer]
    outcome: list[int | BaseException] = []

    def run() -> None:
        try:
            outcome.append(write(ordered[::-1], claims))
        except BaseException as exc:  # handed to the test's thread
            outcome.append(exc)

    with get_database().session_scope() as holder:
        q = "SELECT 1 FROM pages WHERE document_id = :d AND page_no = :n FOR UPDATE"
        holder.execute(text(q), {"d": held[0], "n": held[1]})
        # when the writer runs, given the pages in reverse, and has to wait for the held page
        thread = threading.Thread(target=run)
        thread.start()
        wait_until(_someone_waits_for_a_lock, timeout=30, what="the writer waiting for the held page")
        # then it has locked every page of the earlier document, and none of the later one
        assert _free(docs) == set(ordered[PAGES + 1 :])
    # and once the page is released, it writes every page
    thread.join(timeout=30)
    assert outcome == [2 * PAGES]
    assert {page_row(doc_id, n).status for doc_id, n in ordered} == {status}


def test_a_foreign_key_checks_lock_on_a_document_does_not_hold_up_a_groups_finish(services, sent):
    # given a document's pages running under this process, and another transaction holding
    # the KEY SHARE lock a foreign-key check takes on the document (a page row inserted or
    # changed twice in one transaction: such locks come in no order of ours)
    doc_id = prepared_document(sent, PAGES)
    pages = [(doc_id, n) for n in range(1, PAGES + 1)]
    with get_database().session_scope() as s:
        for _, n in pages:
            assert processing.claim_page(s, doc_id, n, worker=worker_id(), lease=LEASE) is not None
    outcome: list[int] = []
    with get_database().session_scope() as holder:
        holder.execute(text("SELECT 1 FROM documents WHERE id = :d FOR KEY SHARE"), {"d": doc_id})
        # when the group is finished while that lock is held
        thread = threading.Thread(target=lambda: outcome.append(_finish_group(pages, {})))
        thread.start()
        thread.join(timeout=10)
        # then it finishes and counts every page without waiting for it
        assert outcome == [PAGES], "the group's finish waited for the foreign-key check's lock"
    thread.join(timeout=30)
    assert document_row(doc_id).pages_done == PAGES


def test_the_deadline_sweep_locks_a_documents_pages_before_the_document(services, sent):
    # given a document past its deadline, one of whose pages a worker has just finished
    # (its page row changed, its document not yet counted: the worker's next statement)
    doc_id = prepared_document(sent, PAGES)
    with get_database().session_scope() as s:
        s.execute(
            text("UPDATE documents SET deadline_at = now() - interval '1 second' WHERE id = :d"),
            {"d": doc_id},
        )
    outcome: list[object] = []
    with get_database().session_scope() as worker:
        worker.execute(
            text("UPDATE pages SET status = 'done' WHERE document_id = :d AND page_no = 2"), {"d": doc_id}
        )
        # when the reaper passes meanwhile, and has to wait for that page
        thread = threading.Thread(target=lambda: outcome.append(reap()))
        thread.start()
        wait_until(_someone_waits_for_a_lock, timeout=30, what="the reaper waiting for the finished page")
        # then it holds no lock on the document yet: the worker counts its page at once
        worker.execute(text("SET LOCAL lock_timeout = '5s'"))
        worker.execute(text("UPDATE documents SET pages_done = pages_done + 1 WHERE id = :d"), {"d": doc_id})
    # and once the worker commits, the reaper fails the document's other open pages
    thread.join(timeout=30)
    assert outcome and document_row(doc_id).pages_failed == PAGES - 1
