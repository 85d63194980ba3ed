"""Database engine, sessions, and the one transaction convention.

Who commits (DESIGN.md): a boundary, never the code it calls. Every transaction is
opened with :meth:`Database.session_scope` (commit on success, roll back on error) by
one of these:

- an API request: its dependency scope (api/deps.py) commits when the endpoint returns.
  A request whose slow part must come first (the upload streaming to disk, DNS for a
  webhook URL) opens its own short scope after it, never around it;
- a flow in worker/flows (prepare, convert, finalize, purge, deliver, reap, sweep): it
  reads in one short transaction, does its slow work (models, rendering, HTTP, object
  storage) with none open, and records the outcome in another. Celery tasks only call
  flows;
- the CLI's admin commands and the embedded stack's set-up, boundaries like a request;
- a worker's background threads (lease renewal, heartbeat), one short statement each.

Services and repositories take a Session and never commit. A task is sent only once
the transaction that created its work has committed, with
:func:`common.core.queue.enqueue_after_commit` (built on :func:`after_commit`: hooks
run after a successful commit, and a rollback drops them). Read-only probes (readiness,
the scrape-time gauges in common/observability) use a bare connection and write nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from common.core.settings import Settings, get_settings

log = logging.getLogger(__name__)

_AFTER_COMMIT = "pagemill.after_commit"
_ON_ROLLBACK = "pagemill.on_rollback"


def after_commit(session: Session, fn: Callable[[], Any]) -> None:
    """Run ``fn`` once the session's current transaction has committed (dropped on rollback)."""
    session.info.setdefault(_AFTER_COMMIT, []).append(fn)


def on_rollback(session: Session, fn: Callable[[], Any]) -> None:
    """Run ``fn`` if the session's current transaction rolls back: undo work outside the DB."""
    session.info.setdefault(_ON_ROLLBACK, []).append(fn)


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    session.info.pop(_ON_ROLLBACK, None)
    # Every hook runs even if one fails (the data is committed either way: a purge must
    # still be enqueued when the inline delete failed); the first failure is re-raised
    # so the caller (a task that retries, a request that reports) learns of it.
    failures: list[BaseException] = []
    for fn in session.info.pop(_AFTER_COMMIT, []):
        try:
            fn()
        except Exception as exc:
            log.exception("after-commit hook failed")
            failures.append(exc)
    if failures:
        raise failures[0]


@event.listens_for(Session, "after_rollback")
def _run_on_rollback(session: Session) -> None:
    session.info.pop(_AFTER_COMMIT, None)
    for fn in session.info.pop(_ON_ROLLBACK, []):
        try:
            fn()
        except Exception:  # the rollback itself must not be masked by cleanup failing
            log.exception("cleanup after rollback failed")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets the API read while a worker writes; busy_timeout waits instead of failing.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(settings: Settings, *, pooled: bool = True) -> Engine:
    """The engine for the configured database; ``pooled=False`` opens a connection per
    checkout and keeps none (for a thread of a process that forks)."""
    url = settings.database_url
    nopool: dict[str, Any] = {} if pooled else {"poolclass": NullPool}
    if url.startswith("sqlite"):
        settings.ensure_dirs()
        engine = create_engine(url, echo=settings.database.echo, connect_args={"timeout": 30}, **nopool)
        event.listen(engine, "connect", _sqlite_pragmas)

        # pysqlite's own transaction handling defers BEGIN; issue it ourselves so that a
        # read-modify-write transaction takes the write lock up front (no lost updates).
        @event.listens_for(engine, "connect")
        def _no_pysqlite_begin(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if not pooled:
        return create_engine(url, echo=settings.database.echo, poolclass=NullPool)
    return create_engine(
        url,
        echo=settings.database.echo,
        pool_size=settings.database.pool_size,
        max_overflow=settings.database.max_overflow,
        pool_timeout=settings.database.pool_timeout,
        # No pre-ping: it costs a round trip per checkout on the page hot path. A dead
        # connection raises OperationalError instead, which invalidates the pool; tasks
        # retry on it and the API answers 503 once, so a database restart heals itself.
        pool_pre_ping=settings.database.pre_ping,
        pool_recycle=1800,
    )


class Database:
    """An engine and its session factory: one per process, plus one without a pool
    (``pooled=False``) for a thread of a process that forks."""

    def __init__(self, settings: Settings, *, pooled: bool = True) -> None:
        import common.models  # noqa: F401  (every mapper must be configured before the first flush)

        self.settings = settings
        self.engine = make_engine(settings, pooled=pooled)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """Commit on success, roll back on error: the one way a boundary (see above) opens
        a transaction."""
        session = self.sessionmaker()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


_db: Database | None = None


def get_database() -> Database:
    global _db
    if _db is None:
        _db = Database(get_settings())
    return _db


def reset_database() -> None:
    """Drop the process's engine (after fork, or when tests change settings)."""
    global _db
    if _db is not None:
        _db.dispose()
    _db = None
