"""The reaper: Celery beat's safety net for work whose worker or message was lost.

Every step is a guarded UPDATE taken under ``FOR UPDATE SKIP LOCKED``, so any number of
reapers may run at once, and none of them can count a page twice: a page goes back to
the queue or fails through the same guarded transitions that workers use (DESIGN.md's
fan-in). What it does, each run:

- running pages whose lease expired (the worker was killed, the machine lost): back to
  queued and dispatched again, or failed with their last error once they used up their
  attempts;
- documents past their deadline: their open pages fail (``deadline_exceeded``) and the
  document finishes with what it has;
- queued work nobody took for ``redispatch_after`` (a broker that restarted without
  persistence, a dispatch that failed while the broker was down): dispatched again.
  Duplicates are harmless: claims are guarded;
- documents whose every page finished but which were never finalized: finalize again;
- deleted documents whose purge was not confirmed (the store was down for longer than
  the purge task retried): purged again, until it is;
- with ``retention.days``, finished documents older than that: deleted as a client's
  DELETE would (metadata forgotten, every object purged, 404 from then on).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.orm import Session

from common.core import queue
from common.core.orm import utcnow
from common.core.settings import Settings
from common.documents import processing, repository, service
from common.documents.models import DocumentStatus
from common.observability import metrics

log = logging.getLogger(__name__)


@dataclass
class ReapReport:
    requeued: int = 0
    failed: int = 0
    deadline: int = 0
    redispatched: int = 0
    finalized: int = 0
    repurged: int = 0
    expired: int = 0
    dispatches: list[tuple[str, tuple[object, ...], str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "requeued": self.requeued,
            "failed": self.failed,
            "deadline": self.deadline,
            "redispatched": self.redispatched,
            "finalized": self.finalized,
            "repurged": self.repurged,
            "expired": self.expired,
        }


def _dispatch_after_commit(session: Session, report: ReapReport) -> None:
    for name, args, queue_name in report.dispatches:
        queue.enqueue_after_commit(session, name, *args, queue=queue_name)


def reap(session: Session, settings: Settings) -> ReapReport:
    """One pass. The caller owns the transaction; dispatches happen after its commit."""
    rel = settings.reliability
    now = utcnow()
    report = ReapReport()

    for page in repository.expired_leases(session, now=now, limit=rel.reap_batch):
        if page.attempts >= rel.page_max_attempts:
            error = processing.exhausted_error(page.page_no, rel.page_max_attempts, page.error)
            if processing.fail_page(session, page.document_id, page.page_no, engine=page.engine, error=error):
                report.failed += 1
        elif repository.requeue_expired(session, page.document_id, page.page_no, now=now):
            report.requeued += 1
            report.dispatches.append(
                (queue.CONVERT, (str(page.document_id), page.page_no), queue.engine_queue(page.engine))
            )

    for doc in repository.past_deadline(session, now=now, limit=rel.reap_batch):
        error = {
            "code": "deadline_exceeded",
            "message": f"the document's deadline ({doc.deadline_at:%Y-%m-%dT%H:%M:%SZ}) passed "
            "before this page was converted",
        }
        report.deadline += repository.fail_open_pages(session, doc.id, error=error)
        if repository.count_pages(session, doc.id) == 0:
            # Never split into pages (its prepare is late or lost): nothing to assemble.
            if processing.set_terminal(session, doc, DocumentStatus.failed, error=error):
                report.deadline += 1
            continue
        session.refresh(doc)
        if doc.pages_done + doc.pages_failed >= doc.pages_total:
            report.dispatches.append((queue.FINALIZE, (str(doc.id),), "cpu"))

    stale = now - timedelta(seconds=rel.redispatch_after)
    for page in repository.stale_queued_pages(session, before=stale, limit=rel.reap_batch):
        report.redispatched += 1
        report.dispatches.append(
            (queue.CONVERT, (str(page.document_id), page.page_no), queue.engine_queue(page.engine))
        )
    for doc in repository.stale_documents(
        session, status=DocumentStatus.queued.value, before=stale, limit=rel.reap_batch
    ):
        doc.updated_at = now
        report.redispatched += 1
        report.dispatches.append((queue.PREPARE, (str(doc.id),), "cpu"))

    # A processing document with no page progress for a while: every page finished and
    # its finalize message was lost, or (untouched for longer than a prepare may run) its
    # prepare died before creating any page.
    dead_prepare = now - timedelta(seconds=settings.broker.prepare_time_limit + 60)
    for doc in repository.stale_documents(
        session, status=DocumentStatus.processing.value, before=stale, limit=rel.reap_batch
    ):
        pages = repository.count_pages(session, doc.id)
        if pages and doc.pages_done + doc.pages_failed >= doc.pages_total:
            doc.updated_at = now
            report.finalized += 1
            report.dispatches.append((queue.FINALIZE, (str(doc.id),), "cpu"))
        elif pages == 0 and doc.updated_at < dead_prepare:
            doc.updated_at = now
            report.redispatched += 1
            report.dispatches.append((queue.PREPARE, (str(doc.id),), "cpu"))

    for doc in repository.unpurged_documents(session, before=stale, limit=rel.reap_batch):
        doc.updated_at = now
        report.repurged += 1
        report.dispatches.append((queue.PURGE, (str(doc.id),), "cpu"))

    if settings.retention.days is not None:
        cutoff = now - timedelta(days=settings.retention.days)
        for doc in repository.expired_documents(session, finished_before=cutoff, limit=rel.reap_batch):
            service.forget(session, doc)
            report.expired += 1
            report.dispatches.append((queue.PURGE, (str(doc.id),), "cpu"))

    _dispatch_after_commit(session, report)
    for action, n in report.as_dict().items():
        if n:
            metrics.count_reaper(action, n)
    if any(report.as_dict().values()):
        log.info("reaper", extra={"fields": report.as_dict()})
    return report
