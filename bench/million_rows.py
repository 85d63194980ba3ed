"""Latency of the polled reads and the periodic sweeps at production scale, and the plans
behind them: 100,000 documents, 1,000,000 pages, ~97,000 webhook events (bench/bigdb.py,
the loader tests/test_scale_plans.py uses).

For each path of bench/scale_paths.py (the status read, the list's first and deep pages
with and without a status filter, the reaper's pass and each of its sweeps alone, the
webhook sweep) it reports p50/p99 wall time over N runs, each run's work rolled back so
that every run meets the same data; and for every distinct statement the path sends, the
plan Postgres chose (EXPLAIN ANALYZE, rolled back): its nodes, whether it scans a big
table sequentially, how many rows it read to return what it did, and its server time.
Then the same again without the indexes of migration 0010, to show what they change.

    .venv/bin/python bench/million_rows.py --runs 50 --sweep-runs 5

writes bench/results/million_rows.md and .json. It builds (and drops) a database of its own.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Connection, Engine, create_engine, text, tuple_  # noqa: E402

from bench import bigdb, scale_paths  # noqa: E402
from common.core import cursors  # noqa: E402
from common.core.settings import RetentionSettings, get_settings  # noqa: E402

PG_ADMIN = os.environ.get("PAGEMILL_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
MIGRATION = ROOT / "migrations" / "versions" / "20261205_0010_scale_indexes.py"


def migration_indexes() -> list[tuple[str, str]]:
    """(index, table) of migration 0010, read from the migration itself."""
    spec = importlib.util.spec_from_file_location("scale_indexes", MIGRATION)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [(name, table) for name, table, _columns, _where in module.INDEXES]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_path(engine: Engine, path: scale_paths.Path_, ctx: scale_paths.Context, runs: int) -> list[float]:
    """Wall times (ms) of ``runs`` runs, each rolled back; one warm-up run first."""
    times: list[float] = []
    for i in range(runs + 1):
        with engine.connect() as conn:
            tx = conn.begin()
            start = time.perf_counter()
            try:
                path(conn, ctx)
            finally:
                elapsed = (time.perf_counter() - start) * 1000
                tx.rollback()
        if i:
            times.append(elapsed)
    return times


def analyze(engine: Engine, captured: scale_paths.Captured) -> dict[str, Any]:
    plan, server_ms = scale_paths.explain_analyze(engine, captured)
    return {
        "where": captured.where,
        "statement": " ".join(captured.statement.split()),
        "plan": scale_paths.describe(plan),
        "seq_scans": scale_paths.seq_scans(plan),
        "rows_returned": int(plan.get("Actual Rows", 0)),
        "rows_read": scale_paths.rows_read(plan),
        "buffers": int(plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)),
        "server_ms": round(server_ms, 3),
    }


def proposed_deep_page(conn: Connection, ctx: scale_paths.Context) -> None:
    """The deep list page with the cursor as a row comparison, (created_at, id) < (c, i):
    the change proposed for common/documents/repository/reads.py (an index condition on
    ix_documents_tenant_created instead of a filter over every newer document). Not the
    code's query (every column, no JSON shaping): measured beside it to size the change."""
    from sqlalchemy import select

    from common.documents.models import Document

    created, ident = cursors.decode(ctx.deep_cursor)
    q = (
        select(Document.__table__)
        .where(
            Document.tenant_id == ctx.tenant_id,
            Document.deleted_at.is_(None),
            tuple_(Document.created_at, Document.id) < tuple_(created, ident),
        )
        .order_by(Document.created_at.desc(), Document.id.desc())
        .limit(ctx.settings.limits.list_page_size + 1)
    )
    conn.execute(q).all()


def measure(engine: Engine, ctx: scale_paths.Context, runs: int, sweep_runs: int) -> dict[str, Any]:
    paths: dict[str, scale_paths.Path_] = {**scale_paths.PATHS, **scale_paths.SWEEP_PATHS}
    paths["proposed: list, deep page, row-comparison cursor"] = proposed_deep_page
    out: dict[str, Any] = {}
    for name, path in paths.items():
        captured = scale_paths.run_captured(engine, path, ctx)
        statements = [analyze(engine, c) for c in scale_paths.distinct(captured)]
        n = sweep_runs if "sweep" in name or "reaper" in name else runs
        times = time_path(engine, path, ctx, n)
        out[name] = {
            "runs": n,
            "statements_sent": len(captured),
            "p50_ms": round(statistics.median(times), 2),
            "p99_ms": round(pct(times, 0.99), 2),
            "plans": statements,
        }
        print(f"{name}: p50 {out[name]['p50_ms']} ms, p99 {out[name]['p99_ms']} ms", file=sys.stderr)
    return out


