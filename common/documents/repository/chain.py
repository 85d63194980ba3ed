"""The convert chain's step (worker/flows/convert.py): a page finished and counted, and
the tenant's next waiting page taken into its place and claimed, in one statement.

On fast pages (the text layer) this is most of what a page costs the database: the
chain's step was two statements (finish_and_count, then take_next_claimed), each a round
trip plus its share of the client's and the server's per-statement work. One statement of
data-modifying CTEs does both, under the same guards: the counter moves only when the
page row changed, and the next page is picked only then.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from common.core.orm import JSONType, UTCDateTime
from common.documents.models import OPEN_PAGE_STATUSES, PageStatus
from common.documents.repository.dispatch import ENGINES, PICK_NEXT_ROW, take_next_claimed
from common.documents.repository.pages import ClaimedPage, Counted, claimed_page, finish_and_count

_OPEN = ", ".join(f"'{status}'" for status in OPEN_PAGE_STATUSES)

# The claim of the page picked (repository/pages.py's claim, for a page taken from the
# backlog): waiting straight to running under this worker's lease, with the columns a
# conversion needs. The pick's guards are the claim's: a queued page of a processing
# document, locked.
_CLAIM_PICKED = """
    UPDATE pages SET status = 'running', attempts = pages.attempts + 1, worker = :worker,
        lease_expires_at = :lease, started_at = :now, updated_at = :now, dispatched_at = :now
    FROM pick, documents
    WHERE pages.document_id = pick.document_id AND pages.page_no = pick.page_no
        AND documents.id = pick.document_id
    RETURNING pages.document_id, pages.page_no, documents.tenant_id, documents.engine,
        documents.options, pages.width, pages.height, pages.attempts, pages.text_layer_key,
        pages.image_key, pages.error, pages.engine AS page_engine, pages.result_key
"""

# The claim's columns keep their names (claimed_page reads them by name); the counters
# come first, by position (as repository/pages.py's _counted reads them).
_FINISH_AND_TAKE = text(
    f"""
    WITH finished AS (
        UPDATE pages SET status = '{PageStatus.done.value}', finished_at = :now, updated_at = :now,
            lease_expires_at = NULL, engine = :v_engine, result_key = :v_result_key,
            timings = :v_timings, tokens = :v_tokens, error = NULL
        WHERE document_id = :d AND page_no = :n AND status IN ({_OPEN})
        RETURNING document_id
    ), counted AS (
        UPDATE documents SET pages_done = documents.pages_done + 1, updated_at = :now
        FROM finished WHERE documents.id = finished.document_id
        RETURNING documents.pages_done, documents.pages_failed, documents.pages_total,
            documents.status, documents.tenant_id, documents.engine
    ), pick AS (
        -- Only a page counted here frees a place (a one-time filter: no pick otherwise,
        -- so no page is ever claimed that the statement would not hand back).
        SELECT * FROM ({PICK_NEXT_ROW}) AS next WHERE EXISTS (SELECT 1 FROM counted)
    ), claimed AS ({_CLAIM_PICKED})
    SELECT counted.pages_done, counted.pages_failed, counted.pages_total, counted.status AS doc_status,
        counted.tenant_id AS doc_tenant_id, counted.engine AS doc_engine, claimed.*
    FROM counted LEFT JOIN claimed ON true
    """
).bindparams(
    ENGINES,
    bindparam("now", type_=UTCDateTime()),
    bindparam("lease", type_=UTCDateTime()),
    bindparam("v_timings", type_=JSONType),
    bindparam("v_tokens", type_=JSONType),
)


@dataclass(frozen=True)
class ChainStep:
    """What a chain step did: the document's counters after the page was counted (None if
    the page was already finished: nothing moved), and the page taken next, if any."""

    counted: Counted | None
    taken: tuple[uuid.UUID, int, ClaimedPage] | None


def finish_and_take(
    session: Session,
    document_id: uuid.UUID,
    page_no: int,
    *,
    values: dict[str, Any],
    tenant_id: uuid.UUID,
    engines: Sequence[str],
    worker: str,
    lease_until: datetime,
    now: datetime,
) -> ChainStep:
    """Mark the page done and count it once (as finish_and_count), and only then take the
    tenant's next waiting page on these engines and claim it for ``worker`` (as
    take_next_claimed). One statement on PostgreSQL; elsewhere the two in turn."""
    if session.get_bind().dialect.name != "postgresql":
        counted = finish_and_count(session, document_id, page_no, status=PageStatus.done, values=values)
        if counted is None:
            return ChainStep(None, None)
        taken = take_next_claimed(
            session, tenant_id, engines, worker=worker, lease_until=lease_until, now=now
        )
        return ChainStep(counted, taken)
    params = {
        "d": document_id,
        "n": page_no,
        "now": now,
        "v_engine": values.get("engine"),
        "v_result_key": values.get("result_key"),
        "v_timings": values.get("timings") or {},
        "v_tokens": values.get("tokens") or {},
        "tenant_id": tenant_id,
        "engines": list(engines),
        "lease": lease_until,
        "worker": worker,
    }
    row = session.execute(_FINISH_AND_TAKE, params).first()
    if row is None:
        return ChainStep(None, None)
    counted = Counted(
        int(row.pages_done),
        int(row.pages_failed),
        int(row.pages_total),
        str(row.doc_status),
        row.doc_tenant_id,
        str(row.doc_engine),
    )
    if row.page_no is None:
        return ChainStep(counted, None)
    return ChainStep(counted, (row.document_id, int(row.page_no), claimed_page(row, row)))
