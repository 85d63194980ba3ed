"""Load: 500 documents of 5 pages submitted at once through the real API, converted by
real Celery workers with the null engine. Every page is converted exactly once: the
counts are exact in the database, and each page has exactly one result object in S3.

The wall time and throughput are printed (run with -s), never asserted: they depend on
the machine.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select

from common.core.db import get_database
from common.documents.models import Document, Page
from common.webhooks.models import WebhookEvent
from tests.conftest import new_key, run_process
from tests.factories import files
from tests.helpers import stored_keys, submit, tenant_of
from tests.receiver import Receiver

DOCUMENTS = 500
PAGES = 5
CLIENTS = 24  # threads submitting at once, each with its own connection
EXTRA_CONCURRENCY = 2
FINISH_WITHIN = 900.0  # seconds for all documents to finish: a bound against a hang, not a target


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


def _submit_all(api_url: str, key: str) -> list[httpx.Response]:
    local = threading.local()
    clients: list[httpx.Client] = []
    lock = threading.Lock()

    def one(i: int) -> httpx.Response:
        if not hasattr(local, "client"):
            local.client = httpx.Client(
                base_url=api_url, headers={"Authorization": f"Bearer {key}"}, timeout=120
            )
            with lock:
                clients.append(local.client)
        # Each document its own bytes: nothing may be shared or deduplicated by content.
        pdf = files.text_pdf(PAGES, text=f"Load {i} page {{page}} of {{pages}}")
        return submit(local.client, pdf, f"load-{i}.pdf", engine="null")

    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            return list(pool.map(one, range(DOCUMENTS)))
    finally:
        for c in clients:
            c.close()


def _finished(tenant_id: uuid.UUID) -> dict[str, int]:
    with get_database().session_scope() as s:
        rows = s.execute(
            select(Document.status, func.count())
            .where(Document.tenant_id == tenant_id)
            .group_by(Document.status)
        ).all()
    return {status: int(n) for status, n in rows}


@pytest.fixture
def extra_worker(services) -> Iterator[object]:
    """A second worker process group on the cpu queue: the tasks mostly wait on Postgres,
    Redis and S3, so more processes than cores still add throughput."""
    from api.embedded import worker_command

    cmd = worker_command(queues="cpu", concurrency=EXTRA_CONCURRENCY, name=f"load-{uuid.uuid4().hex[:6]}@%h")
    yield from run_process(cmd, "load-worker.log")


@pytest.mark.e2e
@pytest.mark.slow  # about 100 s
def test_500_documents_of_5_pages_are_each_converted_exactly_once(api_url, worker, extra_worker, receiver):
    # given a tenant whose events go to a receiver
    key = new_key(f"load-{uuid.uuid4().hex[:8]}")
    with httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {key}"}, timeout=30) as c:
        resp = c.put("/v1/webhook-endpoint", json={"url": receiver.url})
        assert resp.status_code == 201, resp.text
        receiver.secrets.append(resp.json()["secret"])
        tenant_id = tenant_of(c)

    # when 500 documents of 5 pages are submitted at once
    start = time.monotonic()
    responses = _submit_all(api_url, key)
    submitted = time.monotonic()

    # then every submission is accepted
    assert Counter(r.status_code for r in responses) == {202: DOCUMENTS}, [
        r.text for r in responses if r.status_code != 202
    ][:5]
    doc_ids = {r.json()["id"] for r in responses}
    assert len(doc_ids) == DOCUMENTS

    # and all of them finish
    deadline = start + FINISH_WITHIN
    counts = _finished(tenant_id)
    while (
        counts.get("succeeded", 0) + counts.get("failed", 0) + counts.get("partially_succeeded", 0)
        < DOCUMENTS
    ):
        assert time.monotonic() < deadline, f"not finished in {FINISH_WITHIN}s: {counts}"
        time.sleep(0.5)
        counts = _finished(tenant_id)
    finished = time.monotonic()
    total = finished - start
    print(
        f"\nload: {DOCUMENTS} documents x {PAGES} pages; submitted in {submitted - start:.1f} s "
        f"({DOCUMENTS / (submitted - start):.0f} docs/s), all finished after {total:.1f} s "
        f"({DOCUMENTS * PAGES / total:.0f} pages/s, {DOCUMENTS / total:.1f} docs/s)"
    )
    assert counts == {"succeeded": DOCUMENTS}, counts

    # and through the API, each has its 5 pages done and none failed
    with httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {key}"}, timeout=30) as c:
        for doc_id in doc_ids:
            doc = c.get(f"/v1/documents/{doc_id}").json()
            assert doc["status"] == "succeeded", doc
            assert doc["pages"] == {"total": PAGES, "done": PAGES, "failed": 0}, doc

    # and the database counts are exact: 2,500 pages done, one outcome event per document
    with get_database().session_scope() as s:
        mine = select(Document.id).where(Document.tenant_id == tenant_id)
        done, failed = s.execute(
            select(func.sum(Document.pages_done), func.sum(Document.pages_failed)).where(
                Document.tenant_id == tenant_id
            )
        ).one()
        assert (done, failed) == (DOCUMENTS * PAGES, 0)
        pages = s.execute(
            select(Page.document_id, Page.page_no, Page.status, Page.result_key).where(
                Page.document_id.in_(mine)
            )
        ).all()
        events = s.execute(
            select(WebhookEvent.document_id, WebhookEvent.type).where(WebhookEvent.document_id.in_(mine))
        ).all()
    assert len(pages) == DOCUMENTS * PAGES
    assert Counter(p.status for p in pages) == {"done": DOCUMENTS * PAGES}
    by_doc: dict[str, set[int]] = defaultdict(set)
    for p in pages:
        by_doc[str(p.document_id)].add(p.page_no)
    assert by_doc == {d: set(range(1, PAGES + 1)) for d in doc_ids}
    assert len(events) == DOCUMENTS
    assert {str(e.document_id) for e in events} == doc_ids
    assert {e.type for e in events} == {"document.succeeded"}

    # and S3 holds exactly one result object per page: none lost, none extra
    results: dict[str, list[int]] = defaultdict(list)
    for k in stored_keys(f"tenants/{tenant_id}/documents/"):
        doc_id, _, rest = k.removeprefix(f"tenants/{tenant_id}/documents/").partition("/")
        if rest.startswith("results/"):
            results[doc_id].append(int(rest.removeprefix("results/").removesuffix(".json")))
    assert {d: sorted(n) for d, n in results.items()} == {d: list(range(1, PAGES + 1)) for d in doc_ids}
    assert {p.result_key for p in pages} == {
        f"tenants/{tenant_id}/documents/{d}/results/{n}.json" for d, ns in results.items() for n in ns
    }

    # and the receiver gets every event (at least once: a retry may repeat one)
    deadline = time.monotonic() + 120
    while not {r.event["data"]["id"] for r in list(receiver.received) if r.event} >= doc_ids:
        assert time.monotonic() < deadline, f"{len(receiver.received)} deliveries, not every event"
        time.sleep(0.2)
    print(f"load: every event delivered {time.monotonic() - start:.1f} s after the first submission")
    assert [r.verify_error for r in receiver.received if r.verify_error] == []
