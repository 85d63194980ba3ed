"""Webhooks end to end: documents submitted over HTTP, converted by real Celery worker
processes, events delivered to a real receiver on loopback that verifies every one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from common.core import queue
from common.core.db import get_database
from common.core.settings import get_settings
from common.core.storage import get_store
from common.webhooks import service as webhooks
from common.webhooks.models import WebhookDelivery, WebhookEvent
from tests.conftest import ROOT, WORKER_NODE
from tests.factories import files
from tests.helpers import (
    broker_settled,
    queued_document,
    submit,
    tasks_started,
    tenant_of,
    wait_done,
    wait_until,
)
from tests.receiver import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.stop()


def set_endpoint(client, receiver: Receiver) -> None:
    resp = client.put("/v1/webhook-endpoint", json={"url": receiver.url})
    assert resp.status_code == 201, resp.text
    receiver.secrets.append(resp.json()["secret"])


def deliveries(client, doc_id: str) -> dict:
    return client.get(f"/v1/documents/{doc_id}/webhook-deliveries").json()


def event_status(doc_id: uuid.UUID) -> str | None:
    with get_database().session_scope() as s:
        event = s.scalars(select(WebhookEvent).where(WebhookEvent.document_id == doc_id)).one_or_none()
        return event.status if event else None


def test_a_receiver_that_is_down_then_busy_then_up_gets_the_event(client, worker, receiver) -> None:
    # given an endpoint where nothing listens yet (connection refused)
    receiver.reserve_port()
    set_endpoint(client, receiver)
    doc_id = submit(client, files.text_pdf(2), engine="null").json()["id"]
    assert wait_done(client, doc_id)["status"] == "succeeded"
    # when the first attempts fail to connect
    wait_until(lambda: len(deliveries(client, doc_id)["data"]) >= 2, what="two refused attempts")
    # and the receiver comes up answering 503 with Retry-After: 2, then 200
    receiver.script = [(503, {"Retry-After": "2"})]
    receiver.start()
    wait_until(lambda: deliveries(client, doc_id)["event"]["status"] == "delivered", what="delivery")
    # then the event arrived, verified, with the webhook-id of every earlier attempt
    log = deliveries(client, doc_id)
    busy, ok = receiver.received
    assert (busy.status, ok.status) == (503, 200)
    assert busy.verify_error is None and ok.verify_error is None
    assert busy.headers["webhook-id"] == ok.headers["webhook-id"] == log["event"]["webhook_id"]
    assert ok.event["type"] == "document.succeeded" and ok.event["data"]["id"] == doc_id
    # and the receiver's Retry-After was honoured (the schedule alone would retry in 0.4 s)
    assert ok.at - busy.at >= 1.9
    # and every attempt is logged, numbered in order
    rows = log["data"]
    assert [r["attempt"] for r in rows] == list(range(1, len(rows) + 1))
    refused, (r503, r200) = rows[:-2], rows[-2:]
    assert refused and all("Connect" in r["error"] and r["status_code"] is None for r in refused)
    assert (r503["status_code"], r503["outcome"], r200["status_code"], r200["outcome"]) == (
        503,
        "retry",
        200,
        "delivered",
    )


def _worker(name: str) -> subprocess.Popen[bytes]:
    from api.embedded import worker_command

    return subprocess.Popen(
        worker_command(concurrency=1, name=f"{name}-{uuid.uuid4().hex[:6]}@%h"),
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow  # 40 documents on three worker processes: about 12 s
def test_forty_documents_on_three_workers_give_forty_events_delivered_once(
    client, services, receiver
) -> None:
    receiver.start()
    set_endpoint(client, receiver)
    workers = [_worker(f"w{i}") for i in range(3)]
    try:
        # given 40 documents of 5 pages submitted at once
        ids = [submit(client, files.text_pdf(5), engine="null").json()["id"] for _ in range(40)]
        # and every page task and finalize redelivered once more (as acks_late would after
        # a lost ack), racing the originals
        duplicated: set[str] = set()
        deadline = time.monotonic() + 120
        while len(duplicated) < len(ids) and time.monotonic() < deadline:
            for doc_id in ids:
                if doc_id in duplicated:
                    continue
                if client.get(f"/v1/documents/{doc_id}").json()["status"] != "queued":
                    for page_no in range(1, 6):
                        queue.enqueue(queue.CONVERT, doc_id, page_no, queue="cpu")
                    queue.enqueue(queue.FINALIZE, doc_id, queue="cpu")
                    duplicated.add(doc_id)
            time.sleep(0.05)
        docs = [wait_done(client, d, timeout=120) for d in ids]
        assert all(d["status"] == "succeeded" for d in docs)
        # then exactly 40 events arrive, one per document, each verified, and no more once
        # every task sent (the duplicates too) has run to its end
        receiver.wait_for(40, timeout=60)
        wait_until(
            lambda: broker_settled("cpu", "webhooks"),
            timeout=120,
            what="every task to run",
        )
        got = receiver.received
        assert len(got) == 40
        assert all(r.verify_error is None for r in got)
        assert sorted(r.event["data"]["id"] for r in got) == sorted(ids)
        assert len({r.headers["webhook-id"] for r in got}) == 40
        # and the database holds 40 event rows and 40 first (and only) attempts
        doc_uuids = [uuid.UUID(d) for d in ids]

        def events() -> list[WebhookEvent]:
            with get_database().session_scope() as s:
                return list(s.scalars(select(WebhookEvent).where(WebhookEvent.document_id.in_(doc_uuids))))

        with get_database().session_scope() as s:
            rows = events()
            assert len(rows) == 40 and {e.status for e in rows} == {"delivered"}
            attempts = s.execute(
                select(WebhookDelivery.attempt, func.count())
                .where(WebhookDelivery.event_id.in_([e.id for e in rows]))
                .group_by(WebhookDelivery.attempt)
            ).all()
            assert [tuple(a) for a in attempts] == [(1, 40)]
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            try:
                w.wait(20)
            except subprocess.TimeoutExpired:
                w.kill()


# A process that commits the terminal transaction (status + outbox row) and is killed
# before it can hand the deliver task to the broker: exactly the window the outbox covers.
KILLED_FINALIZE = """
import os, signal, sys, uuid
from common.core import queue
real = queue.enqueue
def enqueue(name, *args, **kw):
    if name == queue.DELIVER:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(name, *args, **kw)
