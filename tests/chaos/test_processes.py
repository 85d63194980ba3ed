"""Faults in the worker processes of a private stack: workers killed with SIGKILL mid-page,
SIGTERM during a page (within and past the grace period), a page that kills its process.

Every test ends with every document finished, each page counted once and one outcome event
per document, and adds a row of what it measured to the reliability report (conftest.py)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests import chaos_state as state
from tests.chaos.steps import GRACE, submit
from tests.chaos_report import Report, Row, n, outcome, seconds
from tests.helpers import wait_until
from tests.stack import Stack, client

pytestmark = pytest.mark.slow


def test_workers_killed_mid_page_lose_nothing(private: dict[str, Any], stack: Stack, report: Report) -> None:
    db, pages, trials = private["db"], 5, 10
    stack.start_beat()
    with client(stack, private["key"]) as http:
        # given 10 documents of 5 pages, each page taking 0.8 s
        doc_ids = [submit(http, pages) for _ in range(trials)]
        state.set_options(db, doc_ids, null_sleep_s=0.8)
        # when, 10 times over, a worker is SIGKILLed (with its pool) while a page runs,
        # aiming at a different page position and a later point inside the page each time
        killed: set[tuple[str, int]] = set()
        into_page: list[float] = []
        interrupted = 0
        for trial in range(trials):
            stack.start_worker("victim", concurrency=2)
            target = wait_until(
                lambda t=trial: state.running_page(db, t % pages + 1, killed) or None,
                20,
                f"page {trial % pages + 1} running",
            )
            into_page.append(
                wait_until(
                    lambda t=target, at=0.2 + 0.05 * trial: state.running_for(db, t, at), 20, "the kill point"
                )
            )
            stack.kill("victim")
            killed.add(target)
            interrupted += state.page_statuses(db, {target})[target] == "running"
        # and then two healthy workers take over
        took_over = time.monotonic()
        stack.start_worker("w1")
        stack.start_worker("w2")
        state.wait_all_finished(db, doc_ids, 180)
        recovered = time.monotonic() - took_over
        # then every document succeeded, each page counted once, one event each
        state.assert_counted_once(db, http, doc_ids, pages)
    assert killed <= state.retried(db, doc_ids)
    assert len({n for _, n in killed}) == pages
    c = state.counts(db, doc_ids)
    report.add(
        Row(
            "test_workers_killed_mid_page_lose_nothing",
            f"SIGKILL of a worker and its pool mid-page, {trials} trials across the {pages} page positions",
            f"{interrupted} of {len(killed)} pages were still running when killed "
            f"({min(into_page):.2f}-{max(into_page):.2f} s into a 0.8 s page); their leases expired and "
            f"the reaper re-queued them ({n(c['pages_retried'], 'page')} ran more than once, at most "
            f"{c['max_attempts']} attempts); every document finished {seconds(recovered)} after two "
            "healthy workers started",
            outcome(c),
            {**c, "trials": trials, "interrupted": interrupted, "recovery_s": round(recovered, 2)},
        )
    )


def test_sigterm_lets_the_running_page_finish(private: dict[str, Any], stack: Stack, report: Report) -> None:
    db, page_s = private["db"], 2.0
    with client(stack, private["key"]) as http:
        # given a worker running page 1 (2 s) of a 3-page document
        doc_id = submit(http, 3)
        state.set_options(db, [doc_id], null_sleep_s=page_s)
        stack.start_worker("victim", concurrency=1)
        wait_until(lambda: state.running_page(db, 1, set()), 20, "page 1 running")
        # when it gets SIGTERM
        started = time.monotonic()
        code = stack.terminate("victim", timeout=30)
        took = time.monotonic() - started
        # then it finishes that page (once, by itself) and exits cleanly
        assert code == 0
        assert state.page_row(db, doc_id, 1) == ("done", 1)
        # and the pages it had not started go to the next worker, which finishes the document
        left = [state.page_row(db, doc_id, no)[0] for no in (2, 3)]
        assert left[0] == "queued"
        started = time.monotonic()
        stack.start_worker("next", concurrency=2)
        state.wait_all_finished(db, [doc_id], 60)
        finished = time.monotonic() - started
        state.assert_counted_once(db, http, [doc_id], 3)
    c = state.counts(db, [doc_id])
    report.add(
        Row(
            "test_sigterm_lets_the_running_page_finish",
            f"SIGTERM while a page runs (grace {GRACE:g} s, page {page_s:g} s)",
            f"the worker finished its page and exited (code {code}) {seconds(took)} after the signal; "
            f"{n(left.count('queued'), 'page')} it had not started stayed queued, and the next worker "
            f"finished the document in {seconds(finished)}",
            f"{outcome(c)}; {n(c['pages_retried'], 'page')} ran twice",
            {**c, "exit_code": code, "stop_s": round(took, 2), "next_worker_s": round(finished, 2)},
        )
    )


def test_sigterm_past_the_grace_period_hands_the_page_back(
    private: dict[str, Any], stack: Stack, report: Report
) -> None:
    db, page_s = private["db"], 8.0
    stack.start_beat()
    with client(stack, private["key"]) as http:
        # given a worker running a page that takes longer than the grace period
        doc_id = submit(http, 1)
        state.set_options(db, [doc_id], null_sleep_s=page_s)
        stack.start_worker("victim", concurrency=1)
        wait_until(lambda: state.running_page(db, 1, set()), 20, "page 1 running")
        # when it gets SIGTERM
        started = time.monotonic()
        stack.terminate("victim", timeout=30)
        took = time.monotonic() - started
        # then it stops without finishing the page (it would have taken 8 s)
        assert state.page_row(db, doc_id, 1)[0] in ("running", "queued")
        assert took < page_s
        # and another worker runs the page again and the document succeeds
        state.set_options(db, [doc_id], null_sleep_s=0.1)
        started = time.monotonic()
        stack.start_worker("next", concurrency=1)
        state.wait_all_finished(db, [doc_id], 60)
        finished = time.monotonic() - started
        state.assert_counted_once(db, http, [doc_id], 1)
        assert state.page_row(db, doc_id, 1) == ("done", 2)
    c = state.counts(db, [doc_id])
    report.add(
        Row(
            "test_sigterm_past_the_grace_period_hands_the_page_back",
            f"SIGTERM while a page runs longer than the grace period (grace {GRACE:g} s, page {page_s:g} s)",
            f"the worker stopped {seconds(took)} after the signal (cold shutdown at the end of the grace "
            f"period); the page's lease expired and the next worker ran it again, finishing the document "
            f"in {seconds(finished)}",
            f"{outcome(c)}; the page took {c['max_attempts']} attempts",
            {**c, "stop_s": round(took, 2), "next_worker_s": round(finished, 2)},
        )
    )


def test_a_poisoned_page_fails_alone(private: dict[str, Any], stack: Stack, report: Report) -> None:
    db = private["db"]
    stack.start_beat()
    stack.start_worker("w1")
    with client(stack, private["key"]) as http:
        # given a document whose page 2 kills the process that converts it, every time,
        # and a healthy document beside it
        started = time.monotonic()
        poisoned, healthy = submit(http, 3), submit(http, 2)
        state.set_options(db, [poisoned], null_crash_pages=[2])
        # when the workers take them
        statuses = state.wait_all_finished(db, [poisoned, healthy], 180)
        finished = time.monotonic() - started
        # then the poisoned page fails alone after its attempts, the rest converts
        assert statuses == {poisoned: "partially_succeeded", healthy: "succeeded"}
        status, attempts = state.page_row(db, poisoned, 2)
        assert status == "failed" and attempts >= 5
        assert [state.page_row(db, poisoned, no)[0] for no in (1, 3)] == ["done", "done"]
        page = http.get(f"/v1/documents/{poisoned}/pages/2").json()
        assert page["error"]["code"] == "attempts_exhausted"
        state.assert_counted_once(db, http, [healthy], 2)
    c, mine = state.counts(db, [poisoned, healthy]), state.counts(db, [poisoned])
    report.add(
        Row(
            "test_a_poisoned_page_fails_alone",
            "A poisoned page: the engine kills its process (os._exit) on page 2, every time",
            f"each attempt killed a pool process; the lease lapsed and the reaper re-queued the page; "
            f"after {attempts} attempts it failed with {page['error']['code']}, "
            f"{seconds(finished)} after the submit",
            f"the poisoned document {statuses[poisoned]} ({n(mine['pages_done'], 'page')} done, "
            f"{mine['pages_failed']} failed); the document beside it {statuses[healthy]}; "
            f"{n(c['events'], 'outcome event')} for {n(c['documents'], 'document')}",
            {**c, "attempts": attempts, "finished_s": round(finished, 2)},
        )
    )
