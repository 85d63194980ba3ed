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
- queued work nobody took for ``redispatch_after`` (a broker that restarted without
  persistence, a dispatch that failed while the broker was down): dispatched again.
  Duplicates are harmless: claims are guarded. An escalated page whose model engine no
  live worker serves any more keeps auto's result;
- documents whose every page finished but which were never finalized: finalize again;
- deleted documents whose purge was not confirmed (the store was down for longer than
  the purge task retried): purged again, until it is;
- with ``retention.days``, finished documents older than that: deleted as a client's
  DELETE would (metadata forgotten, every object purged, 404 from then on).

Each of these is a sweep: a function that takes a Session, never commits, and sends
its tasks with ``enqueue_after_commit``. The reap flow (worker/flows/reap.py) runs each
sweep in a transaction of its own, so one that fails rolls back alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from common.core import queue
from common.core.settings import Settings
from common.documents import processing, repository, service
from common.documents.models import DocumentStatus
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
    """Queued pages nobody took for ``redispatch_after``: dispatched again (claims are
    guarded, so a duplicate is harmless). A page auto escalated to a model engine that no
    live worker serves any more is finished with auto's own result instead."""
    done: Actions = Counter()
    limit = settings.reliability.reap_batch
    within = timedelta(seconds=settings.reliability.worker_stale_after)
    served: dict[str, bool] = {}
    for page in repository.stale_queued_pages(session, before=_stale(settings, now), limit=limit):
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
        done["redispatched"] += 1
        queue.enqueue_after_commit(session, queue.CONVERT, str(page.document_id), page.page_no, queue=to)
    return done


def lost_prepare_messages(session: Session, settings: Settings, now: datetime) -> Actions:
    """Queued documents nobody took for ``redispatch_after``: prepare sent again."""
    done: Actions = Counter()
    for doc in repository.stale_documents(
        session,
        status=DocumentStatus.queued.value,
        before=_stale(settings, now),
        limit=settings.reliability.reap_batch,
    ):
        doc.updated_at = now
        done["redispatched"] += 1
        queue.enqueue_after_commit(session, queue.PREPARE, str(doc.id), queue="cpu")
    return done


def stalled_documents(session: Session, settings: Settings, now: datetime) -> Actions:
    """A processing document with no page progress for a while: every page finished and
    its finalize message was lost, or (untouched for longer than a prepare may run) its
    prepare died before creating any page."""
    done: Actions = Counter()
    dead_prepare = now - timedelta(seconds=settings.broker.prepare_time_limit + 60)
    for doc in repository.stale_documents(
        session,
        status=DocumentStatus.processing.value,
        before=_stale(settings, now),
        limit=settings.reliability.reap_batch,
    ):
        pages = repository.count_pages(session, doc.id)
        if pages and doc.pages_done + doc.pages_failed >= doc.pages_total:
            doc.updated_at = now
            done["finalized"] += 1
            queue.enqueue_after_commit(session, queue.FINALIZE, str(doc.id), queue="cpu")
        elif pages == 0 and doc.updated_at < dead_prepare:
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
    lost_prepare_messages,
    stalled_documents,
    unconfirmed_purges,
    retention,
)
