"""The reaper's sweeps run each in its own transaction: one that fails rolls back alone, is
reported, and the others commit.

The flows are called directly, as a worker and Celery beat would call them, against the real
database and S3 server (tests/reaping.py)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import update

from common.core.db import get_database
from common.core.orm import utcnow
from common.documents import reaper
from common.documents.models import Document
from tests.factories import files
from tests.helpers import new_tenant, queued_document
from tests.reaping import EXPIRED, claim, dispatches_for, document_row, page_row, prepared_document, reap


def test_a_sweep_that_fails_rolls_back_alone_and_the_others_commit(services, sent, monkeypatch):
    # given a page whose worker died (the expired-lease sweep's work) and a document
    # past its deadline that was never prepared (the deadline sweep's work)
    doc_id = prepared_document(sent, 1)
    assert claim(doc_id, 1, lease=EXPIRED)
    late = uuid.UUID(queued_document(new_tenant(), files.text_pdf(1), engine="null"))
    with get_database().session_scope() as s:
        past = utcnow() - timedelta(seconds=1)
        s.execute(update(Document).where(Document.id == late).values(deadline_at=past))
    # and an expired-lease sweep that does its work and then fails
    real, sweeps = reaper.expired_leases, reaper.SWEEPS

    def broken(session, settings, now):
        real(session, settings, now)
        raise RuntimeError("a row this sweep cannot handle")

    broken.__name__ = "expired_leases"
    monkeypatch.setattr(reaper, "SWEEPS", tuple(broken if f is real else f for f in sweeps))
    # when the reaper runs
    report = reap()
    # then the failing sweep is reported and its work rolled back: the page is still
    # running under its dead lease, and nothing was dispatched for it
    assert report.failed_sweeps == ["expired_leases"]
    page = page_row(doc_id, 1)
    assert page.status == "running" and page.lease_expires_at is not None
    assert dispatches_for(sent, doc_id) == []
    # and the deadline sweep's work is committed
    doc = document_row(late)
    assert doc.status == "failed" and doc.error["code"] == "deadline_exceeded"
    # and once the sweep works again, the page is put back
    monkeypatch.setattr(reaper, "SWEEPS", sweeps)
    reap()
    assert page_row(doc_id, 1).status == "queued"
