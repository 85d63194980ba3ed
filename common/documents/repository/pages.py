"""Pages' rows, and the page hot path: claim under a lease, finish and count once, renew, give back."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, bindparam, func, or_, select, tuple_, update
from sqlalchemy.orm import Session

from common.core.orm import utcnow
from common.documents.models import ACTIVE_DOCUMENT_STATUSES, OPEN_PAGE_STATUSES, Document, Page, PageStatus


def list_pages(session: Session, document_id: uuid.UUID) -> list[Page]:
    return list(session.scalars(select(Page).where(Page.document_id == document_id).order_by(Page.page_no)))


def count_pages(session: Session, document_id: uuid.UUID) -> int:
    q = select(func.count()).select_from(Page).where(Page.document_id == document_id)
    return int(session.scalar(q) or 0)


def get_page(session: Session, document_id: uuid.UUID, page_no: int) -> Page | None:
    return session.get(Page, (document_id, page_no))


@dataclass(frozen=True)
class ClaimedPage:
    """What a page task needs, read in the same statement that claims the page."""

    tenant_id: uuid.UUID
    engine: str
    options: dict[str, Any]
    width: float
    height: float
    attempts: int
    text_layer_key: str | None
    image_key: str | None
    last_error: dict[str, Any] | None = None  # from an earlier attempt that gave the page back
    # A page ``auto`` handed to a model engine (escalate_page): the document's engine, and
    # where auto's own result is kept for the page. ``engine`` is then the model engine.
    escalated_from: str | None = None
    fallback_key: str | None = None


_pages: Table = Page.__table__  # type: ignore[assignment]
_documents: Table = Document.__table__  # type: ignore[assignment]


# The page hot path (claim, finish, count) runs once per page per attempt: its statements
# are built once with bind parameters, so a call costs a cached execution, not a compile.
_CLAIM_VALUES = {
    "status": PageStatus.running.value,
    "attempts": _pages.c.attempts + 1,
    "worker": bindparam("worker"),
    "lease_expires_at": bindparam("lease"),
    "started_at": bindparam("now"),
    "updated_at": bindparam("now"),
    # The page's message (if it had one) was taken: a page cancelled or failed after it
    # was claimed has no dispatched_at, so one that has it still has a message on the
    # broker (repository/dispatch.py's UNCONSUMED).
    "dispatched_at": None,
}
# A running page is claimable again only once its lease has expired (its worker died):
# a duplicate message for a page that a live worker holds must not run it twice.
_CLAIM_PAGE_WHERE = (
    _pages.c.document_id == bindparam("d"),
    _pages.c.page_no == bindparam("n"),
    or_(
        _pages.c.status == PageStatus.queued.value,
        and_(
            _pages.c.status == PageStatus.running.value,
            or_(_pages.c.lease_expires_at.is_(None), _pages.c.lease_expires_at < bindparam("now")),
        ),
    ),
)
_PAGE_COLUMNS = (
    _pages.c.width,
    _pages.c.height,
    _pages.c.attempts,
    _pages.c.text_layer_key,
    _pages.c.image_key,
    _pages.c.error,
    # Set on an open page only by a hand-over from auto (escalate_page): the engine that
    # runs it, and auto's result kept for it.
    _pages.c.engine.label("page_engine"),
    _pages.c.result_key,
)
_DOC_COLUMNS = (_documents.c.tenant_id, _documents.c.engine, _documents.c.options)
# PostgreSQL: one round trip, UPDATE ... FROM documents RETURNING columns of both tables.
_CLAIM_JOINED = (
    update(_pages)
    .where(
        *_CLAIM_PAGE_WHERE,
        _documents.c.id == _pages.c.document_id,
        _documents.c.status.in_(ACTIVE_DOCUMENT_STATUSES),
    )
    .values(**_CLAIM_VALUES)
    .returning(*_DOC_COLUMNS, *_PAGE_COLUMNS)
)
# SQLite's RETURNING cannot name the FROM table's columns: guard with a subquery, then read the document.
_CLAIM_PAGE_ONLY = (
    update(_pages)
    .where(
        *_CLAIM_PAGE_WHERE,
        _pages.c.document_id.in_(
            select(_documents.c.id).where(
                _documents.c.id == bindparam("d"), _documents.c.status.in_(ACTIVE_DOCUMENT_STATUSES)
            )
        ),
    )
    .values(**_CLAIM_VALUES)
    .returning(*_PAGE_COLUMNS)
)
_DOCUMENT_FIELDS = select(*_DOC_COLUMNS).where(_documents.c.id == bindparam("d"))


def claim_page(
    session: Session, document_id: uuid.UUID, page_no: int, *, worker: str, lease_until: datetime
) -> ClaimedPage | None:
    """queued → running, attempts + 1 (this is the hot path: one round trip on PostgreSQL).

    None when the page is already finished, held by a live worker (its lease has not
    expired), or its document is no longer active. A running page whose lease expired
    is claimable: its worker died and this is the redelivery.
    """
    params = {"d": document_id, "n": page_no, "worker": worker, "lease": lease_until, "now": utcnow()}
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(_CLAIM_JOINED, params).first()
        if row is None:
            return None
        doc = page = row
    else:
        page_row = session.execute(_CLAIM_PAGE_ONLY, params).first()
        if page_row is None:
            return None
        page = page_row
        doc = session.execute(_DOCUMENT_FIELDS, {"d": document_id}).one()
    return claimed_page(doc, page)


def claimed_page(doc: Any, page: Any) -> ClaimedPage:
    """A claim's returned row(s) as a ClaimedPage: the document's columns (_DOC_COLUMNS)
    and the page's (_PAGE_COLUMNS), by name."""
    escalated = page.page_engine is not None and page.page_engine != doc.engine
    return ClaimedPage(
        tenant_id=doc.tenant_id,
        engine=page.page_engine or doc.engine,
        options=dict(doc.options or {}),
        width=float(page.width or 0.0),
        height=float(page.height or 0.0),
        attempts=int(page.attempts),
        text_layer_key=page.text_layer_key,
        image_key=page.image_key,
        last_error=page.error,
        escalated_from=doc.engine if escalated else None,
        fallback_key=page.result_key if escalated else None,
    )


