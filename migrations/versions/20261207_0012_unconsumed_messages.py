"""pages: a closed page's message still on the broker counts in its tenant's window

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 01:40:00

A page cancelled or failed while its message waited on the broker keeps ``dispatched_at``
until a worker takes that message (and finds nothing to run) or the reaper gives up on
it: until then it holds its place in the tenant's dispatch window
(common/documents/dispatch.py), so a tenant that deletes and resubmits in a loop never
has more than a window of messages on the broker. A claim now clears ``dispatched_at``
(the message was taken), so for a running or finished page it is always None.

Pages running, failed or cancelled before this release had ``dispatched_at`` set by the
old rule: cleared here, so that none of them is mistaken for a message still queued (done
pages keep theirs: UNCONSUMED never counts them). That UPDATE reads the pages table once,
without an index, and rewrites only those rows. During a rolling deploy an old worker
still leaves ``dispatched_at`` on the pages it claims; one that fails or is cancelled then
holds a place in its tenant's window until the reaper forgets it (``redispatch_after``
after it closed). The index is partial on the few closed pages with a message still
queued, keyed by when they closed (the reaper ages them from then), and built CONCURRENTLY
on PostgreSQL, as 0011's.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNCONSUMED = "status IN ('failed', 'cancelled') AND dispatched_at IS NOT NULL"
NAME = "ix_pages_unconsumed"


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.execute(
        "UPDATE pages SET dispatched_at = NULL "
        "WHERE status IN ('running', 'failed', 'cancelled') AND dispatched_at IS NOT NULL"
    )
    if not _postgresql():  # SQLite (the embedded stack): one writer, small tables
        op.create_index(NAME, "pages", ["updated_at"], sqlite_where=sa.text(UNCONSUMED))
        return
    with op.get_context().autocommit_block():
        op.drop_index(NAME, table_name="pages", postgresql_concurrently=True, if_exists=True)
        op.create_index(
            NAME, "pages", ["updated_at"], postgresql_where=sa.text(UNCONSUMED), postgresql_concurrently=True
        )


def downgrade() -> None:
    if _postgresql():
        with op.get_context().autocommit_block():
            op.drop_index(NAME, table_name="pages", postgresql_concurrently=True, if_exists=True)
    else:
        op.drop_index(NAME, table_name="pages")
