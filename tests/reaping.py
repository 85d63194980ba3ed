"""What the reaper tests share: a prepared document whose dispatches are recorded, a page claimed
by a worker (an expired lease: one that died), the reaper run once with given reliability
settings, the page and document rows as they are now, and the dispatches for given documents."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from common.core.db import get_database
from common.core.settings import Settings, get_settings
from common.core.storage import get_store
from common.documents import processing
from common.documents.models import Document, Page
from tests.conftest import new_key
from tests.factories import files
from tests.helpers import queued_document

EXPIRED = timedelta(seconds=-1)  # a claim whose worker died: its lease is already over


def with_reliability(**reliability: Any) -> Settings:
    base = get_settings()
    return base.model_copy(update={"reliability": base.reliability.model_copy(update=reliability)})


def prepared_document(sent: list[tuple], pages: int, **options: Any) -> uuid.UUID:
    from common.tenants.service import authenticate
    from worker import flows

    with get_database().session_scope() as s:
        tenant = authenticate(s, new_key())
    doc_id = uuid.UUID(queued_document(tenant, files.text_pdf(pages), engine="null"))
    if options:
        with get_database().session_scope() as s:
            doc = s.get(Document, doc_id)
            doc.options = {**doc.options, **options}
    flows.prepare_document(get_database(), get_store(), get_settings(), doc_id)
    sent.clear()
    return doc_id


def page_row(doc_id: uuid.UUID, page_no: int) -> Page:
    with get_database().session_scope() as s:
        page = s.get(Page, (doc_id, page_no))
        assert page is not None
        s.expunge(page)
        return page


def document_row(doc_id: uuid.UUID) -> Document:
    with get_database().session_scope() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        s.expunge(doc)
        return doc


def dispatches_for(sent: list[tuple], *doc_ids: uuid.UUID) -> list[tuple]:
    """The dispatches for these documents: the reaper is global, other tests leave work."""
    wanted = {str(d) for d in doc_ids}
    return [c for c in sent if c[1] in wanted]


def reap(settings: Settings | None = None) -> Any:
    from worker import flows

    return flows.reap_once(get_database(), settings or get_settings())


def claim(doc_id: uuid.UUID, page_no: int, *, lease: timedelta, worker: str = "w1") -> bool:
    with get_database().session_scope() as s:
        return processing.claim_page(s, doc_id, page_no, worker=worker, lease=lease) is not None
