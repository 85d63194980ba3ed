"""Which queues have a worker: each worker's main process says so every few seconds
(worker/heartbeat.py), so that a submit for an engine nobody serves is refused at once
instead of waiting in a queue until its deadline."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from common.core.orm import utcnow
from common.workers.models import Worker


def beat(
    session: Session, worker_id: str, queues: list[str], started_at: datetime, stale_after: timedelta
) -> None:
    """Record that this worker is alive and consumes ``queues`` (only it writes its row),
    and forget workers silent for ten times ``stale_after`` (killed without a shutdown)."""
    session.execute(delete(Worker).where(Worker.seen_at < utcnow() - 10 * stale_after))
    row = session.get(Worker, worker_id)
    if row is None:
        session.add(Worker(id=worker_id, queues=sorted(queues), started_at=started_at, seen_at=utcnow()))
    else:
        row.queues, row.seen_at = sorted(queues), utcnow()


def leave(session: Session, worker_id: str) -> None:
    """A worker shutting down stops counting at once, not when its heartbeat goes stale."""
    session.execute(delete(Worker).where(Worker.id == worker_id))


def live(session: Session, within: timedelta) -> list[Worker]:
    """Workers heard from within ``within``, by id."""
    recent = select(Worker).where(Worker.seen_at >= utcnow() - within)
    return list(session.scalars(recent.order_by(Worker.id)))


def serving(session: Session, queue: str, within: timedelta) -> bool:
    """Whether a worker that consumes ``queue`` was heard from within ``within``."""
    rows = session.scalars(select(Worker.queues).where(Worker.seen_at >= utcnow() - within))
    return any(queue in queues for queues in rows)
