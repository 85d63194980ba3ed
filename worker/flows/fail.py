"""A document step that failed for good: the document fails, with its one outcome event."""

from __future__ import annotations

import uuid

from common.core.db import Database
from common.documents import processing


def fail_document(db: Database, document_id: uuid.UUID, *, code: str, message: str) -> None:
    """Close the document's open pages and set it failed (a no-op once it is terminal)."""
    with db.session_scope() as s:
        processing.fail_document(s, document_id, code=code, message=message)
