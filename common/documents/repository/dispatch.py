"""The dispatch window's SQL: which pages wait in Postgres, which were sent and are not
finished, and taking the next ones to send (common/documents/dispatch.py).

A page is *backlog* while it is queued and was never sent (``dispatched_at`` is None),
*sent* while it is queued with a message on the broker, and *in flight* while it is sent
or running. Only pages that run on their document's engine take part: a page ``auto``
handed to a model engine is sent at once (repository.escalate_page) and runs outside it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ARRAY, String, Uuid, and_, bindparam, exists, func, or_, select, text, update
from sqlalchemy.orm import Session

from common.core.orm import UTCDateTime
from common.documents.models import Document, DocumentStatus, Page, PageStatus
from common.documents.repository.pages import ClaimedPage, claim_page

_PROCESSING = DocumentStatus.processing.value
_QUEUED, _RUNNING = PageStatus.queued.value, PageStatus.running.value
_BACKLOG = and_(Page.status == _QUEUED, Page.dispatched_at.is_(None))
_SENT = and_(Page.status == _QUEUED, Page.dispatched_at.is_not(None))
_INFLIGHT = or_(Page.status == _RUNNING, _SENT)
# A page cancelled or failed while its message waited on the broker: the message is there
# until a worker takes it (a claim clears dispatched_at). It keeps its place in the tenant's
# window till then, whatever its document's state, so that a tenant deleting and
# resubmitting in a loop has a window of messages on the broker, not one per round.
UNCONSUMED = and_(
    Page.status.in_((PageStatus.failed.value, PageStatus.cancelled.value)), Page.dispatched_at.is_not(None)
)


# These run on every page finish: built once with bind parameters, so that a call costs
# a cached execution, not building and compiling a statement (repository/pages.py does
# the same for the rest of the hot path).
_TENANT_ENGINES = (
    Document.tenant_id == bindparam("tenant_id", type_=Uuid()),
    Document.engine.in_(bindparam("engines", expanding=True)),
)
_TENANT_ACTIVE = (*_TENANT_ENGINES, Document.status == _PROCESSING)
_ACTIVE_INFLIGHT = (
    select(func.count())
    .select_from(Page)
    .join(Document, Document.id == Page.document_id)
    .where(*_TENANT_ACTIVE, Page.engine.is_(None), _INFLIGHT)
)
# Read through ix_pages_unconsumed (a few rows, none once the broker has caught up).
_UNCONSUMED_INFLIGHT = (
    select(func.count())
    .select_from(Page)
    .join(Document, Document.id == Page.document_id)
    .where(*_TENANT_ENGINES, Page.engine.is_(None), UNCONSUMED)
)
_INFLIGHT_COUNT = select(_ACTIVE_INFLIGHT.scalar_subquery() + _UNCONSUMED_INFLIGHT.scalar_subquery())
_WAITING_DOCUMENTS = (
    select(Document.id)
    .where(*_TENANT_ACTIVE, exists().where(Page.document_id == Document.id, _BACKLOG))
    .order_by(Document.created_at, Document.id)
    .limit(bindparam("limit"))
)
_PICK = (
    select(Page.page_no)
    .where(Page.document_id == bindparam("doc", type_=Uuid()), _BACKLOG)
    .order_by(Page.page_no)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True)
    # A CTE, evaluated once: as a subquery under IN, PostgreSQL may run it again per row,
    # and its locking re-check then skips the rows just marked and takes more.
    .cte("pick")
)
_TAKE = (
    update(Page)
    .where(
        Page.document_id == bindparam("doc", type_=Uuid()),
        Page.page_no == _PICK.c.page_no,
    )
    .values(
        dispatched_at=bindparam("now", type_=UTCDateTime()), updated_at=bindparam("now", type_=UTCDateTime())
    )
    .returning(Page.page_no)
)


def inflight(session: Session, tenant_id: uuid.UUID, engines: Sequence[str]) -> int:
    """Pages of the tenant's documents on these engines that are sent or running, and
    closed pages whose message is still on the broker."""
    params = {"tenant_id": tenant_id, "engines": list(engines)}
    return int(session.execute(_INFLIGHT_COUNT, params).scalar() or 0)


def waiting_documents(
    session: Session, tenant_id: uuid.UUID, engines: Sequence[str], *, limit: int
) -> list[uuid.UUID]:
    """The tenant's documents on these engines with pages waiting to be sent, oldest first."""
    params = {"tenant_id": tenant_id, "engines": list(engines), "limit": limit}
    return list(session.execute(_WAITING_DOCUMENTS, params).scalars())


# The engines go as one array parameter, not an expanding IN list: the statement's text
# then never changes, and is not rendered again for each execution.
ENGINES = bindparam("engines", type_=ARRAY(String()))

