"""The document state machine as the workers drive it.

Fan-in without chords (DESIGN.md): a page's guarded transition to done/failed and the
document's counter increment happen in one transaction, so a redelivered task cannot
count a page twice, and exactly one transaction sees the last page finish and
enqueues finalize. Finalize sets the terminal status under a guard and writes the
outbox row in the same transaction.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from common.core import engines, queue
from common.core.db import after_commit
from common.core.orm import utcnow
from common.core.storage import document_prefix
from common.documents import dispatch, repository
from common.documents.models import ACTIVE_DOCUMENT_STATUSES, Document, DocumentStatus, Page, PageStatus
from common.documents.repository import chain
from common.webhooks.service import record_outcome

log = logging.getLogger(__name__)


def start_document(session: Session, document_id: uuid.UUID, *, lease: timedelta) -> Document | None:
    """Take the document for its prepare, under a lease: queued → processing, or a
    processing document whose earlier prepare died (its lease expired). The document if
    this prepare is to split it; None if it is finished, already split, or held by a
    live prepare (a duplicate message)."""
    # A guarded UPDATE, not an ORM attribute change: the ORM would write 'processing'
    # over a cancellation committed after it read 'queued' (a lost update that revived
    # a deleted document and gave it a second outcome).
    if not repository.take_for_prepare(session, document_id, now=utcnow(), lease=lease):
        return None
    doc = session.get(Document, document_id, populate_existing=True)
    if doc is None or doc.status not in ACTIVE_DOCUMENT_STATUSES:
        return None
    return doc


@dataclass(frozen=True)
class PagePlan:
    page_no: int
    width: float
    height: float
    has_text_layer: bool | None
    image_key: str | None
    text_layer_key: str | None
    error: dict[str, Any] | None = None  # the page could not be split: it fails alone


def create_pages(session: Session, doc: Document, plans: list[PagePlan]) -> list[int]:
    """Insert the page rows that do not exist yet (a redelivered prepare resumes), end the
    prepare's lease, and send as many pages as the tenant's dispatch window takes (the
    rest wait as rows: common/documents/dispatch.py). Returns the page numbers sent."""
    existing = {p.page_no for p in repository.list_pages(session, doc.id)}
    new = [p for p in plans if p.page_no not in existing]
    now = utcnow()
    if new:
        # One INSERT of every row (ORM bulk insert, rendered as a multi-row VALUES), not
        # one statement a page: a prepare's cost a page is mostly statements.
        session.execute(
            insert(Page),
            [
                {
                    "document_id": doc.id,
                    "page_no": plan.page_no,
                    "status": PageStatus.failed.value if plan.error else PageStatus.queued.value,
                    "error": plan.error,
                    "finished_at": now if plan.error else None,
                    "width": plan.width,
                    "height": plan.height,
                    "has_text_layer": plan.has_text_layer,
                    "image_key": plan.image_key,
                    "text_layer_key": plan.text_layer_key,
                    "attempts": 0,
                    "timings": {},
                    "tokens": {},
                }
                for plan in new
            ],
        )
    broken = sum(1 for p in new if p.error)
    if broken:
        doc.pages_failed += broken
        session.flush()
        if doc.pages_done + doc.pages_failed == doc.pages_total:
            queue.enqueue_after_commit(session, queue.FINALIZE, str(doc.id), queue="cpu")
    doc.prepare_lease_expires_at = None
    session.flush()
    dispatch.top_up_prepares(session, doc.tenant_id)  # this prepare left its window
    sent = dispatch.top_up(session, doc.tenant_id, doc.engine)
    return [n for d, n in sent if d == doc.id]


def claim_page(
    session: Session, document_id: uuid.UUID, page_no: int, *, worker: str, lease: timedelta
) -> repository.ClaimedPage | None:
    """Take a page for conversion; None when there is nothing to do (finished, cancelled)."""
    return repository.claim_page(session, document_id, page_no, worker=worker, lease_until=utcnow() + lease)


def _finish(
    session: Session,
    document_id: uuid.UUID,
    page_no: int,
    *,
    status: PageStatus,
    values: dict[str, Any],
    in_window: bool = False,
) -> bool:
    """The guarded page transition plus the counter; the one call that saw the last page
    finish enqueues finalize after commit. False if the page was already finished."""
    counted = repository.finish_and_count(session, document_id, page_no, status=status, values=values)
    if counted is None:
        return False
    _finalize_if_last(session, document_id, counted)
    # The page left its tenant's window (or ran outside it, if auto handed it over):
    # the next waiting page takes its place. A page known to have been in the window
    # frees exactly one place, which the tenant's next page takes in one statement (the
    # page finish's common case); otherwise the window is counted.
    if in_window:
        dispatch.replace(session, counted.tenant_id, counted.engine)
    else:
        dispatch.top_up(session, counted.tenant_id, counted.engine)
    return True


def _finalize_if_last(session: Session, document_id: uuid.UUID, counted: repository.Counted) -> None:
    """The one transaction that counted the document's last page sends its finalize."""
    if counted.done + counted.failed == counted.total and counted.status in ACTIVE_DOCUMENT_STATUSES:
        queue.enqueue_after_commit(session, queue.FINALIZE, str(document_id), queue="cpu")


