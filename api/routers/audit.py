"""The tenant's audit trail: what was done to its keys, documents and webhook endpoint."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import SessionDep, SettingsDep, TenantDep
from api.problems import error_responses
from common.audit import service
from common.audit.schemas import AuditEventList

router = APIRouter(prefix="/v1/audit-events", tags=["audit"])

ERRORS = error_responses({400: "A cursor this API did not return", 422: "A limit out of range"})


@router.get("", response_model=AuditEventList, responses=ERRORS)
def list_audit_events(
    session: SessionDep,
    settings: SettingsDep,
    tenant_id: TenantDep,
    cursor: str | None = None,
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
) -> AuditEventList:
    """The tenant's audit events, newest first; follow ``next_cursor`` for more."""
    return service.list_events(session, settings, tenant_id, cursor=cursor, limit=limit)