def report(meta: dict[str, Any], variants: dict[str, dict[str, Any]]) -> str:
    with_, without = variants["with 0010"], variants["without 0010"]
    lines = [
        "# Polled reads and sweeps at a million pages",
        "",
        f"Command: `{meta['command']}`",
        "",
        f"Measured {meta['at']} on {meta['machine']}; load before the run: {meta['uptime']}.",
        f"Data (bench/bigdb.py): {meta['loaded']}; built in {meta['build_s']} s.",
        "Wall time is one path in Python (SQLAlchemy, psycopg, the JSON shaping of a read),",
        "each run rolled back so every run meets the same data; sweeps repair up to",
        "reap_batch/sweep_batch (500) rows per run, as in production. The two variants run one",
        "after the other (VACUUM ANALYZE between them) on a machine shared with other work: the",
        "wall times move with its load, the plans' rows read do not.",
        "",
        "## Latency",
        "",
        "| path | runs | statements | p50 ms (0010) | p99 ms (0010) | p50 ms (no 0010) | p99 ms (no 0010) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in with_.items():
        w = without[name]
        lines.append(
            f"| {name} | {r['runs']} | {r['statements_sent']} | {r['p50_ms']} | {r['p99_ms']} "
            f"| {w['p50_ms']} | {w['p99_ms']} |"
        )
    lines += [
        "",
        "## What migration 0010's indexes change",
        "",
        "Statements that use one of them, and their plan without them (rows read = rows the",
        "scans returned plus those their filters discarded; server time from EXPLAIN ANALYZE).",
        "",
        "| path | sent by | plan with 0010 | rows read | ms | plan without 0010 | rows read | ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    ours = [name for name, _table in migration_indexes()]
    for name, r in with_.items():
        before = {(p["where"], p["statement"]): p for p in without[name]["plans"]}
        for p in r["plans"]:
            b = before.get((p["where"], p["statement"]))
            if b and b["plan"] != p["plan"] and any(ix in p["plan"] for ix in ours):
                lines.append(
                    f"| {name} | {p['where']} | {p['plan']} | {p['rows_read']} | {p['server_ms']} "
                    f"| {b['plan']} | {b['rows_read']} | {b['server_ms']} |"
                )
    lines += [
        "",
        "## Every statement's plan (with 0010)",
        "",
        "| path | sent by | plan | seq scan of a big table | rows returned | rows read | ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in with_.items():
        for p in r["plans"]:
            seq = ", ".join(p["seq_scans"]) or "no"
            lines.append(
                f"| {name} | {p['where']} | {p['plan']} | {seq} | {p['rows_returned']} "
                f"| {p['rows_read']} | {p['server_ms']} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=50, help="runs of each read path")
    parser.add_argument("--sweep-runs", type=int, default=5, help="runs of each sweep")
    parser.add_argument("--depth", type=int, default=30_000, help="documents above the deep page's cursor")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "million_rows"))
    args = parser.parse_args()
    import common.models  # noqa: F401  (every mapper configured before the first query)

    settings = get_settings().model_copy(update={"retention": RetentionSettings(days=30)})
    now = datetime.now(UTC)
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    variants: dict[str, dict[str, Any]] = {}
    with bigdb.scratch_database(PG_ADMIN, f"pagemill_bench_million_{os.getpid()}") as url:
        # Pooled, as the API's and the workers' engines are: a read's time is its queries,
        # not a new connection's start-up.
        engine = create_engine(url, pool_size=2)
        try:
            start = time.perf_counter()
            loaded = bigdb.build(engine, settings, now=now)
            build_s = round(time.perf_counter() - start, 1)
            ctx = scale_paths.context(
                engine, settings, tenant_id=bigdb.tenant_uuid(0), now=now, depth=args.depth
            )
            variants["with 0010"] = measure(engine, ctx, args.runs, args.sweep_runs)
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                for name, _table in migration_indexes():
                    conn.execute(text(f'DROP INDEX "{name}"'))
            # The first variant's rolled-back runs left dead rows and index entries behind:
            # gone before the second, so it meets the tables the first did.
            bigdb.analyze(engine)
            variants["without 0010"] = measure(engine, ctx, args.runs, args.sweep_runs)
        finally:
            engine.dispose()
    meta = {
        "command": " ".join([".venv/bin/python", "bench/million_rows.py", *sys.argv[1:]]),
        "at": now.strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.node()} ({os.cpu_count()} CPUs), PostgreSQL on 127.0.0.1",
        "uptime": uptime,
        "loaded": {k: v for k, v in loaded.__dict__.items() if k != "tenant_ids"},
        "build_s": build_s,
        "depth": args.depth,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps({"meta": meta, "variants": variants}, indent=1) + "\n")
    out.with_suffix(".md").write_text(report(meta, variants))
    print(out.with_suffix(".md"))


if __name__ == "__main__":
    main()
