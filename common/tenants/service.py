"""Tenants and their API keys. A key is shown once, at creation; only its hash is stored."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from common.audit import service as audit
from common.core.db import after_commit
from common.core.errors import Conflict, NotFound, Unauthorized
from common.core.orm import utcnow
from common.tenants import repository
from common.tenants.keycache import VerifiedKey, get_key_cache
from common.tenants.models import ApiKey, Tenant

KEY_PREFIX = "pm_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_tenant(session: Session, name: str) -> Tenant:
    name = name.strip()
    if not name:
        raise Conflict("a tenant needs a name")
    existing = repository.get_tenant_by_name(session, name)
    if existing is not None and existing.deleted_at is not None:
        raise Conflict(f"tenant {name!r} was deleted on {existing.deleted_at:%Y-%m-%d}; choose another name")
    if existing is not None:
        raise Conflict(f"tenant {name!r} already exists")
    tenant = Tenant(id=uuid.uuid4(), name=name)
    session.add(tenant)
    session.flush()
    return tenant


def get_or_create_tenant(session: Session, name: str) -> Tenant:
    return repository.get_tenant_by_name(session, name) or create_tenant(session, name)


@dataclass(frozen=True)
class NewKey:
    key: str  # the secret, returned exactly once
    record: ApiKey


def create_key(session: Session, tenant_name: str, *, name: str | None = None) -> NewKey:
    tenant = repository.get_tenant_by_name(session, tenant_name)
    if tenant is None:
        raise NotFound(f"no tenant named {tenant_name!r}; create it with `pagemill tenants create`")
    if tenant.deleted_at is not None:
        raise Conflict(f"tenant {tenant_name!r} was deleted; it gets no new keys")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    record = ApiKey(id=uuid.uuid4(), tenant_id=tenant.id, key_hash=hash_key(key), prefix=key[:10], name=name)
    session.add(record)
    session.flush()
    audit.record(session, tenant.id, audit.KEY_CREATED, record.prefix, {"name": name})
    return NewKey(key=key, record=record)


def _tenant(session: Session, tenant_name: str) -> Tenant:
    tenant = repository.get_tenant_by_name(session, tenant_name)
    if tenant is None:
        raise NotFound(f"no tenant named {tenant_name!r}")
    return tenant


def list_keys(session: Session, tenant_name: str) -> list[ApiKey]:
    """A tenant's keys, oldest first, revoked ones included (never their secrets)."""
    return repository.list_keys(session, _tenant(session, tenant_name).id)


def revoke_key(session: Session, tenant_name: str, prefix: str) -> tuple[ApiKey, bool]:
    """Revoke the tenant's key that starts with ``prefix`` (as listed); it stops working
    from the next request in this process, and within api.key_cache_ttl seconds in every
    API process. Returns the key and whether it was live until now."""
    prefix = prefix.strip().rstrip("…")
    if len(prefix) < len(KEY_PREFIX) + 4:
        raise Conflict(f"give at least {len(KEY_PREFIX) + 4} characters of the key, as `keys list` shows it")
    keys = list_keys(session, tenant_name)
    # The whole key (a leaked one, pasted) is found by its hash; a listed prefix by the
    # keys it starts, live ones first (a revoked key may share the ten shown characters).
    whole = hash_key(prefix)
    matches = [k for k in keys if k.key_hash == whole] or [k for k in keys if k.prefix.startswith(prefix)]
    live = [k for k in matches if k.revoked_at is None]
    matches = live or matches
    if not matches:
        raise NotFound(f"tenant {tenant_name!r} has no key starting {prefix!r}")
    if len(matches) > 1:
        raise Conflict(f"{len(matches)} keys of tenant {tenant_name!r} start {prefix!r}; give more of it")
    (key,) = matches
    if key.revoked_at is not None:
        return key, False
    key.revoked_at = utcnow()
    session.flush()
    _forget_after_commit(session, [key])
    audit.record(session, key.tenant_id, audit.KEY_REVOKED, key.prefix)
    return key, True


@dataclass(frozen=True)
class TenantDeletion:
    keys: int  # revoked now
    documents: int  # deleted now (their purges dispatched)


