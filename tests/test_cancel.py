"""POST /v1/documents/{id}/cancel through the real API, and a page that returns after it."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import select

from common.core.db import get_database
from common.core.settings import get_settings
from common.core.storage import get_store, page_result_key
from common.documents.models import Document, Page
from common.webhooks.models import WebhookEvent
from tests.factories import files
from tests.helpers import assert_problem, submit, tenant_of, wait_done


def _events(doc_id: str) -> list[str]:
    with get_database().session_scope() as s:
        rows = s.scalars(select(WebhookEvent).where(WebhookEvent.document_id == uuid.UUID(doc_id))).all()
        return [e.type for e in rows]


def _waiting_document(client) -> str:
    # A model engine's pages wait on their own queue (gpu.smoldocling), which no test
    # worker here consumes: the document stays in flight until it is cancelled.
    resp = submit(client, files.text_pdf(4), engine="smoldocling")
    assert resp.status_code == 202, resp.text
    return str(resp.json()["id"])


def test_cancel_stops_open_pages_and_ends_the_document_once(client, worker):
    # given a document whose pages are waiting
    doc_id = _waiting_document(client)
    # when it is cancelled
    resp = client.post(f"/v1/documents/{doc_id}/cancel")
    # then it is cancelled at once, with every open page, and one outcome event
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["status"] == "cancelled" and body["error"]["code"] == "cancelled"
    assert {p["status"] for p in body["page_details"] or []} <= {"cancelled"}
    assert wait_done(client, doc_id)["status"] == "cancelled"
    assert _events(doc_id) == ["document.cancelled"]


def test_a_cancelled_documents_page_renders_are_dropped(client, worker):
    from tests.helpers import stored_keys, tenant_of, wait_until

    # given a document whose pages were rendered for the model and are waiting
    doc_id = _waiting_document(client)
    prefix = f"tenants/{tenant_of(client)}/documents/{doc_id}/pages/"
    wait_until(lambda: len([k for k in stored_keys(prefix) if k.endswith(".png")]) == 4, what="4 renders")
    # when it is cancelled
    assert client.post(f"/v1/documents/{doc_id}/cancel").status_code == 200
    # then its renders go (nothing reads them again), and its source stays
    wait_until(lambda: stored_keys(prefix) == [], timeout=10, what="pages/ dropped")
    assert stored_keys(prefix.removesuffix("pages/") + "source")


def test_cancelling_twice_or_after_the_end_is_a_conflict(client, worker):
    # given a cancelled document and a finished one
    cancelled = _waiting_document(client)
    assert client.post(f"/v1/documents/{cancelled}/cancel").status_code == 200
    finished = submit(client, files.text_pdf(1), engine="null").json()["id"]
    assert wait_done(client, finished)["status"] == "succeeded"
    # when either is cancelled (again)
    # then the answer is 409 problem JSON and nothing changes
    assert_problem(client.post(f"/v1/documents/{cancelled}/cancel"), 409, "conflict")
    assert_problem(client.post(f"/v1/documents/{finished}/cancel"), 409, "conflict")
    assert _events(cancelled) == ["document.cancelled"]
    assert client.get(f"/v1/documents/{finished}").json()["status"] == "succeeded"


def test_another_tenant_cannot_cancel(client, api_url, worker):
    import httpx

    from tests.conftest import new_key

    # given a document of tenant A
    doc_id = _waiting_document(client)
    # when tenant B tries to cancel it
    with httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {new_key()}"}) as other:
        resp = other.post(f"/v1/documents/{doc_id}/cancel")
    # then B is told it does not exist, and A's document is untouched
    assert_problem(resp, 404, "not-found")
    assert client.get(f"/v1/documents/{doc_id}").json()["status"] != "cancelled"
    client.post(f"/v1/documents/{doc_id}/cancel")


def test_a_page_running_when_the_document_is_cancelled_is_discarded(client, services, monkeypatch):
    from common.core import queue
    from common.documents import service
    from tests.helpers import queued_document
    from worker import flows

    monkeypatch.setattr(queue, "enqueue", lambda *a, **k: None)
    tenant = tenant_of(client)
    doc_id = uuid.UUID(queued_document(tenant, files.text_pdf(2), engine="null"))
    with get_database().session_scope() as s:
        doc = s.get(Document, doc_id)
        doc.options = {**doc.options, "null_sleep_s": 1.0}
    db, store, settings = get_database(), get_store(), get_settings()
    flows.prepare_document(db, store, settings, doc_id)
    # given page 1 running on a worker
    running = threading.Thread(target=flows.convert_page, args=(db, store, settings, doc_id, 1))
    running.start()
    # when the document is cancelled while it runs
    with db.session_scope() as s:
        while s.get(Page, (doc_id, 1), populate_existing=True).status != "running":
            s.rollback()
    with db.session_scope() as s:
        service.cancel_document(s, tenant_id=tenant, document_id=doc_id)
    running.join(30)
    # then the page's late result is not counted and not kept
    with db.session_scope() as s:
        page = s.get(Page, (doc_id, 1))
        doc = s.get(Document, doc_id)
        assert page.status == "cancelled" and doc.status == "cancelled" and doc.pages_done == 0
    key = page_result_key(tenant, doc_id, 1)
    assert key not in store.list_keys(key)
