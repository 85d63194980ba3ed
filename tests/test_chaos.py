"""Faults injected into real processes on a private stack (tests/stack.py): workers
killed with SIGKILL mid-page, SIGTERM during a page, PostgreSQL and Redis stopped and
started again, the S3 server paused. Every test ends with every document finished, each
page counted once and one outcome event per document.

An outage lasts until the system has shown it felt it (leases held at the stop expired,
the pages in flight recorded, a worker's store call timed out), not for a fixed time.
Each test adds a row of what it measured to the reliability report (tests/chaos_report.py);
with PAGEMILL_RELIABILITY_REPORT=path set, the module writes the table there
(docs/reliability.md is made that way).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from tests import chaos_state as state
from tests.chaos_report import Report, Row, n, outcome, seconds
from tests.factories import files
from tests.helpers import wait_until
from tests.stack import PrivatePostgres, PrivateRedis, PrivateS3, Stack, client

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
# Short leases and a fast reaper, so that a dead worker's page is back in seconds.
RELIABILITY = {
    "PAGEMILL_RELIABILITY__PAGE_LEASE": "2",
    "PAGEMILL_RELIABILITY__LEASE_RENEW": "0.5",
    "PAGEMILL_RELIABILITY__REAP_INTERVAL": "0.5",
    "PAGEMILL_RELIABILITY__REDISPATCH_AFTER": "4",
    "PAGEMILL_RELIABILITY__PAGE_MAX_ATTEMPTS": "5",
    "PAGEMILL_RELIABILITY__SHUTDOWN_GRACE": "4",
}
GRACE = float(RELIABILITY["PAGEMILL_RELIABILITY__SHUTDOWN_GRACE"])


@pytest.fixture(scope="module")
def report() -> Iterator[Report]:
    r = Report([name for name in globals() if name.startswith("test_")])
    yield r
    r.write(RELIABILITY)


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory, report: Report) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("chaos")
    # Whatever has started is stopped again, also when what comes next fails.
    with contextlib.ExitStack() as cleanup:
        pg = PrivatePostgres()
        cleanup.callback(pg.close)
        redis = PrivateRedis()
        cleanup.callback(redis.close)
        s3 = PrivateS3()
        cleanup.callback(s3.close)
        (root / "data").mkdir()  # beat keeps its schedule there
        env = {
            **os.environ,
            "PAGEMILL_DATA_DIR": str(root / "data"),
            "PAGEMILL_DATABASE__URL": pg.url,
            "PAGEMILL_DATABASE__PRE_PING": "true",
            "PAGEMILL_BROKER__URL": redis.url,
            "PAGEMILL_STORAGE__ENDPOINT_URL": s3.url,
            "PAGEMILL_STORAGE__CONNECT_TIMEOUT": "2",
            "PAGEMILL_STORAGE__READ_TIMEOUT": "3",
            **RELIABILITY,
            "PAGEMILL_STORAGE__MAX_ATTEMPTS": "2",
            "PAGEMILL_BROKER__PREPARE_TIME_LIMIT": "20",
        }
        subprocess.run(
            [sys.executable, "-c", "from common.core import migrate; "
             "from common.core.settings import get_settings; migrate.upgrade(get_settings())"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        key = subprocess.run(
            [sys.executable, "-c", "from common.core.db import get_database; "
             "from common.tenants import service; s = get_database().sessionmaker(); "
             "service.get_or_create_tenant(s, 'chaos'); "
             "print(service.create_key(s, 'chaos').key); s.commit()"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        db = create_engine(pg.url, pool_pre_ping=True)
        cleanup.callback(db.dispose)
        yield {"env": env, "pg": pg, "redis": redis, "s3": s3, "key": key, "db": db, "root": root}


@pytest.fixture
def stack(private: dict[str, Any], request: pytest.FixtureRequest) -> Iterator[Stack]:
    s = Stack(env=private["env"], logs=private["root"] / "logs" / request.node.name)
    s.start_api()
    try:
        yield s
    finally:
        s.close()


def _post(http: Any, pages: int) -> Any:
    return http.post(
        "/v1/documents", files={"file": ("doc.pdf", files.text_pdf(pages))}, data={"engine": "null"}
    )


def _submit(http: Any, pages: int) -> str:
    resp = _post(http, pages)
    assert resp.status_code == 202, resp.text
    return str(resp.json()["id"])


def _six_converting(db: Engine, http: Any) -> list[str]:
    """Six 3-page documents, at least one page running when this returns."""
    doc_ids = [_submit(http, 3) for _ in range(6)]
    state.set_options(db, doc_ids, null_sleep_s=0.3)
    wait_until(lambda: state.running_page(db, None, set()), 20, "a page running")
    return doc_ids


def test_workers_killed_mid_page_lose_nothing(private: dict[str, Any], stack: Stack, report: Report) -> None:
    db, pages, trials = private["db"], 5, 10
    stack.start_beat()
    with client(stack, private["key"]) as http:
        # given 10 documents of 5 pages, each page taking 0.8 s
        doc_ids = [_submit(http, pages) for _ in range(trials)]
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
        doc_id = _submit(http, 3)
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
        doc_id = _submit(http, 1)
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


def _problem_503(resp: Any) -> bool:
    return (
        resp.status_code == 503
        and resp.headers["content-type"].startswith("application/problem+json")
        and int(resp.headers["Retry-After"]) > 0
    )


def test_postgres_stopped_and_started_mid_run(private: dict[str, Any], stack: Stack, report: Report) -> None:
    db, pg = private["db"], private["pg"]
    stack.start_beat()
    stack.start_worker("w1")
    with client(stack, private["key"]) as http:
        # given 6 documents converting
        doc_ids = _six_converting(db, http)
        deadline = state.lease_deadline(db)
        # when PostgreSQL stops (pg_ctl stop), until every lease held at the stop has run out
        stopped = time.monotonic()
        pg.stop()
        try:
            during = http.get("/v1/documents")
            ready = http.get("/readyz")
            submit_during = _post(http, 1)
            if deadline is not None:
                wait_until(lambda: datetime.now(deadline.tzinfo) > deadline, 30, "the leases to run out")
        finally:
            pg.start()
        restarted = time.monotonic()
        # then the API answered 503 problem JSON with Retry-After, not 500
        assert _problem_503(during), during.text
        assert ready.status_code == 503
        assert _problem_503(submit_during), submit_during.text
        # and it recovers by itself, and every document finishes, counted once
        wait_until(lambda: http.get("/v1/documents").status_code == 200, 30, "the API to recover")
        api_back = time.monotonic() - restarted
        state.wait_all_finished(db, doc_ids, 180)
        finished = time.monotonic() - restarted
        state.assert_counted_once(db, http, doc_ids, 3)
    c = state.counts(db, doc_ids)
    complaints = sum(r.get("level") in ("warning", "error") for r in stack.log("w1"))
    report.add(
        Row(
            "test_postgres_stopped_and_started_mid_run",
            "PostgreSQL stopped (pg_ctl stop -m fast) mid-run, until every page lease held at the stop "
            "ran out",
            f"down {seconds(restarted - stopped)}; API: 503 problem JSON with Retry-After on reads and "
            f"submits, /readyz 503; {n(complaints, 'warning or error line')} in the worker's log; after "
            f"the restart the API answered again within {seconds(api_back)}, and "
            f"{n(c['pages_retried'], 'page')} took a second attempt",
            f"every document finished {seconds(finished)} after the restart: {outcome(c)}",
            {
                **c,
                "outage_s": round(restarted - stopped, 2),
                "api_recovery_s": round(api_back, 2),
                "finished_s": round(finished, 2),
                "worker_warnings": complaints,
            },
        )
    )


def test_redis_stopped_and_started_empty_mid_run(
    private: dict[str, Any], stack: Stack, report: Report
) -> None:
    db, redis = private["db"], private["redis"]
    stack.start_beat()
    stack.start_worker("w1")
    with client(stack, private["key"]) as http:
        # given 6 documents converting
        doc_ids = _six_converting(db, http)
        in_flight = state.running(db, doc_ids)
        # when Redis stops, until the pages in flight at the stop are recorded (so what they
        # send next is sent into the outage), and comes back empty: every message is lost
        stopped = time.monotonic()
        redis.stop()
        try:
            accepted = _post(http, 2)
            ready = http.get("/readyz")
            wait_until(
                lambda: "running" not in state.page_statuses(db, in_flight).values(),
                30,
                "the pages in flight",
            )
        finally:
            redis.start()
        restarted = time.monotonic()
        # then a submission during the outage was accepted: the row is the outbox
        assert accepted.status_code == 202, accepted.text
        assert ready.status_code == 503
        doc_ids.append(str(accepted.json()["id"]))
        # and the reaper dispatches the lost work again: every document finishes, counted once
        statuses = state.wait_all_finished(db, doc_ids, 180)
        finished = time.monotonic() - restarted
        assert set(statuses.values()) == {"succeeded"}, state.why(db, doc_ids)
        state.assert_counted_once(db, http, doc_ids[:-1], 3)
        state.assert_counted_once(db, http, doc_ids[-1:], 2)
    c = state.counts(db, doc_ids)
    report.add(
        Row(
            "test_redis_stopped_and_started_empty_mid_run",
            "Redis stopped mid-run, until the pages in flight were recorded, then started empty "
            "(no persistence)",
            f"down {seconds(restarted - stopped)}; a submit during the outage was accepted (202: the "
            "document row is the outbox), /readyz 503; the queued messages were lost with the restart, "
            f"and the reaper dispatched the queued pages and documents again after redispatch_after "
            f"({RELIABILITY['PAGEMILL_RELIABILITY__REDISPATCH_AFTER']} s)",
            f"every document finished {seconds(finished)} after the restart: {outcome(c)}",
            {**c, "outage_s": round(restarted - stopped, 2), "finished_s": round(finished, 2)},
        )
    )


def test_s3_paused_mid_run(private: dict[str, Any], stack: Stack, report: Report) -> None:
    db, s3 = private["db"], private["s3"]
    stack.start_beat()
    stack.start_worker("w1")
    with client(stack, private["key"]) as http:
        # given 6 documents converting
        doc_ids = _six_converting(db, http)
        # when the S3 server stops answering, until a worker's store call has timed out
        paused = time.monotonic()
        s3.pause()
        try:
            during = _post(http, 1)
            failed = wait_until(
                lambda: state.store_failures(db, doc_ids), 60, "an attempt failed on the store"
            )
        finally:
            s3.resume()
        resumed = time.monotonic()
        # then a submission during the outage was refused with 503 and left nothing behind
        assert _problem_503(during), during.text
        # and the workers' steps retried with backoff: every document finishes, counted once
        state.wait_all_finished(db, doc_ids, 240)
        finished = time.monotonic() - resumed
        state.assert_counted_once(db, http, doc_ids, 3)
    c = state.counts(db, doc_ids)
    report.add(
        Row(
            "test_s3_paused_mid_run",
            "S3 (moto) server paused (SIGSTOP) mid-run, until a worker's store call timed out",
            f"paused {seconds(resumed - paused)}; API: the submit during the outage got 503 problem JSON "
            f"with Retry-After after {seconds(during.elapsed.total_seconds())}; workers' reads and writes "
            f"timed out ({n(failed, 'page')} given back with the error) and their tasks retried with "
            "backoff",
            f"every document finished {seconds(finished)} after the store came back: {outcome(c)}",
            {
                **c,
                "outage_s": round(resumed - paused, 2),
                "submit_503_s": round(during.elapsed.total_seconds(), 2),
                "pages_given_back": failed,
                "finished_s": round(finished, 2),
            },
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
        poisoned, healthy = _submit(http, 3), _submit(http, 2)
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
