"""workers: the queues each live worker consumes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 22:04:29.984726
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import common.core.orm

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # One row per running worker process, written by its heartbeat (worker/heartbeat.py).
    op.create_table('workers',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('queues', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('started_at', common.core.orm.UTCDateTime(timezone=True), nullable=False),
    sa.Column('seen_at', common.core.orm.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workers'))
    )
    with op.batch_alter_table('workers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workers_seen_at'), ['seen_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('workers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workers_seen_at'))
    op.drop_table('workers')
