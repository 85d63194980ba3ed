"""Indexes for the sweeps and the list at scale: past deadlines, lost webhook deliveries, a status filter

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 19:00:00

With a million pages and 100,000 documents (tests/test_scale_plans.py, bench/million_rows.py)
these three scans read far more rows than they return without an index of their own:

- the reaper's past_deadline: active documents whose deadline passed. It walked every
  active document through ix_documents_status, and a backlog (an outage, a tenant's bulk
  upload) makes that most of the table;
- the webhook sweep's reclaim_expired: events being delivered whose lease ran out. It
  walked every delivering event through ix_webhook_events_due, whose second column is
  next_attempt_at, not the lease;
- the list endpoint filtered by status: a tenant's documents newest first, through
  ix_documents_tenant_created, reading every newer document of other statuses on the way
  (a rare status, or a page deep in the list, read most of the tenant's documents).

Each is partial on its query's own WHERE, so it holds only the rows the scan may return,
and none adds an indexed column that the page hot path writes: a page's finish bumps its
document's counters and updated_at, which stay HOT updates. (That is also why there is no
index on documents.updated_at for the stale-document scan: it would make every page
finish rewrite each of the documents' indexes; that scan reads the few active documents
of one status through ix_documents_status.)

On PostgreSQL they are built CONCURRENTLY, outside the migration's transaction (an
autocommit block): a plain CREATE INDEX would block every write to documents or
webhook_events for as long as the build takes on a large table. The migrations before
this one are committed when the block starts. A build that was interrupted leaves an
invalid index behind; each is dropped (if there) before it is built, so running the
migration again repairs it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "status IN ('queued', 'processing')"
DEADLINE = f"{ACTIVE} AND deadline_at IS NOT NULL"
DELIVERING = "status = 'delivering'"
LIVE = "deleted_at IS NULL"

# name, table, columns, the partial index's WHERE
INDEXES: tuple[tuple[str, str, list[str], str], ...] = (
    ("ix_documents_deadline", "documents", ["deadline_at"], DEADLINE),
    ("ix_documents_tenant_status_created", "documents", ["tenant_id", "status", "created_at", "id"], LIVE),
    ("ix_webhook_events_lease", "webhook_events", ["lease_expires_at"], DELIVERING),
)


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgresql():  # SQLite (the embedded stack): one writer, small tables
        for name, table, columns, where in INDEXES:
            op.create_index(name, table, columns, sqlite_where=sa.text(where))
        return
    with op.get_context().autocommit_block():
        for name, table, columns, where in INDEXES:
            op.drop_index(name, table_name=table, postgresql_concurrently=True, if_exists=True)
            op.create_index(
                name, table, columns, postgresql_where=sa.text(where), postgresql_concurrently=True
            )


def downgrade() -> None:
    if not _postgresql():
        for name, table, _columns, _where in INDEXES:
            op.drop_index(name, table_name=table)
        return
    with op.get_context().autocommit_block():
        for name, table, _columns, _where in INDEXES:
            op.drop_index(name, table_name=table, postgresql_concurrently=True, if_exists=True)
