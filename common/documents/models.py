from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from common.core.orm import Base, JSONType, UTCDateTime, utcnow


class DocumentStatus(enum.StrEnum):
    queued = "queued"
    processing = "processing"
    succeeded = "succeeded"
    partially_succeeded = "partially_succeeded"
    failed = "failed"
    cancelled = "cancelled"

    @property
    def terminal(self) -> bool:
        return self.value in TERMINAL_DOCUMENT_STATUSES


# The two sets every module reads (tuples of the stored strings, so that they serve both
# `doc.status in ...` and SQL's IN): a document is active until it reaches a terminal
# status, which it then never leaves.
ACTIVE_DOCUMENT_STATUSES: tuple[str, ...] = (DocumentStatus.queued.value, DocumentStatus.processing.value)
TERMINAL_DOCUMENT_STATUSES: tuple[str, ...] = tuple(
    s.value for s in DocumentStatus if s.value not in ACTIVE_DOCUMENT_STATUSES
)


class PageStatus(enum.StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"
    cancelled = "cancelled"


# Pages a worker may still finish, cancel or fail (their guarded transitions start here).
OPEN_PAGE_STATUSES: tuple[str, ...] = (PageStatus.queued.value, PageStatus.running.value)


_BACKLOG = "status = 'queued' AND dispatched_at IS NULL"
_SENT = "status = 'queued' AND dispatched_at IS NOT NULL"
_INFLIGHT = f"status = 'running' OR ({_SENT})"
# A page cancelled or failed while its message waited on the broker: the message is still
# there until a worker takes it (a claim clears dispatched_at, so no page that ran has it).
_UNCONSUMED = "status IN ('failed', 'cancelled') AND dispatched_at IS NOT NULL"
_ACTIVE = "status IN ('queued', 'processing')"
# Documents: waiting for their prepare to be sent, and being prepared (sent, or taken by
# a prepare that holds the lease): the prepare window (common/documents/dispatch.py).
_PREPARE_BACKLOG = "status = 'queued' AND dispatched_at IS NULL"
_PREPARE_LEASE = "status = 'processing' AND prepare_lease_expires_at IS NOT NULL"
_PREPARING = f"(status = 'queued' AND dispatched_at IS NOT NULL) OR ({_PREPARE_LEASE})"


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("tenant_id", "idempotency_key"),
        # The list endpoint: a tenant's documents newest first, cursor on (created_at, id).
        Index("ix_documents_tenant_created", "tenant_id", "created_at", "id"),
        # The list filtered by status, newest first: exact for any status and any depth
        # (the index above reads past every newer document of the other statuses).
        Index(
            "ix_documents_tenant_status_created",
            "tenant_id",
            "status",
            "created_at",
            "id",
            postgresql_where=text("deleted_at IS NULL"),
            sqlite_where=text("deleted_at IS NULL"),
        ),
        # A tenant's unfinished documents, oldest first: the dispatch window's order.
        Index(
            "ix_documents_tenant_active",
            "tenant_id",
            "created_at",
            postgresql_where=text(_ACTIVE),
            sqlite_where=text(_ACTIVE),
        ),
        # The reaper: prepares whose worker died.
        Index(
            "ix_documents_prepare_lease",
            "prepare_lease_expires_at",
            postgresql_where=text(_PREPARE_LEASE),
            sqlite_where=text(_PREPARE_LEASE),
        ),
        # The prepare window: a tenant's documents waiting for their prepare to be sent,
        # oldest first, and those being prepared.
        Index(
            "ix_documents_prepare_backlog",
            "tenant_id",
            "created_at",
            postgresql_where=text(_PREPARE_BACKLOG),
            sqlite_where=text(_PREPARE_BACKLOG),
        ),
        Index(
            "ix_documents_preparing",
            "tenant_id",
            postgresql_where=text(_PREPARING),
            sqlite_where=text(_PREPARING),
        ),
        # The reaper's scans: deleted documents whose objects are not purged yet, and live
        # finished documents by age (retention). Partial: neither holds purged documents.
        Index(
            "ix_documents_unpurged",
            "deleted_at",
            postgresql_where=text("deleted_at IS NOT NULL AND purged_at IS NULL"),
            sqlite_where=text("deleted_at IS NOT NULL AND purged_at IS NULL"),
        ),
        Index(
            "ix_documents_retention",
            "finished_at",
            postgresql_where=text("deleted_at IS NULL AND finished_at IS NOT NULL"),
            sqlite_where=text("deleted_at IS NULL AND finished_at IS NOT NULL"),
        ),
        # The reaper's deadline scan: active documents by deadline (migration 0010).
        Index(
            "ix_documents_deadline",
            "deadline_at",
            postgresql_where=text("status IN ('queued', 'processing') AND deadline_at IS NOT NULL"),
            sqlite_where=text("status IN ('queued', 'processing') AND deadline_at IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(32), default=DocumentStatus.queued.value, index=True)
    engine: Mapped[str] = mapped_column(String(64))
    options: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    pages_total: Mapped[int] = mapped_column(Integer, default=0)
    pages_done: Mapped[int] = mapped_column(Integer, default=0)
    pages_failed: Mapped[int] = mapped_column(Integer, default=0)
    source_key: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64))
    bytes: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str | None] = mapped_column(String(255))  # display only; never part of a key
    source_pages: Mapped[int] = mapped_column(Integer)
    client_metadata: Mapped[dict[str, Any]] = mapped_column("metadata", JSONType, default=dict)
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    webhook_url: Mapped[str | None] = mapped_column(String(2048))
    error: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    # Set at finalize when the fields output was asked for: the document's kind, its total
    # and whether every check passed (common.extraction.summary), sent with its webhook.
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the purge task confirmed every stored object of a deleted document gone; the
    # reaper sends the purge again until it is set.
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Pages not finished by then fail (deadline_exceeded): no document waits forever.
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When its prepare was sent to the broker; None while it waits behind its tenant's
    # prepare window (common/documents/dispatch.py).
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the reaper first found its prepare's message missing from the queue (see
    # Page.missing_since).
    missing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Held by the prepare that is splitting the document (renewed by its worker), cleared
    # when its pages are recorded: a prepare whose worker died is sent again once it
    # expires (the reaper), and a duplicate prepare finds it held and does nothing.
    prepare_lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Held by the finalize that is building the outputs: late duplicate page tasks and
    # the reaper send no second finalize while it is, and a second one does nothing.
    finalize_lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (
        # The reaper's scans: expired leases and queued pages nobody took. Partial, so
        # the index holds only the few open pages, not every page ever converted.
        Index(
            "ix_pages_open",
            "status",
            "lease_expires_at",
            "updated_at",
            postgresql_where=text("status IN ('queued', 'running')"),
            sqlite_where=text("status IN ('queued', 'running')"),
        ),
        # The dispatch window (common/documents/dispatch.py), on every page finish: a
        # document's pages waiting in Postgres, in order, and the pages sent and not
        # finished. Partial, so each holds only those few rows.
        Index(
            "ix_pages_backlog",
            "document_id",
            "page_no",
            postgresql_where=text(_BACKLOG),
            sqlite_where=text(_BACKLOG),
        ),
        Index(
            "ix_pages_inflight",
            "document_id",
            postgresql_where=text(_INFLIGHT),
            sqlite_where=text(_INFLIGHT),
        ),
        # The reaper's scan for sent pages nobody took (a lost message), oldest first.
        Index(
            "ix_pages_sent",
            "dispatched_at",
            postgresql_where=text(_SENT),
            sqlite_where=text(_SENT),
        ),
        # Closed pages whose message is still on the broker: they keep their place in
        # the tenant's window until taken (dispatch.py), and the reaper forgets them a while
        # after they closed (updated_at).
        Index(
            "ix_pages_unconsumed",
            "updated_at",
            postgresql_where=text(_UNCONSUMED),
            sqlite_where=text(_UNCONSUMED),
        ),
    )

    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    page_no: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1-based, in the source file
    status: Mapped[str] = mapped_column(String(32), default=PageStatus.queued.value)
    engine: Mapped[str | None] = mapped_column(String(64))  # the engine that produced the result
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    worker: Mapped[str | None] = mapped_column(String(255))
    width: Mapped[float | None]
    height: Mapped[float | None]
    has_text_layer: Mapped[bool | None]
    image_key: Mapped[str | None] = mapped_column(String(512))
    text_layer_key: Mapped[str | None] = mapped_column(String(512))
    result_key: Mapped[str | None] = mapped_column(String(512))
    timings: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    tokens: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the page's conversion was last sent to the broker; None while it waits in
    # Postgres behind its tenant's dispatch window (common/documents/dispatch.py).
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the reaper first found the page's message missing from its queue. It is sent
    # again only if it is still missing at a later pass: a message a worker has just
    # taken off the queue, and not yet claimed, is missing for a moment too.
    missing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
