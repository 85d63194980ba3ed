"""Health, Prometheus metrics and structured logs, on real processes: an API server and a
Celery worker (two prefork children) of this module's own, each logging JSON at INFO,
the worker serving its health port; Postgres, Redis and moto's S3 behind them."""

from __future__ import annotations

import json
import os
import socket
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from common.core.orm import utcnow
from common.core.queue import get_celery
from tests.conftest import DATA_DIR, _free_port, new_key, run_process
from tests.factories import files
from tests.helpers import submit, wait_done, wait_until
from tests.receiver import Receiver
from tests.stack import wait_port

MODEL_QUEUE = "gpu.granite-docling"  # no worker of this module (or the shared one) takes it


def samples(url: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a /metrics page, by (name, labels)."""
    resp = httpx.get(f"{url}/metrics", timeout=30)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(resp.text):
        for s in family.samples:
            out[(s.name, frozenset(s.labels.items()))] = s.value
    return out


def value(got: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return got.get((name, frozenset(labels.items())), 0.0)


def json_lines(path: Path) -> list[dict[str, Any]]:
    out = []
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
    return out


def purge(queue_name: str) -> None:
    with get_celery().connection_for_write() as conn:
        conn.default_channel.queue_purge(queue_name)


class Stack:
    def __init__(self, api: str, worker: str, api_log: Path, worker_log: Path) -> None:
        self.api, self.worker, self.api_log, self.worker_log = api, worker, api_log, worker_log
        self.client = httpx.Client(base_url=api, headers={"Authorization": f"Bearer {new_key()}"}, timeout=30)


@pytest.fixture(scope="module")
def paused_shared_workers(services: None) -> Iterator[None]:
    """This module's assertions name the process that did the work (its log, its
    /metrics), so any other worker on the test broker (the session's shared one) stops
    consuming for the module's length (Celery remote control) and resumes after."""
    control = get_celery().control
    active = control.inspect(timeout=1).active_queues() or {}
    for node, queues in active.items():
        for q in queues:
            control.cancel_consumer(q["name"], destination=[node], reply=True, timeout=2)
    yield
    for node, queues in active.items():
        for q in queues:
            control.add_consumer(q["name"], destination=[node], reply=True, timeout=2)


@pytest.fixture(scope="module")
def stack(paused_shared_workers: None) -> Iterator[Stack]:
    from api.embedded import worker_command

    api_port, health_port = _free_port(), _free_port()
    tag = uuid.uuid4().hex[:6]
    api_log, worker_log = f"metrics-api-{tag}.log", f"metrics-worker-{tag}.log"
    info = {"PAGEMILL_LOG_LEVEL": "INFO"}
    api = run_process(
        [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(api_port)],
        api_log,
        env=info,
    )
    worker = run_process(
        worker_command(queues="cpu,webhooks", concurrency=2, loglevel="info", name=f"metrics-{tag}@%h"),
        worker_log,
        env={**info, "PAGEMILL_METRICS__WORKER_PORT": str(health_port)},
    )
    procs = [next(api), next(worker)]
    try:
        wait_port(api_port)
        wait_port(health_port)
        s = Stack(
            f"http://127.0.0.1:{api_port}",
            f"http://127.0.0.1:{health_port}",
            *(DATA_DIR / name for name in (api_log, worker_log)),
        )
        wait_until(
            lambda: httpx.get(f"{s.worker}/readyz", timeout=10).status_code == 200, what="worker ready"
        )
        yield s
        s.client.close()
    finally:
        for gen in (api, worker):
            next(gen, None)
        assert all(p.poll() is not None for p in procs)


def test_api_metrics_count_documents_and_pages_by_status(stack: Stack) -> None:
    # given the API's metrics before
    before = samples(stack.api)
    # when a three-page document is submitted and converted
    doc_id = submit(stack.client, files.text_pdf(3), engine="null").json()["id"]
    assert wait_done(stack.client, doc_id)["status"] == "succeeded"
    # then one more document has succeeded and three more pages are done
    after = samples(stack.api)
    assert (
        value(after, "pagemill_documents", status="succeeded")
        == value(before, "pagemill_documents", status="succeeded") + 1
    )
    assert value(after, "pagemill_pages", status="done") == value(before, "pagemill_pages", status="done") + 3
    # and every status is exported, with every backend readable
    assert {dict(labels)["status"] for name, labels in after if name == "pagemill_documents"} >= {
        "queued",
        "processing",
        "succeeded",
        "partially_succeeded",
        "failed",
        "cancelled",
    }
    for backend in ("database", "broker", "storage"):
        assert value(after, "pagemill_backend_up", backend=backend) == 1


def test_queue_depth_counts_pages_waiting_for_their_model_worker(stack: Stack) -> None:
    # given a queue no running worker consumes
    before = value(samples(stack.api), "pagemill_queue_depth", queue=MODEL_QUEUE)
    doc_id = None
    try:
        # when a two-page document for that queue's model is submitted and prepared
        doc_id = submit(stack.client, files.text_pdf(2), engine="granite-docling").json()["id"]
        # then its two pages wait in that queue
        wait_until(
            lambda: value(samples(stack.api), "pagemill_queue_depth", queue=MODEL_QUEUE) == before + 2,
            what="two pages in the model queue",
        )
    finally:
        if doc_id:
            stack.client.delete(f"/v1/documents/{doc_id}")
        purge(MODEL_QUEUE)


def test_metrics_is_not_in_the_openapi_schema(stack: Stack) -> None:
    paths = httpx.get(f"{stack.api}/openapi.json").json()["paths"]
    assert "/metrics" not in paths and "/readyz" in paths


def test_a_worker_serves_liveness_readiness_and_page_histograms(stack: Stack) -> None:
    # given a running worker with its health port
    assert httpx.get(f"{stack.worker}/livez").json() == {"status": "ok"}
    ready = httpx.get(f"{stack.worker}/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "broker": "ok", "storage": "ok"}
    before = samples(stack.worker)
    # when its two prefork children convert a four-page document
    doc_id = submit(stack.client, files.text_pdf(4), engine="null").json()["id"]
    assert wait_done(stack.client, doc_id)["status"] == "succeeded"
    # then its /metrics (the children's samples added up) counts four more pages
    after = samples(stack.worker)
    name = "pagemill_page_duration_seconds_count"
    assert (
        value(after, name, engine="null", status="done")
        == value(before, name, engine="null", status="done") + 4
    )
    inf = value(after, "pagemill_page_duration_seconds_bucket", engine="null", status="done", le="+Inf")
    assert inf == value(after, name, engine="null", status="done")
    assert value(after, "pagemill_page_engine_seconds_count", engine="null") >= 4


def test_webhook_attempts_are_counted_by_outcome(stack: Stack) -> None:
    receiver = Receiver().start()
    try:
        # given an endpoint that accepts events
        resp = stack.client.put("/v1/webhook-endpoint", json={"url": receiver.url})
        assert resp.status_code == 201, resp.text
        receiver.secrets.append(resp.json()["secret"])
        before = value(samples(stack.worker), "pagemill_webhook_attempts_total", outcome="delivered")
        # when a document finishes and its event is delivered
        doc_id = submit(stack.client, files.text_pdf(1), engine="null").json()["id"]
        assert wait_done(stack.client, doc_id)["status"] == "succeeded"
        receiver.wait_for(1)
        # then the worker counted one delivered attempt
        wait_until(
            lambda: (
                value(samples(stack.worker), "pagemill_webhook_attempts_total", outcome="delivered")
                == before + 1
            ),
            what="a delivered attempt counted",
        )
    finally:
        stack.client.delete("/v1/webhook-endpoint")
        receiver.stop()


def test_json_logs_follow_one_document_across_the_api_and_the_worker(stack: Stack) -> None:
    # when a two-page document is submitted and converted
    doc_id = submit(stack.client, files.text_pdf(2), engine="null").json()["id"]
    assert wait_done(stack.client, doc_id)["status"] == "succeeded"

    def mine(path: Path) -> list[dict[str, Any]]:
        return [e for e in json_lines(path) if e.get("document_id") == doc_id]

    # then the API logged the request and the prepare task it sent, by document_id
    api = wait_until(lambda: mine(stack.api_log), what="API lines")
    assert any(e["msg"] == "request" and e["method"] == "POST" and e["status"] == 202 for e in api)
    (sent,) = [e for e in api if e["msg"] == "task sent" and e["task"] == "documents.prepare"]
    prepare_id = sent["task_id"]
    # and the worker's lines for that task carry the same task_id
    worker = wait_until(
        lambda: (
            [
                e
                for e in mine(stack.worker_log)
                if e["msg"] == "task finished" and e["task"] == "documents.finalize"
            ]
            and mine(stack.worker_log)
        ),
        what="worker lines up to finalize",
    )
    assert any(e["task_id"] == prepare_id and e["msg"] == "task finished" for e in worker)
    # and each page's task was sent by prepare and finished on the worker, with page_no
    for page_no in (1, 2):
        (convert,) = [
            e
            for e in worker
            if e["msg"] == "task sent" and e["task"] == "pages.convert" and e["page_no"] == page_no
        ]
        assert convert["parent_task_id"] == prepare_id
        assert any(
            e["msg"] == "task finished"
            and e["task_id"] == convert["task_id"]
            and e["page_no"] == page_no
            and e["state"] == "SUCCESS"
            for e in worker
        )


def _beat_since(pid: int, since: datetime) -> list[str] | None:
    """The queues the worker process ``pid`` said it consumes in a heartbeat after
    ``since``; None if it has not beaten since."""
    from common.core.db import get_database
    from common.workers.models import Worker

    with get_database().session_scope() as s:
        rows = s.scalars(select(Worker).where(Worker.id.endswith(f":{pid}"), Worker.seen_at > since)).all()
        return list(rows[0].queues) if rows else None


@pytest.mark.slow  # a model worker starts and fails to load its model: about 16 s
def test_a_worker_whose_model_does_not_load_stays_up_unready_and_takes_nothing(
    stack: Stack, tmp_path: Path
) -> None:
    # given a model directory that looks right but holds garbage weights
    model = tmp_path / "smoldocling"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"model_type": "idefics3"}))
    (model / "model.safetensors").write_bytes(os.urandom(4096))
    port = _free_port()
    log_name = f"broken-model-{uuid.uuid4().hex[:6]}.log"
    # when a worker for that model starts
    gen = run_process(
        [sys.executable, "-m", "api.cli", "worker", "--engine", "smoldocling", "-l", "warning"],
        log_name,
        env={
            "PAGEMILL_MODELS__SMOLDOCLING__PATH": str(model),
            "PAGEMILL_METRICS__WORKER_PORT": str(port),
            "PAGEMILL_GPU__DEVICE": "cpu",
            "PAGEMILL_RELIABILITY__WORKER_HEARTBEAT": "0.2",
        },
    )
    proc = next(gen)
    try:
        wait_port(port, timeout=60)

        def failed() -> dict[str, Any] | None:
            resp = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10)
            assert resp.status_code == 503
            body: dict[str, Any] = resp.json()
            return None if body["checks"]["model"] == "error: loading" else body

        # then it stays up, and /readyz answers 503 with the reason
        body = wait_until(failed, timeout=120, what="the model load to fail")
        reason = body["checks"]["model"]
        assert reason.startswith(f"error: smoldocling: the model in {model} does not load")
        assert "PAGEMILL_MODELS__SMOLDOCLING__PATH" in reason
        assert {k: v for k, v in body["checks"].items() if k != "model"} == {
            "database": "ok",
            "broker": "ok",
            "storage": "ok",
        }
        # and its stderr says so in one line
        output = (DATA_DIR / log_name).read_text()
        lines = [line for line in output.splitlines() if line.startswith("pagemill worker:")]
        assert len(lines) == 1 and lines[0].startswith("pagemill worker: smoldocling: the model in")
        # and a page sent to its queue is left there for a worker that can convert it
        before = value(samples(stack.api), "pagemill_queue_depth", queue="gpu.smoldocling")
        from common.core import queue

        queue.enqueue(queue.CONVERT, str(uuid.uuid4()), 1, queue="gpu.smoldocling")
        sent_at = utcnow()
        # (once it has beaten since, saying it consumes no queue, it has had its chance)
        wait_until(lambda: _beat_since(proc.pid, sent_at) is not None, what="a heartbeat after the send")
        assert _beat_since(proc.pid, sent_at) == []
        assert value(samples(stack.api), "pagemill_queue_depth", queue="gpu.smoldocling") == before + 1
        assert proc.poll() is None
        assert httpx.get(f"http://127.0.0.1:{port}/livez").status_code == 200
    finally:
        next(gen, None)
        purge("gpu.smoldocling")


def test_a_backend_that_is_down_is_reported_not_raised(services: None) -> None:
    # given backends whose database refuses connections
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from common.core.storage import get_store
    from common.observability import metrics, readiness

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]  # closed again: nothing listens there
    backends = readiness.Backends(
        engine=create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{dead}/x", poolclass=NullPool),
        celery=get_celery(),
        store=get_store(),
        timeout=2,
    )
    # when the state is scraped
    text = metrics.render_api(backends).decode()
    # then the database shows as down, its gauges are left out, and the rest is there
    got = {
        (s.name, frozenset(s.labels.items())): s.value
        for f in text_string_to_metric_families(text)
        for s in f.samples
    }
    assert value(got, "pagemill_backend_up", backend="database") == 0
    assert value(got, "pagemill_backend_up", backend="broker") == 1
    assert not any(name == "pagemill_documents" for name, _ in got)
    assert any(name == "pagemill_queue_depth" for name, _ in got)
    # and readiness names it
    assert backends.readiness()["database"].startswith("error:")
