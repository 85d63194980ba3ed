"""webhook_endpoints.secret and previous_secret hold encrypted values (longer)

Existing plaintext values stay readable as they are (no prefix: legacy); `pagemill
secrets rotate` encrypts them, so this migration needs no master key.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 11:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('webhook_endpoints', schema=None) as batch_op:
        batch_op.alter_column('secret', existing_type=sa.String(length=128), type_=sa.String(length=512))
        batch_op.alter_column(
            'previous_secret', existing_type=sa.String(length=128), type_=sa.String(length=512)
        )


def downgrade() -> None:
    # Encrypted values do not fit 128 characters: decrypt first (not automated).
    with op.batch_alter_table('webhook_endpoints', schema=None) as batch_op:
        batch_op.alter_column(
            'previous_secret', existing_type=sa.String(length=512), type_=sa.String(length=128)
        )
        batch_op.alter_column('secret', existing_type=sa.String(length=512), type_=sa.String(length=128))
