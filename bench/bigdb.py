"""A Postgres database at production scale, for the scale plans test and its bench.

100,000 documents over ten tenants (one holds about half of them), 1,000,000 page rows
and an outbox event per finished document with its delivery attempts, written by
``INSERT ... SELECT generate_series`` so that a load takes seconds, not minutes. The
rows are shaped like a service that has run for three months: nearly everything is
finished, the newest few thousand documents are in flight (pages done, running under a
lease, a few leases expired, pages queued), some documents are deleted (a few not purged
yet), some are past their deadline, and the outbox holds a handful of due, retrying and
abandoned deliveries among ~97,000 delivered ones.

Every row is a pure function of its number and of ``now``, so two loads are the same
data; tests/test_scale_plans.py and bench/million_rows.py share this module (one loader).
The database is built by the real migrations, so the indexes under test are the ones
``pagemill migrate`` creates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from alembic import command
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.pool import NullPool

from common.core import migrate
from common.core.settings import Settings

DOCUMENTS = 100_000
PAGES = 1_000_000
TENANTS = 10
# The newest ACTIVE documents are in flight: every third of them still queued (no pages
# yet), the rest processing.
ACTIVE = 3_000
# Documents created every this many seconds, newest first: 100,000 span about 93 days.
SPACING_S = 80

_NAME = re.compile(r"^[a-z0-9_]+$")


def tenant_uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


@dataclass(frozen=True)
class Loaded:
    """What a caller needs to address the data: the tenants, the busiest one first."""

    tenant_ids: list[str]
    documents: int
    pages: int
    webhook_events: int
    webhook_deliveries: int


@contextmanager
def scratch_database(admin_url: str, name: str) -> Iterator[str]:
    """A new database ``name`` on the server of ``admin_url``, dropped on exit; yields its URL."""
    if not _NAME.match(name):
        raise ValueError(f"database name {name!r}: lowercase letters, digits and _ only")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrate_to_head(engine: Engine, settings: Settings) -> None:
    """The real migrations, on ``engine``'s database (not the one the settings name)."""
    cfg = migrate.alembic_config(settings)
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()