queue.enqueue = enqueue
from common.core.db import get_database
from common.core.settings import get_settings
from common.core.storage import get_store
from worker import flows
flows.finalize_document(get_database(), get_store(), get_settings(), uuid.UUID(sys.argv[1]))
"""


def test_a_worker_killed_between_commit_and_dispatch_is_covered_by_the_sweep(
    client, worker, receiver, monkeypatch
) -> None:
    from worker import flows

    receiver.start()
    set_endpoint(client, receiver)
    # given a document whose pages are all done (steps driven here, nothing enqueued)
    monkeypatch.setattr(queue, "enqueue", lambda *a, **k: None)
    doc_id = uuid.UUID(queued_document(tenant_of(client), files.text_pdf(2), engine="null"))
    db, store, settings = get_database(), get_store(), get_settings()
    flows.prepare_document(db, store, settings, doc_id)
    for n in (1, 2):
        flows.convert_page(db, store, settings, doc_id, n, lease=timedelta(minutes=5))
    monkeypatch.undo()
    # when the finalizing process dies right after its commit
    proc = subprocess.run([sys.executable, "-c", KILLED_FINALIZE, str(doc_id)], cwd=ROOT, check=False)
    assert proc.returncode == -signal.SIGKILL
    # then the outcome is durable but was never dispatched
    with get_database().session_scope() as s:
        event = s.scalars(select(WebhookEvent).where(WebhookEvent.document_id == doc_id)).one()
        assert (event.status, event.attempts) == ("pending", 0)
    assert client.get(f"/v1/documents/{doc_id}").json()["status"] == "succeeded"
    # and nothing is delivered while no sweep runs (the shared worker has nothing left to do)
    wait_until(lambda: broker_settled("webhooks"), what="the webhooks queue to drain")
    assert receiver.received == []
    # when beat's sweep runs
    beat = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "beat", "-l", "warning"],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # then the event is delivered, verified
        (got,) = receiver.wait_for(1, timeout=30)
        wait_until(lambda: event_status(doc_id) == "delivered", what="the delivery recorded")
        # and once two more sweeps have run after that (and whatever they sent has run too),
        # it was delivered once only
        sweeps = tasks_started(WORKER_NODE, queue.SWEEP)
        wait_until(lambda: tasks_started(WORKER_NODE, queue.SWEEP) >= sweeps + 2, what="two more sweeps")
    finally:
        beat.terminate()
        beat.wait(20)
    wait_until(lambda: broker_settled("webhooks"), what="the webhooks queue to drain")
    assert got.verify_error is None and got.event["data"]["id"] == str(doc_id)
    assert len(receiver.received) == 1


def test_deleting_an_unfinished_document_sends_one_cancelled_event(client, worker, receiver) -> None:
    receiver.start()
    set_endpoint(client, receiver)
    doc_id = queued_document(tenant_of(client), files.text_pdf(3), engine="null")
    assert client.delete(f"/v1/documents/{doc_id}").status_code == 204
    (got,) = receiver.wait_for(1)
    assert got.verify_error is None
    assert got.event["type"] == "document.cancelled"
    # the client's data is already forgotten, and there are no result links
    assert got.event["data"]["metadata"] == {} and "results" not in got.event["data"]["links"]
    # and it is the only one: once the delivery is recorded, a sweep (as beat would run it)
    # finds nothing to send, and every task sent has run
    wait_until(lambda: event_status(uuid.UUID(doc_id)) == "delivered", what="the delivery recorded")
    with get_database().session_scope() as s:
        webhooks.sweep(s, get_settings())
    wait_until(lambda: broker_settled("cpu", "webhooks"), what="the queues to drain")
    assert len(receiver.received) == 1
