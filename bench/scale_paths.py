"""The read and sweep paths that must stay index-driven at scale, the SQL they run, and
the plans Postgres chooses for it: shared by tests/test_scale_plans.py (no sequential
scan on the big tables) and bench/million_rows.py (their latency).

The statements are never written here: each path runs the real code (the services the
routers call, the reaper's and the webhook sweep's flows) and a ``before_cursor_execute``
listener records what it sends. A query someone adds to a sweep is therefore checked the
day it lands. The flows commit through ``Database.session_scope``; :class:`RolledBack`
stands in for the Database so that every scope ends in a rollback (and so sends no task:
``enqueue_after_commit`` hooks only run on commit).
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import Session

from common.core import cursors
from common.core.db import Database
from common.core.settings import Settings
from common.documents import dispatch, views
from common.documents.reaper import SWEEPS
from common.documents.repository import chain
from worker.flows import reap, sweep

ROOT = Path(__file__).resolve().parents[1]
# The tables that grow with traffic. tenants, api_keys, webhook_endpoints and workers hold
# a row per customer, key or worker process (tens to hundreds): a sequential scan of a
# page or two is what Postgres should do there, and no index would make it cheaper.
BIG_TABLES = frozenset({"documents", "pages", "webhook_events", "webhook_deliveries"})
EXPLAINED = ("SELECT", "UPDATE", "DELETE", "WITH")
_HERE = Path(__file__).resolve()


@dataclass(frozen=True)
class Context:
    """Where a path reads: a tenant (the busiest), one of its documents and a deep cursor."""

    settings: Settings
    now: datetime
    tenant_id: Any
    document_id: Any
    deep_cursor: str


@dataclass
class Captured:
    statement: str
    parameters: Any
    where: str  # the innermost Pagemill function that sent it (module:function)
    # Sent to a database other than the one under test: a path that reaches for the
    # process's own engine (get_database()) instead of the one it was given.
    elsewhere: bool = False


@dataclass
class Capture:
    statements: list[Captured] = field(default_factory=list)


def _caller() -> str:
    # Walked frame by frame (traceback.extract_stack reads every frame's source line:
    # thousands of statements a pass made it the test's slowest part).
    frame = sys._getframe(1)
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        name = frame.f_code.co_name
        frame = frame.f_back  # type: ignore[assignment]
        if path == _HERE:
            if name == "session_scope":  # what the ORM flushes as a flow's scope ends
                return "flush at the end of the flow's transaction"
            continue  # this module's own frames: the listener, the path wrappers
        if path.is_relative_to(ROOT) and path.parts[len(ROOT.parts)] in ("common", "worker", "api", "bench"):
            return f"{path.relative_to(ROOT).with_suffix('')}:{name}"
    return "?"


@contextmanager
def capture(engine: Engine) -> Iterator[Capture]:
    """Every statement sent meanwhile, with its parameters and sender; those sent through
    an engine other than ``engine`` are marked ``elsewhere``."""
    found = Capture()
    thread = threading.get_ident()

    def record(
        conn: Connection, _cursor: Any, statement: str, parameters: Any, _ctx: Any, many: bool
    ) -> None:
        if threading.get_ident() != thread:
            return  # another thread of the process (a test server, a heartbeat): not the path
        if many and parameters:
            parameters = parameters[0]
        found.statements.append(Captured(statement, parameters, _caller(), conn.engine is not engine))

    # On the Engine class: every engine of the process, not only the one under test.
    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield found
    finally:
        event.remove(Engine, "before_cursor_execute", record)


class RolledBack:
    """A Database whose every session_scope rolls back: a flow runs as in production,
    committing nothing and sending nothing, on the caller's connection (whose own
    transaction the caller rolls back too)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        # For what a flow does beside its scopes on a connection of its own (the leader
        # lock, common/core/leader.py): the same database.
        self.engine = conn.engine

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        session = Session(bind=self.conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            yield session
            session.flush()
        finally:
            session.close()  # rolls its savepoint back; after-commit hooks are dropped


def status_read(conn: Connection, ctx: Context) -> None:
    """GET /v1/documents/{id}: the document and its pages, as the router reads them
    (api/routers/documents.py: views.status_json on the engine, in autocommit)."""
    views.status_json(conn.engine, ctx.settings, tenant_id=ctx.tenant_id, document_id=ctx.document_id)


def _list(conn: Connection, ctx: Context, *, status: str | None, cursor: str | None) -> None:
    views.list_json(
        conn.engine, ctx.settings, tenant_id=ctx.tenant_id, status=status, cursor=cursor, limit=None
    )


def list_first(conn: Connection, ctx: Context) -> None:
    """GET /v1/documents: the busiest tenant's newest documents."""
    _list(conn, ctx, status=None, cursor=None)


def list_deep(conn: Connection, ctx: Context) -> None:
    """GET /v1/documents?cursor=...: a page tens of thousands of documents down."""
    _list(conn, ctx, status=None, cursor=ctx.deep_cursor)


def list_failed(conn: Connection, ctx: Context) -> None:
    """GET /v1/documents?status=failed: a status one document in fifty has."""
    _list(conn, ctx, status="failed", cursor=None)


def list_failed_deep(conn: Connection, ctx: Context) -> None:
    """GET /v1/documents?status=failed&cursor=...: the same, far down the list."""
    _list(conn, ctx, status="failed", cursor=ctx.deep_cursor)


def reap_pass(conn: Connection, ctx: Context) -> None:
    """pages.reap: worker/flows/reap.py's reap_once, every sweep in reaper.SWEEPS."""
    report = reap.reap_once(cast(Database, RolledBack(conn)), ctx.settings)
    if report.failed_sweeps:
        raise RuntimeError(f"reaper sweeps failed: {report.failed_sweeps}")


def webhook_sweep(conn: Connection, ctx: Context) -> None:
    """webhooks.sweep: worker/flows/sweep.py's sweep_events."""
    sweep.sweep_events(cast(Database, RolledBack(conn)), ctx.settings)


def page_refill(conn: Connection, ctx: Context) -> None:
    """A page finish that held a place in its tenant's window: the tenant's next waiting
    page is taken (common/documents/dispatch.py's replace, one statement on PostgreSQL)."""
    with RolledBack(conn).session_scope() as s:
        dispatch.replace(s, ctx.tenant_id, "auto")


def chain_step(conn: Connection, ctx: Context) -> None:
    """A chained group's finish (worker/flows/convert.py): whether another tenant's work
    waits, asked when the chain's seconds are up, then the pages finished and counted and
    the next group of pages taken and claimed, in one statement."""
    values = {"engine": "auto", "result_key": "scale-check", "timings": {}, "tokens": {}}
    ran = [chain.Ran(ctx.document_id, 1, values)]
    with RolledBack(conn).session_scope() as s:
        dispatch.others_waiting(s, ctx.tenant_id)
        dispatch.finish_and_take_place(
            s,
            ran,
            take=8,
            tenant_id=ctx.tenant_id,
            engine="auto",
            worker="scale-check",
            lease_until=ctx.now,
        )


Path_ = Callable[[Connection, Context], None]
PATHS: dict[str, Path_] = {
    "status read": status_read,
    "list, first page": list_first,
    "list, deep page (cursor)": list_deep,
    "list, status=failed": list_failed,
    "list, status=failed, deep page": list_failed_deep,
    "reaper pass (reap_once)": reap_pass,
    "webhook sweep": webhook_sweep,
    "page finish refill (dispatch.replace)": page_refill,
    "chain step (dispatch.others_waiting, finish_and_take_place)": chain_step,
}


def sweep_path(sweep_fn: Callable[..., Any]) -> Path_:
    """One reaper sweep alone, in a scope of its own (for timing each one)."""

    def run(conn: Connection, ctx: Context) -> None:
        with RolledBack(conn).session_scope() as s:
            sweep_fn(s, ctx.settings, ctx.now)

    run.__name__ = sweep_fn.__name__
    return run


SWEEP_PATHS: dict[str, Path_] = {f"sweep {fn.__name__}": sweep_path(fn) for fn in SWEEPS}


def context(engine: Engine, settings: Settings, *, tenant_id: str, now: datetime, depth: int) -> Context:
    """The busiest tenant, its newest processing document, and the cursor of its
    ``depth``-th newest document."""
    with engine.connect() as conn:
        doc = conn.execute(
            text(
                "SELECT id FROM documents WHERE tenant_id = :t AND status = 'processing' "
                "ORDER BY created_at DESC LIMIT 1"
            ),
            {"t": tenant_id},
        ).scalar_one()
        at, ident = conn.execute(
            text(
                "SELECT created_at, id FROM documents WHERE tenant_id = :t AND deleted_at IS NULL "
                "ORDER BY created_at DESC, id DESC OFFSET :n LIMIT 1"
            ),
            {"t": tenant_id, "n": depth},
        ).one()
    return Context(settings, now, tenant_id, doc, cursors.encode(at, ident))


def run_captured(engine: Engine, path: Path_, ctx: Context) -> list[Captured]:
    """The statements ``path`` sends, everything it did rolled back."""
    with engine.connect() as conn, capture(engine) as found:
        tx = conn.begin()
        try:
            path(conn, ctx)
        finally:
            tx.rollback()
    return [c for c in found.statements if c.statement.lstrip().split(None, 1)[0].upper() in EXPLAINED]


def explain(engine: Engine, captured: Captured) -> dict[str, Any]:
    """Postgres's plan for the statement with the parameters it was sent with (EXPLAIN
    without ANALYZE: nothing runs, nothing is locked)."""
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            "EXPLAIN (FORMAT JSON) " + captured.statement, captured.parameters
        ).scalar_one()
        conn.rollback()
    plan = row if isinstance(row, list) else json.loads(row)
    return cast(dict[str, Any], plan[0]["Plan"])


