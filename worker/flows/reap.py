"""pages.reap: one pass of the reaper (common/documents/reaper.py), for Celery beat.

Each sweep runs in a transaction of its own and its tasks are sent after that commit:
a sweep that fails (a bug, a row it cannot handle) is logged and rolled back alone, and
the others still do their work. Safe to run anywhere, any number of times: a pass holds
the "reaper" lock (common/core/leader.py) for its length, and one that starts while
another holds it does nothing, so two beats (for availability) do not reap twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from common.core import leader
from common.core.db import Database
from common.core.orm import utcnow
from common.core.settings import Settings
from common.documents import reaper
from common.observability import metrics

log = logging.getLogger(__name__)


@dataclass
class ReapReport:
    requeued: int = 0
    failed: int = 0
    deadline: int = 0
    redispatched: int = 0
    dispatched: int = 0  # pages sent to top up tenants' dispatch windows
    finalized: int = 0
    repurged: int = 0
    expired: int = 0
    kept: int = 0  # escalated pages finished with auto's result (worker/flows/escalate.py)
    forgotten: int = 0  # closed pages' messages never taken: out of their tenants' windows
    failed_sweeps: list[str] = field(default_factory=list)
    skipped: bool = False  # another pass held the lock: this one did nothing

    def add(self, actions: reaper.Actions) -> None:
        for action, n in actions.items():
            setattr(self, action, getattr(self, action) + n)

    def as_dict(self) -> dict[str, int]:
        """The counts, by action (the reaper metric's labels)."""
        actions = (
            "requeued",
            "failed",
            "deadline",
            "redispatched",
            "dispatched",
            "finalized",
            "repurged",
            "expired",
            "kept",
            "forgotten",
        )
        return {action: getattr(self, action) for action in actions}


LOCK = "reaper"


def reap_once(db: Database, settings: Settings) -> ReapReport:
    """Every sweep once, each committed on its own; what they did, and which failed. A
    pass that runs while another holds the lock does nothing (``skipped``)."""
    with leader.exclusive(db, LOCK) as held:
        if not held:
            return ReapReport(skipped=True)
        return _reap(db, settings)


def _reap(db: Database, settings: Settings) -> ReapReport:
    now = utcnow()
    report = ReapReport()
    for sweep in reaper.SWEEPS:
        try:
            with db.session_scope() as s:
                actions = sweep(s, settings, now)
        except Exception:
            log.exception("reaper sweep failed", extra={"fields": {"sweep": sweep.__name__}})
            report.failed_sweeps.append(sweep.__name__)
            continue
        report.add(actions)
    counts = report.as_dict()
    for action, n in counts.items():
        if n:
            metrics.count_reaper(action, n)
    if any(counts.values()):
        log.info("reaper", extra={"fields": counts})
    return report
