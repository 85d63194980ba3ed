"""At production scale (100,000 documents, 1,000,000 pages, ~97,000 webhook events), the
polled reads and the periodic sweeps stay index-driven: no sequential scan of documents,
pages, webhook_events or webhook_deliveries on any statement they send.

The statements are the ones the code sends, recorded as it runs (bench/scale_paths.py),
never copies: a query added to a sweep, the reaper pass or the dispatch it drives is
checked here the day it lands. Each path runs against real data so that its parameters
are real (a sweep finds expired leases, overdue documents, lost deliveries) and every
change it makes is rolled back. The data lives in a database of this module's own,
built by the migrations and dropped at the end; bench/million_rows.py times the same
paths on the same data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from bench import bigdb, scale_paths
from common.core.settings import RetentionSettings, Settings, get_settings
from tests.conftest import PG_ADMIN, RUN_ID

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def big() -> Iterator[tuple[Engine, scale_paths.Context]]:
    import common.models  # noqa: F401  (every mapper configured before the first query)

    now = datetime.now(UTC)
    # Retention on, so that its sweep runs its scan too.
    settings: Settings = get_settings().model_copy(update={"retention": RetentionSettings(days=30)})
    with bigdb.scratch_database(PG_ADMIN, f"pagemill_scale_{RUN_ID}") as url:
        engine = create_engine(url, poolclass=NullPool)
        try:
            bigdb.build(engine, settings, now=now)
            ctx = scale_paths.context(engine, settings, tenant_id=bigdb.tenant_uuid(0), now=now, depth=30_000)
            yield engine, ctx
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def sent(big: tuple[Engine, scale_paths.Context]) -> dict[str, list[scale_paths.Captured]]:
    """Each path's statements, recorded once (the reaper's pass takes seconds)."""
    engine, ctx = big
    return {name: scale_paths.run_captured(engine, path, ctx) for name, path in scale_paths.PATHS.items()}


def test_the_database_holds_a_million_pages(big: tuple[Engine, scale_paths.Context]) -> None:
    # given the loaded database
    engine, _ = big
    # when its big tables are counted
    with engine.connect() as conn:
        counts = {
            t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in sorted(scale_paths.BIG_TABLES)
        }
    # then they are at the scale the plans are checked at
    assert counts["documents"] == bigdb.DOCUMENTS
    assert counts["pages"] == bigdb.PAGES
    assert counts["webhook_events"] > 90_000
    assert counts["webhook_deliveries"] > 90_000


@pytest.mark.parametrize("name", list(scale_paths.PATHS))
def test_no_sequential_scan_of_a_big_table(
    big: tuple[Engine, scale_paths.Context], sent: dict[str, list[scale_paths.Captured]], name: str
) -> None:
    engine, _ = big
    # given the statements the path sends at this scale (all its work rolled back)
    captured = sent[name]
    assert captured, f"{name}: sent no statement"
    assert not [c.where for c in captured if c.elsewhere], f"{name}: statements sent to another database"
    # when Postgres plans each of them with the parameters it was sent with
    scans = []
    for c in scale_paths.distinct(captured):
        plan = scale_paths.explain(engine, c)
        if tables := scale_paths.seq_scans(plan):
            scans.append(
                f"{c.where}: Seq Scan on {', '.join(tables)}\n  {' '.join(c.statement.split())}\n"
                f"  params {json.dumps(c.parameters, default=str)}\n  plan {scale_paths.describe(plan)}"
            )
    # then none of them reads a big table from end to end
    assert not scans, "\n".join(scans)


# A scan that reads rows only to discard them walks an index that does not match its
# WHERE (a sequential scan is the extreme case): what it reads grows with the table, not
# with what it returns. At this scale a few thousand is the bound: the sweeps take 500
# rows at a time, a list page 51, and the widest legitimate filter, the active documents
# of one status not touched lately, discards about 1,000 of 2,000.
MAX_ROWS_DISCARDED = 5_000


@pytest.mark.parametrize("name", scale_paths.PATHS)
def test_no_scan_reads_rows_only_to_discard_them(
    big: tuple[Engine, scale_paths.Context], sent: dict[str, list[scale_paths.Captured]], name: str
) -> None:
    engine, _ = big
    # given the statements the path sends at this scale
    # when each runs under EXPLAIN ANALYZE (rolled back)
    wasteful = []
    for c in scale_paths.distinct(sent[name]):
        plan, _ms = scale_paths.explain_analyze(engine, c)
        if (n := scale_paths.rows_discarded(plan)) > MAX_ROWS_DISCARDED:
            sql = " ".join(c.statement.split())
            wasteful.append(f"{c.where}: discarded {n} rows\n  {sql}\n  plan {scale_paths.describe(plan)}")
    # then each reads about what it returns, through an index that matches its WHERE
    assert not wasteful, "\n".join(wasteful)


def test_the_sweeps_find_work_at_this_scale(sent: dict[str, list[scale_paths.Captured]]) -> None:
    # The plans above are for the parameters of real work: a sweep that found nothing to
    # repair would leave its per-row statements unchecked.
    # given the reaper's pass and the webhook sweep, run once each (rolled back)
    # when the senders of their statements are listed
    reaper = {c.where for c in sent["reaper pass (reap_once)"]}
    hooks = {c.where for c in sent["webhook sweep"]}
    # then each repaired rows: a lease requeued, a deadline failed, a lost delivery reclaimed
    assert any(w.endswith(":requeue_expired") for w in reaper), sorted(reaper)
    assert any(w.endswith(":fail_open_pages") for w in reaper), sorted(reaper)
    assert any(w.endswith(":forget") for w in reaper), sorted(reaper)
    assert any(w.endswith(":forget_unconsumed") for w in reaper), sorted(reaper)
    assert any(w.endswith("service:sweep") for w in hooks), sorted(hooks)
