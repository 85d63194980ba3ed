"""Faults in the services under a private stack: PostgreSQL and Redis stopped and started
again, the S3 server paused. An outage lasts until the system has shown it felt it (leases
held at the stop expired, the pages in flight recorded, a worker's store call timed out), not
for a fixed time.

Every test ends with every document finished, each page counted once and one outcome event
per document, and adds a row of what it measured to the reliability report (conftest.py)."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import pytest

from tests import chaos_state as state
from tests.chaos.steps import RELIABILITY, post, problem_503, six_converting
from tests.chaos_report import Report, Row, n, outcome, seconds
from tests.helpers import wait_until
from tests.stack import Stack, client

pytestmark = pytest.mark.slow


def test_postgres_stopped_and_started_mid_run(private: dict[str, Any], stack: Stack, report: Report) -> None:
    db, pg = private["db"], private["pg"]
    stack.start_beat()
    stack.start_worker("w1")
    with client(stack, private["key"]) as http:
        # given 6 documents converting
        doc_ids = six_converting(db, http)
        deadline = state.lease_deadline(db)
        # when PostgreSQL stops (pg_ctl stop), until every lease held at the stop has run out
        stopped = time.monotonic()
        pg.stop()
        try:
            during = http.get("/v1/documents")
            ready = http.get("/readyz")
            submit_during = post(http, 1)
            if deadline is not None:
                wait_until(lambda: datetime.now(deadline.tzinfo) > deadline, 30, "the leases to run out")
        finally:
            pg.start()
        restarted = time.monotonic()
        # then the API answered 503 problem JSON with Retry-After, not 500
        assert problem_503(during), during.text
        assert ready.status_code == 503
        assert problem_503(submit_during), submit_during.text
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
        doc_ids = six_converting(db, http)
        in_flight = state.running(db, doc_ids)
        # when Redis stops, until the pages in flight at the stop are recorded (so what they
        # send next is sent into the outage), and comes back empty: every message is lost
        stopped = time.monotonic()
        redis.stop()
        try:
            accepted = post(http, 2)
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
        doc_ids = six_converting(db, http)
        # when the S3 server stops answering, until a worker's store call has timed out
        paused = time.monotonic()
        s3.pause()
        try:
            during = post(http, 1)
            failed = wait_until(
                lambda: state.store_failures(db, doc_ids), 60, "an attempt failed on the store"
            )
        finally:
            s3.resume()
        resumed = time.monotonic()
        # then a submission during the outage was refused with 503 and left nothing behind
        assert problem_503(during), during.text
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
