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
from contextlib import ExitStack
from datetime import timedelta

from PIL import Image
from sqlalchemy.exc import OperationalError

from common.core import engines, queue
from common.core.db import Database
from common.core.orm import utcnow
from common.core.settings import Settings
from common.core.storage import ObjectStore, page_result_key
from common.documents import dispatch, processing, repository
from common.observability import metrics
from common.observability.logging import bound
from worker.engines.base import PageError, PageInput
from worker.engines.registry import get_engine
from worker.engines.textlayer import TextLayer
from worker.flows import escalate
from worker.flows.chain import Chain
from worker.flows.record import Ran, record
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
    that finished claims it in the finishing transaction and runs it at once. Pages that
    ran fast are taken in groups (chain_group of them, Chain.take) and finished together:
    one transaction for a group. The chain ends after chain_pages pages, or once
    chain_seconds are up if another tenant's work then waits on the broker
    (worker/flows/chain.py).
    """
    rel = settings.reliability
    lease = lease or timedelta(seconds=rel.page_lease)
    max_attempts = max_attempts or rel.page_max_attempts
    with db.session_scope() as s:
        claimed = processing.claim_page(s, document_id, page_no, worker=worker_id(), lease=lease)
        if claimed is None:
            log.info("convert skipped: page finished, held by a live worker, or document not active")
            processing.nothing_to_claim(s, document_id, page_no)
            return
    chain = Chain(settings)
    ran = _run_claimed(db, store, settings, document_id, page_no, claimed, lease, max_attempts, queue_name)
    if ran is None:
        return
    try:
        group = record(db, store, [ran], lease, chain)
    except BaseException as exc:
        _give_back(db, document_id, page_no, exc)
        raise
    while group:
        group = _run_group(db, settings, store, group, lease, max_attempts, chain)


def _run_group(
    db: Database,
    settings: Settings,
    store: ObjectStore,
    group: list[processing.Successor],
    lease: timedelta,
    max_attempts: int,
    chain: Chain,
) -> list[processing.Successor]:
    """Run the pages the chain claimed, then record them together; the pages taken next.

    They have no message of their own: a failure that the task would retry (an engine
    error, the store down) gives that page back, as for any page, and sends it a
    message, so that it is retried like a sent page (the reaper takes it up if even that
    fails); the group's pages that ran are recorded and the ones not started go back to
    the backlog. The task's own page is done whatever happens here."""
    rel = settings.reliability
    keeper = get_keeper(db, lease=rel.page_lease, renew_every=rel.lease_renew, step_lease=rel.step_lease)
    ran: list[Ran] = []
    rest: list[processing.Successor] = []
    started = time.monotonic()
    with ExitStack() as held:
        for page in group:  # every page of the group keeps its lease until it is recorded
            held.enter_context(keeper.hold(page.document_id, page.page_no))
        for i, page in enumerate(group):
            if i and time.monotonic() - started > rel.chain_group_seconds:
                # The group was sized by pages faster than these (a text-layer page before
                # scans, say): what ran is recorded now, and the pages not started go back
                # to the backlog rather than wait on this worker.
                rest = group[i:]
                break
            with bound(document_id=str(page.document_id), page_no=page.page_no):
                try:
                    doc_id, page_no = page.document_id, page.page_no
                    one = _run_claimed(
                        db, store, settings, doc_id, page_no, page.claimed, lease, max_attempts, None
                    )
                except Exception:
                    log.warning("chained page given back to the queue", exc_info=True)
                    _group_failed(db, store, page, group[i + 1 :], ran, lease, chain)
                    return []
            if one is not None:
                ran.append(one)
        try:
            return _record_retrying(db, store, ran, lease, chain, held=len(group), give_back=rest)
        except Exception:  # the database is down: the leases lapse and the reaper sends them
            log.warning("could not record the chained pages", exc_info=True)
            return []


def _record_retrying(
    db: Database,
    store: ObjectStore,
    ran: list[Ran],
    lease: timedelta,
    chain: Chain,
    *,
    held: int,
    give_back: list[processing.Successor],
) -> list[processing.Successor]:
    """record, again if PostgreSQL chose its transaction as a deadlock's victim. A
    backstop, not the remedy: every writer of several pages locks them in one order
    (repository.lock_in_order), so a deadlock here means a writer that does not, and it is
    logged as a warning to be found. The transaction rolled back whole, so the record is
    simply made again; without this the group's pages would wait out their leases for
    the reaper."""
    for attempt in range(_DEADLOCK_TRIES):
        try:
            return record(db, store, ran, lease, chain, held=held, give_back=give_back)
        except OperationalError as exc:
            if getattr(exc.orig, "sqlstate", None) != _DEADLOCK or attempt == _DEADLOCK_TRIES - 1:
                raise
            log.warning("chained pages' record chosen as a deadlock victim; recording again", exc_info=True)
    return []


_DEADLOCK, _DEADLOCK_TRIES = "40P01", 3


def _group_failed(
    db: Database,
    store: ObjectStore,
    failed: processing.Successor,
    unstarted: list[processing.Successor],
    ran: list[Ran],
    lease: timedelta,
    chain: Chain,
) -> None:
    """A page of a group failed (and was given back): record the pages that ran, send
    the failed page a message, put the pages not started back in the backlog."""
    chain.end()
    try:
        record(db, store, ran, lease, chain)
        with db.session_scope() as s:
            to = queue.engine_queue(failed.claimed.engine)
            eta = utcnow() + timedelta(seconds=2)
            doc_id = str(failed.document_id)
            queue.enqueue_after_commit(s, queue.CONVERT, doc_id, failed.page_no, queue=to, eta=eta)
            if unstarted:
                repository.lock_pages(s, [(p.document_id, p.page_no) for p in unstarted])
                for p in unstarted:
                    repository.unclaim_page(s, p.document_id, p.page_no, worker=worker_id())
                dispatch.top_up(s, failed.claimed.tenant_id, failed.claimed.engine)
    except Exception:  # the database is down: their leases expire and the reaper sends them
        log.warning("could not record the group or send the failed page again", exc_info=True)


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
) -> Ran | None:
    """Run a claimed page to a stored result (recorded later, by record.record); None if the
    page ended otherwise (failed, exhausted, handed over, sent to another queue)."""
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
                db, store, settings, document_id, page_no, claimed, final=claimed.attempts >= max_attempts
            )
        except BaseException as exc:
            _give_back(db, document_id, page_no, exc)
            raise


def _give_back(db: Database, document_id: uuid.UUID, page_no: int, exc: BaseException) -> None:
    """Give the page back at once (the retry, or another worker, claims it without waiting
    for the lease to expire) and keep why, for the page's last error."""
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
            repository.release_page(s, document_id, page_no, worker=worker_id(), error=error)
    except Exception:  # the database is down: the lease expires and the reaper acts
        log.warning("could not give the page back", exc_info=True)


def _convert_claimed(
    db: Database,
    store: ObjectStore,
    settings: Settings,
    document_id: uuid.UUID,
    page_no: int,
    claimed: repository.ClaimedPage,
    *,
    final: bool,
) -> Ran | None:
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
    return Ran(document_id, page_no, claimed, outcome, key, elapsed)