def explain_analyze(engine: Engine, captured: Captured) -> tuple[dict[str, Any], float]:
    """The plan as run (EXPLAIN ANALYZE, BUFFERS), and the server's time in ms; what the
    statement changed is rolled back."""
    with engine.connect() as conn:
        tx = conn.begin()
        try:
            raw = conn.exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + captured.statement, captured.parameters
            ).scalar_one()
        finally:
            tx.rollback()
    out = (raw if isinstance(raw, list) else json.loads(raw))[0]
    return cast(dict[str, Any], out["Plan"]), float(out["Execution Time"])


def _scans(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    # Bitmap index scans feed their heap scan, which counts the rows.
    return (n for n in nodes(plan) if "Scan" in n["Node Type"] and n["Node Type"] != "Bitmap Index Scan")


def rows_read(plan: dict[str, Any]) -> int:
    """Rows an analyzed plan's scans read: those they passed on plus those their filters
    discarded, over every loop."""
    return sum(
        int((n.get("Actual Rows", 0) + _discarded(n)) * n.get("Actual Loops", 1)) for n in _scans(plan)
    )


def _discarded(node: dict[str, Any]) -> float:
    return float(node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0))


def rows_discarded(plan: dict[str, Any]) -> int:
    """Rows an analyzed plan's scans read only to throw away: what an index that matched
    the WHERE would not have read."""
    return sum(int(_discarded(n) * n.get("Actual Loops", 1)) for n in _scans(plan))


def nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def seq_scans(plan: dict[str, Any], tables: frozenset[str] = BIG_TABLES) -> list[str]:
    return [
        n["Relation Name"]
        for n in nodes(plan)
        if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in tables
    ]


def describe(plan: dict[str, Any]) -> str:
    """The plan in one line: each node, its index and table, children in brackets."""
    label = plan["Node Type"]
    if "Index Name" in plan:
        label += f" using {plan['Index Name']}"
    if "Relation Name" in plan:
        label += f" on {plan['Relation Name']}"
    children = plan.get("Plans", [])
    if not children:
        return label
    return f"{label} > " + (
        describe(children[0]) if len(children) == 1 else "[" + "; ".join(describe(c) for c in children) + "]"
    )


def distinct(captured: list[Captured]) -> list[Captured]:
    """One of each statement (the first parameters seen) sent to the database under test:
    a sweep sends the same UPDATE once per row it repairs."""
    seen: dict[tuple[str, str], Captured] = {}
    for c in captured:
        if c.elsewhere:
            continue
        seen.setdefault((c.where, c.statement), c)
    return list(seen.values())