# Document number i (0 = the newest). Statuses by i: the first ACTIVE are in flight; of the
# rest, one in 50 failed, one in 50 partially succeeded, one in 50 cancelled, the others
# succeeded; one in 100 deleted (one in 1000 of those not purged yet).
_DOCUMENTS = """
INSERT INTO documents (
    id, tenant_id, status, engine, options, pages_total, pages_done, pages_failed,
    source_key, sha256, bytes, media_type, filename, source_pages, metadata,
    idempotency_key, webhook_url, error, created_at, updated_at, started_at, finished_at,
    deleted_at, deadline_at, purged_at, summary)
SELECT
    d.id, d.tenant_id, d.status, 'auto', '{"output_formats": ["md"]}'::jsonb,
    d.pages, CASE WHEN d.status = 'processing' THEN 3 WHEN d.active THEN 0 ELSE d.pages - d.failed END,
    CASE WHEN d.active THEN 0 ELSE d.failed END,
    'tenants/' || d.tenant_id || '/documents/' || d.id || '/source', md5(d.i::text) || md5(d.i::text),
    100000 + d.i, 'application/pdf', 'doc-' || d.i || '.pdf', d.pages, '{}'::jsonb,
    NULL, NULL, NULL, d.created, d.updated,
    CASE WHEN d.status = 'queued' THEN NULL ELSE d.created + interval '5 seconds' END,
    d.finished, d.deleted,
    -- One in 100 active documents is past its deadline.
    CASE WHEN d.active AND d.i % 100 = 5 THEN d.created + interval '10 minutes'
         ELSE d.created + interval '7 days' END,
    CASE WHEN d.deleted IS NOT NULL AND d.i % 1000 <> 7 THEN d.deleted + interval '1 minute' END,
    NULL
FROM (
    SELECT s.*,
           CASE WHEN s.active THEN NULL ELSE s.created + interval '2 minutes' END AS finished,
           CASE WHEN NOT s.active AND s.i % 100 = 7
                THEN s.created + interval '1 day' END AS deleted,
           -- In flight: touched within the last ten minutes, so about half look stale.
           CASE WHEN s.active THEN :now - (s.i % 600) * interval '1 second'
                ELSE s.created + interval '2 minutes' END AS updated
    FROM (
        SELECT g.i,
               md5('doc' || g.i)::uuid AS id,
               ('00000000-0000-4000-8000-' || lpad(
                   (CASE WHEN g.i % 2 = 0 THEN 0 ELSE g.i % 9 + 1 END)::text, 12, '0'))::uuid AS tenant_id,
               g.i < :active AS active,
               CASE WHEN g.i < :active AND g.i % 3 = 0 THEN 'queued'
                    WHEN g.i < :active THEN 'processing'
                    WHEN g.i % 50 = 0 THEN 'failed'
                    WHEN g.i % 50 = 1 THEN 'partially_succeeded'
                    WHEN g.i % 50 = 2 THEN 'cancelled'
                    ELSE 'succeeded' END AS status,
               -- Queued documents are not split yet; 1,000 long ones make the total 1,000,000.
               CASE WHEN g.i < :active AND g.i % 3 = 0 THEN 0
                    WHEN g.i >= 3000 AND g.i < 4000 THEN 20 ELSE 10 END AS pages,
               CASE WHEN g.i % 50 = 0 THEN 10 WHEN g.i % 50 = 1 THEN 1 ELSE 0 END AS failed,
               :now - g.i * :spacing * interval '1 second' AS created
        FROM generate_series(0, :documents - 1) AS g(i)
    ) s
) d
"""

# Pages of a finished document are done (failed where its counts say so). A processing
# document's pages 1-3 are done, 4-5 running under a lease (one in seven expired), the
# rest queued since the document was last touched. A live lease runs an hour past the
# load, not the minute a worker renews it for, so that it is still live when a test or
# the bench runs the reaper minutes later (the sweeps read the clock, not ``now``).
_PAGES = """
INSERT INTO pages (
    document_id, page_no, status, engine, attempts, lease_expires_at, worker, width, height,
    has_text_layer, image_key, text_layer_key, result_key, timings, tokens, error,
    created_at, updated_at, started_at, finished_at)
SELECT
    d.id, p.n, x.status, NULL, CASE WHEN x.status = 'queued' THEN 0 ELSE 1 END,
    CASE WHEN x.status <> 'running' THEN NULL
         WHEN (hashtext(d.id::text) + p.n) % 7 = 0 THEN :now - interval '30 seconds'
         ELSE :now + interval '1 hour' END,
    CASE WHEN x.status = 'running' THEN 'worker-' || (p.n % 4) END,
    612, 792, true, NULL, 'tenants/' || d.tenant_id || '/documents/' || d.id || '/pages/' || p.n || '.txt',
    CASE WHEN x.status = 'done' THEN 'tenants/' || d.tenant_id || '/documents/' || d.id
                                     || '/results/' || p.n || '.json' END,
    '{}'::jsonb, '{}'::jsonb,
    CASE WHEN x.status = 'failed' THEN '{"code": "engine_error"}'::jsonb END,
    d.created_at, CASE WHEN d.status = 'processing' THEN d.updated_at ELSE d.finished_at END,
    CASE WHEN x.status IN ('queued') THEN NULL ELSE d.started_at END,
    CASE WHEN x.status IN ('done', 'failed') THEN coalesce(d.finished_at, d.updated_at) END
FROM documents d
CROSS JOIN LATERAL generate_series(1, d.pages_total) AS p(n)
CROSS JOIN LATERAL (
    SELECT CASE
        WHEN d.status = 'processing' AND p.n <= 3 THEN 'done'
        WHEN d.status = 'processing' AND p.n <= 5 THEN 'running'
        WHEN d.status = 'processing' THEN 'queued'
        WHEN p.n > d.pages_total - d.pages_failed THEN 'failed'
        ELSE 'done' END AS status
) x
"""