# PostgreSQL: the tenant's next waiting pages, oldest document first, locked for this
# transaction. The documents are walked in order through ix_documents_tenant_active and
# each probed for pages through ix_pages_backlog (LATERAL ... LIMIT): the walk stops once
# it has {limit} pages, however many pages wait behind them.
PICK_ROWS = """
        SELECT x.document_id, x.page_no
        FROM (
            SELECT d.id, d.created_at FROM documents d
            WHERE d.tenant_id = :tenant_id AND d.status = 'processing' AND d.engine = ANY(:engines)
            ORDER BY d.created_at, d.id
        ) AS d
        CROSS JOIN LATERAL (
            SELECT p.document_id, p.page_no FROM pages p
            WHERE p.document_id = d.id AND p.status = 'queued' AND p.dispatched_at IS NULL
            ORDER BY p.page_no
            LIMIT {limit}
            FOR UPDATE OF p SKIP LOCKED
        ) AS x
        LIMIT {limit}
"""
# (PICK_ROWS is shared with repository/chain.py, which finishes pages and takes the
# next ones in one statement.)
PICK_NEXT_ROW = PICK_ROWS.format(limit="1")
_PICK_NEXT = "WITH pick AS (" + PICK_NEXT_ROW + ")"
# ... taken and marked sent, in one statement.
_TAKE_NEXT = text(
    _PICK_NEXT
    + """
    UPDATE pages SET dispatched_at = :now, updated_at = :now
    FROM pick
    WHERE pages.document_id = pick.document_id AND pages.page_no = pick.page_no
    RETURNING pages.document_id, pages.page_no
    """
).bindparams(ENGINES, bindparam("now", type_=UTCDateTime()))


def take_next(
    session: Session, tenant_id: uuid.UUID, engines: Sequence[str], *, now: datetime
) -> tuple[uuid.UUID, int] | None:
    """Mark the tenant's next waiting page sent (oldest document first) and return it;
    None if none waits. One statement on PostgreSQL: this runs on every page finish."""
    if session.get_bind().dialect.name != "postgresql":
        docs = waiting_documents(session, tenant_id, engines, limit=1)
        taken = take_backlog(session, docs, limit=1, now=now)
        return taken[0] if taken else None
    params = {"tenant_id": tenant_id, "engines": list(engines), "now": now}
    row = session.execute(_TAKE_NEXT, params).first()
    return None if row is None else (row[0], int(row[1]))


def take_next_claimed(
    session: Session,
    tenant_id: uuid.UUID,
    engines: Sequence[str],
    *,
    worker: str,
    lease_until: datetime,
    now: datetime,
) -> tuple[uuid.UUID, int, ClaimedPage] | None:
    """The tenant's next waiting page (as take_next), claimed for ``worker``; None if none
    waits. For the chain step where it is not one statement (not PostgreSQL:
    repository/chain.py): take_next, then the claim, in the caller's transaction."""
    taken = take_next(session, tenant_id, engines, now=now)
    if taken is None:
        return None
    # In the same transaction, right after take_next took it from a processing document:
    # the claim's guards hold (SQLite runs one writer at a time).
    claimed = claim_page(session, taken[0], taken[1], worker=worker, lease_until=lease_until)
    return None if claimed is None else (taken[0], taken[1], claimed)


# Another tenant's work waits on the broker: a page sent for a processing document, or a
# prepare sent for a queued one, on any queue (a worker that yields for a page it does not
# serve only ends its chain early). Each probe reads a partial index (ix_pages_sent,
# ix_documents_preparing) and stops at the first row of another tenant; the windows bound
# how many of the tenant's own rows it passes first, except pages auto handed to a model
# engine, which are sent outside the window: a GPU backlog of one tenant's lengthens the
# probe (once per chain_seconds a worker), it does not change its answer.
_OTHERS_SENT = (
    select(Page.page_no)
    .join(Document, Document.id == Page.document_id)
    .where(_SENT, Document.status == _PROCESSING, Document.tenant_id != bindparam("tenant_id", type_=Uuid()))
    .limit(1)
)


def others_waiting(session: Session, tenant_id: uuid.UUID) -> bool:
    """Whether another tenant has a page or a prepare sent and not yet taken."""
    params = {"tenant_id": tenant_id}
    if session.execute(_OTHERS_SENT, params).first() is not None:
        return True
    return session.execute(_OTHERS_PREPARE, params).first() is not None


def take_backlog(
    session: Session, documents: Sequence[uuid.UUID], *, limit: int, now: datetime
) -> list[tuple[uuid.UUID, int]]:
    """Mark up to ``limit`` waiting pages of these documents sent, in the documents' order
    and then in page order, and return them. SKIP LOCKED: two workers refilling one
    tenant's window at once never take the same page."""
    taken: list[tuple[uuid.UUID, int]] = []
    for doc_id in documents:
        # Per document, so that each step reads a few entries of ix_pages_backlog, however
        # many pages the tenant has waiting.
        params = {"doc": doc_id, "limit": limit - len(taken), "now": now}
        rows = session.execute(_TAKE, params, execution_options={"synchronize_session": False})
        taken.extend(sorted((doc_id, n) for (n,) in rows))
        if len(taken) >= limit:
            break
    return taken


def waiting_windows(session: Session, *, limit: int) -> list[tuple[uuid.UUID, str]]:
    """(tenant, document engine) pairs with pages waiting to be sent."""
    has_backlog = exists().where(Page.document_id == Document.id, _BACKLOG)
    q = (
        select(Document.tenant_id, Document.engine)
        .where(Document.status == _PROCESSING, has_backlog)
        .distinct()
        .limit(limit)
    )
    return [(t, e) for t, e in session.execute(q)]


