"""Task tracing: the log lines that link the process that sent a task to the worker
that ran it, by task_id, document_id and page_no."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def trace_fields(task: str | None, task_id: str | None, args: Any) -> dict[str, Any]:
    """document_id (and page_no) from a task's arguments: our tasks take ids only."""
    from common.core.queue import CONVERT, DELIVER

    fields: dict[str, Any] = {"task": task, "task_id": task_id}
    if isinstance(args, list | tuple) and args:
        if task == DELIVER:
            fields["event_id"] = args[0]
        elif task and task.startswith(("documents.", "pages.")):
            fields["document_id"] = args[0]
            if task == CONVERT and len(args) > 1:
                fields["page_no"] = args[1]
    return fields


def _on_publish(
    sender: str | None = None, headers: dict[str, Any] | None = None, body: Any = None, **kw: Any
) -> None:
    h = headers or {}
    args = body[0] if isinstance(body, list | tuple) and body else None
    fields = trace_fields(sender, h.get("id"), args)
    fields["queue"] = kw.get("routing_key")
    if h.get("parent_id"):
        fields["parent_task_id"] = h["parent_id"]
    log.info("task sent", extra={"fields": fields})


def trace_task_publishing() -> None:
    """Log each task this process sends ("task sent", with the new task's task_id and its
    document_id / page_no): the link between the process that asked for work and the
    worker that did it. Idempotent."""
    from celery.signals import after_task_publish

    after_task_publish.connect(_on_publish, weak=False, dispatch_uid="pagemill-trace-publish")
