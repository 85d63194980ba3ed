"""pages.dispatched_at and documents.dispatched_at (the dispatch windows), documents' prepare and finalize leases

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 19:10:00

Postgres keeps the backlog and the broker a bounded window of each tenant's pages
(common/documents/dispatch.py): a page is sent when ``dispatched_at`` is set. Prepare
and finalize hold their document under a lease, as page tasks hold their page.

The columns are nullable with no default, so adding them rewrites nothing. The indexes
are partial on the few rows each scan may return (pages waiting, sent, running;
documents unfinished; a prepare at work) and are built CONCURRENTLY outside the
migration's transaction on PostgreSQL, as 0010's are, so that building them on a large
pages table blocks no write; each is dropped first if an interrupted build left it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.core.orm

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKLOG = "status = 'queued' AND dispatched_at IS NULL"
SENT = "status = 'queued' AND dispatched_at IS NOT NULL"
INFLIGHT = f"status = 'running' OR ({SENT})"
ACTIVE = "status IN ('queued', 'processing')"
PREPARE_LEASE = "status = 'processing' AND prepare_lease_expires_at IS NOT NULL"
PREPARE_BACKLOG = "status = 'queued' AND dispatched_at IS NULL"
PREPARING = f"(status = 'queued' AND dispatched_at IS NOT NULL) OR ({PREPARE_LEASE})"

# name, table, columns, the partial index's WHERE
INDEXES: tuple[tuple[str, str, list[str], str], ...] = (
    ("ix_pages_backlog", "pages", ["document_id", "page_no"], BACKLOG),
    ("ix_pages_inflight", "pages", ["document_id"], INFLIGHT),
    ("ix_pages_sent", "pages", ["dispatched_at"], SENT),
    ("ix_documents_tenant_active", "documents", ["tenant_id", "created_at"], ACTIVE),
    ("ix_documents_prepare_lease", "documents", ["prepare_lease_expires_at"], PREPARE_LEASE),
    ("ix_documents_prepare_backlog", "documents", ["tenant_id", "created_at"], PREPARE_BACKLOG),
    ("ix_documents_preparing", "documents", ["tenant_id"], PREPARING),
)


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    when = common.core.orm.UTCDateTime(timezone=True)
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("dispatched_at", when, nullable=True))
        batch.add_column(sa.Column("missing_since", when, nullable=True))
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("missing_since", when, nullable=True))
        batch.add_column(sa.Column("dispatched_at", when, nullable=True))
        batch.add_column(sa.Column("prepare_lease_expires_at", when, nullable=True))
        batch.add_column(sa.Column("finalize_lease_expires_at", when, nullable=True))
    # Pages queued before this release were sent to the broker when they were queued:
    # they are in flight, not backlog (ix_pages_open finds them: only open pages change).
    op.execute("UPDATE pages SET dispatched_at = updated_at WHERE status = 'queued' AND dispatched_at IS NULL")
    # So were queued documents' prepares (ix_documents_status finds them).
    op.execute("UPDATE documents SET dispatched_at = updated_at WHERE status = 'queued'")
    # A document processing with no pages yet had a prepare at work on it, or one that
    # died: an expired lease lets the reaper send it again, and a live prepare go on.
    op.execute(
        "UPDATE documents SET prepare_lease_expires_at = updated_at WHERE status = 'processing' "
        "AND NOT EXISTS (SELECT 1 FROM pages WHERE pages.document_id = documents.id)"
    )
    if not _postgresql():  # SQLite (the embedded stack): one writer, small tables
        for name, table, columns, where in INDEXES:
            op.create_index(name, table, columns, sqlite_where=sa.text(where))
        return
    with op.get_context().autocommit_block():
        for name, table, columns, where in INDEXES:
            op.drop_index(name, table_name=table, postgresql_concurrently=True, if_exists=True)
            op.create_index(name, table, columns, postgresql_where=sa.text(where), postgresql_concurrently=True)


def downgrade() -> None:
    if _postgresql():
        with op.get_context().autocommit_block():
            for name, table, _columns, _where in INDEXES:
                op.drop_index(name, table_name=table, postgresql_concurrently=True, if_exists=True)
    else:
        for name, table, _columns, _where in INDEXES:
            op.drop_index(name, table_name=table)
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("finalize_lease_expires_at")
        batch.drop_column("prepare_lease_expires_at")
        batch.drop_column("dispatched_at")
        batch.drop_column("missing_since")
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("missing_since")
        batch.drop_column("dispatched_at")
