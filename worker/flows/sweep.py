"""webhooks.sweep: recover lost delivery attempts and send due events, for Celery beat.

One short transaction (common/webhooks/service.py's sweep); the deliver tasks are sent
after its commit. Safe to run anywhere, any number of times: a sweep holds the
"webhooks.sweep" lock (common/core/leader.py) for its length, and one that starts while
another holds it does nothing, so two beats (for availability) do not sweep twice.
"""

from __future__ import annotations

import logging

from common.core import leader
from common.core.db import Database
from common.core.settings import Settings
from common.webhooks import service

log = logging.getLogger(__name__)


LOCK = "webhooks.sweep"
SKIPPED = service.SweepReport(reclaimed=0, dispatched=0)


def sweep_events(db: Database, settings: Settings) -> service.SweepReport:
    """One sweep; while another holds the lock, none (an empty report, ``SKIPPED``)."""
    with leader.exclusive(db, LOCK) as held:
        if not held:
            return SKIPPED
        with db.session_scope() as s:
            report = service.sweep(s, settings)
    if report.reclaimed or report.dispatched:
        log.info(
            "webhook sweep",
            extra={"fields": {"reclaimed": report.reclaimed, "dispatched": report.dispatched}},
        )
    return report
