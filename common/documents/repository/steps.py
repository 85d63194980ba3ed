"""The document-level steps' leases: a prepare splitting a document and a finalize
building its outputs each hold the document under a lease their worker renews
(worker/leases.py), as a page task holds its page. A duplicate message finds the lease
held and does nothing; a step whose worker died is taken again once it expires."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from common.documents.models import Document, DocumentStatus

Step = Literal["prepare", "finalize"]
_QUEUED, _PROCESSING = DocumentStatus.queued.value, DocumentStatus.processing.value


def _lease(step: Step) -> InstrumentedAttribute[datetime | None]:
    return Document.prepare_lease_expires_at if step == "prepare" else Document.finalize_lease_expires_at


def take_for_prepare(session: Session, document_id: uuid.UUID, *, now: datetime, lease: timedelta) -> bool:
    """queued → processing under a prepare lease, or a processing document whose prepare
    died (its lease expired) taken again. False for a finished document, one already
    split (its lease was cleared when its pages were recorded), or one a live prepare holds."""
    held = Document.prepare_lease_expires_at
    row = session.execute(
        update(Document)
        .where(
            Document.id == document_id,
            or_(
                Document.status == _QUEUED,
                and_(Document.status == _PROCESSING, held.is_not(None), held < now),
            ),
        )
        .values(status=_PROCESSING, started_at=now, updated_at=now, prepare_lease_expires_at=now + lease)
        .returning(Document.id)
    ).first()
    return row is not None


def take_for_finalize(session: Session, document_id: uuid.UUID, *, now: datetime, lease: timedelta) -> bool:
    """Hold a processing document whose every page finished for its finalize. False if it
    is finished, has open pages, or a live finalize holds it."""
    held = Document.finalize_lease_expires_at
    row = session.execute(
        update(Document)
        .where(
            Document.id == document_id,
            Document.status == _PROCESSING,
            Document.pages_done + Document.pages_failed >= Document.pages_total,
            or_(held.is_(None), held < now),
        )
        .values(finalize_lease_expires_at=now + lease)
        .returning(Document.id)
    ).first()
    return row is not None


def renew(session: Session, step: Step, document_ids: Sequence[uuid.UUID], *, until: datetime) -> int:
    """Extend the leases this process holds on these documents; the number still held."""
    column = _lease(step)
    rows = session.execute(
        update(Document)
        .where(Document.id.in_(document_ids), Document.status == _PROCESSING, column.is_not(None))
        .values({column: until})
        .returning(Document.id)
    )
    return len(rows.all())


def release(session: Session, step: Step, document_id: uuid.UUID, *, now: datetime) -> None:
    """A step that failed and will be retried gives its lease up at once (its retry, or
    another worker, takes the document without waiting for the lease to run out)."""
    column = _lease(step)
    session.execute(
        update(Document)
        .where(Document.id == document_id, Document.status == _PROCESSING, column.is_not(None))
        .values({column: now})
    )


def dead_prepares(session: Session, *, now: datetime, resent_before: datetime, limit: int) -> list[Document]:
    """Processing documents whose prepare's lease expired (its worker died) and which were
    not sent again since ``resent_before``; locked for this reaper."""
    held = Document.prepare_lease_expires_at
    q = (
        select(Document)
        .where(
            held.is_not(None),
            held < now,
            Document.status == _PROCESSING,
            Document.updated_at < resent_before,
        )
        .order_by(held)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(q))
