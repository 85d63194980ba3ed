"""audit_events (append-only) and api_key_addresses: the tenants' audit trail

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 11:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import common.core.orm

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')

# Postgres refuses any change to a recorded event (the code has no path for one either).
_APPEND_ONLY = """
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
"""


def upgrade() -> None:
    op.create_table('audit_events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('tenant_id', sa.Uuid(), nullable=False),
    sa.Column('at', common.core.orm.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=256), nullable=True),
    sa.Column('remote_addr', sa.String(length=64), nullable=True),
    sa.Column('details', _JSON, nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_tenant_at', ['tenant_id', 'at', 'id'], unique=False)

    op.create_table('api_key_addresses',
    sa.Column('key_id', sa.Uuid(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('first_seen_at', common.core.orm.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['key_id'], ['api_keys.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key_id', 'address')
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(_APPEND_ONLY)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER audit_events_append_only ON audit_events')
        op.execute('DROP FUNCTION audit_events_append_only()')
    op.drop_table('api_key_addresses')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_tenant_at')
    op.drop_table('audit_events')
