"""The reaper's scans and repairs: expired leases, pages nobody took, stale and overdue
documents, deleted documents not purged yet, finished ones past retention.

A scan locks the rows it returns (SKIP LOCKED), so two reapers never take the same row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from common.core.orm import utcnow
from common.documents.models import ACTIVE_DOCUMENT_STATUSES, OPEN_PAGE_STATUSES, Document, Page, PageStatus
from common.documents.repository.pages import lock_in_order


@dataclass(frozen=True)
class OpenPage:
    document_id: uuid.UUID
    page_no: int
    attempts: int
    engine: str  # the engine that runs it: the page's own once auto handed it over, else the document's
    error: dict[str, Any] | None
    # A page auto handed to a model engine keeps auto's result here (repository.escalate_page).
    fallback_key: str | None = None
    # For a page sent and not taken (stale_sent_pages): when it was sent, and when the
    # reaper first found its message missing.
    sent_at: datetime | None = None
    missing_since: datetime | None = None

    @property
    def missing_before(self) -> bool:
        """Found missing at an earlier pass, since it was last sent."""
        return (
            self.missing_since is not None and self.sent_at is not None and self.missing_since > self.sent_at
        )


# An open page's engine is set only when auto handed it to a model engine; otherwise the
# document's engine runs it. Open pages have a result key only then, too.
_OPEN_PAGE_COLUMNS = (
    Page.document_id,
    Page.page_no,
    Page.attempts,
    func.coalesce(Page.engine, Document.engine),
    Page.error,
    Page.result_key,
)


def expired_leases(session: Session, *, now: datetime, limit: int) -> list[OpenPage]:
    """Running pages whose worker stopped renewing, locked for this reaper (SKIP LOCKED:
    two reapers never take the same page)."""
    q = (
        select(*_OPEN_PAGE_COLUMNS)
        .join(Document, Document.id == Page.document_id)
        .where(Page.status == PageStatus.running.value, Page.lease_expires_at < now)
        .limit(limit)
        .with_for_update(of=Page, skip_locked=True)
    )
    # Handled in (document, page) order: failing one counts it on its document, and the
    # documents are then locked in the order every writer keeps.
    return sorted((OpenPage(*row) for row in session.execute(q)), key=lambda p: (p.document_id, p.page_no))


def requeue_expired(session: Session, document_id: uuid.UUID, page_no: int, *, now: datetime) -> bool:
    """running (lease expired) → queued; False if its worker came back to it meanwhile."""
    row = session.execute(
        update(Page)
        .where(
            Page.document_id == document_id,
            Page.page_no == page_no,
            Page.status == PageStatus.running.value,
            Page.lease_expires_at < now,
        )
        # Sent again by the reaper in this transaction (dispatch.send_now marks it too).
        .values(status=PageStatus.queued.value, lease_expires_at=None, updated_at=now, dispatched_at=now)
        .returning(Page.page_no)
    ).first()
    return row is not None


def stale_sent_pages(session: Session, *, before: datetime, limit: int) -> list[OpenPage]:
    """Pages of active documents sent before ``before`` and not taken since, oldest sent
    first, locked for this reaper: candidates for a lost message (the reaper compares
    their number with the broker's queue before it sends any again)."""
    q = (
        select(*_OPEN_PAGE_COLUMNS, Page.dispatched_at, Page.missing_since)
        .join(Document, Document.id == Page.document_id)
        .where(
            Page.status == PageStatus.queued.value,
            Page.dispatched_at < before,
            Document.status.in_(ACTIVE_DOCUMENT_STATUSES),
        )
        .order_by(Page.dispatched_at)
        .limit(limit)
        .with_for_update(of=Page, skip_locked=True)
    )
    return [OpenPage(*row) for row in session.execute(q)]


def stale_documents(session: Session, *, status: str, before: datetime, limit: int) -> list[Document]:
    """Active documents in ``status`` untouched since ``before``, locked for this reaper."""
    q = (
        select(Document)
        .where(Document.status == status, Document.updated_at < before)
        .order_by(Document.updated_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(q))


def past_deadline(session: Session, *, now: datetime, limit: int) -> list[Document]:
    """Active documents past their deadline, in id order, with their open pages locked in
    (document, page) order: pages before documents, the order every writer keeps (a row
    lock on a document taken here first would deadlock with a worker that has finished
    one of its pages and waits to count it). Not locked themselves: their changes are
    guarded (fail_open_pages, set_terminal), and one reaper runs at a time."""
    q = (
        select(Document)
        .where(Document.status.in_(ACTIVE_DOCUMENT_STATUSES), Document.deadline_at < now)
        .limit(limit)
    )
    docs = sorted(session.scalars(q), key=lambda d: d.id)
    if docs:
        ids = [d.id for d in docs]
        lock_in_order(session, Page.document_id.in_(ids), Page.status.in_(OPEN_PAGE_STATUSES))
    return docs


def fail_open_pages(session: Session, document_id: uuid.UUID, *, error: dict[str, Any]) -> int:
    """Every open page of a document → failed, counted once (the guarded UPDATE is the
    fan-in: a worker finishing one of these pages at the same moment finds it closed)."""
    now = utcnow()
    open_ = (Page.document_id == document_id, Page.status.in_(OPEN_PAGE_STATUSES))
    lock_in_order(session, *open_)
    n = len(
        session.execute(
            update(Page)
            .where(*open_)
            .values(
                status=PageStatus.failed.value,
                error=error,
                lease_expires_at=None,
                finished_at=now,
                updated_at=now,
            )
            .returning(Page.page_no)
        ).all()
    )
    if n:
        session.execute(
            update(Document)
            .where(Document.id == document_id)
            .values(pages_failed=Document.pages_failed + n, updated_at=now)
        )
    return n


def unpurged_documents(session: Session, *, before: datetime, limit: int) -> list[Document]:
    """Deleted documents whose purge is not confirmed, untouched since ``before``."""
    q = (
        select(Document)
        .where(Document.deleted_at.is_not(None), Document.purged_at.is_(None), Document.updated_at < before)
        .order_by(Document.deleted_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(q))


def expired_documents(session: Session, *, finished_before: datetime, limit: int) -> list[Document]:
    """Live documents that finished before ``finished_before`` (retention), oldest first."""
    q = (
        select(Document)
        .where(
            Document.deleted_at.is_(None),
            Document.finished_at.is_not(None),
            Document.finished_at < finished_before,
            Document.status.not_in(ACTIVE_DOCUMENT_STATUSES),
        )
        .order_by(Document.finished_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(q))
