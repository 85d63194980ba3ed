"""The convert chain's step (worker/flows/convert.py): the pages a worker ran finished
and counted, and the tenant's next waiting pages taken and claimed for it, in one
statement.

On fast pages (the text layer) this is most of what a page costs the database. A step
was first two statements a page (finish_and_count, then take_next_claimed), then one
statement a page; a worker that runs fast pages now finishes the pages it ran together
and takes that many or more (worker/flows/convert.py's _Chain.take): one statement and
one commit for a group of pages. The guards are a page's: a page is counted only when its
row changed, and pages are picked only if one was counted.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, Integer, String, Uuid, bindparam, text
from sqlalchemy.orm import Session

from common.core.orm import UTCDateTime
from common.documents.models import OPEN_PAGE_STATUSES, PageStatus
from common.documents.repository.dispatch import ENGINES, PICK_ROWS, take_next_claimed
from common.documents.repository.pages import ClaimedPage, Counted, claimed_page, finish_and_count

_OPEN = ", ".join(f"'{status}'" for status in OPEN_PAGE_STATUSES)

# The claim of the pages picked (repository/pages.py's claim, for pages taken from the
# backlog): waiting straight to running under this worker's lease, with the columns a
# conversion needs. The pick's guards are the claim's: queued pages of a processing
# document, locked.
_CLAIM_PICKED = """
    UPDATE pages SET status = 'running', attempts = pages.attempts + 1, worker = :worker,
        lease_expires_at = :lease, started_at = :now, updated_at = :now, dispatched_at = NULL
    FROM pick, documents
    WHERE pages.document_id = pick.document_id AND pages.page_no = pick.page_no
        AND documents.id = pick.document_id
    RETURNING pages.document_id, pages.page_no, documents.tenant_id, documents.engine,
        documents.options, pages.width, pages.height, pages.attempts, pages.text_layer_key,
        pages.image_key, pages.error, pages.engine AS page_engine, pages.result_key
