"""The worker's main process says which queues it consumes, every few seconds, in the
workers table (common/workers): the API refuses a document for an engine no live worker
serves, instead of letting it wait in a queue until its deadline."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import timedelta

from common.core import engines
from common.core.db import Database
from common.core.orm import utcnow
from common.core.settings import Settings
from common.workers import service as workers

log = logging.getLogger(__name__)


def served_queues(consumed: Iterable[str], preload: str | None) -> list[str]:
    """The queues a worker reports serving, of those it consumes. A model's queue counts
    only on a worker that loaded that model (``pagemill worker --engine``, which sets
    ``preload``): one that merely lists every queue (embedded, no -Q) would take its
    pages and fail them."""
    own = engines.get(preload).queue if preload else None
    return sorted(q for q in consumed if q not in engines.MODEL_QUEUES or q == own)


class Heartbeat:
    def __init__(self, settings: Settings, worker_id: str, queues: Callable[[], list[str]]) -> None:
        self.worker_id = worker_id
        self._queues = queues
        self._every = settings.reliability.worker_heartbeat
        self._stale_after = timedelta(seconds=settings.reliability.worker_stale_after)
        # Connections of its own, none kept between beats: the pool's forks must not
        # inherit one that this thread is using.
        self._db = Database(settings, pooled=False)
        self._started_at = utcnow()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pagemill-heartbeat", daemon=True)

    def start(self) -> None:
        try:
            self.beat()  # at once: a submit for these queues may come any moment
        except Exception:  # the database may be down: the thread keeps trying
            log.warning("worker heartbeat failed", exc_info=True)
        self._thread.start()

    def beat(self) -> None:
        queues = self._queues()
        with self._db.session_scope() as session:
            workers.beat(session, self.worker_id, queues, self._started_at, self._stale_after)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(10)
        try:
            with self._db.session_scope() as session:
                workers.leave(session, self.worker_id)
        except Exception:  # the database may be down: the row goes stale instead
            log.warning("could not record this worker's shutdown", exc_info=True)
        self._db.dispose()

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self.beat()
            except Exception:  # the database may be down: the next beat tries again
                log.warning("worker heartbeat failed", exc_info=True)
