from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from common.core import secrets
from common.core.orm import Base, JSONType, UTCDateTime, utcnow
from common.core.secrets import Keyring


class EventStatus(enum.StrEnum):
    pending = "pending"  # waiting for its next attempt (next_attempt_at)
    delivering = "delivering"  # a worker holds it until lease_expires_at
    delivered = "delivered"
    failed = "failed"  # given up: a permanent error or the schedule ran out
    skipped = "skipped"  # no destination when the outcome happened


class WebhookEndpoint(Base):
    """A tenant's signing secret and default destination (one per tenant)."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), unique=True)
    url: Mapped[str | None] = mapped_column(String(2048))
    # Both secrets are stored encrypted (common/core/secrets.py, the row id as associated
    # data): read them with signing_secrets, write them with set_secret.
    secret: Mapped[str] = mapped_column(String(512))
    # After a rotation the old secret signs too (receivers switch over at their pace).
    previous_secret: Mapped[str | None] = mapped_column(String(512))
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def set_secret(self, plaintext: str, keyring: Keyring | None = None) -> None:
        """A new current secret, encrypted; the current one becomes the previous one."""
        self.previous_secret = self.secret if self.secret else None
        self.secret = (keyring or secrets.keyring()).encrypt(plaintext, self.id.bytes)

    def signing_secrets(self, now: datetime, keyring: Keyring | None = None) -> list[str]:
        """The plaintext secrets that sign now: the current one, and the previous one
        during its overlap."""
        ring = keyring or secrets.keyring()
        found = [ring.decrypt(self.secret, self.id.bytes)]
        if self.previous_secret and self.previous_secret_expires_at and self.previous_secret_expires_at > now:
            found.append(ring.decrypt(self.previous_secret, self.id.bytes))
        return found


class WebhookEvent(Base):
    """The outbox: one row per document outcome, written in the terminal transaction,
    and the delivery state machine of that event."""

    __tablename__ = "webhook_events"
    __table_args__ = (
        UniqueConstraint("document_id", "type"),
        Index("ix_webhook_events_due", "status", "next_attempt_at"),
        # The sweep's scan for deliveries whose worker vanished (lease over); partial: only
        # the events being delivered (migration 0010).
        Index(
            "ix_webhook_events_lease",
            "lease_expires_at",
            postgresql_where=text("status = 'delivering'"),
            sqlite_where=text("status = 'delivering'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=EventStatus.pending.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # every attempt, all rounds
    # A round is the automatic schedule, or one redelivery the client asked for.
    round: Mapped[int] = mapped_column(Integer, default=0)
    round_attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When a deliver task was last handed to the broker for this event (or is due to
    # run, for an ETA); NULL when the sweep alone is to dispatch it.
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)

    @property
    def webhook_id(self) -> str:
        """The Standard Webhooks ``webhook-id``: stable across every attempt and redelivery."""
        return webhook_id(self.id)


def webhook_id(event_id: uuid.UUID) -> str:
    return f"evt_{event_id.hex}"


class WebhookDelivery(Base):
    """One row per delivery attempt."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    event_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_events.id", ondelete="CASCADE"), index=True
    )
    attempt: Mapped[int] = mapped_column(Integer)
    round: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str] = mapped_column(String(2048))
    status_code: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    # What the attempt led to: delivered, retry (with next_attempt_at), failed, disabled.
    outcome: Mapped[str | None] = mapped_column(String(16))
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
