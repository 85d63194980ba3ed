"""Flows: the only code that opens transactions around slow work (DESIGN.md).

A flow reads what it needs in a short transaction, does its slow work (rendering,
models, object storage, HTTP) with none open, then records the outcome in another
short transaction with guarded updates, so a redelivered task at any point is harmless.
Tasks sent by those transactions go after their commit (``enqueue_after_commit``).
Celery tasks (worker/tasks.py) are thin wrappers over these; tests call them directly.
"""

from __future__ import annotations

from worker.flows.convert import convert_page
from worker.flows.deliver import deliver_event
from worker.flows.fail import fail_document
from worker.flows.finalize import finalize_document
from worker.flows.prepare import prepare_document
from worker.flows.purge import purge_document
from worker.flows.reap import ReapReport, reap_once
from worker.flows.sweep import sweep_events
from worker.flows.transient import TRANSIENT

__all__ = [
    "TRANSIENT",
    "ReapReport",
    "convert_page",
    "deliver_event",
    "fail_document",
    "finalize_document",
    "prepare_document",
    "purge_document",
    "reap_once",
    "sweep_events",
]
