"""Closed pages whose message is still on the broker (repository/dispatch.py's UNCONSUMED):
a page cancelled or failed while its message waited keeps its place in its tenant's
dispatch window until a worker takes that message, or the reaper gives up on it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from common.documents.models import Document, Page
from common.documents.repository.dispatch import UNCONSUMED


def message_taken(session: Session, document_id: uuid.UUID, page_no: int) -> tuple[uuid.UUID, str] | None:
    """A worker took a closed page's message and found nothing to run: the page leaves its
    tenant's window. The (tenant, document engine) whose window it left, or None if it
    held no place (the page had no message waiting, or ran on an engine auto chose)."""
    row = session.execute(
        update(Page)
        .where(Page.document_id == document_id, Page.page_no == page_no, UNCONSUMED)
        .values(dispatched_at=None)
        .returning(Page.engine)
        .execution_options(synchronize_session=False)
    ).first()
    if row is None or row[0] is not None:
        return None
    owner_of = select(Document.tenant_id, Document.engine).where(Document.id == document_id)
    owner = session.execute(owner_of).first()
    return None if owner is None else (owner[0], owner[1])


def forget_unconsumed(
    session: Session, *, before: datetime, limit: int
) -> tuple[int, list[tuple[uuid.UUID, str]]]:
    """Closed pages whose message was never taken, closed before ``before`` (updated_at:
    their cancel or failure): forgotten (the reaper; a broker that lost the message would
    otherwise shrink the tenant's window for good, and one that still holds it costs a
    claim that finds nothing). Aged from the close, not the send: a message that waited
    long behind a backlog before its page was cancelled still holds its place a while.
    How many, and the (tenant, document engine) pairs whose windows they leave."""
    old = (
        select(Page.document_id, Page.page_no)
        .where(UNCONSUMED, Page.updated_at < before)
        .order_by(Page.updated_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("old")
    )
    forgotten = session.execute(
        update(Page)
        .where(Page.document_id == old.c.document_id, Page.page_no == old.c.page_no)
        .values(dispatched_at=None)
        .returning(Page.document_id)
        .execution_options(synchronize_session=False)
    ).scalars()
    docs = list(forgotten)
    if not docs:
        return 0, []
    q = select(Document.tenant_id, Document.engine).where(Document.id.in_(set(docs))).distinct()
    return len(docs), [(t, e) for t, e in session.execute(q)]
