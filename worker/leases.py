"""Leases held by this process (pages, and documents being prepared or finalized),
renewed in the background while the work runs.

A running page's lease is short (settings.reliability.page_lease) so that the reaper
puts a page back soon after its worker dies; a page that runs longer than that keeps
its lease because one thread per process renews every lease the process holds, in one
UPDATE per document, every ``lease_renew`` seconds. A process that hangs with the GIL
held, or dies, stops renewing: that is exactly when its pages should go back.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from common.core.db import Database
from common.core.orm import utcnow
from common.documents import repository
from common.documents.repository import steps

log = logging.getLogger(__name__)


def worker_id() -> str:
    """This process, as recorded on the pages it holds: host and pid (prefork children
    of one host must not renew or release each other's pages)."""
    return f"{socket.gethostname()}:{os.getpid()}"


class LeaseKeeper:
    def __init__(
        self, db: Database, *, lease: float, renew_every: float, step_lease: float | None = None
    ) -> None:
        self._db = db
        self.lease = timedelta(seconds=lease)
        self.step_lease = timedelta(seconds=step_lease or lease)
        self._renew_every = renew_every
        self._held: dict[tuple[uuid.UUID, int], int] = {}
        self._steps: dict[tuple[steps.Step, uuid.UUID], int] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid = 0

    @contextmanager
    def hold(self, document_id: uuid.UUID, page_no: int) -> Iterator[None]:
        """Keep renewing this page's lease until the block ends."""
        key = (document_id, page_no)
        with self._lock:
            self._held[key] = self._held.get(key, 0) + 1
            self._ensure_thread()
        try:
            yield
        finally:
            with self._lock:
                left = self._held[key] - 1
                if left:
                    self._held[key] = left
                else:
                    del self._held[key]

    @contextmanager
    def hold_step(self, step: steps.Step, document_id: uuid.UUID) -> Iterator[None]:
        """Keep renewing this document's prepare or finalize lease until the block ends."""
        key = (step, document_id)
        with self._lock:
            self._steps[key] = self._steps.get(key, 0) + 1
            self._ensure_thread()
        try:
            yield
        finally:
            with self._lock:
                left = self._steps[key] - 1
                if left:
                    self._steps[key] = left
                else:
                    del self._steps[key]

    def held(self) -> list[tuple[uuid.UUID, int]]:
        with self._lock:
            return list(self._held)

    def _ensure_thread(self) -> None:
        # After a fork the parent's thread does not exist in the child: start our own.
        if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
            return
        self._pid = os.getpid()
        self._thread = threading.Thread(target=self._run, name="pagemill-leases", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._wake.wait(self._renew_every):
            try:
                self.renew()
            except Exception:  # the database may be down: the next round tries again
                log.warning("lease renewal failed", exc_info=True)

    def renew(self) -> int:
        """Extend every lease this process holds; the number of pages still held."""
        by_doc: dict[uuid.UUID, list[int]] = {}
        for doc_id, page_no in self.held():
            by_doc.setdefault(doc_id, []).append(page_no)
        by_step: dict[steps.Step, list[uuid.UUID]] = {}
        with self._lock:
            for step, doc_id in self._steps:
                by_step.setdefault(step, []).append(doc_id)
        if not by_doc and not by_step:
            return 0
        until = utcnow() + self.lease
        me = worker_id()
        kept = 0
        with self._db.session_scope() as s:
            # Documents in id order and pages in page order: the order every writer of
            # several pages locks them in (repository.lock_in_order).
            for doc_id in sorted(by_doc):
                kept += repository.renew_leases(s, doc_id, sorted(by_doc[doc_id]), worker=me, until=until)
            for step, doc_ids in by_step.items():
                kept += steps.renew(s, step, doc_ids, until=until - self.lease + self.step_lease)
        return kept


_keeper: LeaseKeeper | None = None


def get_keeper(
    db: Database, *, lease: float, renew_every: float, step_lease: float | None = None
) -> LeaseKeeper:
    global _keeper
    if _keeper is None:
        _keeper = LeaseKeeper(db, lease=lease, renew_every=renew_every, step_lease=step_lease)
    return _keeper


def release_step(db: Database, step: steps.Step, document_id: uuid.UUID) -> None:
    """Give a failed step's lease on its document up (best effort: if the database is
    down, the lease runs out and the reaper sends the step again)."""
    try:
        with db.session_scope() as s:
            steps.release(s, step, document_id, now=utcnow())
    except Exception:
        log.warning("could not give the %s lease back", step, exc_info=True)
