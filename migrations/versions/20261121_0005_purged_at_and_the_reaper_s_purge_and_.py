"""purged_at and the reaper's purge and retention indexes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 22:06:29.694108
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.core.orm

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Documents deleted before this revision have no purged_at: the reaper purges each
    # once more (a no-op where it was done) and records it.
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purged_at', common.core.orm.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_documents_retention', ['finished_at'], unique=False, postgresql_where=sa.text('deleted_at IS NULL AND finished_at IS NOT NULL'), sqlite_where=sa.text('deleted_at IS NULL AND finished_at IS NOT NULL'))
        batch_op.create_index('ix_documents_unpurged', ['deleted_at'], unique=False, postgresql_where=sa.text('deleted_at IS NOT NULL AND purged_at IS NULL'), sqlite_where=sa.text('deleted_at IS NOT NULL AND purged_at IS NULL'))


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_unpurged', postgresql_where=sa.text('deleted_at IS NOT NULL AND purged_at IS NULL'), sqlite_where=sa.text('deleted_at IS NOT NULL AND purged_at IS NULL'))
        batch_op.drop_index('ix_documents_retention', postgresql_where=sa.text('deleted_at IS NULL AND finished_at IS NOT NULL'), sqlite_where=sa.text('deleted_at IS NULL AND finished_at IS NOT NULL'))
        batch_op.drop_column('purged_at')