def complete_page(
    session: Session,
    document_id: uuid.UUID,
    page_no: int,
    *,
    engine: str,
    result_key: str,
    timings: dict[str, float],
    tokens: dict[str, int],
    in_window: bool = False,
) -> bool:
    """Mark a page done and count it once. False if it was already finished or cancelled.
    ``in_window``: the page ran on its document's engine (auto did not hand it over), so
    it held a place in its tenant's dispatch window (complete_and_take: a chain that
    fills the place itself)."""
    values = {"engine": engine, "result_key": result_key, "timings": timings, "tokens": tokens, "error": None}
    return _finish(
        session,
        document_id,
        page_no,
        status=PageStatus.done,
        values=values,
        in_window=in_window,
    )


@dataclass(frozen=True)
class Successor:
    """A waiting page that took a finished page's place, claimed by the worker that
    finished it: it runs there at once, with no message."""

    document_id: uuid.UUID
    page_no: int
    claimed: repository.ClaimedPage


def ran_page(
    document_id: uuid.UUID,
    page_no: int,
    *,
    engine: str,
    result_key: str,
    timings: dict[str, float],
    tokens: dict[str, int],
) -> chain.Ran:
    """A page run to a result, as complete_and_take records it."""
    values = {"engine": engine, "result_key": result_key, "timings": timings, "tokens": tokens}
    return chain.Ran(document_id, page_no, values)


def complete_and_take(
    session: Session,
    ran: Sequence[chain.Ran],
    *,
    take: int,
    tenant_id: uuid.UUID,
    page_engine: str,
    worker: str,
    lease: timedelta,
    grown: bool = False,
    freed: int | None = None,
) -> tuple[frozenset[tuple[uuid.UUID, int]], list[Successor]]:
    """complete_page for pages that held places in their tenant's window on
    ``page_engine``, whose places up to ``take`` of the tenant's next waiting pages take,
    claimed for ``worker``, in the same statement (worker/flows/convert.py's chain): the
    pages counted here, and the pages taken next (none if none waits, or none was counted).

    Places the step frees and does not take are handed on: one page finished, one place,
    to the next waiting page (replace: one statement); more, or a chain that ``grown``
    beyond the places it was given (groups of fast pages), by counting the window
    (top_up), so that what the chain held beyond the window goes back to it.
    ``freed``: the places the step frees, if more than the pages it finished (pages of
    the group put back in the backlog unstarted)."""
    step = dispatch.finish_and_take_place(
        session,
        ran,
        take=take,
        tenant_id=tenant_id,
        engine=page_engine,
        worker=worker,
        lease_until=utcnow() + lease,
    )
    for document_id, counted in step.counted.items():
        _finalize_if_last(session, document_id, counted)
    places = max(freed or 0, len(ran))
    if len(step.taken) < places and (step.counted or places > len(ran)):
        if grown or places > 1:
            dispatch.top_up(session, tenant_id, page_engine)
        else:
            dispatch.replace(session, tenant_id, page_engine)
    return step.finished, [Successor(*taken) for taken in step.taken]


def fail_page(
    session: Session, document_id: uuid.UUID, page_no: int, *, engine: str | None, error: dict[str, Any]
) -> bool:
    values = {"engine": engine, "result_key": None, "timings": {}, "tokens": {}, "error": error}
    return _finish(session, document_id, page_no, status=PageStatus.failed, values=values)


def escalate_page(
    session: Session,
    document_id: uuid.UUID,
    page_no: int,
    *,
    worker: str,
    engine: str,
    fallback_key: str,
    image_key: str | None = None,
) -> bool:
    """Hand a page ``auto`` has read to a model engine: it goes back to queued, on that
    engine's queue, with auto's result kept at ``fallback_key``. Nothing is counted: the
    page is still open, and whichever transition closes it counts it, once.

    False if the page is no longer this worker's (cancelled, or reaped and taken again).
    """
    if not repository.escalate_page(
        session,
        document_id,
        page_no,
        worker=worker,
        engine=engine,
        fallback_key=fallback_key,
        image_key=image_key,
    ):
        return False
    to = engines.get(engine).queue
    queue.enqueue_after_commit(session, queue.CONVERT, str(document_id), page_no, queue=to)
    # It left auto's window on the CPU queue: the next waiting page takes its place.
    doc = repository.get_document_unscoped(session, document_id)
    if doc is not None:
        dispatch.top_up(session, doc.tenant_id, doc.engine)
    return True


