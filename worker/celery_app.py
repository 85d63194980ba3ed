"""The worker's Celery app: common configuration plus the task modules.

Run with ``pagemill worker`` (or ``celery -A worker.celery_app worker -Q cpu``).
"""

from __future__ import annotations

from typing import Any

from celery.signals import worker_process_init

from common.db import reset_database
from common.logging import configure
from common.queue import get_celery
from common.settings import get_settings
from common.storage import reset_store

settings = get_settings()
configure(settings.log_level, json_logs=settings.log_json)
app = get_celery()
app.conf.update(include=["worker.tasks"])


@worker_process_init.connect
def _after_fork(**_: Any) -> None:
    # Connections (and, on GPU workers, CUDA) must never be shared across fork.
    reset_database()
    reset_store()


import worker.tasks  # noqa: E402,F401  (registers the tasks)
