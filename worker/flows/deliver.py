"""webhooks.deliver: one attempt of one webhook event.

Claim the event in a short transaction, POST it with no transaction open (a slow
receiver must not hold a database connection), record the attempt in another. Retries
are scheduled on the event row, not by Celery (common/webhooks/delivery.py).
"""

from __future__ import annotations

import uuid

from common.core.db import Database
from common.core.settings import Settings
from common.core.storage import ObjectStore
from common.webhooks import delivery, sender, ssrf
from common.webhooks.sender import Verdict


def deliver_event(
    db: Database,
    store: ObjectStore,
    settings: Settings,
    event_id: uuid.UUID,
    resolver: ssrf.Resolver = ssrf.system_resolver,
) -> Verdict | None:
    """One attempt of one event, if it is due; None when there was nothing to do."""
    with db.session_scope() as session:
        prepared = delivery.claim_attempt(session, store, settings, event_id)
    if prepared is None:
        return None
    result = sender.send(
        prepared.destination.url,
        prepared.webhook_id,
        prepared.body,
        prepared.destination.secrets,
        settings,
        resolver,
    )
    with db.session_scope() as session:
        return delivery.record_attempt(session, settings, prepared, result)
