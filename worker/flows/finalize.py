"""documents.finalize: assemble the outputs and give the document its outcome.

The document is taken under a lease in a short transaction (a second finalize, sent by
a late duplicate page task or the reaper, finds it held and does nothing) and the page
list read; the page results are read and the outputs
written with none open; the terminal status and its webhook event are written together
in one guarded transaction, so a redelivered finalize changes nothing.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta
from typing import Any

from common import extraction
from common.core.db import Database, after_commit
from common.core.orm import utcnow
from common.core.settings import Settings
from common.core.storage import ObjectNotFound, ObjectStore, document_prefix, output_key
from common.documents import processing, repository
from common.documents.assemble import PageOutcome, assemble
from common.documents.models import DocumentStatus, PageStatus
from common.documents.results import PageResult
from common.extraction.schema import stored_schema
from worker.leases import get_keeper, release_step

log = logging.getLogger(__name__)


def finalize_document(db: Database, store: ObjectStore, settings: Settings, document_id: uuid.UUID) -> None:
    rel = settings.reliability
    with db.session_scope() as s:
        if not repository.take_for_finalize(
            s, document_id, now=utcnow(), lease=timedelta(seconds=rel.step_lease)
        ):
            # Finished already, pages still open, or another finalize at work on it: a
            # duplicate (late page tasks, the reaper) builds nothing and logs no outcome.
            log.debug("finalize skipped: document finished, not every page finished, or held")
            return
        doc = repository.get_document_unscoped(s, document_id)
        assert doc is not None  # taken just now, in this transaction
        pages = [(p.page_no, p.status, p.result_key, p.error) for p in repository.list_pages(s, doc.id)]
        tenant_id, formats, name = doc.tenant_id, list(doc.options.get("output_formats", [])), doc.filename
        schema = stored_schema(doc.options.get("schema"))
    keeper = get_keeper(db, lease=rel.page_lease, renew_every=rel.lease_renew, step_lease=rel.step_lease)
    try:
        with keeper.hold_step("finalize", document_id):
            _build_and_finish(db, store, document_id, pages, tenant_id, formats, name, schema)
    except BaseException:
        # The task's retry takes the document again at once, not after the lease.
        release_step(db, "finalize", document_id)
        raise


def _build_and_finish(
    db: Database,
    store: ObjectStore,
    document_id: uuid.UUID,
    pages: list[tuple[int, str, str | None, dict[str, Any] | None]],
    tenant_id: uuid.UUID,
    formats: list[str],
    name: str | None,
    schema: dict[str, Any] | None,
) -> None:
    outcomes: list[PageOutcome] = []
    for page_no, status, result_key, error in pages:
        if status == PageStatus.done.value and result_key:
            try:
                outcomes.append(
                    PageOutcome(page_no, PageResult.from_json(json.loads(store.get_bytes(result_key))))
                )
                continue
            except ObjectNotFound:
                error = {"message": "result object missing"}
        outcomes.append(PageOutcome(page_no, None, (error or {}).get("message")))
    written: list[str] = []
    summary = None
    if any(o.result is not None for o in outcomes):
        for fmt, data in assemble(name or str(document_id), outcomes, formats, schema=schema).items():
            key = output_key(tenant_id, document_id, fmt)
            store.put_bytes(key, data)
            written.append(key)
            if fmt == "fields":
                summary = extraction.summary(json.loads(data))
    with db.session_scope() as s:
        doc = repository.get_document_unscoped(s, document_id)
        if doc is None:
            return
        doc.summary = summary  # before the terminal state: its webhook event carries it
        status = processing.outcome_status(doc)
        error = None
        if status == DocumentStatus.failed:
            first = next((o.error for o in outcomes if o.error), "unknown error")
            error = {
                "code": "all_pages_failed",
                "message": f"no page could be converted; first error: {first}",
            }
        # Every page finished (take_for_finalize's guard): none holds a window place.
        if not processing.set_terminal(s, doc, status, error=error, pages_open=False):
            if doc.deleted_at is not None:
                repository.purge_again(s, document_id)
                after_commit(s, lambda: store.delete_prefix(document_prefix(tenant_id, document_id)))
            return
    log.info("finalized", extra={"fields": {"status": status.value}})
