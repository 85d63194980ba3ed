from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from common.core.orm import Base, JSONType, UTCDateTime, utcnow


class AuditEvent(Base):
    """One thing that happened to a tenant's keys, documents or webhook endpoint.

    Append-only: no code updates or deletes a row (on Postgres a trigger refuses it), and
    there is no foreign key to the tenant, so the trail outlives whatever it is about.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_tenant_at", "tenant_id", "at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    tenant_id: Mapped[uuid.UUID] = mapped_column()
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The key's prefix for a request, "cli" for an operator's command, "system" for the
    # service itself (retention, for example).
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))  # e.g. key.created, document.deleted
    subject: Mapped[str | None] = mapped_column(String(256))  # what it is about: an id or prefix
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class KeyAddress(Base):
    """The addresses each key was used from, so that a new one is noticed (once)."""

    __tablename__ = "api_key_addresses"

    key_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
