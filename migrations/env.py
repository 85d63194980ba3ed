from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from common.core.db import make_engine
from common.core.settings import get_settings
from common.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=get_settings().database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # handed in by `pagemill migrate` / tests
        _run(connection)
        return
    settings = get_settings()
    engine = (
        make_engine(settings)
        if settings.database_url.startswith("sqlite")
        else create_engine(settings.database_url, poolclass=pool.NullPool)
    )
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection: Connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode rebuilds tables there.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
