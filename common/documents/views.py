"""Documents as the API shows them: one document, a page of the list, one page's result."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy.orm import Session

from common.core import cursors
from common.core.errors import InvalidInput, NotFound, NotReady
from common.core.settings import Settings
from common.core.storage import ObjectNotFound, ObjectStore
from common.documents import repository
from common.documents.links import document_links, link_base
from common.documents.models import Document, DocumentStatus, Page, PageStatus
from common.documents.schemas import (
    DocumentList,
    DocumentOut,
    PageCounts,
    PageError,
    PageOut,
    PageResultOut,
)
from common.documents.service import get_document


def _page_out(page: Page, doc: Document, settings: Settings, cls: type[PageOut] = PageOut) -> Any:
    err = page.error
    return cls(
        page_no=page.page_no,
        status=page.status,
        engine=page.engine,
        attempts=page.attempts,
        error=PageError(code=err.get("code", "error"), message=err.get("message", "")) if err else None,
        timings=page.timings or {},
        started_at=page.started_at,
        finished_at=page.finished_at,
        links={"self": f"{link_base(settings)}/v1/documents/{doc.id}/pages/{page.page_no}"},
    )


def to_out(session: Session | None, doc: Document, settings: Settings, *, with_pages: bool) -> DocumentOut:
    """The API's view of a document; ``with_pages`` adds each page's status (a query)."""
    pages = None
    if with_pages and session is not None:
        pages = [_page_out(p, doc, settings) for p in repository.list_pages(session, doc.id)]
    return DocumentOut(
        id=doc.id,
        status=doc.status,
        engine=doc.engine,
        output_formats=doc.options.get("output_formats", []),
        page_selection=doc.options.get("pages"),
        pages=PageCounts(total=doc.pages_total, done=doc.pages_done, failed=doc.pages_failed),
        source_pages=doc.source_pages,
        filename=doc.filename,
        media_type=doc.media_type,
        bytes=doc.bytes,
        sha256=doc.sha256,
        metadata=doc.client_metadata or {},
        webhook_url=doc.webhook_url,
        error=doc.error,
        created_at=doc.created_at,
        updated_at=doc.updated_at,
        started_at=doc.started_at,
        finished_at=doc.finished_at,
        deadline_at=doc.deadline_at,
        links=document_links(doc, settings),
        page_details=pages,
    )


def list_documents(
    session: Session,
    settings: Settings,
    *,
    tenant_id: uuid.UUID,
    status: str | None,
    cursor: str | None,
    limit: int | None,
) -> DocumentList:
    """The tenant's documents, newest first, one page at a time: the cursor is the
    (created_at, id) of the last one shown."""
    if status is not None and status not in {s.value for s in DocumentStatus}:
        raise InvalidInput(
            f"status: {status!r} is not one of {', '.join(s.value for s in DocumentStatus)}", field="status"
        )
    size = limit or settings.limits.list_page_size
    if not 1 <= size <= 200:
        raise InvalidInput("limit: must be between 1 and 200", field="limit")
    before = cursors.decode(cursor) if cursor else None
    rows = repository.list_documents(session, tenant_id, status=status, before=before, limit=size + 1)
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = cursors.encode(rows[-1].created_at, rows[-1].id) if more and rows else None
    links: dict[str, str] = {}
    if next_cursor:
        q = f"?cursor={next_cursor}&limit={size}" + (f"&status={status}" if status else "")
        links["next"] = f"{link_base(settings)}/v1/documents{q}"
    return DocumentList(
        data=[to_out(None, d, settings, with_pages=False) for d in rows], next_cursor=next_cursor, links=links
    )


def get_page_result(
    session: Session,
    store: ObjectStore,
    settings: Settings,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    page_no: int,
) -> PageResultOut:
    """One page's status and, once it is done, its result from object storage."""
    doc = get_document(session, tenant_id, document_id)
    page = repository.get_page(session, doc.id, page_no)
    if page is None:
        selected = doc.options.get("pages")
        if page_no < 1 or page_no > doc.source_pages or (selected is not None and page_no not in selected):
            raise NotFound(f"document {doc.id} has no page {page_no} in its selection")
        raise NotReady(f"page {page_no} of document {doc.id} is not prepared yet")
    out: PageResultOut = _page_out(page, doc, settings, PageResultOut)
    out.width, out.height = page.width, page.height
    if page.status == PageStatus.done.value and page.result_key:
        try:
            out.result = json.loads(store.get_bytes(page.result_key))
        except ObjectNotFound:
            out.result = None
    return out
