"""The audit trail: record what happened to a tenant's keys, documents and webhook
endpoint (a row and a structured log line each), and list a tenant's events."""

from __future__ import annotations

import logging
import threading
import uuid
from collections import OrderedDict
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from common.audit import context, repository
from common.audit.models import AuditEvent
from common.audit.schemas import AuditEventList, AuditEventOut
from common.core import cursors
from common.core.errors import InvalidInput
from common.core.orm import utcnow
from common.core.settings import Settings

log = logging.getLogger("pagemill.audit")

KEY_CREATED = "key.created"
KEY_REVOKED = "key.revoked"
KEY_NEW_ADDRESS = "key.used_from_new_address"
DOCUMENT_DELETED = "document.deleted"
ENDPOINT_CREATED = "webhook_endpoint.created"
ENDPOINT_UPDATED = "webhook_endpoint.updated"
ENDPOINT_DELETED = "webhook_endpoint.deleted"
SECRET_ROTATED = "webhook_endpoint.secret_rotated"  # noqa: S105  (an action's name)
REDELIVERED = "webhook_event.redelivered"
TENANT_OFFBOARDED = "tenant.offboarded"


def record(
    session: Session,
    tenant_id: uuid.UUID,
    action: str,
    subject: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append an event to the tenant's trail in the caller's transaction, by the actor
    of the current context (:mod:`common.audit.context`)."""
    actor = context.current()
    row = AuditEvent(
        id=uuid.uuid4(),
        tenant_id=tenant_id,
        at=utcnow(),
        actor=actor.name,
        action=action,
        subject=subject,
        remote_addr=actor.remote_addr,
        details=details or {},
    )
    repository.add_event(session, row)
    fields: dict[str, Any] = {"tenant_id": str(tenant_id), "actor": actor.name, "action": action}
    fields.update(subject=subject, remote_addr=actor.remote_addr, details=row.details)
    fields["audit_event_id"] = str(row.id)
    _log_on_commit(session, fields)


_PENDING = "pagemill_audit_lines"


def _log_on_commit(session: Session, fields: dict[str, Any]) -> None:
    """The log line goes out when the row is committed: a rolled-back event leaves none."""
    pending: list[dict[str, Any]] | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []

        def flush_lines(_session: Session) -> None:
            for line in session.info.pop(_PENDING, []):
                log.info("audit", extra={"fields": line})

        def drop_lines(_session: Session, _previous: Any = None) -> None:
            session.info.pop(_PENDING, None)

        event.listen(session, "after_commit", flush_lines, once=True)
        event.listen(session, "after_rollback", drop_lines, once=True)
    pending.append(fields)


class _SeenPairs:
    """The (key, address) pairs this process knows are recorded, so that only a pair's
    first request in a process touches the table; bounded, least recently used out."""

    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._pairs: OrderedDict[tuple[uuid.UUID, str], None] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, pair: tuple[uuid.UUID, str]) -> bool:
        with self._lock:
            if pair in self._pairs:
                self._pairs.move_to_end(pair)
                return True
            return False

    def add(self, pair: tuple[uuid.UUID, str]) -> None:
        with self._lock:
            self._pairs[pair] = None
            self._pairs.move_to_end(pair)
            while len(self._pairs) > self._size:
                self._pairs.popitem(last=False)


_seen = _SeenPairs()


def key_used_as_before(key_id: uuid.UUID, prefix: str) -> bool:
    """The request acts as this key; True when there is nothing to record (its address
    was recorded for it already, or it has none), so that a caller need not open a
    transaction for :func:`key_used`."""
    context.name_actor(prefix)
    address = context.current().remote_addr
    return address is None or (key_id, address) in _seen


def key_used(session: Session, tenant_id: uuid.UUID, key_id: uuid.UUID, prefix: str) -> None:
    """Authentication passed: the request acts as this key, and the key's first use from
    the request's address is recorded (a write only for a pair new to this process)."""
    if key_used_as_before(key_id, prefix):
        return
    address = context.current().remote_addr
    assert address is not None
    if repository.add_key_address(session, key_id, address, utcnow()):
        record(session, tenant_id, KEY_NEW_ADDRESS, prefix, {"address": address})
    # Remembered once the transaction commits: a rolled-back request leaves it unrecorded.
    pair = (key_id, address)
    event.listen(session, "after_commit", lambda _s: _seen.add(pair), once=True)


# ---- the listing --------------------------------------------------------------------------

_LIST_PAGE = 50


def _out(row: AuditEvent) -> AuditEventOut:
    return AuditEventOut(
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        subject=row.subject,
        remote_addr=row.remote_addr,
        details=row.details,
    )


def list_events(
    session: Session, settings: Settings, tenant_id: uuid.UUID, *, cursor: str | None, limit: int | None
) -> AuditEventList:
    """The tenant's events, newest first; the cursor is the (at, id) of the last shown."""
    size = limit or _LIST_PAGE
    if not 1 <= size <= 200:
        raise InvalidInput("limit: must be between 1 and 200", field="limit")
    before = cursors.decode(cursor) if cursor else None
    rows = repository.list_events(session, tenant_id, before=before, limit=size + 1)
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = cursors.encode(rows[-1].at, rows[-1].id) if more and rows else None
    links: dict[str, str] = {}
    if next_cursor:
        base = (settings.api.public_url or "").rstrip("/")
        links["next"] = f"{base}/v1/audit-events?cursor={next_cursor}&limit={size}"
    return AuditEventList(data=[_out(r) for r in rows], next_cursor=next_cursor, links=links)