# One outbox event per finished document. Mostly delivered; one in 100 pending and due
# (dispatched long ago: the sweep sends it again), one in 100 pending with a retry later,
# one in 200 being delivered (half of those with the lease run out), one in 100 failed
# for good, the cancelled ones skipped (no destination).
_EVENTS = """
INSERT INTO webhook_events (
    id, tenant_id, document_id, type, payload, created_at, dispatched_at, delivered_at,
    status, attempts, round, round_attempts, next_attempt_at, lease_expires_at, last_error)
SELECT
    md5('evt' || e.id)::uuid, e.tenant_id, e.id, 'document.' || e.status,
    jsonb_build_object('type', 'document.' || e.status, 'data', jsonb_build_object('id', e.id)),
    e.finished_at,
    CASE WHEN e.state = 'pending_due' THEN :now - interval '1 hour'
         WHEN e.state IN ('pending_later', 'delivering', 'delivering_lost') THEN :now - interval '1 minute'
         WHEN e.state = 'skipped' THEN NULL
         ELSE e.finished_at END,
    CASE WHEN e.state = 'delivered' THEN e.finished_at + interval '1 second' END,
    CASE WHEN e.state LIKE 'pending%' THEN 'pending'
         WHEN e.state LIKE 'delivering%' THEN 'delivering'
         ELSE e.state END,
    CASE WHEN e.state = 'skipped' THEN 0 WHEN e.state = 'delivered' THEN 1 ELSE 3 END,
    0,
    CASE WHEN e.state = 'skipped' THEN 0 WHEN e.state = 'delivered' THEN 1 ELSE 3 END,
    CASE WHEN e.state = 'pending_due' THEN :now - interval '10 seconds'
         WHEN e.state = 'pending_later' THEN :now + interval '1 hour' END,
    CASE WHEN e.state = 'delivering' THEN :now + interval '1 hour'
         WHEN e.state = 'delivering_lost' THEN :now - interval '1 minute' END,
    CASE WHEN e.state IN ('failed', 'pending_due', 'pending_later') THEN 'HTTP 503' END
FROM (
    SELECT d.*, CASE
        WHEN d.status = 'cancelled' THEN 'skipped'
        WHEN h % 100 = 3 THEN 'pending_due'
        WHEN h % 100 = 4 THEN 'pending_later'
        WHEN h % 200 = 9 THEN 'delivering'
        WHEN h % 200 = 109 THEN 'delivering_lost'
        WHEN h % 100 = 11 THEN 'failed'
        ELSE 'delivered' END AS state
    FROM (SELECT doc.*, abs(hashtext(doc.id::text)) AS h FROM documents doc
          WHERE doc.finished_at IS NOT NULL) d
) e
"""

# An attempt per event that was tried, and two earlier failed ones for one in ten.
_DELIVERIES = """
INSERT INTO webhook_deliveries (
    id, event_id, attempt, url, status_code, latency_ms, response_body, error, created_at,
    round, outcome, next_attempt_at)
SELECT
    md5('dlv' || ev.id || '/' || a.n)::uuid, ev.id, a.n, 'https://receiver.example/hooks',
    CASE WHEN a.n = ev.attempts AND ev.status = 'delivered' THEN 200 ELSE 503 END,
    40, NULL, NULL, ev.created_at + a.n * interval '1 second', 0,
    CASE WHEN a.n = ev.attempts AND ev.status = 'delivered' THEN 'delivered'
         WHEN a.n = ev.attempts AND ev.status = 'failed' THEN 'failed' ELSE 'retry' END,
    NULL
FROM webhook_events ev
CROSS JOIN LATERAL generate_series(
    CASE WHEN abs(hashtext(ev.id::text)) % 10 = 0 THEN 1 ELSE ev.attempts END, ev.attempts) AS a(n)
WHERE ev.attempts > 0
"""


