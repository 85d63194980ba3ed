"""The convert chain's groups (worker/flows/convert.py, worker/flows/chain.py): fast pages
taken several at a time, run, and finished together in one statement; a group that grew
beyond the window gives its places back when the chain ends; a failed page or a group that
outruns its budget records what ran and puts the rest back in the backlog.

The convert flow is called directly, as a worker would call it, against the real
database, S3 server and (recorded) broker."""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy import select

from common.core import queue
from common.core.db import get_database
from common.documents.models import Document, Page, PageStatus
from tests.reaping import dispatches_for
from tests.test_chain import _convert, _document, _fails_once, _settings, _statuses

# A group's budget that the null engine's pages never reach, however loaded the machine
# (a test that is not about the budget must not depend on timing).
ROOMY = 30.0


def _in_flight(doc_id: uuid.UUID) -> list[int]:
    """The document's pages that hold a place in its tenant's window: sent or running."""
    with get_database().session_scope() as s:
        rows = s.execute(
            select(Page.page_no).where(
                Page.document_id == doc_id,
                (Page.status == PageStatus.running.value)
                | ((Page.status == PageStatus.queued.value) & Page.dispatched_at.is_not(None)),
            )
        )
        return sorted(int(n) for n in rows.scalars())


def test_fast_pages_are_taken_and_finished_in_groups(services, sent, monkeypatch):
    # given ten pages under a window of two (1-2 sent, 3-10 waiting), groups of four
    settings = _settings(chain_seconds=1e-9, chain_pages=32, chain_group=4, chain_group_seconds=ROOMY)
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: settings)
    doc_id = _document(10)
    asked: list[uuid.UUID] = []

    def nobody_else(session: Any, tenant_id: uuid.UUID) -> bool:
        asked.append(tenant_id)
        return False

    monkeypatch.setattr("common.documents.dispatch.repo.others_waiting", nobody_else)
    sent.clear()
    # when a worker converts page 1 (the null engine's pages run in well under a second)
    _convert(settings, doc_id, 1)
    # then it took pages 3-6 as one group and 7-10 as the next, one step each: it asked
    # whether others wait once a step (page 1's, then each group's), not once a page
    statuses = _statuses(doc_id)
    assert [n for n, st in sorted(statuses.items()) if st == PageStatus.done.value] == [1, *range(3, 11)]
    assert len(asked) == 3
    # and no page was sent a message; page 2 waits for its own, the one place in flight
    assert dispatches_for(sent, doc_id) == []
    assert _in_flight(doc_id) == [2]


def test_a_chain_that_grew_gives_its_extra_places_back_when_it_ends(services, sent, monkeypatch):
    # given twelve pages under a window of two, groups of four, chains of five pages
    settings = _settings(chain_seconds=60.0, chain_pages=5, chain_group=4, chain_group_seconds=ROOMY)
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: settings)
    doc_id = _document(12)
    sent.clear()
    # when a worker converts page 1: it takes 3-6 (four places where it freed one), then
    # the one page its chain has left (7), then stops
    _convert(settings, doc_id, 1)
    statuses = _statuses(doc_id)
    assert [n for n, st in sorted(statuses.items()) if st == PageStatus.done.value] == [1, 3, 4, 5, 6, 7]
    # then the window holds two pages again, not the five the chain held at its widest:
    # page 2's message and one page sent in page 7's place
    assert dispatches_for(sent, doc_id) == [(queue.CONVERT, str(doc_id), 8)]
    assert _in_flight(doc_id) == [2, 8]


def test_a_failed_page_in_a_group_keeps_what_ran_and_gives_the_rest_back(services, sent, monkeypatch):
    # given eight pages under a window of two, groups of four, where page 4 fails once
    settings = _settings(chain_seconds=60.0, chain_pages=32, chain_group=4, chain_group_seconds=ROOMY)
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: settings)
    doc_id = _document(8)
    _fails_once(monkeypatch, page_no=4)
    sent.clear()
    # when a worker converts page 1 and its chain takes pages 3-6 as a group
    _convert(settings, doc_id, 1)
    # then page 3, which ran before the failure, is done and counted; page 4 is back in
    # the queue with its error and a message; pages 5-6, never started, wait again as if
    # never taken (their claim's attempt undone) and the window was topped up from them
    statuses = _statuses(doc_id)
    assert [n for n, st in sorted(statuses.items()) if st == PageStatus.done.value] == [1, 3]
    assert statuses[4] == statuses[5] == statuses[6] == PageStatus.queued.value
    with get_database().session_scope() as s:
        failed, back = s.get(Page, (doc_id, 4)), s.get(Page, (doc_id, 6))
        doc = s.get(Document, doc_id)
        assert failed is not None and back is not None and doc is not None
        assert failed.error["code"] == "flaky" and failed.dispatched_at is not None
        assert (back.attempts, back.started_at, back.dispatched_at) == (0, None, None)
        assert doc.pages_done == 2
    messages = dispatches_for(sent, doc_id)
    assert (queue.CONVERT, str(doc_id), 4) in messages
    # and the window of two holds page 2 and page 4 again: no room for 5-6 yet
    assert _in_flight(doc_id) == [2, 4]


def test_a_group_that_outruns_its_budget_records_what_ran_and_gives_the_rest_back(
    services, sent, monkeypatch
):
    # given eight pages under a window of two, groups of four, and page 4 far slower than
    # the group's budget (a scan after text-layer pages, say)
    settings = _settings(chain_seconds=60.0, chain_pages=32, chain_group=4, chain_group_seconds=0.3)
    monkeypatch.setattr("common.documents.dispatch.get_settings", lambda: settings)
    doc_id = _document(8)
    from worker.engines.null import NullEngine

    real = NullEngine.convert
    seen_at_start: dict[int, str] = {}

    def slow_page_four(self: NullEngine, pages: list[Any]) -> list[Any]:
        page_no = pages[0].page_no
        if page_no == 5:  # what page 3 was when page 5 started
            seen_at_start[5] = _statuses(doc_id)[3]
        if page_no == 4:
            time.sleep(1.0)
        return real(self, pages)

    monkeypatch.setattr(NullEngine, "convert", slow_page_four)
    sent.clear()
    # when a worker converts page 1 and its chain takes pages 3-6 as a group
    _convert(settings, doc_id, 1)
    # then pages 3-4 were recorded before page 5 started (the group stopped at its budget
    # and gave 5-6 back), the chain went on one page at a time and then in groups again,
    # and every page ran once: the claims given back were not counted as attempts
    assert seen_at_start[5] == PageStatus.done.value
    statuses = _statuses(doc_id)
    assert [n for n, st in sorted(statuses.items()) if st == PageStatus.done.value] == [1, *range(3, 9)]
    with get_database().session_scope() as s:
        rows = [s.get(Page, (doc_id, n)) for n in range(3, 9)]
        assert {page.attempts for page in rows if page is not None} == {1}
    assert _in_flight(doc_id) == [2]
