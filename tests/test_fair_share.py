"""Fair share between tenants, end to end: real worker processes, the real broker and API.

A tenant's flood waits in Postgres behind its dispatch window (common/documents/dispatch.py),
so another tenant's small document is sent beside it, not behind it; and a tenant that
submits and deletes in a loop has at most a window of messages on the broker in all."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import func, select, update

from common.core import queue
from common.core.db import get_database
from common.core.settings import get_settings
from common.documents import processing
from common.documents.models import Document, Page
from tests.conftest import new_key
from tests.factories import files
from tests.helpers import broker_settled, new_tenant, queued_document, submit, wait_done, wait_until

pytestmark = pytest.mark.slow  # real workers convert hundreds of pages: about 20 s in all

WINDOW = get_settings().reliability.dispatch_window
FLOOD_PAGES = 300
PAGE_SECONDS = 0.03  # the null engine's time per page: the flood takes seconds, not moments


def _flood(tenant: uuid.UUID) -> uuid.UUID:
    """A large document of ``tenant`` whose pages each take a while, sent to the workers."""
    doc_id = uuid.UUID(queued_document(tenant, files.text_pdf(FLOOD_PAGES), engine="null"))
    with get_database().session_scope() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        doc.options = {**doc.options, "null_sleep_s": PAGE_SECONDS}
    queue.enqueue(queue.PREPARE, str(doc_id), queue="cpu")
    return doc_id


def _open_pages(doc_id: uuid.UUID) -> int:
    with get_database().session_scope() as s:
        q = select(func.count()).where(Page.document_id == doc_id, Page.status.in_(("queued", "running")))
        return int(s.scalar(q) or 0)


def _done_pages(doc_id: uuid.UUID) -> int:
    with get_database().session_scope() as s:
        doc = s.get(Document, doc_id)
        return 0 if doc is None else doc.pages_done


def test_a_small_document_is_not_stuck_behind_another_tenants_flood(client, worker):
    # given another tenant's flood of pages flowing through the workers
    flood = _flood(new_tenant())
    wait_until(lambda: _done_pages(flood) >= 10, timeout=120, what="the flood flowing")
    # when this tenant submits a one-page document
    resp = submit(client, files.text_pdf(1), engine="null")
    assert resp.status_code == 202, resp.text
    done = wait_done(client, resp.json()["id"], timeout=120)
    # then it finishes while most of the flood is still waiting: it went beside the flood
    # (behind at most a window of its pages), not behind all of it
    left = _open_pages(flood)
    _end(flood)
    assert done["status"] == "succeeded"
    assert left > FLOOD_PAGES // 2, f"only {left} of the flood's {FLOOD_PAGES} pages were left"


def _end(doc_id: uuid.UUID) -> None:
    """Stop a flood, so that the tests after this one start with an idle queue."""
    with get_database().session_scope() as s:
        processing.fail_document(s, doc_id, code="test_over", message="the test ended")


def test_submitting_and_deleting_in_a_loop_leaves_the_queue_bounded(client, api_url, worker):
    # given an idle CPU queue, and a tenant that submits large documents and deletes each
    # once it is processing
    wait_until(lambda: broker_settled("cpu"), timeout=120, what="the CPU queue idle")
    deepest = 0
    with httpx.Client(
        base_url=api_url, headers={"Authorization": f"Bearer {new_key()}"}, timeout=30
    ) as churn:
        for _ in range(4):
            resp = submit(churn, files.text_pdf(FLOOD_PAGES), engine="null")
            assert resp.status_code == 202, resp.text
            doc_id = uuid.UUID(resp.json()["id"])
            with get_database().session_scope() as s:
                s.execute(
                    update(Document)
                    .where(Document.id == doc_id)
                    .values(options=Document.options.op("||")({"null_sleep_s": PAGE_SECONDS}))
                )
            wait_until(lambda d=doc_id: _done_pages(d) >= 2, timeout=120, what="the document processing")
            deepest = max(deepest, queue.depth("cpu") or 0)
            assert churn.delete(f"/v1/documents/{doc_id}").status_code in (202, 204)
            deepest = max(deepest, queue.depth("cpu") or 0)
    # when another tenant submits a one-page document
    resp = submit(client, files.text_pdf(1), engine="null")
    assert resp.status_code == 202, resp.text
    # then the queue never held more than a window of the churning tenant's pages: not the
    # hundreds each deleted document had waiting, nor a window per round (a deleted
    # document's messages keep their places in the window until workers take them), and
    # the small document finishes
    # (a few more for the deleted documents' purges and the next one's prepare)
    assert deepest <= WINDOW + 4, f"the CPU queue held {deepest} messages"
    assert wait_done(client, resp.json()["id"], timeout=120)["status"] == "succeeded"
