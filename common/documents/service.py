"""Documents' commands: find one, submit, cancel, delete (and forget, purge).

Services never commit; the request boundary does. Side effects outside the database
(the broker) are registered to run after commit; writes to object storage happen before
the row exists and are undone if the row cannot be written. Reading documents back is
:mod:`common.documents.views`; parsing the submit form, :mod:`common.documents.forms`.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.audit import service as audit
from common.core import engines, queue
from common.core.db import on_rollback
from common.core.errors import Conflict, EngineUnavailable, InvalidInput, NotFound, TooManyRequests
from common.core.orm import utcnow
from common.core.settings import Settings
from common.core.storage import ObjectStore, document_prefix, source_key
from common.documents import dispatch, forms, idempotency, processing, repository
from common.documents.forms import StagedUpload, SubmitOptions
from common.documents.models import Document, DocumentStatus
from common.documents.pages import parse_page_selection
from common.uploads.inspect import inspect_file
from common.webhooks import endpoints
from common.webhooks import service as webhooks
from common.workers import service as workers

log = logging.getLogger(__name__)


def get_document(session: Session, tenant_id: uuid.UUID, document_id: uuid.UUID) -> Document:
    """The tenant's document, unless it was deleted; NotFound (404) otherwise."""
    doc = repository.get_document(session, tenant_id, document_id)
    if doc is None:
        raise NotFound(f"document {document_id} not found")
    return doc


def submit(
    session: Session,
    store: ObjectStore,
    settings: Settings,
    *,
    tenant_id: uuid.UUID,
    upload: StagedUpload,
    options: SubmitOptions,
) -> tuple[Document, bool]:
    """Validate, store and queue a document. Returns (document, created)."""
    key = idempotency.parse_key(options.idempotency_key)
    # Before the first query: vetting the URL may wait on DNS, and opening the file may
    # take the sandbox's timeout, and no transaction (on SQLite, the write lock) may be
    # held meanwhile. A replay opens its file again, which costs it that much.
    parsed = forms.parse(options, settings)
    found = inspect_file(upload.path, upload.head, settings.limits)
    selection = parse_page_selection(options.pages, found.page_count)
    request = parsed.with_selection(selection, found.page_count)
    digest = idempotency.digest(request)
    if key:
        existing = repository.get_by_idempotency_key(session, tenant_id, key)
        if existing is not None:
            replayed = idempotency.replay(
                existing, sha256=upload.sha256, request=request, request_digest=digest
            )
            return replayed, False

    if request.webhook_url:
        endpoints.require_secret(session, tenant_id)
    _require_worker(session, settings, request.engine)
    _check_inflight(session, settings, tenant_id, len(selection))

    doc_id = uuid.uuid4()
    key_source = source_key(tenant_id, doc_id)
    doc = Document(
        id=doc_id,
        tenant_id=tenant_id,
        status=DocumentStatus.queued.value,
        engine=request.engine,
        options={
            "output_formats": request.output_formats,
            "pages": request.pages,
            "request": digest,
            **({"prompt": request.prompt} if request.prompt else {}),
            # as text: the client's order of properties is the model's (stored_schema)
            **({"schema": json.dumps(request.schema, ensure_ascii=False)} if request.schema else {}),
        },
        pages_total=len(selection),
        pages_done=0,
        pages_failed=0,
        source_key=key_source,
        sha256=upload.sha256,
        bytes=upload.size,
        media_type=found.media_type,
        filename=forms.clean_filename(upload.filename),
        source_pages=found.page_count,
        client_metadata=request.metadata,
        idempotency_key=key,
        webhook_url=request.webhook_url,
        deadline_at=utcnow() + request.deadline_in(settings),
    )
    store.put_file(key_source, upload.path, content_type=found.media_type)
    try:
        with session.begin_nested():
            session.add(doc)
    except IntegrityError:
        # Another request with the same idempotency key won the race: answer as it did.
        store.delete(key_source)
        winner = repository.get_by_idempotency_key(session, tenant_id, key) if key else None
        if winner is None:
            raise
        replayed = idempotency.replay(winner, sha256=upload.sha256, request=request, request_digest=digest)
        return replayed, False
    except BaseException:
        store.delete(key_source)
        raise
    # If the transaction later rolls back, the stored source would be orphaned.
    on_rollback(session, lambda: store.delete(key_source))
    # Its prepare is sent after commit if the tenant's prepare window has room, else when
    # one of its prepares ends (if the broker is down, the row is the outbox: the reaper
    # sends it later).
    dispatch.top_up_prepares(session, tenant_id)
    return doc, True


