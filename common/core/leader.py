"""One holder at a time for a periodic pass (the reaper, the webhook sweep), so that a
deployment may run two Celery beats for availability.

Both beats send their tasks; each pass first takes a Postgres advisory lock named after
it, and a pass that finds the lock taken does nothing. The lock is transaction-scoped and
held by a transaction of its own, on a connection of its own, open for the length of the
pass (the pass's work commits in its own transactions beside it):

- it is released when the pass ends, and by the server when its holder dies (the
  connection closes): no expiry to tune, and no way for a slow pass to outlive its lock
  while another one starts, as a TTL lock in Redis would allow;
- it works behind PgBouncer in transaction mode (the server connection stays pinned
  while the transaction is open), where a session-level lock would be taken on one
  server connection and released on another;
- the lock's transaction reads nothing after taking the lock, so it holds no snapshot
  and does not hold back vacuum.

On SQLite (the embedded stack) there is one beat and no advisory locks: every pass holds.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from common.core.db import Database

log = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (advisory locks take a bigint)."""
    digest = hashlib.blake2b(f"pagemill:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def exclusive(db: Database, name: str) -> Iterator[bool]:
    """Hold the lock ``name`` for the block: yields True to the one holder, False to any
    pass that runs while another holds it (that pass should do nothing)."""
    if db.engine.dialect.name != "postgresql":
        yield True
        return
    conn = db.engine.connect()
    try:
        conn.begin()
        held = bool(
            conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": lock_key(name)}).scalar()
        )
    except BaseException:
        conn.invalidate()  # a connection in an unknown state goes nowhere near the pool
        conn.close()
        raise
    if not held:
        conn.rollback()
        conn.close()
        log.debug("pass skipped: another holds its lock", extra={"fields": {"lock": name}})
        yield False
        return
    log.debug("lock taken", extra={"fields": {"lock": name}})
    try:
        yield True
    finally:
        # Logged before the lock goes, so that in the logs a holder's "released" always
        # comes before the next holder's "taken" (bench/horizontal.py checks that order).
        log.debug("lock released", extra={"fields": {"lock": name}})
        try:
            conn.rollback()  # ends the transaction, and with it the lock
        except Exception:
            # The connection died: the server has already let the lock go with it.
            log.warning("the lock's connection was lost", extra={"fields": {"lock": name}}, exc_info=True)
            conn.invalidate()
        finally:
            conn.close()
