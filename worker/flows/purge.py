"""documents.purge: delete every stored object of a deleted document, then record it.

The delete runs with no transaction open; the purge is recorded only if nothing wrote
to the document meanwhile (a late page result), else the reaper purges it again.
"""

from __future__ import annotations

import logging
import uuid

from common.core.db import Database
from common.core.storage import ObjectStore, document_prefix
from common.documents import repository

log = logging.getLogger(__name__)


def purge_document(db: Database, store: ObjectStore, document_id: uuid.UUID) -> None:
    with db.session_scope() as s:
        doc = repository.get_document_unscoped(s, document_id)
        if doc is None or doc.deleted_at is None:
            return
        prefix = document_prefix(doc.tenant_id, doc.id)
        seen = doc.updated_at
    store.delete_prefix(prefix)  # raises (and the task retries) unless every object went
    with db.session_scope() as s:
        if not repository.mark_purged(s, document_id, seen=seen):
            log.info("a worker wrote to the document during its purge; the reaper purges again")