def delete_tenant(session: Session, tenant_name: str) -> TenantDeletion:
    """Offboard a tenant: revoke every key (refused as :func:`revoke_key` says), delete every
    document as its DELETE would (open pages cancelled, metadata forgotten, every stored
    object purged after commit; the reaper resends purges until each is confirmed) and
    remove its webhook endpoint with its secret. The row stays, marked, so that the name
    is not handed to anyone else."""
    from common.documents import repository as documents_repository
    from common.documents import service as documents
    from common.webhooks import repository as webhooks_repository

    tenant = _tenant(session, tenant_name)
    if tenant.deleted_at is not None:
        raise Conflict(f"tenant {tenant_name!r} was already deleted on {tenant.deleted_at:%Y-%m-%d}")
    now = utcnow()
    keys = [k for k in repository.list_keys(session, tenant.id) if k.revoked_at is None]
    for key in keys:
        key.revoked_at = now
    _forget_after_commit(session, keys)
    ids = documents_repository.live_document_ids(session, tenant.id)
    for document_id in ids:
        documents.delete_document(session, tenant_id=tenant.id, document_id=document_id)
    endpoint = webhooks_repository.get_endpoint(session, tenant.id)
    if endpoint is not None:
        session.delete(endpoint)
    tenant.deleted_at = now
    session.flush()
    # The tenant's audit trail stays: it is what remains of what was done.
    done = {"keys": len(keys), "documents": len(ids)}
    audit.record(session, tenant.id, audit.TENANT_OFFBOARDED, tenant.name, done)
    return TenantDeletion(keys=len(keys), documents=len(ids))


def authenticate(session: Session, key: str) -> uuid.UUID:
    """The tenant id for a bearer key; Unauthorized for anything else. A key found live
    is trusted for api.key_cache_ttl seconds without a lookup (common/tenants/keycache.py)."""
    verified = verify(session, key)
    record_use(session, verified)
    return verified.tenant_id


def verified_recently(key: str) -> VerifiedKey | None:
    """The key as this process verified it less than api.key_cache_ttl seconds ago, or
    None: no I/O, so that a request can be refused or let on before anything else.
    Unauthorized for a string that cannot be a key."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        raise Unauthorized("the API key is not valid")
    return get_key_cache().get(hash_key(key))


def verify(session: Session, key: str) -> VerifiedKey:
    """The live key, from this process's cache or the database; Unauthorized otherwise.
    The request then acts as it only once :func:`record_use` is called."""
    verified = verified_recently(key)
    if verified is not None:
        return verified
    cache = get_key_cache()
    looked_up_at = cache.now()
    record = repository.get_key_by_hash(session, hash_key(key))
    if record is None:
        raise Unauthorized("the API key is not valid")
    now = utcnow()
    # Touch last_used_at at most once a minute: a write per request would serialize
    # traffic. A cached key is touched at its next lookup, within a TTL of the minute.
    if record.last_used_at is None or (now - record.last_used_at).total_seconds() > 60:
        record.last_used_at = now
    verified = VerifiedKey(tenant_id=record.tenant_id, key_id=record.id, prefix=record.prefix)
    cache.put(record.key_hash, verified, looked_up_at=looked_up_at)
    return verified


def used_as_before(verified: VerifiedKey) -> bool:
    """The request acts as this key; True when :func:`record_use` has nothing to write
    (the key was used from this address before), so no transaction is needed."""
    return audit.key_used_as_before(verified.key_id, verified.prefix)


def record_use(session: Session, verified: VerifiedKey) -> None:
    """The request acts as this key (the audit trail's actor); its first use from the
    request's address is recorded (a write only for an address new to this process)."""
    audit.key_used(session, verified.tenant_id, verified.key_id, verified.prefix)


def _forget_after_commit(session: Session, keys: list[ApiKey]) -> None:
    """This process refuses the revoked keys from its next request (once the revocation
    is committed); other processes within api.key_cache_ttl."""
    hashes = {k.key_hash for k in keys}
    after_commit(session, lambda: get_key_cache().forget(hashes))
