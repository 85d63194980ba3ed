"""The record of pages a convert task ran (worker/flows/convert.py): done and counted once,
in one transaction for a chain's group, with the pages the chain takes next claimed in it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from common.core.db import Database, after_commit
from common.core.storage import ObjectStore
from common.documents import dispatch, processing, repository
from common.documents.models import PageStatus
from common.documents.results import PageResult
from common.observability import metrics
from worker.flows import escalate
from worker.flows.chain import Chain
from worker.leases import worker_id


@dataclass(frozen=True)
class Ran:
    """A page run to a result that is stored and not yet recorded (record)."""

    document_id: uuid.UUID
    page_no: int
    claimed: repository.ClaimedPage
    outcome: PageResult
    key: str
    elapsed: float


def record(
    db: Database,
    store: ObjectStore,
    ran: list[Ran],
    lease: timedelta,
    chain: Chain,
    *,
    held: int | None = None,
    give_back: Sequence[processing.Successor] = (),
) -> list[processing.Successor]:
    """Record the pages that ran (done, counted once) in one transaction; the pages the
    chain took next, claimed in it. Pages of one tenant and one queue: a chain's.

    ``held``: the places the step frees in the chain's count (the pages its group held,
    whatever became of them); ``give_back``: pages of the group claimed and not started,
    put back in the backlog in the same transaction (the chain may take them again)."""
    me = worker_id()
    if not ran:
        if give_back:
            first = give_back[0].claimed
            with db.session_scope() as s:
                repository.lock_pages(s, _keys(give_back))
                for page in give_back:
                    repository.unclaim_page(s, page.document_id, page.page_no, worker=me)
                dispatch.top_up(s, first.tenant_id, first.engine)
        return []
    successors: list[processing.Successor] = []
    first = ran[0].claimed
    with db.session_scope() as s:
        if give_back:
            # Every page this transaction changes, locked first in the one order every
            # writer of several pages keeps (the lease keeper renews them meanwhile): the
            # pages given back are changed one by one before the group's statement, which
            # locks its own in that order.
            repository.lock_pages(s, [(r.document_id, r.page_no) for r in ran] + _keys(give_back))
        # A group is taken from the backlog, which holds no page auto handed over: only a
        # task's own page may run outside the window, and it runs alone.
        if first.escalated_from is None:
            for page in give_back:
                repository.unclaim_page(s, page.document_id, page.page_no, worker=me)
            # Pages that held places in their tenant's window: the chain may take them.
            slowest = max(r.elapsed for r in ran)
            take = chain.take(s, first.tenant_id, slowest=slowest)
            records = [
                processing.ran_page(
                    r.document_id,
                    r.page_no,
                    engine=r.outcome.engine,
                    result_key=r.key,
                    timings=r.outcome.timings,
                    tokens=r.outcome.tokens,
                )
                for r in ran
            ]
            finished, successors = processing.complete_and_take(
                s,
                records,
                take=take,
                tenant_id=first.tenant_id,
                page_engine=first.engine,
                worker=me,
                lease=lease,
                grown=chain.grown,
                freed=len(ran) + len(give_back),
            )
            chain.stepped(held or len(ran), len(successors))
        else:  # a page auto handed to a model engine runs outside the window (a chain of one)
            finished = frozenset(
                (r.document_id, r.page_no)
                for r in ran
                if processing.complete_page(
                    s,
                    r.document_id,
                    r.page_no,
                    engine=r.outcome.engine,
                    result_key=r.key,
                    timings=r.outcome.timings,
                    tokens=r.outcome.tokens,
                )
            )
        # In (document, page) order: a deleted document's purge mark locks its row.
        for r in sorted(ran, key=lambda r: (r.document_id, r.page_no)):
            _settle(s, store, r, (r.document_id, r.page_no) in finished)
    for r in ran:
        metrics.observe_page(r.outcome.engine, "done", r.elapsed, r.outcome.timings.get("engine_s"))
    return successors


def _keys(pages: Sequence[processing.Successor]) -> list[tuple[uuid.UUID, int]]:
    return [(p.document_id, p.page_no) for p in pages]


def _settle(s: Session, store: ObjectStore, r: Ran, counted: bool) -> None:
    """After a page's record, in its transaction: a page not counted was cancelled,
    deleted or failed (deadline, attempts) while it ran, and our late write must not
    outlive the purge nor stand for a failed page; a model's result counted makes auto's,
    kept for it, useless."""
    if not counted:
        current = repository.get_page(s, r.document_id, r.page_no)
        if current is None or current.status != PageStatus.done.value:
            repository.purge_again(s, r.document_id)
            key = r.key
            after_commit(s, lambda: store.delete(key))
    elif r.claimed.fallback_key is not None:
        fallback = r.claimed.fallback_key
        after_commit(s, lambda: escalate.drop(store, fallback))
