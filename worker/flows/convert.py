"""pages.convert: run the engine on one page and count its outcome once.

The page is claimed in a short transaction, under a lease this process renews while the
engine runs (worker/leases.py); the engine and the result upload run with no
transaction open; the outcome is recorded in one guarded statement that also counts it
(DESIGN.md's fan-in), and the transaction that counts the last page sends finalize.
"""

from __future__ import annotations

import io
import json
import logging
import time
import uuid
from datetime import timedelta

from PIL import Image
from sqlalchemy.orm import Session

from common.core import engines, queue
from common.core.db import Database, after_commit
from common.core.orm import utcnow
from common.core.settings import Settings
from common.core.storage import ObjectStore, page_result_key
from common.documents import dispatch, processing, repository
from common.documents.models import PageStatus
from common.observability import metrics
from common.observability.logging import bound
from worker.engines.base import PageError, PageInput
from worker.engines.registry import get_engine
from worker.engines.textlayer import TextLayer
from worker.flows import escalate
from worker.flows.transient import TRANSIENT
from worker.leases import get_keeper, worker_id

log = logging.getLogger(__name__)


def convert_page(
    db: Database,
    store: ObjectStore,
    settings: Settings,
    document_id: uuid.UUID,
    page_no: int,
    *,
    lease: timedelta | None = None,
    max_attempts: int | None = None,
    queue_name: str | None = None,
) -> None:
    """Run the engine on one page and record the outcome; then, while the chain allows
    (reliability.chain_seconds, chain_pages), run the tenant's next waiting pages too.

    If the process dies, the reaper puts the page back once the lease expires.
    Exceptions other than a non-retryable PageError give the page back (queued, with
    the error kept) and propagate so the task can retry; on the final attempt they
    fail the page instead, so one bad page never blocks a document. Attempts are counted
    at each claim, so a page that kills its worker every time is still capped.

    ``queue_name``: the queue the task's message came from, when known. A page ``auto``
    handed to a model engine (worker/flows/escalate.py) runs only from that engine's queue.

    The chain: a page that finishes frees a place in its tenant's dispatch window, which
    the tenant's next waiting page takes. Rather than send that page a message, which a
    worker then takes off the broker and claims in a transaction of its own, the worker
    that finished claims it in the finishing transaction and runs it at once. On fast
    pages (the text layer) that halves the transactions a page costs and saves its
    message. The chain ends after chain_pages pages, or once chain_seconds are up if
    another tenant's work then waits on the broker (_Chain).
    """
    rel = settings.reliability
    lease = lease or timedelta(seconds=rel.page_lease)
    max_attempts = max_attempts or rel.page_max_attempts
    with db.session_scope() as s:
        claimed = processing.claim_page(s, document_id, page_no, worker=worker_id(), lease=lease)
        if claimed is None:
            log.info("convert skipped: page finished, held by a live worker, or document not active")
            processing.ensure_finalize(s, document_id)
            return
    chain = _Chain(settings)
    successor = _run_claimed(
        db, store, settings, document_id, page_no, claimed, lease, max_attempts, queue_name, chain
    )
    while successor is not None:
        with bound(document_id=str(successor.document_id), page_no=successor.page_no):
            successor = _run_successor(db, settings, store, successor, lease, max_attempts, chain)


class _Chain:
    """How long a task goes on running its tenant's next pages (convert_page).

    At most chain_pages pages; and each time chain_seconds are up, only if no other
    tenant's page or prepare waits on the broker (then the worker goes back to take it).
    A tenant alone on the queue keeps its workers chaining, which is where the chain saves
    most; a tenant beside it waits chain_seconds and one page at most for a worker."""

    def __init__(self, settings: Settings) -> None:
        rel = settings.reliability
        self._seconds = rel.chain_seconds
        self._until = time.monotonic() + rel.chain_seconds
        self._left = rel.chain_pages if rel.chain_seconds > 0 else 0

    def another(self, session: Session, tenant_id: uuid.UUID) -> bool:
        """Whether the page now finishing may take the next one (counts it). Runs in the
        finishing transaction, which it may ask whether others wait."""
        if self._left <= 0:
            return False
        if time.monotonic() >= self._until:
            if dispatch.others_waiting(session, tenant_id):
                return False
            self._until = time.monotonic() + self._seconds
        self._left -= 1
        return True