_FINISH_COLUMNS = ("engine", "result_key", "timings", "tokens", "error")
_FINISH = (
    update(_pages)
    .where(
        _pages.c.document_id == bindparam("d"),
        _pages.c.page_no == bindparam("n"),
        _pages.c.status.in_(OPEN_PAGE_STATUSES),
    )
    .values(
        status=bindparam("new_status"),
        finished_at=bindparam("now"),
        updated_at=bindparam("now"),
        lease_expires_at=None,
        **{c: bindparam(f"v_{c}", type_=_pages.c[c].type) for c in _FINISH_COLUMNS},
    )
    .returning(_pages.c.page_no, _pages.c.document_id)
)


def finish_page(
    session: Session, document_id: uuid.UUID, page_no: int, *, status: PageStatus, values: dict[str, Any]
) -> bool:
    """Guarded transition to done/failed: True only for the one call that changed the row."""
    params = {f"v_{c}": values.get(c) for c in _FINISH_COLUMNS}
    params["v_timings"] = params["v_timings"] or {}
    params["v_tokens"] = params["v_tokens"] or {}
    row = session.execute(
        _FINISH, {"d": document_id, "n": page_no, "new_status": status.value, "now": utcnow(), **params}
    ).first()
    return row is not None


@dataclass(frozen=True)
class Counted:
    """A document's counters after a page was counted, and whose window it was in."""

    done: int
    failed: int
    total: int
    status: str
    tenant_id: uuid.UUID
    engine: str


_COUNTED = (
    _documents.c.pages_done,
    _documents.c.pages_failed,
    _documents.c.pages_total,
    _documents.c.status,
    _documents.c.tenant_id,
    _documents.c.engine,
)


def _counted(row: Any) -> Counted:
    return Counted(int(row[0]), int(row[1]), int(row[2]), str(row[3]), row[4], str(row[5]))


def _count_statement(column: str) -> Any:
    col = _documents.c[column]
    return (
        update(_documents)
        .where(_documents.c.id == bindparam("d"))
        .values({col: col + 1, _documents.c.updated_at: bindparam("now")})
        .returning(*_COUNTED)
    )


_COUNT = {False: _count_statement("pages_done"), True: _count_statement("pages_failed")}


def count_page_outcome(session: Session, document_id: uuid.UUID, *, failed: bool) -> Counted:
    """Add one finished page to the document's counters; the counters after."""
    return _counted(session.execute(_COUNT[failed], {"d": document_id, "now": utcnow()}).one())


def _finish_and_count_statement(failed: bool) -> Any:
    finished = _FINISH.cte("finished")
    col = _documents.c["pages_failed" if failed else "pages_done"]
    return (
        update(_documents)
        .where(_documents.c.id == finished.c.document_id)
        .values({col: col + 1, _documents.c.updated_at: bindparam("now")})
        .returning(*_COUNTED)
    )


# PostgreSQL: the guarded page update and the counter increment in one statement (a
# data-modifying CTE): the counter moves only when the page row changed.
_FINISH_AND_COUNT = {False: _finish_and_count_statement(False), True: _finish_and_count_statement(True)}


def finish_and_count(
    session: Session, document_id: uuid.UUID, page_no: int, *, status: PageStatus, values: dict[str, Any]
) -> Counted | None:
    """Finish a page and count it, once: the counters after, or None if it was already finished."""
    failed = status == PageStatus.failed
    if session.get_bind().dialect.name != "postgresql":
        if not finish_page(session, document_id, page_no, status=status, values=values):
            return None
        return count_page_outcome(session, document_id, failed=failed)
    params = {f"v_{c}": values.get(c) for c in _FINISH_COLUMNS}
    params["v_timings"] = params["v_timings"] or {}
    params["v_tokens"] = params["v_tokens"] or {}
    row = session.execute(
        _FINISH_AND_COUNT[failed],
        {"d": document_id, "n": page_no, "new_status": status.value, "now": utcnow(), **params},
    ).first()
    return None if row is None else _counted(row)


