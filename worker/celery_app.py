"""The worker's Celery app: common configuration plus the task modules.

Run with ``pagemill worker`` (or ``celery -A worker.celery_app worker -Q cpu``).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from celery.signals import worker_init, worker_process_init

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


@worker_init.connect
def _preload_model(**_: Any) -> None:
    # `pagemill worker --engine X` runs a thread pool: this process is the one that runs
    # the tasks, so the model (and CUDA) is initialised here, once, before any page.
    name = settings.gpu.preload
    if not name:
        return
    from worker.engines.registry import get_engine
    from worker.engines.vlm.runtime import ModelMissing

    engine = get_engine(name)
    warm = getattr(engine, "warm", None)
    if warm is None:
        return
    try:
        warm()
    except ModelMissing as exc:
        print(f"pagemill worker: {exc}", file=sys.stderr)
        logging.getLogger(__name__).error("model missing: %s", exc)
        os._exit(2)  # a worker without its model must not take pages


import worker.tasks  # noqa: E402,F401  (registers the tasks)