def _run_successor(
    db: Database,
    settings: Settings,
    store: ObjectStore,
    successor: processing.Successor,
    lease: timedelta,
    max_attempts: int,
    chain: _Chain,
) -> processing.Successor | None:
    """Run a page the chain claimed. It has no message of its own: a failure that the
    task would retry (an engine error, the store down) gives it back, as for any page,
    and sends it a message, so that it is retried like a sent page (the reaper takes it
    up if even that fails). The task's own page is done whatever happens here."""
    document_id, page_no = successor.document_id, successor.page_no
    try:
        return _run_claimed(
            db, store, settings, document_id, page_no, successor.claimed, lease, max_attempts, None, chain
        )
    except Exception:
        log.warning("chained page given back to the queue", exc_info=True)
        try:
            with db.session_scope() as s:
                to = queue.engine_queue(successor.claimed.engine)
                eta = utcnow() + timedelta(seconds=2)
                queue.enqueue_after_commit(s, queue.CONVERT, str(document_id), page_no, queue=to, eta=eta)
        except Exception:  # the database is down: its lease expires and the reaper sends it
            log.warning("could not send the chained page again", exc_info=True)
        return None


def _run_claimed(
    db: Database,
    store: ObjectStore,
    settings: Settings,
    document_id: uuid.UUID,
    page_no: int,
    claimed: repository.ClaimedPage,
    lease: timedelta,
    max_attempts: int,
    queue_name: str | None,
    chain: _Chain,
) -> processing.Successor | None:
    """Run a claimed page to its outcome; the next page the chain took, if any."""
    rel = settings.reliability
    me = worker_id()
    if claimed.attempts > max_attempts:
        with db.session_scope() as s:
            if claimed.fallback_key is not None:  # escalated: auto's result stands
                processing.keep_fallback(s, document_id, page_no, fallback_key=claimed.fallback_key)
            else:
                processing.fail_page(
                    s,
                    document_id,
                    page_no,
                    engine=claimed.engine,
                    error=processing.exhausted_error(page_no, max_attempts, claimed.last_error),
                )
        return None
    to = queue.engine_queue(claimed.engine)
    if claimed.escalated_from and queue_name in engines.QUEUES and queue_name != to:
        # A copy of the page's message from before auto handed it over (redelivered to
        # the CPU queue): the page is the model engine's now. Give it back and send it there.
        with db.session_scope() as s:
            repository.release_page(s, document_id, page_no, worker=me, error=claimed.last_error)
            queue.enqueue_after_commit(s, queue.CONVERT, str(document_id), page_no, queue=to)
        return None
    keeper = get_keeper(db, lease=rel.page_lease, renew_every=rel.lease_renew, step_lease=rel.step_lease)
    with keeper.hold(document_id, page_no):
        try:
            return _convert_claimed(
                db,
                store,
                settings,
                document_id,
                page_no,
                claimed,
                final=claimed.attempts >= max_attempts,
                lease=lease,
                chain=chain,
            )
        except BaseException as exc:
            # Give the page back at once (the retry, or another worker, claims it without
            # waiting for the lease to expire) and keep why, for the page's last error.
            error = (
                exc.to_json()
                if isinstance(exc, PageError)
                else {
                    "code": "engine_error",
                    "message": f"{type(exc).__name__}: {exc}"[:2000],
                }
            )
            try:
                with db.session_scope() as s:
                    repository.release_page(s, document_id, page_no, worker=me, error=error)
            except Exception:  # the database is down: the lease expires and the reaper acts
                log.warning("could not give the page back", exc_info=True)
            raise


