"""The convert chain's pacing (worker/flows/convert.py): how long a task goes on running
its tenant's next waiting pages, and how many it takes at a time."""

from __future__ import annotations

import time
import uuid

from sqlalchemy.orm import Session

from common.core.settings import Settings
from common.documents import dispatch


class Chain:
    """How long a task goes on running its tenant's next pages, and how many it takes at
    a time.

    At most chain_pages pages; and each time chain_seconds are up, only if no other
    tenant's page or prepare waits on the broker (then the worker goes back to take it).
    A tenant alone on the queue keeps its workers chaining, which is where the chain saves
    most; a tenant beside it waits chain_seconds and one group at most for a worker.

    A step takes as many pages as fit in chain_group_seconds at the pace of the slowest
    page it finished, at most chain_group and at least one. A group beyond the places the
    chain was given holds window places of its own while it runs (a page running counts
    as in flight); ``grown`` says so, and the chain's last step then recounts the window
    (processing.complete_and_take) instead of refilling it place for place."""

    def __init__(self, settings: Settings) -> None:
        rel = settings.reliability
        self._seconds = rel.chain_seconds
        self._until = time.monotonic() + rel.chain_seconds
        self._left = rel.chain_pages if rel.chain_seconds > 0 else 0
        self._group, self._budget = rel.chain_group, rel.chain_group_seconds
        self._extra = 0

    @property
    def grown(self) -> bool:
        return self._extra > 0

    def take(self, session: Session, tenant_id: uuid.UUID, *, slowest: float) -> int:
        """How many pages a step may take (counted as taken); ``slowest``: the seconds the
        slowest page it finished took. Runs in the finishing transaction, which it may ask
        whether others wait."""
        if self._left <= 0:
            return 0
        if time.monotonic() >= self._until:
            if dispatch.others_waiting(session, tenant_id):
                self._left = 0
                return 0
            self._until = time.monotonic() + self._seconds
        fits = int(self._budget / slowest) if slowest > 0 else self._group
        want = min(self._left, self._group, max(1, fits))
        self._left -= want
        return want

    def end(self) -> None:
        """No more pages (a page of the group failed)."""
        self._left = 0

    def stepped(self, finished: int, taken: int) -> None:
        """A step freed ``finished`` places and took ``taken`` pages."""
        self._extra += taken - finished
