"""Documents' rows: a tenant's reads, the guarded status change, the pages in flight,
and the purge bookkeeping. Every query that reads a tenant's data takes tenant_id."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from common.core.orm import utcnow
from common.documents.models import ACTIVE_DOCUMENT_STATUSES, Document


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


def inflight_pages(session: Session, tenant_id: uuid.UUID) -> int:
    """Pages of the tenant's unfinished documents not yet done or failed."""
    total = session.scalar(
        select(
            func.coalesce(func.sum(Document.pages_total - Document.pages_done - Document.pages_failed), 0)
        ).where(Document.tenant_id == tenant_id, Document.status.in_(ACTIVE_DOCUMENT_STATUSES))
    )
    return int(total or 0)


def mark_purged(session: Session, document_id: uuid.UUID, *, seen: datetime) -> bool:
    """Record a deleted document's purge as done, unless the row changed since the purge
    read it (``seen``: its updated_at then): a late write re-opens the purge
    (:func:`purge_again`). An equality check, so no two hosts' clocks are compared."""
    result = session.execute(
        update(Document)
        .where(Document.id == document_id, Document.deleted_at.is_not(None), Document.updated_at == seen)
        .values(purged_at=utcnow())
    )
    return bool(getattr(result, "rowcount", 0))


def purge_again(session: Session, document_id: uuid.UUID) -> None:
    """A worker wrote to a deleted document after its purge may have run: the purge is
    not done until it runs again (the reaper resends it). No-op for a live document."""
    session.execute(
        update(Document)
        .where(Document.id == document_id, Document.deleted_at.is_not(None))
        .values(purged_at=None, updated_at=utcnow())
    )


def live_document_ids(session: Session, tenant_id: uuid.UUID) -> list[uuid.UUID]:
    """Every document of a tenant not deleted yet."""
    q = select(Document.id).where(Document.tenant_id == tenant_id, Document.deleted_at.is_(None))
    return list(session.scalars(q.order_by(Document.created_at)))