"""

# The pages ran come as parallel arrays (one row each once unnested); their counts are
# added to each document once (a statement may not update a row twice). The finished
# pages and the counters come back as JSON beside the claimed rows, which keep their
# names (claimed_page reads them by name); a step that claims nothing returns one row.
#
# Locks are taken in one order, the one every other writer of these rows keeps (the
# lease keeper's renewal, a cancel or delete, the deadline's failures): the pages in
# (document, page) order, then their documents in id order. Each UPDATE joins the rows
# its locking CTE emitted, so it changes no row the CTE has not locked first, and the
# documents are locked only once every page is finished (per_document aggregates them
# all). Two workers whose groups share documents, or a worker and the keeper renewing
# its pages, then wait for each other instead of deadlocking. The documents are locked
# FOR NO KEY UPDATE, the lock the UPDATE itself takes: FOR UPDATE would also conflict with
# the KEY SHARE locks of foreign-key checks on pages (the claim below re-claims a page
# this transaction gave back, and a second change of a row in one transaction checks its
# key again), which come in no order of ours.
_FINISH_AND_TAKE = text(
    f"""
    WITH ran AS (
        SELECT * FROM unnest(
            CAST(:r_documents AS uuid[]), CAST(:r_pages AS integer[]), CAST(:r_engines AS text[]),
            CAST(:r_keys AS text[]), CAST(:r_timings AS text[]), CAST(:r_tokens AS text[])
        ) AS r(document_id, page_no, engine, result_key, timings, tokens)
    ), open_pages AS MATERIALIZED (
        SELECT pages.document_id, pages.page_no FROM pages JOIN ran
            ON pages.document_id = ran.document_id AND pages.page_no = ran.page_no
        WHERE pages.status IN ({_OPEN})
        ORDER BY pages.document_id, pages.page_no
        FOR UPDATE OF pages
    ), finished AS (
        UPDATE pages SET status = '{PageStatus.done.value}', finished_at = :now, updated_at = :now,
            lease_expires_at = NULL, engine = ran.engine, result_key = ran.result_key,
            timings = CAST(ran.timings AS jsonb), tokens = CAST(ran.tokens AS jsonb), error = NULL
        FROM ran JOIN open_pages
            ON open_pages.document_id = ran.document_id AND open_pages.page_no = ran.page_no
        WHERE pages.document_id = open_pages.document_id AND pages.page_no = open_pages.page_no
            AND pages.status IN ({_OPEN})
        RETURNING pages.document_id, pages.page_no
    ), per_document AS (
        SELECT document_id, count(*) AS n FROM finished GROUP BY document_id
    ), counting AS MATERIALIZED (
        SELECT documents.id FROM documents JOIN per_document ON documents.id = per_document.document_id
        ORDER BY documents.id
        FOR NO KEY UPDATE OF documents
    ), counted AS (
        UPDATE documents SET pages_done = documents.pages_done + per_document.n, updated_at = :now
        FROM per_document JOIN counting ON counting.id = per_document.document_id
        WHERE documents.id = counting.id
        RETURNING documents.id, documents.pages_done, documents.pages_failed, documents.pages_total,
            documents.status, documents.tenant_id, documents.engine
    ), pick AS (
        -- Only a page counted here frees a place (a one-time filter: no pick otherwise,
        -- so no page is ever claimed that the statement would not hand back).
        SELECT * FROM ({PICK_ROWS.format(limit=":take")}) AS next WHERE EXISTS (SELECT 1 FROM counted)
    ), claimed AS ({_CLAIM_PICKED})
    SELECT
        (SELECT json_agg(json_build_array(f.document_id, f.page_no)) FROM finished f) AS ran_finished,
        (SELECT json_agg(json_build_array(c.id, c.pages_done, c.pages_failed, c.pages_total,
            c.status, c.tenant_id, c.engine)) FROM counted c) AS ran_counted,
        claimed.*
    FROM (SELECT 1) AS one LEFT JOIN claimed ON true
    """
).bindparams(
    ENGINES,
    bindparam("r_documents", type_=ARRAY(Uuid())),
    bindparam("r_pages", type_=ARRAY(Integer())),
    bindparam("r_engines", type_=ARRAY(String())),
    bindparam("r_keys", type_=ARRAY(String())),
    bindparam("r_timings", type_=ARRAY(String())),
    bindparam("r_tokens", type_=ARRAY(String())),
    bindparam("now", type_=UTCDateTime()),
    bindparam("lease", type_=UTCDateTime()),
)


@dataclass(frozen=True)
class Ran:
    """A page a worker ran to a result: its key (document, page) and its result columns
    (engine, result_key, timings, tokens)."""

    document_id: uuid.UUID
    page_no: int
    values: dict[str, Any]


@dataclass(frozen=True)
class ChainStep:
    """What a chain step did: the pages counted here (a page missing was finished
    already: cancelled, failed, a duplicate), each counted document's counters after,
    and the pages taken next."""

    finished: frozenset[tuple[uuid.UUID, int]]
    counted: dict[uuid.UUID, Counted]
    taken: list[tuple[uuid.UUID, int, ClaimedPage]]


def finish_and_take(
    session: Session,
    ran: Sequence[Ran],
    *,
    take: int,
    tenant_id: uuid.UUID,
    engines: Sequence[str],
    worker: str,
    lease_until: datetime,
    now: datetime,
) -> ChainStep:
    """Mark the pages done and count each once (as finish_and_count), and only if one was
    counted take up to ``take`` of the tenant's next waiting pages on these engines
    (oldest document first) and claim them for ``worker`` (as take_next_claimed). One
    statement on PostgreSQL; elsewhere a statement a page, in turn."""
    if session.get_bind().dialect.name != "postgresql":
        return _in_turn(session, ran, take, tenant_id, engines, worker, lease_until, now)
    params = {
        "r_documents": [r.document_id for r in ran],
        "r_pages": [r.page_no for r in ran],
        "r_engines": [r.values.get("engine") for r in ran],
        "r_keys": [r.values.get("result_key") for r in ran],
        "r_timings": [json.dumps(r.values.get("timings") or {}) for r in ran],
        "r_tokens": [json.dumps(r.values.get("tokens") or {}) for r in ran],
        "now": now,
        "take": take,
        "tenant_id": tenant_id,
        "engines": list(engines),
        "lease": lease_until,
        "worker": worker,
    }
    rows = session.execute(_FINISH_AND_TAKE, params).all()
    first = rows[0]
    finished = frozenset((uuid.UUID(str(d)), int(n)) for d, n in first.ran_finished or ())
    counted = {
        uuid.UUID(str(c[0])): Counted(
            int(c[1]), int(c[2]), int(c[3]), str(c[4]), uuid.UUID(str(c[5])), str(c[6])
        )
        for c in first.ran_counted or ()
    }
    taken = [
        (row.document_id, int(row.page_no), claimed_page(row, row)) for row in rows if row.page_no is not None
    ]
    return ChainStep(finished, counted, taken)


def _in_turn(
    session: Session,
    ran: Sequence[Ran],
    take: int,
    tenant_id: uuid.UUID,
    engines: Sequence[str],
    worker: str,
    lease_until: datetime,
    now: datetime,
) -> ChainStep:
    finished: set[tuple[uuid.UUID, int]] = set()
    counted: dict[uuid.UUID, Counted] = {}
    for r in ran:
        after = finish_and_count(session, r.document_id, r.page_no, status=PageStatus.done, values=r.values)
        if after is not None:
            finished.add((r.document_id, r.page_no))
            counted[r.document_id] = after
    taken: list[tuple[uuid.UUID, int, ClaimedPage]] = []
    while counted and len(taken) < take:
        one = take_next_claimed(session, tenant_id, engines, worker=worker, lease_until=lease_until, now=now)
        if one is None:
            break
        taken.append(one)
    return ChainStep(frozenset(finished), counted, taken)
