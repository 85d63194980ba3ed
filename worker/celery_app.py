"""The worker's Celery app: common configuration plus the task modules.

Run with ``pagemill worker`` (or ``celery -A worker.celery_app worker -Q cpu``).
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import sys
import time
from typing import Any

from celery.signals import (
    task_postrun,
    task_prerun,
    worker_init,
    worker_process_init,
    worker_ready,
    worker_shutdown,
)

from common.core.db import reset_database
from common.core.queue import get_celery
from common.core.settings import get_settings
from common.core.storage import reset_store
from common.observability import metrics, tracing
from common.observability.logging import configure
from worker.engines import native
from worker.health import WorkerHealth, new_metrics_dir
from worker.heartbeat import Heartbeat, served_queues
from worker.leases import worker_id

settings = get_settings()
configure(settings.log_level, json_logs=settings.log_json)
app = get_celery()
app.conf.update(include=["worker.tasks"])
tracing.trace_task_publishing()
log = logging.getLogger(__name__)
_health: WorkerHealth | None = None
_heartbeat: Heartbeat | None = None


@worker_process_init.connect
def _after_fork(**_: Any) -> None:
    # Connections (and, on GPU workers, CUDA) must never be shared across fork.
    reset_database()
    reset_store()
    # What the child holds now (the parent's heap, frozen before the fork, and what it
    # made since) stays out of the collector too: freeze only moves lists, it touches no
    # object, so the pages shared with the parent stay shared.
    gc.freeze()


def freeze_heap() -> None:
    """Take every object the process holds now out of the cyclic garbage collector.

    A worker holds a quarter of a million long-lived objects or more (Celery's and
    kombu's, SQLAlchemy's mappers, pydantic's and docling-core's schemas, the layout
    engine), and each full collection walks them all: 0.33-0.34 s of CPU in a process
    like it (bench/step_cpu.py, bench/results/step_cpu.json), spent in whichever task set
    it off. Frozen, they are never walked again; a full collection walks what tasks
    made since. Done once in the main process before the pool forks, so that every
    child inherits it (and the children's collections never write to the pages they
    share with it)."""
    gc.collect()
    gc.freeze()


@worker_init.connect
def _on_worker_init(sender: Any = None, **_: Any) -> None:
    # The worker's main process, before its pool forks and before any task.
    global _health
    native.log_states()
    if settings.metrics.worker_port:
        # A fresh directory per start: files of an earlier run would add to this one's.
        metrics_dir = new_metrics_dir()
        health = WorkerHealth(settings, metrics_dir)
        if health.start():
            metrics.enable_multiprocess(metrics_dir)
            _health = health
        else:  # nobody could read the files: samples stay in each process's memory
            shutil.rmtree(metrics_dir, ignore_errors=True)
    _preload_model(sender)
    freeze_heap()


def _preload_model(worker: Any) -> None:
    # `pagemill worker --engine X` runs a thread pool: this process is the one that runs
    # the tasks, so the model (and CUDA) is initialised here, once, before any page.
    name = settings.gpu.preload
    if not name:
        return
    from worker.engines.registry import get_engine
    from worker.engines.vlm.runtime import ModelMissing, env_name, model_location

    engine = get_engine(name)
    warm = getattr(engine, "warm", None)
    if warm is None:
        if _health is not None:
            _health.model_loaded()
        return
    try:
        warm()
    except Exception as exc:
        if isinstance(exc, ModelMissing):
            reason = str(exc)
        else:  # the files are there but do not load: broken, partial, another model
            where = model_location(settings.models, name).describe()
            first = (str(exc).strip().splitlines() or [""])[0][:300]
            reason = (
                f"{name}: the model in {where} does not load ({type(exc).__name__}: {first}); "
                f"replace the files there or point {env_name(name)} at a working copy"
            )
        print(f"pagemill worker: {reason}", file=sys.stderr, flush=True)
        log.error("model not loaded: this worker takes no tasks", extra={"fields": {"reason": reason}})
        if _health is None:
            os._exit(2)  # nowhere to report it: a worker without its model must not run
        # Stay up, consuming nothing: /readyz answers 503 with the reason, so the
        # orchestrator sees why (a process that exits only restarts into the same error).
        _health.model_failed(reason)
        queues = worker.app.amqp.queues
        queues.deselect(list(queues.consume_from))
        return
    if _health is not None:
        _health.model_loaded()


@worker_ready.connect
def _on_worker_ready(sender: Any = None, **_: Any) -> None:
    # Consuming now: say which queues, so that the API accepts documents for them. A
    # model's queue counts only on a worker that loaded that model (`--engine`): one that
    # merely lists every queue (embedded, no -Q) would take its pages and fail them. A
    # worker whose model did not load consumes nothing and says so.
    global _heartbeat
    queues = sender.app.amqp.queues

    def consumed() -> list[str]:
        return served_queues(queues.consume_from, settings.gpu.preload)

    _heartbeat = Heartbeat(settings, worker_id(), consumed)
    _heartbeat.start()


@worker_shutdown.connect
def _on_worker_shutdown(**_: Any) -> None:
    global _health, _heartbeat
    if _heartbeat is not None:
        _heartbeat.stop()
        _heartbeat = None
    if _health is not None:
        _health.stop()
        if _health.metrics_dir is not None:
            shutil.rmtree(_health.metrics_dir, ignore_errors=True)
        _health = None


# One line per task on the worker that ran it, with the ids an operator follows a
# document by (Celery's own lines have the task id only in their text).
_started: dict[str, float] = {}


@task_prerun.connect
def _task_started(task_id: str | None = None, **_: Any) -> None:
    if task_id:
        _started[task_id] = time.perf_counter()


@task_postrun.connect
def _task_finished(
    task_id: str | None = None, task: Any = None, args: Any = None, state: str | None = None, **_: Any
) -> None:
    start = _started.pop(task_id or "", None)
    fields = tracing.trace_fields(getattr(task, "name", None), task_id, args)
    fields["state"] = state
    if start is not None:
        fields["seconds"] = round(time.perf_counter() - start, 4)
    log.info("task finished", extra={"fields": fields})


import worker.tasks  # noqa: E402,F401  (registers the tasks)
