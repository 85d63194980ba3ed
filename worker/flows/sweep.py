"""webhooks.sweep: recover lost delivery attempts and send due events, for Celery beat.

One short transaction (common/webhooks/service.py's sweep); the deliver tasks are sent
after its commit. Safe to run anywhere, any number of times.
"""

from __future__ import annotations

import logging

from common.core.db import Database
from common.core.settings import Settings
from common.webhooks import service

log = logging.getLogger(__name__)


def sweep_events(db: Database, settings: Settings) -> service.SweepReport:
    with db.session_scope() as s:
        report = service.sweep(s, settings)
    if report.reclaimed or report.dispatched:
        log.info(
            "webhook sweep",
            extra={"fields": {"reclaimed": report.reclaimed, "dispatched": report.dispatched}},
        )
    return report
