"""Every mapped class, imported once so that Alembic and create_all see the whole schema."""

from common.audit.models import AuditEvent, KeyAddress
from common.core.orm import Base
from common.documents.models import Document, Page
from common.tenants.models import ApiKey, Tenant
from common.webhooks.models import WebhookDelivery, WebhookEvent
from common.workers.models import Worker

__all__ = [
    "ApiKey",
    "AuditEvent",
    "Base",
    "Document",
    "KeyAddress",
    "Page",
    "Tenant",
    "WebhookDelivery",
    "WebhookEvent",
    "Worker",
]