def sent_by_engine(session: Session) -> dict[str, int]:
    """Pages sent and not yet taken, by the engine that runs them (sizes of the queues
    as Postgres expects them)."""
    engine = func.coalesce(Page.engine, Document.engine)
    q = (
        select(engine, func.count())
        .select_from(Page)
        .join(Document, Document.id == Page.document_id)
        .where(_SENT, Document.status == _PROCESSING)
        .group_by(engine)
    )
    return {str(e): int(n) for e, n in session.execute(q)}


def mark_sent(session: Session, document_id: uuid.UUID, page_no: int, *, now: datetime) -> None:
    """A page whose message is on its way (re-sent, handed back for a retry)."""
    session.execute(
        update(Page)
        .where(Page.document_id == document_id, Page.page_no == page_no, Page.status == _QUEUED)
        .values(dispatched_at=now)
        .execution_options(synchronize_session=False)
    )


# The prepare window: the same, for documents and their prepare.
_QUEUED_DOC = DocumentStatus.queued.value
_PREPARE_BACKLOG = and_(Document.status == _QUEUED_DOC, Document.dispatched_at.is_(None))
_PREPARE_SENT = and_(Document.status == _QUEUED_DOC, Document.dispatched_at.is_not(None))
_PREPARING = or_(
    _PREPARE_SENT, and_(Document.status == _PROCESSING, Document.prepare_lease_expires_at.is_not(None))
)


_OTHERS_PREPARE = (
    select(Document.id)
    .where(_PREPARE_SENT, Document.tenant_id != bindparam("tenant_id", type_=Uuid()))
    .limit(1)
)


def preparing(session: Session, tenant_id: uuid.UUID) -> int:
    """The tenant's documents whose prepare is on the broker or at work."""
    q = select(func.count()).select_from(Document).where(Document.tenant_id == tenant_id, _PREPARING)
    return int(session.scalar(q) or 0)


def take_prepare_backlog(
    session: Session, tenant_id: uuid.UUID, *, limit: int, now: datetime
) -> list[uuid.UUID]:
    """Mark up to ``limit`` of the tenant's documents waiting for their prepare sent,
    oldest first, and return them (SKIP LOCKED, through a CTE as take_backlog)."""
    pick = (
        select(Document.id)
        .where(Document.tenant_id == tenant_id, _PREPARE_BACKLOG)
        .order_by(Document.created_at, Document.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("pick")
    )
    rows = session.execute(
        update(Document)
        .where(Document.id == pick.c.id)
        .values(dispatched_at=now)
        .returning(Document.id, Document.created_at)
        .execution_options(synchronize_session=False)
    )
    return [doc_id for doc_id, _ in sorted(rows, key=lambda r: (r[1], r[0]))]


def waiting_prepares(session: Session, *, limit: int) -> list[uuid.UUID]:
    """Tenants with documents waiting for their prepare to be sent."""
    q = select(Document.tenant_id).where(_PREPARE_BACKLOG).distinct().limit(limit)
    return list(session.scalars(q))


def sent_prepares(session: Session) -> int:
    """Queued documents whose prepare was sent (each has one message on the CPU queue)."""
    q = select(func.count()).select_from(Document).where(_PREPARE_SENT)
    return int(session.scalar(q) or 0)


def mark_prepare_sent(session: Session, document_id: uuid.UUID, *, now: datetime) -> None:
    session.execute(
        update(Document)
        .where(Document.id == document_id)
        .values(dispatched_at=now)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True)
class SentPrepare:
    document_id: uuid.UUID
    sent_at: datetime
    missing_since: datetime | None

    @property
    def missing_before(self) -> bool:
        """Found missing at an earlier pass, since it was last sent."""
        return self.missing_since is not None and self.missing_since > self.sent_at


def stale_prepares(session: Session, *, before: datetime, limit: int) -> list[SentPrepare]:
    """Queued documents whose prepare was sent before ``before`` and not taken since,
    oldest sent first, locked for this reaper: candidates for a lost message."""
    q = (
        select(Document.id, Document.dispatched_at, Document.missing_since)
        .where(_PREPARE_SENT, Document.dispatched_at < before)
        .order_by(Document.dispatched_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [SentPrepare(d, sent, missing) for d, sent, missing in session.execute(q) if sent is not None]


def mark_missing(
    session: Session, pages: Sequence[tuple[uuid.UUID, int]], documents: Sequence[uuid.UUID], *, now: datetime
) -> None:
    """Record that these pages' and documents' prepare messages were found missing."""
    for document_id, page_no in pages:
        session.execute(
            update(Page)
            .where(Page.document_id == document_id, Page.page_no == page_no)
            .values(missing_since=now)
            .execution_options(synchronize_session=False)
        )
    if documents:
        session.execute(
            update(Document)
            .where(Document.id.in_(documents))
            .values(missing_since=now)
            .execution_options(synchronize_session=False)
        )
