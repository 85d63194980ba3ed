"""The dispatch windows: Postgres keeps the backlog, the broker holds a bounded window.

Each tenant has at most ``reliability.dispatch_window`` pages sent and not finished per
engine queue; the rest wait as rows (``dispatched_at`` is None). Whenever a page of the
tenant finishes, the document is prepared, or the reaper passes, the window is topped up
from the tenant's oldest document first. So:

- the broker's queue length is bounded by tenants x window, whatever the backlog, and a
  message waits behind at most one window per tenant: the reaper can tell a lost message
  from a waiting one by the broker's own queue depth (reaper.lost_page_messages);
- one tenant's flood delays another tenant's page by at most a window of its pages;
- cancelled or deleted documents' waiting pages never reach the broker, and the messages
  they had sent keep their places in the tenant's window until a worker takes them
  (each costs a claim that finds nothing): a tenant that deletes and resubmits in a loop
  has at most a window of messages on the broker, not a window per round.

Documents' prepares have a window of their own (``reliability.prepare_window`` per
tenant): a flood of small documents waits as rows too, and another tenant's document is
prepared beside it, not after it.

Services take a Session and never commit; what they take is sent after commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from functools import cache

from sqlalchemy.orm import Session

from common.core import engines, queue
from common.core.orm import utcnow
from common.core.settings import get_settings
from common.documents.repository import chain, messages
from common.documents.repository import dispatch as repo


@cache
def queue_engines(queue_name: str) -> tuple[str, ...]:
    """The engines whose documents' pages run on this queue (the catalog's view)."""
    return tuple(spec.name for spec in engines.ENGINES if spec.queue == queue_name)


def top_up(session: Session, tenant_id: uuid.UUID, engine: str) -> list[tuple[uuid.UUID, int]]:
    """Send the tenant's next waiting pages on ``engine``'s queue until its window is full;
    the (document, page) pairs sent. They are marked sent in this transaction and sent after its commit
    (a send that fails leaves them marked: the reaper finds them missing from the queue)."""
    to = queue.engine_queue(engine)
    names = queue_engines(to) or (engine,)
    rel = get_settings().reliability
    size = rel.dispatch_window
    # Whether anything waits first: most finishes are of tenants with nothing waiting,
    # and then this one cheap query is all a finish costs.
    waiting = repo.waiting_documents(session, tenant_id, names, limit=size)
    if not waiting:
        return []
    inflight = repo.inflight(session, tenant_id, names)
    room = size - inflight
    if room <= 0:
        return []
    pages = repo.take_backlog(session, waiting, limit=room, now=utcnow())
    for i, (document_id, page_no) in enumerate(pages):
        # A tenant's first pages in flight go ahead of the bulk: a small document waits
        # for the pages running, not behind other tenants' windows (queue.PRIORITIES).
        ahead = inflight + i < rel.pages_ahead
        priority = queue.AHEAD if ahead else None
        queue.enqueue_after_commit(
            session, queue.CONVERT, str(document_id), page_no, queue=to, priority=priority
        )
    return pages


def message_taken(session: Session, document_id: uuid.UUID, page_no: int) -> None:
    """A worker took a page's message and found nothing to run. If the page was closed
    while its message waited (cancelled, deleted, failed), the place it held in its
    tenant's window is free now, and the tenant's next waiting page takes it."""
    owner = messages.message_taken(session, document_id, page_no)
    if owner is not None:
        top_up(session, *owner)


def forget_unconsumed(session: Session, *, before: datetime, limit: int) -> int:
    """The reaper: closed pages whose message was sent before ``before`` and never taken
    leave their tenants' windows (a lost message must not hold a place for good), and
    those windows are topped up. How many were forgotten."""
    n, owners = messages.forget_unconsumed(session, before=before, limit=limit)
    for tenant_id, engine in owners:
        top_up(session, tenant_id, engine)
    return n


def replace(session: Session, tenant_id: uuid.UUID, engine: str) -> None:
    """A page that held a place in its tenant's window finished: the tenant's next waiting
    page (oldest document first) takes exactly that place. No count of the window: one
    place freed, one page sent (the reaper and the other top-ups count it)."""
    to = queue.engine_queue(engine)
    taken = repo.take_next(session, tenant_id, queue_engines(to) or (engine,), now=utcnow())
    if taken is not None:
        doc_id, page_no = taken
        queue.enqueue_after_commit(session, queue.CONVERT, str(doc_id), page_no, queue=to)


def finish_and_take_place(
    session: Session,
    ran: Sequence[chain.Ran],
    *,
    take: int,
    tenant_id: uuid.UUID,
    engine: str,
    worker: str,
    lease_until: datetime,
) -> chain.ChainStep:
    """For a worker that runs the next pages itself (worker/flows/convert.py's chain):
    pages that held places in the tenant's window on ``engine``'s queue finished (``ran``:
    their result columns) and counted once, and only then up to ``take`` of the tenant's
    next waiting pages (oldest document first) taken into those places and claimed for
    ``worker``, in one statement. No message is sent for them, and none is expected (they
    are running, not sent and queued, for the reaper's count). A chain may take more
    pages than it finished (a group of fast pages): the window then holds that many more
    running pages until the chain ends and recounts it (processing.complete_and_take)."""
    to = queue.engine_queue(engine)
    names = queue_engines(to) or (engine,)
    return chain.finish_and_take(
        session,
        ran,
        take=take,
        tenant_id=tenant_id,
        engines=names,
        worker=worker,
        lease_until=lease_until,
        now=utcnow(),
    )


def others_waiting(session: Session, tenant_id: uuid.UUID) -> bool:
    """Whether another tenant's page or prepare waits on the broker: a chain (worker/flows/
    convert.py) yields to it once its chain_seconds are up, and goes on while none waits."""
    return repo.others_waiting(session, tenant_id)


def send_now(session: Session, document_id: uuid.UUID, page_no: int, *, engine: str) -> None:
    """Send one queued page at once, outside the window (a page handed to a model engine,
    one the reaper put back): marked sent, sent after commit."""
    repo.mark_sent(session, document_id, page_no, now=utcnow())
    to = queue.engine_queue(engine)
    queue.enqueue_after_commit(session, queue.CONVERT, str(document_id), page_no, queue=to)


def top_up_prepares(session: Session, tenant_id: uuid.UUID) -> list[uuid.UUID]:
    """Send the prepare of the tenant's oldest waiting documents until its prepare window is
    full; the documents sent. Called at submit, when a prepare ends (its document split or
    failed), and by the reaper."""
    room = get_settings().reliability.prepare_window - repo.preparing(session, tenant_id)
    if room <= 0:
        return []
    docs = repo.take_prepare_backlog(session, tenant_id, limit=room, now=utcnow())
    for document_id in docs:
        queue.enqueue_after_commit(session, queue.PREPARE, str(document_id), queue="cpu")
    return docs


def send_prepare_now(session: Session, document_id: uuid.UUID) -> None:
    """Send a document's prepare again at once (the reaper: its message was lost, or its
    worker died)."""
    repo.mark_prepare_sent(session, document_id, now=utcnow())
    queue.enqueue_after_commit(session, queue.PREPARE, str(document_id), queue="cpu")
