"""An object store that throttles, errors or half-deletes, on the wire (tests/s3_proxy.py
in front of moto): an accepted document is retried, never failed, for a failure that
passes, and a delete never claims a purge that did not happen."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from boto3.exceptions import S3UploadFailedError
from botocore.exceptions import ClientError
from sqlalchemy import select

from common.core import queue
from common.core.db import get_database
from common.core.settings import get_settings
from common.core.storage import ObjectNotFound, ObjectStore, StorageUnavailable, document_prefix, make_store
from common.documents.models import Document, Page
from tests.factories import files
from tests.helpers import assert_problem, document_count, new_tenant, queued_document, submit, tenant_of
from tests.s3_proxy import S3Proxy


@pytest.fixture
def proxy(services: None) -> Iterator[S3Proxy]:
    proxy = S3Proxy(get_settings().storage.endpoint_url or "").start()
    yield proxy
    proxy.stop()


@pytest.fixture
def store(proxy: S3Proxy) -> ObjectStore:
    """The test bucket, reached through the proxy, with two attempts per call."""
    base = get_settings()
    storage = base.storage.model_copy(update={"endpoint_url": proxy.url, "max_attempts": 2})
    return make_store(base.model_copy(update={"storage": storage}))


def throttle(proxy: S3Proxy, status: int = 503, code: str = "SlowDown") -> None:
    proxy.rule = lambda method, path: (status, code)


def heal(proxy: S3Proxy) -> None:
    proxy.rule = lambda method, path: None


@pytest.mark.slow  # every fault through the store client's retries: about 12 s
def test_a_store_that_throttles_or_errors_is_unavailable_and_one_that_refuses_is_not(store, proxy, tmp_path):
    prefix = f"faults/{uuid.uuid4()}/"
    store.put_bytes(prefix + "a", b"kept")
    local = tmp_path / "upload.pdf"
    local.write_bytes(b"%PDF-1.7 upload")
    calls = {
        "put_bytes": lambda: store.put_bytes(prefix + "b", b"x"),
        "put_file": lambda: store.put_file(prefix + "c", local),
        "get_bytes": lambda: store.get_bytes(prefix + "a"),
        "download": lambda: store.download(prefix + "a", tmp_path / "down"),
        "iter_chunks": lambda: store.iter_chunks(prefix + "a"),
        "list_keys": lambda: store.list_keys(prefix),
        "delete": lambda: store.delete(prefix + "a"),
    }
    for status, code in ((503, "SlowDown"), (500, "InternalError")):
        # given a store that throttles (or fails) every request, past botocore's retries
        throttle(proxy, status, code)
        proxy.answered.clear()
        for name, call in calls.items():
            # when any call is made, it is StorageUnavailable: a 503 to a client, a retry
            # to a task
            with pytest.raises(StorageUnavailable, match="object store could not"):
                call()
                pytest.fail(f"{name} did not raise")
        # (and botocore did retry each one first)
        assert len(proxy.answered) >= 2 * len(calls)
    # but a refusal that will not pass (a misconfigured key) stays what it is
    throttle(proxy, 403, "AccessDenied")
    with pytest.raises(ClientError) as refused:
        store.get_bytes(prefix + "a")
    assert not isinstance(refused.value, StorageUnavailable)
    with pytest.raises(S3UploadFailedError, match="AccessDenied"):  # (also through the transfer manager)
        store.put_file(prefix + "c", local)
    # and once the store is back, nothing was lost and a missing key is still ObjectNotFound
    heal(proxy)
    assert store.get_bytes(prefix + "a") == b"kept"
    with pytest.raises(ObjectNotFound):
        store.get_bytes(prefix + "missing")


def test_a_delete_that_leaves_objects_behind_is_not_a_purge(store, proxy):
    prefix = f"faults/{uuid.uuid4()}/"
    for name in ("source", "output.md"):
        store.put_bytes(prefix + name, b"x")
    # given a store that answers DeleteObjects with 200 but deletes none of the keys
    proxy.delete_errors = "InternalError"
    # when the prefix is purged, it says so instead of counting it done
    with pytest.raises(StorageUnavailable, match="could not delete 2 objects"):
        store.delete_prefix(prefix)
    assert sorted(store.list_keys(prefix)) == [prefix + "output.md", prefix + "source"]
    # and when the store deletes again, the purge completes
    proxy.delete_errors = None
    assert store.delete_prefix(prefix) == 2
    assert store.list_keys(prefix) == []


def test_a_document_step_meeting_a_throttling_store_retries_instead_of_failing_the_document(store, proxy):
    from worker import flows, tasks

    # given an accepted document, and a store that throttles every request
    doc_id = queued_document(new_tenant(), files.text_pdf(2), engine="pdf-text")
    throttle(proxy)

    def prepare(document_id: uuid.UUID) -> None:
        flows.prepare_document(get_database(), store, get_settings(), document_id)

    # when its prepare step runs, the error is one Celery retries (autoretry_for)
    with pytest.raises(tasks.TRANSIENT) as raised:
        tasks._document_step(prepare, doc_id, "prepare_failed")
    assert isinstance(raised.value, StorageUnavailable)
    # and the document is still in progress, not failed
    with get_database().session_scope() as s:
        doc = s.get(Document, uuid.UUID(doc_id))
        assert (doc.status, doc.error) == ("processing", None)
    # then when the store is back, the retry prepares it
    heal(proxy)
    tasks._document_step(prepare, doc_id, "prepare_failed")
    with get_database().session_scope() as s:
        pages = s.scalars(select(Page.status).where(Page.document_id == uuid.UUID(doc_id))).all()
    # (a worker of the suite may already be converting them: prepared is what counts)
    assert len(pages) == 2 and "failed" not in pages, pages


@pytest.fixture
def api_store(store: ObjectStore, monkeypatch: pytest.MonkeyPatch) -> ObjectStore:
    """The API (in this process) reaches the bucket through the proxy too."""
    from common.core import storage

    monkeypatch.setattr(storage, "_store", store)
    return store


def test_an_upload_while_the_store_throttles_is_503_and_nothing_is_accepted(client, api_store, proxy):
    tenant_id = tenant_of(client)
    before = document_count(tenant_id)
    # given a store that throttles every request
    throttle(proxy)
    # when a document is submitted, the client is told to retry, and nothing is kept
    resp = submit(client, files.text_pdf(1), engine="null")
    problem = assert_problem(resp, 503, "service-unavailable")
    assert resp.headers["retry-after"] == "5" and "object store" in problem["detail"]
    assert document_count(tenant_id) == before
    # then once the store is back, the same upload is accepted
    heal(proxy)
    assert submit(client, files.text_pdf(1), engine="null").status_code == 202


def test_deleting_while_the_store_fails_is_202_and_the_purge_task_finishes(client, api_store, proxy, sent):
    from worker import flows

    # given a stored document
    doc_id = submit(client, files.text_pdf(1), engine="null").json()["id"]
    prefix = document_prefix(tenant_of(client), uuid.UUID(doc_id))
    assert api_store.list_keys(prefix)
    # when it is deleted while the store fails every request
    throttle(proxy)
    resp = client.delete(f"/v1/documents/{doc_id}")
    # then the deletion stands (202: accepted, the purge goes on), and a purge task is queued
    assert resp.status_code == 202, resp.text
    assert client.get(f"/v1/documents/{doc_id}").status_code == 404
    assert (queue.PURGE, doc_id) in sent
    # and when the store is back, the purge task removes every object
    heal(proxy)
    assert api_store.list_keys(prefix)
    flows.purge_document(get_database(), api_store, uuid.UUID(doc_id))
    assert api_store.list_keys(prefix) == []
    # and a document deleted while the store works is 204, its objects gone when answered
    other = submit(client, files.text_pdf(1), engine="null").json()["id"]
    assert client.delete(f"/v1/documents/{other}").status_code == 204
    assert api_store.list_keys(document_prefix(tenant_of(client), uuid.UUID(other))) == []


def test_a_store_outage_on_a_pages_last_attempt_is_a_retry_not_a_failed_page(store, proxy, sent):
    from worker import flows, tasks

    # given a prepared page with one attempt allowed, and a store that then throttles
    doc_id = uuid.UUID(queued_document(new_tenant(), files.text_pdf(1), engine="pdf-text"))
    flows.prepare_document(get_database(), store, get_settings(), doc_id)
    throttle(proxy)
    # when the page is converted on its last attempt and cannot read its input
    with pytest.raises(tasks.TRANSIENT) as raised:
        flows.convert_page(get_database(), store, get_settings(), doc_id, 1, max_attempts=1)
    # then the task is told to retry, and the page is handed back, not failed
    assert isinstance(raised.value, StorageUnavailable)
    with get_database().session_scope() as s:
        page = s.get(Page, (doc_id, 1))
        assert page.status == "queued" and page.error["code"] == "engine_error"
