"""page leases and document deadlines: the reaper's columns and index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 12:17:11.747200
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.core.orm

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing documents keep no deadline (NULL): only new submissions get one.
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_at', common.core.orm.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.create_index('ix_pages_open', ['status', 'lease_expires_at', 'updated_at'], unique=False, postgresql_where=sa.text("status IN ('queued', 'running')"), sqlite_where=sa.text("status IN ('queued', 'running')"))



def downgrade() -> None:
    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.drop_index('ix_pages_open', postgresql_where=sa.text("status IN ('queued', 'running')"), sqlite_where=sa.text("status IN ('queued', 'running')"))

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('deadline_at')

