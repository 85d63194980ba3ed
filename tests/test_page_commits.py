"""A page's claim and finish commit without waiting for the WAL flush; everything else
(outcomes, webhook events, uploads) waits for it (settings: database.fast_page_commits).
Against the real PostgreSQL server, through the pipeline steps themselves."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, text

from common.core.db import Database, get_database
from common.core.settings import get_settings
from common.core.storage import get_store
from tests.factories import files
from tests.helpers import new_tenant, queued_document


def _flush_wait(s: Any) -> str:
    return str(s.execute(text("SHOW synchronous_commit")).scalar())


def test_page_work_commits_without_the_flush_wait_and_only_that_transaction(services):
    db = get_database()
    # when a page's transaction runs, then it does not wait for the flush
    with db.session_scope(page_work=True) as s:
        assert _flush_wait(s) == "off"
    # and every other transaction, on the same pooled connections, still does
    for _ in range(3):
        with db.session_scope() as s:
            assert _flush_wait(s) == "on"


def test_the_setting_turns_it_off(services, monkeypatch):
    # given a deployment that wants every commit flushed
    monkeypatch.setenv("PAGEMILL_DATABASE__FAST_PAGE_COMMITS", "false")
    get_settings.cache_clear()
    try:
        db = Database(get_settings())
        # when a page's transaction runs, then it waits for the flush like any other
        with db.session_scope(page_work=True) as s:
            assert _flush_wait(s) == "on"
        db.dispose()
    finally:
        get_settings.cache_clear()


@pytest.fixture
def transactions() -> Iterator[list[list[str]]]:
    """The SQL of each transaction the process's database runs, in order."""
    engine = get_database().engine
    seen: list[list[str]] = []

    def begin(_conn: Any) -> None:
        seen.append([])

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        if seen:
            seen[-1].append(" ".join(sql.split()))

    event.listen(engine, "begin", begin)
    event.listen(engine, "before_cursor_execute", statement)
    yield seen
    event.remove(engine, "begin", begin)
    event.remove(engine, "before_cursor_execute", statement)


def test_claim_and_finish_skip_the_flush_wait_and_the_outcome_does_not(services, sent, transactions):
    from worker import flows

    # given a prepared 2-page document
    doc_id = uuid.UUID(queued_document(new_tenant(), files.text_pdf(2), engine="null"))
    db, store, settings = get_database(), get_store(), get_settings()
    flows.prepare_document(db, store, settings, doc_id)
    transactions.clear()
    # when both pages are converted and the document finalized
    for page_no in (1, 2):
        flows.convert_page(db, store, settings, doc_id, page_no, lease=timedelta(minutes=5))
    flows.finalize_document(db, store, settings, doc_id)

    def fast(tx: list[str]) -> bool:
        return bool(tx) and tx[0] == "SET LOCAL synchronous_commit TO OFF"

    claims = [tx for tx in transactions if any("SET status=" in q and "attempts=" in q for q in tx)]
    finishes = [tx for tx in transactions if any(q.startswith("WITH finished AS") for q in tx)]
    outcomes = [tx for tx in transactions if any(q.startswith("INSERT INTO webhook_events") for q in tx)]
    # then each page's claim and finish ran in a transaction that skipped the flush wait
    assert len(claims) == 2 and all(fast(tx) for tx in claims)
    assert len(finishes) == 2 and all(fast(tx) for tx in finishes)
    # and the outcome with its webhook event waited for it (it flushes the finishes too)
    assert len(outcomes) == 1 and not fast(outcomes[0])
