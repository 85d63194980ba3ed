"""documents.summary: what the fields output found (kind, total, checks), for the webhook

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 13:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable, no default: adding it rewrites nothing, so it is instant on a large table.
    with op.batch_alter_table('documents') as batch:
        batch.add_column(
            sa.Column('summary', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'),
                      nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table('documents') as batch:
        batch.drop_column('summary')
