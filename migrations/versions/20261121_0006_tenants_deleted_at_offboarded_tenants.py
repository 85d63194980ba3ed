"""tenants.deleted_at: offboarded tenants

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 22:16:51.568647
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.core.orm

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', common.core.orm.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