# Columns a migration newer than this loader adds, each filled where the schema has it:
# the loader runs on whatever head the migrations reach.
_PAGES_SENT = """
UPDATE pages SET dispatched_at = updated_at
WHERE (status = 'queued' AND page_no <= 7) OR (status = 'failed' AND page_no % 5 = 0)
"""
_PREPARES_SENT = """
UPDATE documents d SET dispatched_at = d.updated_at
FROM (SELECT id, row_number() OVER (PARTITION BY tenant_id ORDER BY created_at) AS n
      FROM documents WHERE status = 'queued') q
WHERE d.id = q.id AND q.n <= 4
"""
_LATER_COLUMNS = {
    # The dispatch window (migration 0011): of a processing document's queued pages, 6-7
    # were sent to the broker when the document was last touched (about half of them
    # long enough ago to count as lost), 8-10 wait in Postgres behind the window. One in
    # five failed pages failed while its message waited (migration 0012): the message was
    # never taken, and long enough ago that the reaper forgets it.
    ("pages", "dispatched_at"): _PAGES_SENT,
    # The prepare window (the same migration): each tenant's four oldest queued documents
    # have their prepare on the broker, the rest wait as rows.
    ("documents", "dispatched_at"): _PREPARES_SENT,
}


def load(conn: Connection, *, now: datetime) -> Loaded:
    """Fill an empty, migrated database (in the caller's transaction), then ANALYZE it
    (after the caller commits: see :func:`analyze`)."""
    tenants = [tenant_uuid(n) for n in range(TENANTS)]
    for n, tid in enumerate(tenants):
        conn.execute(
            text("INSERT INTO tenants (id, name, created_at) VALUES (:id, :name, :now)"),
            {"id": tid, "name": f"tenant-{n}", "now": now},
        )
        conn.execute(
            text(
                "INSERT INTO webhook_endpoints (id, tenant_id, url, secret, created_at, updated_at) "
                "VALUES (:id, :tid, 'https://receiver.example/hooks', 'sealed', :now, :now)"
            ),
            {"id": f"00000000-0000-4000-9000-{n:012d}", "tid": tid, "now": now},
        )
    params = {"now": now, "active": ACTIVE, "spacing": SPACING_S, "documents": DOCUMENTS}
    docs = conn.execute(text(_DOCUMENTS), params).rowcount
    pages = conn.execute(text(_PAGES), {"now": now}).rowcount
    for (table, column), fill in _LATER_COLUMNS.items():
        if conn.execute(
            text("SELECT 1 FROM information_schema.columns WHERE table_name = :t AND column_name = :c"),
            {"t": table, "c": column},
        ).first():
            conn.execute(text(fill))
    events = conn.execute(text(_EVENTS), {"now": now}).rowcount
    deliveries = conn.execute(text(_DELIVERIES)).rowcount
    return Loaded(tenants, docs, pages, events, deliveries)


def analyze(engine: Engine) -> None:
    """Fresh statistics, as autovacuum would have them on a database this size."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def build(engine: Engine, settings: Settings, *, now: datetime) -> Loaded:
    """Migrate ``engine``'s empty database to head, load it and analyze it."""
    migrate_to_head(engine, settings)
    with engine.begin() as conn:
        # The load is one transaction; losing it on a crash costs nothing. The rows are
        # consistent by construction, so the foreign-key triggers (a lookup per row, half
        # the load's time) are skipped: replica mode, which needs a superuser.
        conn.execute(text("SET LOCAL synchronous_commit = off"))
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        loaded = load(conn, now=now)
    analyze(engine)
    return loaded
