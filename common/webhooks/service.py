"""The outbox side of webhooks: one event row per document outcome.

Delivery (signing, retries, the sweep) is built on these rows; writing them in the
same transaction as the terminal status is what makes "exactly once per outcome" hold.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from common.documents.models import Document
from common.webhooks.models import WebhookEvent

EVENT_PREFIX = "document."


def event_payload(doc: Document) -> dict[str, object]:
    return {
        "type": EVENT_PREFIX + doc.status,
        "timestamp": (doc.finished_at or doc.updated_at).isoformat(),
        "data": {
            "id": str(doc.id),
            "status": doc.status,
            "engine": doc.engine,
            "pages": {"total": doc.pages_total, "done": doc.pages_done, "failed": doc.pages_failed},
            "metadata": doc.client_metadata or {},
            "links": {"self": f"/v1/documents/{doc.id}"},
        },
    }


def record_outcome(session: Session, doc: Document) -> WebhookEvent:
    """Write the outbox row for the document's terminal status (caller guards once-only)."""
    event = WebhookEvent(
        id=uuid.uuid4(),
        tenant_id=doc.tenant_id,
        document_id=doc.id,
        type=EVENT_PREFIX + doc.status,
        payload=event_payload(doc),
    )
    session.add(event)
    session.flush()
    return event
