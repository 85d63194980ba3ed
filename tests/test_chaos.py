"""Faults injected into real processes on a private stack (tests/stack.py): workers
killed with SIGKILL mid-page, SIGTERM during a page, PostgreSQL and Redis stopped and
started again, the S3 server paused. Every test ends with every document finished, each
page counted once and one outcome event per document.

Each test adds a row to the reliability report; with PAGEMILL_RELIABILITY_REPORT=path
set, the module writes the table there (docs/reliability.md is made that way).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from tests.factories import files
from tests.helpers import wait_until
from tests.stack import PrivatePostgres, PrivateRedis, PrivateS3, Stack, client

ROOT = Path(__file__).resolve().parents[1]
TERMINAL = {"succeeded", "partially_succeeded", "failed", "cancelled"}
REPORT: list[dict[str, str]] = []


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("chaos")
    pg, redis, s3 = PrivatePostgres(), PrivateRedis(), PrivateS3()
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
        # Short leases and a fast reaper, so that a dead worker's page is back in seconds.
        "PAGEMILL_RELIABILITY__PAGE_LEASE": "2",
        "PAGEMILL_RELIABILITY__LEASE_RENEW": "0.5",
        "PAGEMILL_RELIABILITY__REAP_INTERVAL": "0.5",
        "PAGEMILL_RELIABILITY__REDISPATCH_AFTER": "4",
        "PAGEMILL_RELIABILITY__PAGE_MAX_ATTEMPTS": "5",
        "PAGEMILL_RELIABILITY__SHUTDOWN_GRACE": "4",
        "PAGEMILL_STORAGE__MAX_ATTEMPTS": "2",
        "PAGEMILL_BROKER__PREPARE_TIME_LIMIT": "20",
    }
    subprocess.run(
        [sys.executable, "-c", "from common.core import migrate; "
         "from common.core.settings import get_settings; migrate.upgrade(get_settings())"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    key = subprocess.run(
        [sys.executable, "-c", "from common.core.db import get_database; from common.tenants import service; "
         "s = get_database().sessionmaker(); service.get_or_create_tenant(s, 'chaos'); "
         "print(service.create_key(s, 'chaos').key); s.commit()"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    db = create_engine(pg.url, pool_pre_ping=True)
    try:
        yield {"env": env, "pg": pg, "redis": redis, "s3": s3, "key": key, "db": db, "root": root}
    finally:
        _write_report()
        db.dispose()
        s3.close()
        redis.close()
        pg.close()


@pytest.fixture
def stack(private: dict[str, Any], request: pytest.FixtureRequest) -> Iterator[Stack]:
    s = Stack(env=private["env"], logs=private["root"] / "logs" / request.node.name)
    s.start_api()
    try:
        yield s
    finally:
        s.close()


def _report(fault: str, happened: str, result: str) -> None:
    REPORT.append({"fault": fault, "happened": happened, "result": result})


def _write_report() -> None:
    """Merge this run's rows into the report (a .jsonl beside it keeps every row) and render
    the Markdown table."""
    target = os.environ.get("PAGEMILL_RELIABILITY_REPORT")
    if not target or not REPORT:
        return
    path = Path(target)
    store = path.with_suffix(".jsonl")
    rows = [json.loads(line) for line in store.read_text().splitlines()] if store.exists() else []
    faults = {r["fault"] for r in REPORT}
    rows = [r for r in rows if r["fault"] not in faults] + REPORT
    store.write_text("".join(json.dumps(r) + "\n" for r in rows))
    lines = [
        "# Reliability: faults injected into real processes",
        "",
        "Made by the test run, not by hand:",
        "",
        "```",
        f"PAGEMILL_RELIABILITY_REPORT={path} .venv/bin/pytest tests/test_chaos.py",
        "```",
        "",
        f"Last run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, on a private PostgreSQL "
        "cluster, Redis server and S3 (moto) server per run (tests/stack.py); page lease 2 s, "
        "renewed every 0.5 s; reaper every 0.5 s; redispatch after 4 s; shutdown grace 4 s.",
        "",
        "The hostile-input corpus (72 files, each 4xx with nothing stored) is "
        "tests/test_hostile_inputs.py; 500 documents x 5 pages at once is tests/test_load.py; "
        "schemathesis against the OpenAPI schema is tests/test_schema_fuzz.py. A PDF parser that "
        "crashes, hangs or runs out of memory at submit (helper processes), or that is taken over "
        "and tries to read another file, connect (TCP, UDP, a Unix socket), run a program or signal "
        "the API (Landlock, seccomp), is "
        "tests/test_sandbox.py; pages too slow to draw at prepare are tests/test_render.py. An "
        "object store that throttles, fails or half-deletes (a proxy in front of moto) is "
        "tests/test_storage_faults.py; purges resent until confirmed, and retention, are in "
        "tests/test_reaper.py.",
        "",
        "| Fault | What happened | Result |",
        "|---|---|---|",
        *(f"| {r['fault']} | {r['happened']} | {r['result']} |" for r in rows),
        "",
    ]
    path.write_text("\n".join(lines))


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
    _set_options(db, doc_ids, null_sleep_s=0.3)
    wait_until(lambda: _running_page(db, None, set()), 20, "a page running")
    return doc_ids


def _set_options(db: Engine, doc_ids: list[str], **options: Any) -> None:
    with db.begin() as conn:
        conn.execute(
            text("UPDATE documents SET options = options || CAST(:o AS jsonb) WHERE id = ANY(:ids)"),
            {"o": json.dumps(options), "ids": [uuid.UUID(d) for d in doc_ids]},
        )


def _statuses(db: Engine, doc_ids: list[str]) -> dict[str, str]:
    with db.connect() as conn:
        rows = conn.execute(
            text("SELECT id, status FROM documents WHERE id = ANY(:ids)"),
            {"ids": [uuid.UUID(d) for d in doc_ids]},
        ).all()
    return {str(r[0]): str(r[1]) for r in rows}


def _wait_all_finished(db: Engine, doc_ids: list[str], timeout: float) -> dict[str, str]:
    return wait_until(
        lambda: (s := _statuses(db, doc_ids)) and all(v in TERMINAL for v in s.values()) and s,
        timeout,
        "every document to finish",
        interval=0.3,
    )


def _why(db: Engine, doc_ids: list[str]) -> list[tuple[Any, ...]]:
    """The errors of documents that did not succeed, and of their pages: for the message
    of a failed assertion (the private database is gone after the test)."""
    ids = [uuid.UUID(d) for d in doc_ids]
    with db.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT d.id, d.status, d.error, p.page_no, p.status, p.error FROM documents d "
                    "LEFT JOIN pages p ON p.document_id = d.id "
                    "WHERE d.id = ANY(:ids) AND d.status <> 'succeeded'"
                ),
                {"ids": ids},
            ).all()
        )


def _assert_counted_once(db: Engine, http: Any, doc_ids: list[str], pages: int) -> None:
    """Every page done once, every output holding each page once, one outcome event each."""
    ids = [uuid.UUID(d) for d in doc_ids]
    with db.connect() as conn:
        docs = conn.execute(
            text("SELECT status, pages_done, pages_failed FROM documents WHERE id = ANY(:ids)"), {"ids": ids}
        ).all()
        events = conn.execute(
            text("SELECT document_id, count(*) FROM webhook_events WHERE document_id = ANY(:ids) GROUP BY 1"),
            {"ids": ids},
        ).all()
        page_rows = conn.execute(
            text("SELECT status, count(*) FROM pages WHERE document_id = ANY(:ids) GROUP BY 1"), {"ids": ids}
        ).all()
    assert [tuple(d) for d in docs] == [("succeeded", pages, 0)] * len(ids), _why(db, doc_ids)
    assert sorted(int(n) for _, n in events) == [1] * len(ids)
    assert dict((str(s), int(n)) for s, n in page_rows) == {"done": pages * len(ids)}
    for doc_id in doc_ids:
        md = http.get(f"/v1/documents/{doc_id}/result", params={"format": "markdown"}).text
        for n in range(1, pages + 1):
            assert md.count(f"Page {n}\n") + md.endswith(f"Page {n}") == 1, (doc_id, n, md)


def _running_page(db: Engine, page_no: int | None, exclude: set[tuple[str, int]]) -> tuple[str, int] | None:
    with db.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT document_id, page_no FROM pages WHERE status = 'running' AND lease_expires_at > now()"
            )
        ).all()
    for doc_id, n in rows:
        key = (str(doc_id), int(n))
        if key not in exclude and (page_no is None or n == page_no):
            return key
    return None


def test_workers_killed_mid_page_lose_nothing(private: dict[str, Any], stack: Stack) -> None:
    db, pages = private["db"], 5
    stack.start_beat()
    with client(stack, private["key"]) as http:
        # given 10 documents of 5 pages, each page taking 0.8 s
        doc_ids = [_submit(http, pages) for _ in range(10)]
        _set_options(db, doc_ids, null_sleep_s=0.8)
        # when, 10 times over, a worker is SIGKILLed (with its pool) while a page runs,
        # aiming at a different page position each time
        killed: set[tuple[str, int]] = set()
        for trial in range(10):
            stack.start_worker("victim", concurrency=2)
            target = wait_until(
                lambda t=trial: _running_page(db, t % pages + 1, killed) or None,
                20,
                f"page {trial % pages + 1} running",
            )
            time.sleep(0.2 + 0.05 * trial)  # kill at varying points inside the page
            stack.kill("victim")
            killed.add(target)
        # and then two healthy workers take over
        stack.start_worker("w1")
        stack.start_worker("w2")
        _wait_all_finished(db, doc_ids, 180)
        # then every document succeeded, each page counted once, one event each
        _assert_counted_once(db, http, doc_ids, pages)
    with db.connect() as conn:
        attempts = conn.execute(
            text("SELECT document_id, page_no, attempts FROM pages WHERE document_id = ANY(:ids)"),
            {"ids": [uuid.UUID(d) for d in doc_ids]},
        ).all()
    retried = {(str(d), int(n)) for d, n, a in attempts if a >= 2}
    assert killed <= retried
    assert len({n for _, n in killed}) == pages
    _report(
        "SIGKILL of a worker and its pool mid-page, 10 trials across the 5 page positions",
        f"{len(killed)} pages were interrupted; their leases expired and the reaper re-queued them "
        f"({len(retried)} pages ran more than once)",
        "10/10 documents succeeded; 50 pages done once each; one outcome event per document",
    )


def _page_row(db: Engine, doc_id: str, page_no: int) -> tuple[str, int]:
    with db.connect() as conn:
        row = conn.execute(
            text("SELECT status, attempts FROM pages WHERE document_id = :d AND page_no = :n"),
            {"d": uuid.UUID(doc_id), "n": page_no},
        ).one()
    return str(row[0]), int(row[1])


def test_sigterm_lets_the_running_page_finish(private: dict[str, Any], stack: Stack) -> None:
    db = private["db"]
    with client(stack, private["key"]) as http:
        # given a worker running page 1 (2 s) of a 3-page document
        doc_id = _submit(http, 3)
        _set_options(db, [doc_id], null_sleep_s=2.0)
        stack.start_worker("victim", concurrency=1)
        wait_until(lambda: _running_page(db, 1, set()), 20, "page 1 running")
        # when it gets SIGTERM
        started = time.monotonic()
        code = stack.terminate("victim", timeout=30)
        took = time.monotonic() - started
        # then it finishes that page (once, by itself) and exits cleanly
        assert code == 0
        assert _page_row(db, doc_id, 1) == ("done", 1)
        # and the pages it had not started go to the next worker, which finishes the document
        assert _page_row(db, doc_id, 2)[0] == "queued"
        stack.start_worker("next", concurrency=2)
        _wait_all_finished(db, [doc_id], 60)
        _assert_counted_once(db, http, [doc_id], 3)
    _report(
        "SIGTERM while a page runs (grace 4 s, page 2 s)",
        f"the worker finished its page and exited (code 0) after {took:.1f} s; the pages it had not "
        "started stayed queued for the next worker",
        "document succeeded; no page ran twice",
    )


def test_sigterm_past_the_grace_period_hands_the_page_back(private: dict[str, Any], stack: Stack) -> None:
    db = private["db"]
    stack.start_beat()
    with client(stack, private["key"]) as http:
        # given a worker running a page that takes longer than the grace period
        doc_id = _submit(http, 1)
        _set_options(db, [doc_id], null_sleep_s=8.0)
        stack.start_worker("victim", concurrency=1)
        wait_until(lambda: _running_page(db, 1, set()), 20, "page 1 running")
        # when it gets SIGTERM
        started = time.monotonic()
        stack.terminate("victim", timeout=30)
        took = time.monotonic() - started
        # then it stops without finishing the page (it would have taken 8 s)
        assert _page_row(db, doc_id, 1)[0] in ("running", "queued")
        # and another worker runs the page again and the document succeeds
        _set_options(db, [doc_id], null_sleep_s=0.1)
        stack.start_worker("next", concurrency=1)
        _wait_all_finished(db, [doc_id], 60)
        _assert_counted_once(db, http, [doc_id], 1)
        assert _page_row(db, doc_id, 1) == ("done", 2)
    _report(
        "SIGTERM while a page runs longer than the grace period (grace 4 s, page 8 s)",
        f"the worker stopped after {took:.1f} s (cold shutdown at the end of the grace period); the "
        "page's lease expired and it ran again on the next worker",
        "document succeeded; the page counted once (2 attempts)",
    )


def _problem_503(resp: Any) -> bool:
    return (
        resp.status_code == 503
        and resp.headers["content-type"].startswith("application/problem+json")
        and int(resp.headers["Retry-After"]) > 0
    )


def test_postgres_stopped_and_started_mid_run(private: dict[str, Any], stack: Stack) -> None:
    db, pg = private["db"], private["pg"]
    stack.start_beat()
    stack.start_worker("w1")
    with client(stack, private["key"]) as http:
        # given 6 documents converting
        doc_ids = _six_converting(db, http)
        # when PostgreSQL stops (pg_ctl stop) for 5 s
        pg.stop()
        try:
            during = http.get("/v1/documents")
            ready = http.get("/readyz")
            submit_during = _post(http, 1)
            time.sleep(5)
        finally:
            pg.start()
        # then the API answered 503 problem JSON with Retry-After, not 500
        assert _problem_503(during), during.text
        assert ready.status_code == 503
        assert _problem_503(submit_during), submit_during.text
        # and it recovers by itself, and every document finishes, counted once
        wait_until(lambda: http.get("/v1/documents").status_code == 200, 30, "the API to recover")
        _wait_all_finished(db, doc_ids, 180)
        _assert_counted_once(db, http, doc_ids, 3)
    _report(
        "PostgreSQL stopped (pg_ctl stop -m fast) for 5 s mid-run",
        "API: 503 problem JSON with Retry-After on reads and submits, /readyz 503; workers' steps "
        "failed and retried with backoff; expired leases re-queued by the reaper",
        "API recovered by itself; 6/6 documents succeeded, pages counted once, one event each",
    )


def test_redis_stopped_and_started_empty_mid_run(private: dict[str, Any], stack: Stack) -> None:
    db, redis = private["db"], private["redis"]
    stack.start_beat()
    stack.start_worker("w1")
    with client(stack, private["key"]) as http:
        # given 6 documents converting
        doc_ids = _six_converting(db, http)
        # when Redis stops, and comes back empty (no persistence: every message is lost)
        redis.stop()
        try:
            accepted = _post(http, 2)
            ready = http.get("/readyz")
            time.sleep(3)
        finally:
            redis.start()
        # then a submission during the outage was accepted: the row is the outbox
        assert accepted.status_code == 202, accepted.text
        assert ready.status_code == 503
        doc_ids.append(str(accepted.json()["id"]))
        # and the reaper dispatches the lost work again: every document finishes, counted once
        statuses = _wait_all_finished(db, doc_ids, 180)
        assert set(statuses.values()) == {"succeeded"}, _why(db, doc_ids)
        _assert_counted_once(db, http, doc_ids[:-1], 3)
        _assert_counted_once(db, http, doc_ids[-1:], 2)
    _report(
        "Redis stopped, then started empty (no persistence) mid-run",
        "a submit during the outage was accepted (202: the document row is the outbox), /readyz 503; "
        "queued messages were lost with the restart; the reaper dispatched queued pages and "
        "documents again after redispatch_after",
        "7/7 documents succeeded, pages counted once, one event each",
    )


def test_s3_paused_mid_run(private: dict[str, Any], stack: Stack) -> None:
    db, s3 = private["db"], private["s3"]
    stack.start_beat()
    stack.start_worker("w1")
    with client(stack, private["key"]) as http:
        # given 6 documents converting
        doc_ids = _six_converting(db, http)
        # when the S3 server stops answering for 8 s
        s3.pause()
        try:
            during = _post(http, 1)
            time.sleep(max(0.0, 8 - during.elapsed.total_seconds()))
        finally:
            s3.resume()
        # then a submission during the outage was refused with 503 and left nothing behind
        assert _problem_503(during), during.text
        # and the workers' steps retried with backoff: every document finishes, counted once
        _wait_all_finished(db, doc_ids, 240)
        _assert_counted_once(db, http, doc_ids, 3)
    _report(
        "S3 (moto) server paused (SIGSTOP) for 8 s mid-run",
        "API: the submit during the outage got 503 problem JSON with Retry-After; workers' reads "
        "and writes timed out and their tasks retried with backoff",
        "6/6 documents succeeded, pages counted once, one event each",
    )


def test_a_poisoned_page_fails_alone(private: dict[str, Any], stack: Stack) -> None:
    db = private["db"]
    stack.start_beat()
    stack.start_worker("w1")
    with client(stack, private["key"]) as http:
        # given a document whose page 2 kills the process that converts it, every time,
        # and a healthy document beside it
        poisoned, healthy = _submit(http, 3), _submit(http, 2)
        _set_options(db, [poisoned], null_crash_pages=[2])
        # when the workers take them
        statuses = _wait_all_finished(db, [poisoned, healthy], 180)
        # then the poisoned page fails alone after its attempts, the rest converts
        assert statuses == {poisoned: "partially_succeeded", healthy: "succeeded"}
        status, attempts = _page_row(db, poisoned, 2)
        assert status == "failed" and attempts >= 5
        assert [_page_row(db, poisoned, n)[0] for n in (1, 3)] == ["done", "done"]
        page = http.get(f"/v1/documents/{poisoned}/pages/2").json()
        assert page["error"]["code"] == "attempts_exhausted"
        _assert_counted_once(db, http, [healthy], 2)
    _report(
        "A poisoned page: the engine kills its process (os._exit) on page 2, every time",
        f"each attempt killed a pool process; the lease lapsed and the reaper re-queued the page; "
        f"after {attempts} attempts it failed with attempts_exhausted",
        "that document partially_succeeded (pages 1 and 3 done); the document beside it succeeded",
    )
