"""SQL for the audit trail: inserts and reads only (the table is append-only)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from common.audit.models import AuditEvent, KeyAddress


def add_event(session: Session, event: AuditEvent) -> None:
    session.add(event)
    session.flush()


def list_events(
    session: Session, tenant_id: uuid.UUID, *, before: tuple[datetime, uuid.UUID] | None, limit: int
) -> list[AuditEvent]:
    q = select(AuditEvent).where(AuditEvent.tenant_id == tenant_id)
    if before:
        at, event_id = before
        q = q.where(or_(AuditEvent.at < at, and_(AuditEvent.at == at, AuditEvent.id < event_id)))
    q = q.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    return list(session.scalars(q))


def add_key_address(session: Session, key_id: uuid.UUID, address: str, now: datetime) -> bool:
    """Remember that the key was used from ``address``; True if that is new. Concurrent
    first uses from one address agree on a single winner (ON CONFLICT DO NOTHING)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = (
        dialect.insert(KeyAddress)
        .values(key_id=key_id, address=address, first_seen_at=now)
        .on_conflict_do_nothing(index_elements=["key_id", "address"])
        .returning(KeyAddress.key_id)
    )
    return session.execute(stmt).first() is not None