def lock_in_order(session: Session, *where: ColumnElement[bool]) -> None:
    """Lock the pages ``where`` selects in (document, page) order before changing several
    at once: the order every writer of several pages keeps (a chain group's finish,
    repository/chain.py; the lease keeper's renewal; a cancel; the deadline's failures),
    so two of them wait for each other instead of deadlocking. PostgreSQL only: SQLite
    runs one writer at a time."""
    if session.get_bind().dialect.name == "postgresql":
        order = (Page.document_id, Page.page_no)
        session.execute(select(*order).where(*where).order_by(*order).with_for_update())


def lock_pages(session: Session, keys: Sequence[tuple[uuid.UUID, int]]) -> None:
    """Lock these (document, page) pages in that order (lock_in_order) before a
    transaction changes them one by one."""
    if keys:
        lock_in_order(session, tuple_(Page.document_id, Page.page_no).in_(keys))


def cancel_open_pages(session: Session, document_id: uuid.UUID) -> int:
    open_ = (Page.document_id == document_id, Page.status.in_(OPEN_PAGE_STATUSES))
    lock_in_order(session, *open_)
    result = session.execute(
        update(Page)
        .where(*open_)
        .values(status=PageStatus.cancelled.value, updated_at=utcnow(), lease_expires_at=None)
        .returning(Page.page_no)
    )
    return len(result.all())


def renew_leases(
    session: Session, document_id: uuid.UUID, page_nos: list[int], *, worker: str, until: datetime
) -> int:
    """Extend the leases this worker holds on these pages; the number still held."""
    held = (
        Page.document_id == document_id,
        Page.page_no.in_(page_nos),
        Page.status == PageStatus.running.value,
        Page.worker == worker,
    )
    lock_in_order(session, *held)
    result = session.execute(update(Page).where(*held).values(lease_expires_at=until).returning(Page.page_no))
    return len(result.all())


def release_page(
    session: Session, document_id: uuid.UUID, page_no: int, *, worker: str, error: dict[str, Any] | None
) -> bool:
    """running → queued for a page this worker gives back (a retry, a shutdown), keeping
    the error that made it give up, so the page's last error is known if it finally fails."""
    # Marked sent now: the retry's message (or the redelivery, after a shutdown) is on its
    # way, so the reaper does not take the page for one whose message was lost.
    values = {
        "status": PageStatus.queued.value,
        "lease_expires_at": None,
        "error": error,
        "dispatched_at": utcnow(),
    }
    return _change_held(session, document_id, page_no, worker=worker, values=values)


def unclaim_page(session: Session, document_id: uuid.UUID, page_no: int, *, worker: str) -> bool:
    """running → waiting in the backlog for a page this worker claimed and never started
    (the rest of a chain's group when one of its pages failed): not sent, and its claim's
    attempt not counted, so that it is taken again like any waiting page."""
    values = {
        "status": PageStatus.queued.value,
        "lease_expires_at": None,
        "dispatched_at": None,
        "started_at": None,
        "attempts": Page.attempts - 1,
    }
    return _change_held(session, document_id, page_no, worker=worker, values=values)


def escalate_page(
    session: Session,
    document_id: uuid.UUID,
    page_no: int,
    *,
    worker: str,
    engine: str,
    fallback_key: str,
    image_key: str | None,
) -> bool:
    """running (held by ``worker``) → queued for another engine, with the result kept for
    the page should that engine's be unusable; attempts start again for that engine.
    False if the page is no longer this worker's (cancelled, reaped)."""
    values: dict[str, Any] = {
        "status": PageStatus.queued.value,
        "engine": engine,
        "result_key": fallback_key,
        "attempts": 0,
        "worker": None,
        "lease_expires_at": None,
        "error": None,
        "dispatched_at": utcnow(),  # sent at once, on the model engine's queue
    }
    if image_key is not None:
        values["image_key"] = image_key
    return _change_held(session, document_id, page_no, worker=worker, values=values)


def _change_held(
    session: Session, document_id: uuid.UUID, page_no: int, *, worker: str, values: dict[str, Any]
) -> bool:
    """Change a page only while it is running and held by ``worker``: False once it is
    not (finished, cancelled, or reaped and claimed by another worker)."""
    row = session.execute(
        update(Page)
        .where(
            Page.document_id == document_id,
            Page.page_no == page_no,
            Page.status == PageStatus.running.value,
            Page.worker == worker,
        )
        .values(**values, updated_at=utcnow())
        .returning(Page.page_no)
    ).first()
    return row is not None
