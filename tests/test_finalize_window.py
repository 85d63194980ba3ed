"""A finalize asks nothing of its tenant's dispatch windows (processing.set_terminal's
``pages_open``): every page of the document had finished, so it held no place in the page
window nor in the prepare window. A document that ends with pages open (cancelled) still
tops the windows up.

The flows are called directly, as a worker would call them, against the real database and
S3 server; the statements are read off the engine as it sends them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from common.core.db import get_database
from common.core.storage import get_store
from common.documents import service
from common.documents.models import DocumentStatus
from tests.factories import files
from tests.helpers import new_tenant, queued_document
from tests.reaping import document_row, with_reliability
from worker import flows

LEASE = timedelta(seconds=60)


@pytest.fixture
def window_reads() -> Iterator[list[str]]:
    """The statements sent while the test runs that read a window: the in-flight count of
    the page window, the preparing count of the prepare window."""
    seen: list[str] = []
    engine = get_database().engine

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "count(" in statement.lower():
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def _converted(tenant: uuid.UUID, pages: int) -> uuid.UUID:
    """A null-engine document prepared and every page converted, not yet finalized."""
    settings = with_reliability()
    db, store = get_database(), get_store()
    doc_id = uuid.UUID(queued_document(tenant, files.text_pdf(pages), engine="null"))
    flows.prepare_document(db, store, settings, doc_id)
    for page_no in range(1, pages + 1):
        flows.convert_page(db, store, settings, doc_id, page_no, lease=LEASE)
    return doc_id


def test_a_finalize_reads_no_window(services, sent, window_reads):
    # given a document whose three pages are done
    doc_id = _converted(new_tenant(), 3)
    window_reads.clear()
    # when it is finalized
    flows.finalize_document(get_database(), get_store(), with_reliability(), doc_id)
    # then it succeeded without counting either of its tenant's windows
    assert document_row(doc_id).status == DocumentStatus.succeeded.value
    assert window_reads == []


def test_a_cancel_with_pages_open_still_tops_the_windows_up(services, sent, window_reads):
    # given a document split into pages that have not run
    tenant = new_tenant()
    doc_id = uuid.UUID(queued_document(tenant, files.text_pdf(2), engine="null"))
    flows.prepare_document(get_database(), get_store(), with_reliability(), doc_id)
    window_reads.clear()
    # when it is cancelled
    with get_database().session_scope() as s:
        service.cancel_document(s, tenant_id=tenant, document_id=doc_id)
    # then its places were handed on: the window was counted
    assert document_row(doc_id).status == DocumentStatus.cancelled.value
    assert window_reads
