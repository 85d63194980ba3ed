"""Backend checks, each within a time limit: /readyz of the API and of a worker, and
the reads behind the scrape-time gauges (common/observability/metrics.py).

A check runs in a small thread pool of its own and answers with its result, its
exception, or a TimeoutError: a backend that hangs makes a check fail, never a probe
hang. The database is read on a bare connection (no Session): these reads write
nothing and belong to no transaction boundary (common/core/db.py).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from celery import Celery
    from sqlalchemy.engine import Engine

    from common.core.storage import ObjectStore

log = logging.getLogger(__name__)
T = TypeVar("T")

_pool: ThreadPoolExecutor | None = None
_pool_pid = 0
_pool_lock = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    # A few threads in all: a backend that hangs can hold at most these, and later
    # checks then time out instead of piling up threads. Per process (not across fork).
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=6, thread_name_prefix="pagemill-check")
            _pool_pid = os.getpid()
        return _pool


class _ForkGate:
    """Checks in threads and fork() exclude each other.

    A worker's main process forks its pool's children while its health server may be
    checking backends in threads. A child forked while such a thread is inside an
    import (or any library's lock) inherits that lock held, by a thread that does not
    exist there, and hangs on its first task that needs it. So a fork waits (a bounded
    while) for checks in flight, and no check starts until it is done.
    """

    WAIT = 5.0  # a check stuck longer than this (a hung backend) does not hold up a fork

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active = 0
        self._forking = False

    def run(self, fn: Callable[[], T]) -> T:
        with self._cond:
            self._cond.wait_for(lambda: not self._forking)
            self._active += 1
        try:
            return fn()
        finally:
            with self._cond:
                self._active -= 1
                self._cond.notify_all()

    def before_fork(self) -> None:
        with self._cond:
            self._forking = True
            self._cond.wait_for(lambda: self._active == 0, timeout=self.WAIT)

    def after_fork_in_parent(self) -> None:
        with self._cond:
            self._forking = False
            self._cond.notify_all()

    def after_fork_in_child(self) -> None:
        self.__init__()  # type: ignore[misc]  # the parent's threads do not exist here


def _after_fork_in_child() -> None:
    global _pool_lock
    _gate.after_fork_in_child()
    _pool_lock = threading.Lock()  # a request thread may have held it at the fork


_gate = _ForkGate()
os.register_at_fork(
    before=_gate.before_fork, after_in_parent=_gate.after_fork_in_parent, after_in_child=_after_fork_in_child
)


def run_bounded(calls: Mapping[str, Callable[[], T]], timeout: float) -> dict[str, T | Exception]:
    """Run the calls side by side; each gives its result, its exception, or a
    TimeoutError when it had not answered within ``timeout`` seconds."""
    pool = _executor()
    futures: dict[str, Future[T]] = {name: pool.submit(_gate.run, fn) for name, fn in calls.items()}
    wait(futures.values(), timeout=timeout)
    out: dict[str, T | Exception] = {}
    for name, fut in futures.items():
        if not fut.done():
            fut.cancel()  # not started yet: it never will be; started: it finishes unheard
            out[name] = TimeoutError(f"no answer within {timeout:g} s")
            continue
        exc = fut.exception()
        if exc is None:
            out[name] = fut.result()
        else:
            out[name] = exc if isinstance(exc, Exception) else RuntimeError(repr(exc))
    return out


def check_result(outcome: object) -> str:
    """ "ok", or the error's kind (never its text: /readyz is public, messages are not)."""
    if isinstance(outcome, TimeoutError):
        return "error: timed out"
    if isinstance(outcome, Exception):
        return f"error: {type(outcome).__name__}"
    return "ok"


@dataclass(frozen=True)
class Backends:
    """The database, broker and object store as one process reaches them."""

    engine: Engine
    celery: Celery
    store: ObjectStore
    timeout: float

    def check_database(self) -> None:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def check_broker(self) -> None:
        with self._broker() as conn:
            conn.ensure_connection(max_retries=1, timeout=self.timeout)

    def check_storage(self) -> None:
        self.store.check()

    def readiness(self) -> dict[str, str]:
        """{"database": "ok" | "error: …", "broker": …, "storage": …}."""
        results = run_bounded(
            {"database": self.check_database, "broker": self.check_broker, "storage": self.check_storage},
            self.timeout,
        )
        return {name: check_result(outcome) for name, outcome in results.items()}

    def status_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Documents by status and pages by status (two GROUP BY queries)."""
        from sqlalchemy import func, select

        from common.documents.models import Document, Page

        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # The client-side limit alone would leave a slow query running.
                ms = str(int(self.timeout * 1000))
                conn.execute(select(func.set_config("statement_timeout", ms, True)))
            docs = conn.execute(select(Document.status, func.count()).group_by(Document.status)).all()
            pages = conn.execute(select(Page.status, func.count()).group_by(Page.status)).all()
        return {str(s): int(n) for s, n in docs}, {str(s): int(n) for s, n in pages}

    def queue_depths(self) -> dict[str, int]:
        """Messages waiting in each queue (not those a worker holds unacknowledged).

        kombu's virtual transports know how they store a queue: on Redis one list per
        priority step (``name``, ``name\\x06\\x163``, …), summed; the embedded filesystem
        transport counts its message files. A transport without ``_size`` reports none.
        """
        from common.core.queue import QUEUES

        with self._broker() as conn:
            conn.ensure_connection(max_retries=1, timeout=self.timeout)
            size = getattr(conn.default_channel, "_size", None)
            if size is None:
                return {}
            return {q: int(size(q)) for q in QUEUES}

    def _broker(self) -> Any:
        # A connection of its own, closed after use; Celery adds these socket timeouts
        # (Redis) to the configured transport options.
        t = self.timeout
        return self.celery.connection_for_read(
            transport_options={"socket_timeout": t, "socket_connect_timeout": t}
        )
