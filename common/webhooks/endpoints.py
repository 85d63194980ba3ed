"""The tenant's webhook endpoint: its default URL, its signing secret (shown once, at
creation or rotation) and the overlap during which the previous secret signs too."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.audit import service as audit
from common.core import secrets
from common.core.errors import Conflict, NotFound
from common.core.orm import utcnow
from common.core.settings import Settings
from common.webhooks import repository, ssrf
from common.webhooks.models import WebhookEndpoint
from common.webhooks.schemas import WebhookEndpointOut
from common.webhooks.signing import new_secret


class WebhookSecretMissing(Conflict):
    code, title = "webhook-secret-missing", "No webhook signing secret"


def _endpoint_out(endpoint: WebhookEndpoint, *, secret: str | None = None) -> WebhookEndpointOut:
    now = utcnow()
    expires = endpoint.previous_secret_expires_at
    return WebhookEndpointOut(
        url=endpoint.url,
        enabled=endpoint.disabled_at is None,
        disabled_at=endpoint.disabled_at,
        disabled_reason=endpoint.disabled_reason,
        secret=secret,
        previous_secret_expires_at=expires if expires and expires > now else None,
        created_at=endpoint.created_at,
        updated_at=endpoint.updated_at,
    )


def _existing(session: Session, tenant_id: uuid.UUID) -> WebhookEndpoint:
    endpoint = repository.get_endpoint(session, tenant_id)
    if endpoint is None:
        raise NotFound("no webhook endpoint: create one with PUT /v1/webhook-endpoint")
    return endpoint


def get_endpoint(session: Session, tenant_id: uuid.UUID) -> WebhookEndpointOut:
    """The endpoint, without its secret."""
    return _endpoint_out(_existing(session, tenant_id))


def check_endpoint_url(
    settings: Settings, url: str | None, resolver: ssrf.Resolver = ssrf.system_resolver
) -> str | None:
    """Normalise and vet an endpoint URL. No database: callers run it before their
    transaction, so a slow DNS answer holds no lock."""
    clean = url.strip() if url and url.strip() else None
    if clean is not None:
        ssrf.check_at_submit(clean, settings.webhooks, resolver, field="url")
    return clean


def put_endpoint(session: Session, tenant_id: uuid.UUID, url: str | None) -> tuple[WebhookEndpointOut, bool]:
    """Create or update the endpoint (and re-enable it); ``url`` is already vetted. The
    secret is in the answer only when it was created now. Returns (endpoint, created)."""
    endpoint = repository.get_endpoint(session, tenant_id)
    if endpoint is None:
        secret = new_secret()
        try:
            with session.begin_nested():
                endpoint = WebhookEndpoint(id=uuid.uuid4(), tenant_id=tenant_id, url=url)
                endpoint.set_secret(secret)
                session.add(endpoint)
                audit.record(session, tenant_id, audit.ENDPOINT_CREATED, details={"url": url})
            return _endpoint_out(endpoint, secret=secret), True
        except IntegrityError:
            # A concurrent first PUT created it: this one is an update of that.
            endpoint = repository.get_endpoint(session, tenant_id)
            if endpoint is None:
                raise
    endpoint.url = url
    endpoint.disabled_at = None
    endpoint.disabled_reason = None
    endpoint.updated_at = utcnow()
    session.flush()
    audit.record(session, tenant_id, audit.ENDPOINT_UPDATED, details={"url": url})
    return _endpoint_out(endpoint), False


def rotate_secret(session: Session, settings: Settings, tenant_id: uuid.UUID) -> WebhookEndpointOut:
    """A new secret now; the current one keeps signing (alongside) for secret_overlap."""
    endpoint = _existing(session, tenant_id)
    now = utcnow()
    secret = new_secret()
    # The row id is the associated data of both values: the current one moves as it is.
    endpoint.set_secret(secret, secrets.keyring(settings))
    endpoint.previous_secret_expires_at = now + timedelta(seconds=settings.webhooks.secret_overlap)
    endpoint.updated_at = now
    session.flush()
    audit.record(session, tenant_id, audit.SECRET_ROTATED)
    return _endpoint_out(endpoint, secret=secret)


def delete_endpoint(session: Session, tenant_id: uuid.UUID) -> None:
    endpoint = repository.get_endpoint(session, tenant_id)
    if endpoint is None:
        raise NotFound("no webhook endpoint")
    session.delete(endpoint)
    session.flush()
    audit.record(session, tenant_id, audit.ENDPOINT_DELETED)


def require_secret(session: Session, tenant_id: uuid.UUID) -> None:
    """A document may name its own webhook_url only if the tenant can verify what we send."""
    if repository.get_endpoint(session, tenant_id) is None:
        raise WebhookSecretMissing(
            "webhook_url needs a signing secret: create the tenant's webhook endpoint first "
            "(PUT /v1/webhook-endpoint; its url may be null)",
            field="webhook_url",
        )


def rewrap_secrets(session: Session, keyring: secrets.Keyring, batch: int = 100) -> int:
    """Re-encrypt every stored secret not wrapped by the primary master key (and encrypt
    legacy plaintext ones), committing per batch; returns how many rows changed. Each row
    is locked while it changes, so a concurrent rotation by its tenant is not lost."""
    changed = 0
    for ids in repository.endpoint_id_batches(session, batch):
        for endpoint in repository.lock_endpoints(session, ids):
            row = endpoint.id.bytes
            touched = False
            for column in ("secret", "previous_secret"):
                stored: str | None = getattr(endpoint, column)
                if stored is not None and keyring.needs_rewrap(stored):
                    setattr(endpoint, column, keyring.encrypt(keyring.decrypt(stored, row), row))
                    touched = True
            changed += touched
        session.commit()
    return changed