def _require_worker(session: Session, settings: Settings, engine: str) -> None:
    """A model or remote engine needs a worker of its own: without one, its pages would
    wait in their queue until the document's deadline. The CPU queue is not checked:
    every deployment runs it, and while its workers restart, documents wait (outbox)."""
    spec = engines.get(engine)
    if not settings.engines.require_worker or not spec.needs_worker:
        return
    within = timedelta(seconds=settings.reliability.worker_stale_after)
    if not workers.serving(session, spec.queue, within):
        raise EngineUnavailable(
            f"no worker serves engine {engine!r} (queue {spec.queue}) right now; "
            f"start one (`pagemill worker --engine {engine}`), or choose another engine",
            engine=engine,
        )


def _check_inflight(session: Session, settings: Settings, tenant_id: uuid.UUID, pages: int) -> None:
    """Refuse a document that would take the tenant over its pages in flight.

    A soft limit: two submits at the same moment may both pass (by at most their own
    pages); holding a per-tenant lock across the upload to storage would serialise a
    tenant's submits, which costs more than the overshoot.
    """
    limit = settings.quotas.max_inflight_pages
    if limit <= 0:
        return
    if pages > limit:
        raise InvalidInput(
            f"the document has {pages} pages to convert, more than this tenant may have in flight "
            f"({limit}); submit it in parts (the 'pages' field)",
            field="pages",
        )
    inflight = repository.inflight_pages(session, tenant_id)
    if inflight + pages > limit:
        raise TooManyRequests(
            f"{inflight} pages of this tenant are still being converted; with this document's "
            f"{pages} that is above the limit of {limit}. Retry when some have finished.",
            retry_after=30,
            inflight_pages=inflight,
            limit=limit,
        )


def cancel_document(session: Session, *, tenant_id: uuid.UUID, document_id: uuid.UUID) -> Document:
    """Stop a document: open pages are cancelled now (queued page tasks find nothing to
    claim; a page still running is discarded when it returns) and the document ends
    ``cancelled`` with its one outcome event. 409 if it already finished."""
    doc = get_document(session, tenant_id, document_id)
    if DocumentStatus(doc.status).terminal:
        raise Conflict(f"the document already finished ({doc.status}); there is nothing to cancel")
    repository.cancel_open_pages(session, doc.id)
    error = {"code": "cancelled", "message": "cancelled by the client"}
    if not processing.set_terminal(session, doc, DocumentStatus.cancelled, error=error):
        session.refresh(doc)
        raise Conflict(f"the document finished ({doc.status}) before it could be cancelled")
    return doc


def delete_document(session: Session, *, tenant_id: uuid.UUID, document_id: uuid.UUID) -> None:
    """Cancel what is still open, forget the client's data, and dispatch the purge of
    every stored object once this commits (then call :func:`purge_stored` to purge now).

    The row stays (without metadata or file name) so that the cancellation outcome and
    its webhook survive; every read treats a deleted document as absent (404).
    """
    doc = get_document(session, tenant_id, document_id)
    open_ = not DocumentStatus(doc.status).terminal
    # Pages before the document row, the order a worker finishing a page takes them in
    # (its page, then the document's counters): the other order deadlocks against it.
    if open_:
        repository.cancel_open_pages(session, doc.id)
    # Forget the client's data before the outcome, so a cancellation event carries none.
    forget(session, doc)
    if open_:
        processing.set_terminal(session, doc, DocumentStatus.cancelled, error=None)
    # The purge task sweeps what the caller's own purge missed: a page still running on
    # a worker deletes its own late write (processing.complete_page), and anything that
    # slipped between is gone with the task (which retries while the store is down).
    doc_id = str(doc.id)
    queue.enqueue_after_commit(session, queue.PURGE, doc_id, queue="cpu")
    audit.record(session, tenant_id, audit.DOCUMENT_DELETED, doc_id)


def forget(session: Session, doc: Document) -> None:
    """Mark a document deleted and forget what the client gave us (its metadata and file
    name), also in its outcome event if one is still waiting for a retry. Its stored
    objects are the purge task's; reads answer 404 from now on."""
    doc.deleted_at = utcnow()
    doc.client_metadata = {}
    doc.filename = None
    session.flush()
    webhooks.forget_document(session, doc.id)


def purge_stored(store: ObjectStore, tenant_id: uuid.UUID, document_id: uuid.UUID) -> bool:
    """Delete a deleted document's stored objects now, after the deletion committed.
    False if the store failed: the purge task dispatched at delete finishes the job."""
    try:
        store.delete_prefix(document_prefix(tenant_id, document_id))
    except Exception:
        log.warning("purging a deleted document's objects failed; the purge task retries", exc_info=True)
        return False
    return True
