"""Workers say which queues they consume (worker/heartbeat.py): a document for an engine
that no live worker serves is refused at once, with what to do, instead of waiting in a
queue until its deadline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from common.core.db import get_database
from common.core.settings import get_settings
from common.workers import service as workers
from common.workers.models import Worker
from tests.factories import files
from tests.helpers import assert_problem, cli, document_count, submit, tenant_of, wait_until
from worker.heartbeat import Heartbeat


@pytest.fixture
def required(services: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The API (in this process) checks for a worker, as it does by default."""
    monkeypatch.setattr(get_settings().engines, "require_worker", True)


@pytest.fixture
def heartbeats() -> Iterator[list[Heartbeat]]:
    started: list[Heartbeat] = []
    yield started
    for hb in started:
        hb.stop()


def test_an_engine_no_worker_serves_is_refused_until_one_says_it_does(client, required, heartbeats) -> None:
    tenant_id = tenant_of(client)
    before = document_count(tenant_id)
    # given no worker consumes lightonocr's queue
    # when a document for it is submitted
    resp = submit(client, files.text_pdf(1), engine="lightonocr")
    # then it is refused, saying what to do, and nothing is kept
    body = assert_problem(resp, 503, "engine-unavailable")
    assert resp.headers["retry-after"] == "30" and body["engine"] == "lightonocr"
    assert "pagemill worker --engine lightonocr" in body["detail"]
    assert document_count(tenant_id) == before
    # when a worker for that queue starts and beats
    hb = Heartbeat(get_settings(), "gpu-box:4242", lambda: ["gpu.lightonocr"])
    heartbeats.append(hb)
    hb.start()
    # then the same document is accepted, and other model engines still are not
    assert submit(client, files.text_pdf(1), engine="lightonocr").status_code == 202
    assert_problem(submit(client, files.text_pdf(1), engine="smolvlm"), 503, "engine-unavailable")
    # and when that worker shuts down, it stops counting at once
    heartbeats.remove(hb)
    hb.stop()
    assert_problem(submit(client, files.text_pdf(1), engine="lightonocr"), 503, "engine-unavailable")


def test_a_worker_that_stopped_beating_no_longer_counts(client, required, heartbeats, monkeypatch) -> None:
    # given a worker that beat once and then went silent (killed: no shutdown to say so)
    monkeypatch.setattr(get_settings().reliability, "worker_stale_after", 1.0)
    hb = Heartbeat(get_settings(), "lost-box:1", lambda: ["gpu.smolvlm"])
    heartbeats.append(hb)  # (its row is removed after the test)
    hb.beat()
    assert submit(client, files.text_pdf(1), engine="smolvlm").status_code == 202
    # when its heartbeat is older than worker_stale_after
    within = timedelta(seconds=get_settings().reliability.worker_stale_after)

    def stale() -> bool:
        with get_database().session_scope() as s:
            return not workers.serving(s, "gpu.smolvlm", within)

    wait_until(stale, timeout=10, what="its heartbeat to go stale")
    # then documents for its engine are refused again
    assert_problem(submit(client, files.text_pdf(1), engine="smolvlm"), 503, "engine-unavailable")


def test_the_cpu_engines_are_never_refused_for_want_of_a_worker(client, required) -> None:
    # (their queue is every deployment's; while its workers restart, documents wait)
    for engine in ("auto", "pdf-text", "rapidocr", "null"):
        assert submit(client, files.text_pdf(1), engine=engine).status_code == 202, engine


def test_a_real_worker_reports_its_queues_and_the_cli_lists_it(client, required, worker) -> None:
    # given the test suite's Celery worker, which consumes cpu, remote and webhooks
    within = timedelta(seconds=get_settings().reliability.worker_stale_after)

    def ours() -> list[Worker]:
        with get_database().session_scope() as s:
            return [w for w in workers.live(s, within) if w.id.endswith(f":{worker.pid}")]

    (row,) = wait_until(ours, what="the test worker's heartbeat")
    assert row.queues == ["cpu", "remote", "webhooks"]
    # then a remote engine (its queue: remote) is accepted
    assert submit(client, files.text_pdf(1), engine="openai").status_code == 202
    # and `pagemill workers` lists it with its queues
    code, out, _ = cli("workers")
    assert code == 0
    (line,) = [ln for ln in out.splitlines() if row.id in ln]
    assert line.rstrip().endswith("cpu,remote,webhooks")


def test_a_worker_of_every_queue_does_not_claim_the_models_it_has_not_loaded(services) -> None:
    from api.embedded import worker_command
    from tests.conftest import run_process

    # given a worker started on every queue (as the embedded mode's is), with no model
    cmd = worker_command(queues=None, concurrency=1, name="every-queue@%h")
    procs = run_process(cmd, "worker-every-queue.log")
    proc = next(procs)
    try:

        def row() -> list[Worker]:
            with get_database().session_scope() as s:
                return [w for w in workers.live(s, timedelta(seconds=60)) if w.id.endswith(f":{proc.pid}")]

        (mine,) = wait_until(row, timeout=60, what="its heartbeat")
        # then it says it serves the CPU, remote and webhook queues, and no model's
        assert mine.queues == ["cpu", "remote", "webhooks"]
    finally:
        next(procs, None)
