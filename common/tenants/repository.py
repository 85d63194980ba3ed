from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.tenants.models import ApiKey, Tenant


def get_tenant_by_name(session: Session, name: str) -> Tenant | None:
    return session.scalar(select(Tenant).where(Tenant.name == name))


def get_key_by_hash(session: Session, key_hash: str) -> ApiKey | None:
    return session.scalar(select(ApiKey).where(ApiKey.key_hash == key_hash, ApiKey.revoked_at.is_(None)))


def list_keys(session: Session, tenant_id: uuid.UUID) -> list[ApiKey]:
    return list(
        session.scalars(select(ApiKey).where(ApiKey.tenant_id == tenant_id).order_by(ApiKey.created_at))
    )