def _convert_claimed(
    db: Database,
    store: ObjectStore,
    settings: Settings,
    document_id: uuid.UUID,
    page_no: int,
    claimed: repository.ClaimedPage,
    *,
    final: bool,
    lease: timedelta,
    chain: _Chain,
) -> processing.Successor | None:
    tenant_id, engine_name, options = claimed.tenant_id, claimed.engine, claimed.options
    width, height = claimed.width, claimed.height
    text_key, image_key = claimed.text_layer_key, claimed.image_key
    engine = get_engine(engine_name)
    started = time.perf_counter()
    fallback = None
    try:
        layer = TextLayer.from_bytes(store.get_bytes(text_key)) if text_key else None
        image = Image.open(io.BytesIO(store.get_bytes(image_key))) if image_key else None
        fallback = escalate.load_fallback(store, claimed)
        load_s = time.perf_counter() - started
        outcome = engine.convert(
            [
                PageInput(
                    page_no=page_no,
                    width=width,
                    height=height,
                    image=image,
                    text_layer=layer,
                    options=options,
                    last_attempt=final,
                    fallback=fallback,
                )
            ]
        )[0]
    except PageError as exc:
        outcome = exc
    except Exception as exc:
        # The database or the store failing is not the page's fault: the task retries it
        # (TRANSIENT) even on the page's last attempt.
        if not final or isinstance(exc, TRANSIENT):
            raise
        log.exception("engine failed on the final attempt")
        outcome = PageError("engine_error", f"{type(exc).__name__}: {exc}")
    elapsed = time.perf_counter() - started
    outcome = escalate.model_outcome(engine_name, claimed, fallback, outcome, final=final)
    if isinstance(outcome, PageError):
        if outcome.retryable and not final:
            raise outcome
        with db.session_scope() as s:
            processing.fail_page(s, document_id, page_no, engine=engine_name, error=outcome.to_json())
        metrics.observe_page(engine_name, "failed", elapsed, None)
        log.info("page failed", extra={"fields": {"code": outcome.code}})
        return None
    outcome.timings.setdefault("load_s", round(load_s, 4))
    outcome.timings["engine_s"] = round(elapsed - load_s, 4)
    outcome.timings["total_s"] = round(elapsed, 4)
    if engine_name == "auto" and escalate.hand_over(
        db, store, settings, claimed, document_id, page_no, outcome, worker=worker_id()
    ):
        return None
    key = page_result_key(tenant_id, document_id, page_no)
    store.put_bytes(key, json.dumps(outcome.to_json(), ensure_ascii=False).encode(), "application/json")
    in_window = claimed.escalated_from is None
    successor = None
    with db.session_scope() as s:
        # A page that held a place in its tenant's window: the chain may take the place.
        if in_window and chain.another(s, tenant_id):
            changed, successor = processing.complete_and_take(
                s,
                document_id,
                page_no,
                engine=outcome.engine,
                result_key=key,
                timings=outcome.timings,
                tokens=outcome.tokens,
                tenant_id=tenant_id,
                page_engine=engine_name,
                worker=worker_id(),
                lease=lease,
            )
        else:
            changed = processing.complete_page(
                s,
                document_id,
                page_no,
                engine=outcome.engine,
                result_key=key,
                timings=outcome.timings,
                tokens=outcome.tokens,
                in_window=in_window,
            )
        if not changed:
            current = repository.get_page(s, document_id, page_no)
            if current is None or current.status != PageStatus.done.value:
                # Cancelled, deleted or failed (deadline, attempts) while we worked: our
                # late write must not outlive the purge nor stand for a failed page.
                repository.purge_again(s, document_id)
                after_commit(s, lambda: store.delete(key))
        elif claimed.fallback_key is not None:
            # The model's result is the page's: auto's, kept for it, is not needed any more.
            after_commit(s, lambda: escalate.drop(store, claimed.fallback_key))
    metrics.observe_page(outcome.engine, "done", elapsed, outcome.timings.get("engine_s"))
    return successor
