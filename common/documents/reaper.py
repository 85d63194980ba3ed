"""The reaper: Celery beat's safety net for work whose worker or message was lost.

Every step is a guarded UPDATE taken under ``FOR UPDATE SKIP LOCKED``, so any number of
reapers may run at once, and none of them can count a page twice: a page goes back to
the queue or fails through the same guarded transitions that workers use (DESIGN.md's
fan-in). What it does, each run:

- running pages whose lease expired (the worker was killed, the machine lost): back to
  queued and dispatched again, or failed with their last error once they used up their
  attempts (a page ``auto`` escalated to a model engine keeps auto's result instead);
- documents past their deadline: their open pages fail (``deadline_exceeded``) and the
  document finishes with what it has;
- work sent more than ``redispatch_after`` ago and not taken, on a queue that holds
  fewer messages than Postgres has sent there (a broker that restarted without
  persistence, a send that failed while the broker was down): sent again, as many as
  are missing. Work that merely waits behind a backlog is never sent twice. An
  escalated page whose model engine no live worker serves any more keeps auto's result;
- pages cancelled or failed while their message waited, whose message has not been
  taken ``redispatch_after`` after they closed: they leave their tenants' windows (a message the
  broker lost must not hold a place for good);
- tenants' dispatch windows with room and pages waiting: topped up (dispatch.py);
- documents whose every page finished but which no finalize holds: finalize again;
  documents whose prepare's lease expired (its worker died): prepare again;
- deleted documents whose purge was not confirmed (the store was down for longer than
  the purge task retried): purged again, until it is;
- with ``retention.days``, finished documents older than that: deleted as a client's
  DELETE would (metadata forgotten, every object purged, 404 from then on).

Each of these is a sweep: a function that takes a Session, never commits, and sends
its tasks with ``enqueue_after_commit``. The reap flow (worker/flows/reap.py) runs each
sweep in a transaction of its own, so one that fails rolls back alone.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from common.core import queue
from common.core.settings import Settings
from common.documents import dispatch, processing, repository, service
from common.documents.models import DocumentStatus
from common.documents.repository import dispatch as dispatch_repo
from common.documents.repository import steps as steps_repo
from common.workers import service as workers

# What one sweep did, by action (requeued, failed, deadline, redispatched, finalized,
# repurged, expired, kept: an escalated page finished with auto's result): the names of
# the reaper's metric and log fields.
Actions = Counter[str]
Sweep = Callable[[Session, Settings, datetime], Actions]


def expired_leases(session: Session, settings: Settings, now: datetime) -> Actions:
    """Running pages whose worker stopped renewing: queued again, or failed once they
    used up their attempts."""
    rel = settings.reliability
    done: Actions = Counter()
    for page in repository.expired_leases(session, now=now, limit=rel.reap_batch):
        if page.attempts >= rel.page_max_attempts and page.fallback_key is not None:
            # Escalated from auto, and the model engine's worker died on it every time:
            # auto's own result stands.
            if processing.keep_fallback(
                session, page.document_id, page.page_no, fallback_key=page.fallback_key
            ):
                done["kept"] += 1
        elif page.attempts >= rel.page_max_attempts:
            error = processing.exhausted_error(page.page_no, rel.page_max_attempts, page.error)
            if processing.fail_page(session, page.document_id, page.page_no, engine=page.engine, error=error):
                done["failed"] += 1
        elif repository.requeue_expired(session, page.document_id, page.page_no, now=now):
            # Sent at once, outside the window: it was in flight when its worker died.
            done["requeued"] += 1
            doc_id, page_no, to = str(page.document_id), page.page_no, queue.engine_queue(page.engine)
            queue.enqueue_after_commit(session, queue.CONVERT, doc_id, page_no, queue=to)
    return done


def past_deadline(session: Session, settings: Settings, now: datetime) -> Actions:
    """Documents past their deadline: open pages fail, the document finishes with what it has."""
    done: Actions = Counter()
    for doc in repository.past_deadline(session, now=now, limit=settings.reliability.reap_batch):
        error = {
            "code": "deadline_exceeded",
            "message": f"the document's deadline ({doc.deadline_at:%Y-%m-%dT%H:%M:%SZ}) passed "
            "before this page was converted",
        }
        done["deadline"] += repository.fail_open_pages(session, doc.id, error=error)
        if repository.count_pages(session, doc.id) == 0:
            # Never split into pages (its prepare is late or lost): nothing to assemble.
            if processing.set_terminal(session, doc, DocumentStatus.failed, error=error):
                done["deadline"] += 1
            continue
        session.refresh(doc)
        if doc.pages_done + doc.pages_failed >= doc.pages_total:
            queue.enqueue_after_commit(session, queue.FINALIZE, str(doc.id), queue="cpu")
    return done


def _stale(settings: Settings, now: datetime) -> datetime:
    return now - timedelta(seconds=settings.reliability.redispatch_after)


def lost_page_messages(session: Session, settings: Settings, now: datetime) -> Actions:
    """Pages sent more than ``redispatch_after`` ago and not taken since, on a queue that
    holds fewer messages than Postgres has sent there and not seen taken (a broker that
    restarted without persistence, a send that failed): the oldest sent again, as many
    as are missing. A page merely waiting behind a backlog has its message in the queue,
    so it is never sent twice; one the broker lost is sent again at the next pass that
    still finds it missing (other tasks in the queue, finalize, purge, duplicates, can
    only hide a loss for as long as they wait). A page auto escalated to a model engine that no live
    worker serves any more is finished with auto's own result instead. Queued documents
    nobody took are judged the same way, on the CPU queue, with their prepare."""
    done: Actions = Counter()
    limit = settings.reliability.reap_batch
    stale = _stale(settings, now)
    pages = repository.stale_sent_pages(session, before=stale, limit=limit)
    docs = dispatch_repo.stale_prepares(session, before=stale, limit=limit)
    if not pages and not docs:
        return done
    within = timedelta(seconds=settings.reliability.worker_stale_after)
    served: dict[str, bool] = {}
    by_queue: dict[str, list[repository.OpenPage]] = {}
    for page in pages:
        to = queue.engine_queue(page.engine)
        if page.fallback_key is not None:
            if to not in served:
                served[to] = workers.serving(session, to, within)
            if not served[to]:
                if processing.keep_fallback(
                    session, page.document_id, page.page_no, fallback_key=page.fallback_key
                ):
                    done["kept"] += 1
                continue
        by_queue.setdefault(to, []).append(page)
    if docs:
        by_queue.setdefault("cpu", [])
    # The broker first, Postgres second: a message taken off the queue between the two
    # reads is then counted by neither, not missing from one only.
    held = {to: queue.depth(to) for to in by_queue}
    expected = _expected_messages(session)
    suspects: tuple[list[tuple[uuid.UUID, int]], list[uuid.UUID]] = ([], [])
    for to, waiting in by_queue.items():
        depth = held[to]
        # An unknown depth (the broker is down) sends nothing.
        missing = 0 if depth is None else max(0, expected.get(to, 0) - depth)
        # Sent again only if missing at an earlier pass too: a message a worker has just
        # taken off the queue and not yet claimed is missing for that moment only.
        for page in waiting[:missing]:
            if page.missing_before:
                dispatch.send_now(session, page.document_id, page.page_no, engine=page.engine)
                done["redispatched"] += 1
            else:
                suspects[0].append((page.document_id, page.page_no))
        if to == "cpu":
            for doc in docs[: max(0, missing - len(waiting))]:
                if doc.missing_before:
                    dispatch.send_prepare_now(session, doc.document_id)
                    done["redispatched"] += 1
                else:
                    suspects[1].append(doc.document_id)
    dispatch_repo.mark_missing(session, *suspects, now=now)
    return done


def unconsumed_messages(session: Session, settings: Settings, now: datetime) -> Actions:
    """Closed pages whose message is still not taken ``redispatch_after`` after they
    closed (their document was cancelled or deleted behind a backlog, or the broker lost
    the message): they leave their tenants' windows. A message still there then costs a claim
    that finds nothing; one that was lost no longer holds a place for good."""
    done: Actions = Counter()
    limit = settings.reliability.reap_batch
    forgotten = dispatch.forget_unconsumed(session, before=_stale(settings, now), limit=limit)
    if forgotten:
        done["forgotten"] += forgotten
    return done


def _expected_messages(session: Session) -> dict[str, int]:
    """The messages each queue should hold by Postgres: the pages sent there and not
    taken, and on the CPU queue one prepare per queued document. Not the messages of
    pages closed while they waited: those may be there or not (a broker that restarted
    empty lost them too), and counting them would send other pages again for them. While
    they are there, they can only hide a loss until they are taken."""
    expected: Counter[str] = Counter()
    for engine, n in dispatch_repo.sent_by_engine(session).items():
        expected[queue.engine_queue(engine)] += n
    expected["cpu"] += dispatch_repo.sent_prepares(session)
    return dict(expected)


def fill_windows(session: Session, settings: Settings, now: datetime) -> Actions:
    """Top up every tenant's dispatch window that has pages waiting: the windows refill
    as pages finish, and this catches up on what no finish did (cancelled pages, a page
    given back by the reaper, a finish whose top-up failed)."""
    done: Actions = Counter()
    limit = settings.reliability.reap_batch
    for tenant_id in dispatch_repo.waiting_prepares(session, limit=limit):
        done["dispatched"] += len(dispatch.top_up_prepares(session, tenant_id))
    for tenant_id, engine in dispatch_repo.waiting_windows(session, limit=limit):
        done["dispatched"] += len(dispatch.top_up(session, tenant_id, engine))
    return done


def stalled_documents(session: Session, settings: Settings, now: datetime) -> Actions:
    """Processing documents that need a step nobody is doing: every page finished but no
    finalize holds it (its message was lost, its worker died), or its prepare's lease
    expired (the worker died mid-split)."""
    done: Actions = Counter()
    stale, limit = _stale(settings, now), settings.reliability.reap_batch
    for doc in repository.stale_documents(
        session, status=DocumentStatus.processing.value, before=stale, limit=limit
    ):
        held = doc.finalize_lease_expires_at is not None and doc.finalize_lease_expires_at > now
        pages_made = doc.prepare_lease_expires_at is None
        if pages_made and not held and doc.pages_done + doc.pages_failed >= doc.pages_total:
            doc.updated_at = now
            done["finalized"] += 1
            queue.enqueue_after_commit(session, queue.FINALIZE, str(doc.id), queue="cpu")
    # Sent again at most once per lease: the prepare that takes it renews the lease.
    resent_before = now - timedelta(seconds=settings.reliability.step_lease)
    for doc in steps_repo.dead_prepares(session, now=now, resent_before=resent_before, limit=limit):
        doc.updated_at = now
        done["redispatched"] += 1
        queue.enqueue_after_commit(session, queue.PREPARE, str(doc.id), queue="cpu")
    return done


def unconfirmed_purges(session: Session, settings: Settings, now: datetime) -> Actions:
    """Deleted documents whose purge was never confirmed: purged again, until it is."""
    done: Actions = Counter()
    limit = settings.reliability.reap_batch
    for doc in repository.unpurged_documents(session, before=_stale(settings, now), limit=limit):
        doc.updated_at = now
        done["repurged"] += 1
        queue.enqueue_after_commit(session, queue.PURGE, str(doc.id), queue="cpu")
    return done


def retention(session: Session, settings: Settings, now: datetime) -> Actions:
    """With ``retention.days``, finished documents older than that: deleted and purged."""
    done: Actions = Counter()
    if settings.retention.days is None:
        return done
    cutoff = now - timedelta(days=settings.retention.days)
    limit = settings.reliability.reap_batch
    for doc in repository.expired_documents(session, finished_before=cutoff, limit=limit):
        service.forget(session, doc)
        done["expired"] += 1
        queue.enqueue_after_commit(session, queue.PURGE, str(doc.id), queue="cpu")
    return done


# In the order one pass runs them: pages go back or fail before the scans for lost
# messages and stalled documents look at what is left.
SWEEPS: tuple[Sweep, ...] = (
    expired_leases,
    past_deadline,
    lost_page_messages,
    unconsumed_messages,
    fill_windows,
    stalled_documents,
    unconfirmed_purges,
    retention,
)
