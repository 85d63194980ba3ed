"""A page's claim and finish commit without waiting for the WAL flush; the finalize that
records the document's outcome and its webhook event waits for it (common/core/db.py's
redo_if_lost says why that is safe). Read from Postgres itself, in each transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from common.core import queue
from common.core.db import get_database
from common.core.settings import get_settings
from common.core.storage import get_store
from common.documents.models import Document
from tests.factories import files
from tests.helpers import new_tenant, queued_document

LEASE = timedelta(minutes=5)


@pytest.fixture
def commits() -> Iterator[list[str]]:
    """synchronous_commit as each committing transaction had it, in order."""
    seen: list[str] = []

    def before_commit(session: Session) -> None:
        setting = session.execute(text("SELECT current_setting('synchronous_commit')")).scalar_one()
        seen.append(str(setting))

    event.listen(Session, "before_commit", before_commit)
    yield seen
    event.remove(Session, "before_commit", before_commit)


def test_page_transitions_skip_the_flush_and_the_outcome_waits_for_it(services, sent, commits):
    from worker import flows

    db, store, settings = get_database(), get_store(), get_settings()
    # given a prepared document of two pages
    doc_id = uuid.UUID(queued_document(new_tenant(), files.text_pdf(2), engine="null"))
    flows.prepare_document(db, store, settings, doc_id)
    commits.clear()
    # when both pages are converted
    for page_no in (1, 2):
        flows.convert_page(db, store, settings, doc_id, page_no, lease=LEASE)
    # then every commit of theirs (claim, finish) returned before its WAL flush
    assert commits == ["off"] * 4
    # when the finalize that the last finish enqueued runs
    assert (queue.FINALIZE, str(doc_id)) in sent
    commits.clear()
    flows.finalize_document(db, store, settings, doc_id)
    # then its commits wait for the flush, which covers the pages' WAL before it
    assert commits and set(commits) == {"on"}
    with db.session_scope() as s:
        assert s.get(Document, doc_id).status == "succeeded"
