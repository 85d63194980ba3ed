"""Request dependencies: the transaction boundary, the tenant behind the bearer key."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from common.core.db import get_database
from common.core.errors import Unauthorized
from common.core.settings import Settings, get_settings
from common.core.storage import ObjectStore, get_store
from common.tenants import service as tenants
from common.tenants.keycache import VerifiedKey
from common.tenants.ratelimit import get_limiter


def _session() -> Iterator[Session]:
    # The request owns the transaction: commit when the endpoint returns (before the
    # response is sent, scope="function"), roll back if it raised.
    with get_database().session_scope() as session:
        yield session


SessionDep = Annotated[Session, Depends(_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[ObjectStore, Depends(get_store)]


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("send the API key as 'Authorization: Bearer <key>'")
    return token.strip()


def _tenant(request: Request, session: SessionDep) -> uuid.UUID:
    tenant_id = tenants.authenticate(session, _bearer(request))
    get_limiter().check(tenant_id)
    return tenant_id


def _tenant_own_session(request: Request) -> uuid.UUID:
    # For the upload: authenticate in a short transaction of its own, so that no
    # transaction (nor, on SQLite, the write lock) is held while the body streams in.
    token = _bearer(request)
    with get_database().session_scope() as session:
        tenant_id = tenants.authenticate(session, token)
    get_limiter().check(tenant_id)
    return tenant_id


def check_key(request: Request) -> uuid.UUID:
    """The bearer key's tenant, for a route outside /v1/ that needs one (/metrics)."""
    return _tenant_own_session(request)


TenantDep = Annotated[uuid.UUID, Depends(_tenant)]
UploadTenantDep = Annotated[uuid.UUID, Depends(_tenant_own_session)]


async def _read_key(request: Request) -> VerifiedKey:
    # The polled reads (status, list). A key verified less than api.key_cache_ttl
    # seconds ago is known without I/O, so it is checked here on the event loop: a wrong
    # key is still refused (401) before the request's parameters are validated (422).
    # Only a key not verified lately costs a trip to the thread pool (its lookup).
    token = _bearer(request)
    verified = tenants.verified_recently(token)
    if verified is not None:
        return verified

    def look_up() -> VerifiedKey:
        with get_database().session_scope() as session:
            return tenants.verify(session, token)

    return await run_in_threadpool(look_up)


def admit(verified: VerifiedKey) -> uuid.UUID:
    """For the endpoint of a ReadKeyDep, in the thread-pool trip that does its read:
    the request acts as the key (audit trail) and takes a token from the tenant's
    bucket (429). One trip instead of one for the dependency and one for the endpoint
    took a quarter off a status poll's CPU."""
    if not tenants.used_as_before(verified):  # a transaction only for the rare write
        with get_database().session_scope() as session:
            tenants.record_use(session, verified)
    get_limiter().check(verified.tenant_id)
    return verified.tenant_id


ReadKeyDep = Annotated[VerifiedKey, Depends(_read_key)]