def keep_fallback(session: Session, document_id: uuid.UUID, page_no: int, *, fallback_key: str) -> bool:
    """Finish an escalated page with auto's result, where the model engine gave none (its
    attempts ran out, or no worker for it is left): the page counts as done, by ``auto``."""
    values: dict[str, Any] = {"engine": "auto", "result_key": fallback_key, "timings": {}, "tokens": {}}
    return _finish(session, document_id, page_no, status=PageStatus.done, values=values)


def exhausted_error(page_no: int, max_attempts: int, last: dict[str, Any] | None) -> dict[str, Any]:
    """The error of a page that used up its attempts, carrying the last attempt's error."""
    why = f": {last.get('message')}" if last and last.get("message") else " (its worker crashed or timed out)"
    error: dict[str, Any] = {
        "code": "attempts_exhausted",
        "message": f"page {page_no} did not finish in {max_attempts} attempts{why}",
    }
    if last:
        error["last_error"] = last
    return error


def nothing_to_claim(session: Session, document_id: uuid.UUID, page_no: int) -> None:
    """A page task found nothing to run (the page finished, was cancelled, or a live
    worker holds it): the page leaves its tenant's window if its message was the one
    still counted there, and finalize is sent again if the document needs it."""
    dispatch.message_taken(session, document_id, page_no)
    ensure_finalize(session, document_id)


def ensure_finalize(session: Session, document_id: uuid.UUID) -> bool:
    """Enqueue finalize again if every page is finished, the document is not, and no
    finalize is at work on it (its lease); True if it did.

    Called when a redelivered page task finds its page already finished: the delivery
    that finished it may have committed and then failed to enqueue finalize. Late
    duplicates of a document's page tasks (a redelivery, the reaper's re-send) come in
    bursts; while a finalize holds the document they send nothing, and once the
    document is finished nothing at all.
    """
    doc = repository.get_document_unscoped(session, document_id)
    if (
        doc is None
        or doc.status not in ACTIVE_DOCUMENT_STATUSES
        or doc.pages_done + doc.pages_failed < doc.pages_total
        or (doc.finalize_lease_expires_at is not None and doc.finalize_lease_expires_at > utcnow())
    ):
        return False
    queue.enqueue_after_commit(session, queue.FINALIZE, str(document_id), queue="cpu")
    return True


def fail_document(session: Session, document_id: uuid.UUID, *, code: str, message: str) -> bool:
    """A document-level failure (its source cannot be split, its outputs cannot be built)."""
    doc = repository.get_document_unscoped(session, document_id)
    if doc is None:
        return False
    repository.cancel_open_pages(session, document_id)
    return set_terminal(session, doc, DocumentStatus.failed, error={"code": code, "message": message})


def outcome_status(doc: Document) -> DocumentStatus:
    if doc.pages_failed == 0:
        return DocumentStatus.succeeded
    if doc.pages_done > 0:
        return DocumentStatus.partially_succeeded
    return DocumentStatus.failed


def set_terminal(
    session: Session,
    doc: Document,
    status: DocumentStatus,
    *,
    error: dict[str, Any] | None,
    pages_open: bool = True,
) -> bool:
    """Guarded move to a terminal status plus its outbox row. True for the one caller that did it.

    ``pages_open``: the document may end with pages sent, running or waiting (cancelled,
    deleted, failed, past its deadline), so its tenant's windows are topped up. A
    finalize passes False: every page had finished, so the document held no place in
    either window and nothing would be sent (five statements a document saved)."""
    now = utcnow()
    changed = repository.set_document_status(
        session,
        doc.id,
        expect=ACTIVE_DOCUMENT_STATUSES,
        values={"status": status.value, "finished_at": now, "error": error},
    )
    if not changed:
        return False
    session.refresh(doc)
    record_outcome(session, doc)
    if pages_open:
        # A document cancelled, deleted or failed with pages open leaves room in its
        # tenant's window: the tenant's next waiting pages take it now, not at the
        # reaper's next pass.
        dispatch.top_up(session, doc.tenant_id, doc.engine)
        dispatch.top_up_prepares(session, doc.tenant_id)
    if doc.deleted_at is None:  # (a deleted document's purge takes everything)
        tenant_id, document_id = doc.tenant_id, doc.id
        after_commit(session, lambda: drop_intermediates(tenant_id, document_id))
    return True


def drop_intermediates(tenant_id: uuid.UUID, document_id: uuid.UUID) -> None:
    """The page renders and text layers (pages/) only feed conversion; once the document
    is terminal, however it got there (finalized, cancelled, failed, past its deadline),
    nothing reads them again, and full-resolution images of every page of a contract are
    not kept for nothing. Best effort: the outputs and page results are what the client
    reads, and a DELETE or the retention purges whatever is left."""
    from common.core.storage import get_store

    try:
        get_store().delete_prefix(document_prefix(tenant_id, document_id) + "pages/")
    except Exception:
        log.warning("dropping the page renders of a finished document failed", exc_info=True)
