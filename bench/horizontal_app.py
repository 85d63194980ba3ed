"""The horizontal bench's worker app: bench/noop_app.py's (the worker's app and the raw
Celery no-op task) with the pass locks' debug lines on (common/core/leader.py: lock
taken, released, pass skipped), which bench/horizontal.py reads to check that of the two
beats' passes only one did work at a time. Nothing else logs below the run's level."""

from __future__ import annotations

import logging

from bench.noop_app import noop
from worker.celery_app import app

logging.getLogger("common.core.leader").setLevel(logging.DEBUG)

__all__ = ["app", "noop"]
