"""SQL for documents and pages. Every query that reads a tenant's data takes tenant_id."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from common.db import utcnow
from common.documents.models import Document, DocumentStatus, Page, PageStatus

OPEN_PAGE_STATUSES = (PageStatus.pending.value, PageStatus.queued.value, PageStatus.running.value)


def get_document(session: Session, tenant_id: uuid.UUID, document_id: uuid.UUID) -> Document | None:
    return session.scalar(
        select(Document).where(
            Document.id == document_id, Document.tenant_id == tenant_id, Document.deleted_at.is_(None)
        )
    )


def get_document_unscoped(session: Session, document_id: uuid.UUID) -> Document | None:
    """For workers, which act on ids they were handed by the system, not by a tenant."""
    return session.get(Document, document_id)


def get_by_idempotency_key(session: Session, tenant_id: uuid.UUID, key: str) -> Document | None:
    return session.scalar(
        select(Document).where(Document.tenant_id == tenant_id, Document.idempotency_key == key)
    )


def list_documents(
    session: Session,
    tenant_id: uuid.UUID,
    *,
    status: str | None,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[Document]:
    q = select(Document).where(Document.tenant_id == tenant_id, Document.deleted_at.is_(None))
    if status:
        q = q.where(Document.status == status)
    if before:
        created, doc_id = before
        q = q.where(
            or_(Document.created_at < created, and_(Document.created_at == created, Document.id < doc_id))
        )
    q = q.order_by(Document.created_at.desc(), Document.id.desc()).limit(limit)
    return list(session.scalars(q))


def list_pages(session: Session, document_id: uuid.UUID) -> list[Page]:
    return list(session.scalars(select(Page).where(Page.document_id == document_id).order_by(Page.page_no)))


def get_page(session: Session, document_id: uuid.UUID, page_no: int) -> Page | None:
    return session.get(Page, (document_id, page_no))


def claim_page(
    session: Session, document_id: uuid.UUID, page_no: int, *, worker: str, lease_until: datetime
) -> Page | None:
    """queued/running → running, attempts + 1. None when the page is already finished."""
    row = session.execute(
        update(Page)
        .where(
            Page.document_id == document_id,
            Page.page_no == page_no,
            Page.status.in_((PageStatus.queued.value, PageStatus.running.value)),
        )
        .values(
            status=PageStatus.running.value,
            attempts=Page.attempts + 1,
            worker=worker,
            lease_expires_at=lease_until,
            started_at=utcnow(),
            updated_at=utcnow(),
        )
        .returning(Page.page_no)
    ).first()
    if row is None:
        return None
    page = session.get(Page, (document_id, page_no), populate_existing=True)
    return page


def finish_page(
    session: Session, document_id: uuid.UUID, page_no: int, *, status: PageStatus, values: dict[str, Any]
) -> bool:
    """Guarded transition to done/failed: True only for the one call that changed the row."""
    row = session.execute(
        update(Page)
        .where(
            Page.document_id == document_id,
            Page.page_no == page_no,
            Page.status.in_(OPEN_PAGE_STATUSES),
        )
        .values(status=status.value, finished_at=utcnow(), updated_at=utcnow(), lease_expires_at=None, **values)
        .returning(Page.page_no)
    ).first()
    return row is not None


def count_page_outcome(session: Session, document_id: uuid.UUID, *, failed: bool) -> tuple[int, int, int, str]:
    """Add one finished page to the document's counters; (done, failed, total, status) after."""
    column = Document.pages_failed if failed else Document.pages_done
    row = session.execute(
        update(Document)
        .where(Document.id == document_id)
        .values({column: column + 1, Document.updated_at: utcnow()})
        .returning(Document.pages_done, Document.pages_failed, Document.pages_total, Document.status)
    ).one()
    return int(row[0]), int(row[1]), int(row[2]), str(row[3])


def set_document_status(
    session: Session, document_id: uuid.UUID, *, expect: tuple[str, ...], values: dict[str, Any]
) -> bool:
    row = session.execute(
        update(Document)
        .where(Document.id == document_id, Document.status.in_(expect))
        .values(updated_at=utcnow(), **values)
        .returning(Document.id)
    ).first()
    return row is not None


def cancel_open_pages(session: Session, document_id: uuid.UUID) -> int:
    result = session.execute(
        update(Page)
        .where(Page.document_id == document_id, Page.status.in_(OPEN_PAGE_STATUSES))
        .values(status=PageStatus.cancelled.value, updated_at=utcnow(), lease_expires_at=None)
        .returning(Page.page_no)
    )
    return len(result.all())


TERMINAL = tuple(s.value for s in DocumentStatus if s.terminal)
