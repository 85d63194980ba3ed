"""The per-page costs docs/scaling.md extrapolates from, measured on this machine.

1. Redis: bytes per queued `pages.convert` message. N messages, exactly as the API and
   the workers send them (common/core/queue.py's app, queue `cpu`, priority 3), into a
   Redis database of this run's own that no worker consumes; INFO memory and MEMORY USAGE
   before and after, then the keys are deleted.
2. Postgres and S3 over a run of D documents x P pages with the `null` engine through the
   stack of bench/orchestration.py (one API process, one worker node, moto's S3 server):
   rows inserted / updated / deleted per page (pg_stat_user_tables), WAL bytes per page
   (the WAL records of this run's database between two LSNs, read with pg_waldump, so
   that other databases on the same server do not count), table and index bytes per page
   (pg_total_relation_size), and S3 requests per page by method and key kind (moto's
   request log).

    .venv/bin/python bench/scaling_measure.py --docs 50 --pages 20 --redis-messages 10000

Prints JSON and appends it to bench/results/scaling_measurements.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import OperationalError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.horizontal import commit  # noqa: E402
from bench.orchestration import (  # noqa: E402
    Stack,
    api_client,
    free_port,
    open_stack,
    submitter,
    wait_finished,
    wait_port,
)
from tests import redis_slot  # noqa: E402

PG_WALDUMP = next(
    (
        p
        for p in ("/usr/lib/postgresql/15/bin/pg_waldump", shutil.which("pg_waldump") or "")
        if p and Path(p).exists()
    ),
    "",
)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


# ---- Redis ---------------------------------------------------------------------------------


def redis_per_message(messages: int) -> dict[str, Any]:
    import redis

    from common.core import queue
    from common.core.settings import get_settings

    owner = f"scaling-{uuid.uuid4().hex[:8]}"
    url = redis_slot.claim("redis://127.0.0.1:6379", owner)
    try:
        base = get_settings()
        settings = base.model_copy(update={"broker": base.broker.model_copy(update={"url": url})})
        app = queue.make_celery(settings)
        r = redis.Redis.from_url(url)
        before = int(r.info("memory")["used_memory"])
        doc = str(uuid.uuid4())
        with app.producer_or_acquire() as producer:
            for n in range(messages):
                app.send_task(
                    queue.CONVERT,
                    args=[doc, n + 1],
                    queue="cpu",
                    routing_key="cpu",
                    priority=queue.PRIORITIES[queue.CONVERT],
                    producer=producer,
                )
        after = int(r.info("memory")["used_memory"])
        keys = {k.decode(): r.type(k).decode() for k in r.keys("*") if b"test-claim" not in k}
        lists = [k for k, kind in keys.items() if kind == "list"]
        depth = sum(int(r.llen(k)) for k in lists)
        usage = sum(int(r.memory_usage(k, samples=0) or 0) for k in lists)
        sample = r.lindex(lists[0], 0) if lists else b""
        for k in keys:
            r.delete(k)
        return {
            "messages": messages,
            "queued": depth,
            "keys": keys,
            "message_bytes": len(sample or b""),
            "used_memory_delta_bytes": after - before,
            "used_memory_per_message_bytes": round((after - before) / messages, 1),
            "memory_usage_of_lists_bytes": usage,
            "memory_usage_per_message_bytes": round(usage / max(1, depth), 1),
        }
    finally:
        redis_slot.release(url, owner)


# ---- Postgres ------------------------------------------------------------------------------

TABLE_STATS = "SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables"


def table_stats(c: Connection) -> dict[str, tuple[int, ...]]:
    c.execute(text("SELECT pg_stat_clear_snapshot()"))
    return {str(r[0]): tuple(int(x) for x in r[1:]) for r in c.execute(text(TABLE_STATS))}


def settled_stats(c: Connection) -> dict[str, tuple[int, ...]]:
    """The table counters once every process that wrote has flushed its own: a backend
    flushes at exit, and while idle at most every 10 s (PostgreSQL 15), so: unchanged
    for 12 s."""
    last, since = table_stats(c), time.monotonic()
    while time.monotonic() - since < 12:
        time.sleep(2)
        now = table_stats(c)
        if now != last:
            last, since = now, time.monotonic()
    return last


def sizes(c: Connection) -> dict[str, dict[str, int]]:
    rows = c.execute(
        text(
            "SELECT relname, pg_table_size(relid), pg_indexes_size(relid), pg_total_relation_size(relid) "
            "FROM pg_stat_user_tables WHERE pg_total_relation_size(relid) > 0"
        )
    )
    return {str(r[0]): {"table": int(r[1]), "indexes": int(r[2]), "total": int(r[3])} for r in rows}


def segment_names(first: str, last: str) -> list[str]:
    """The WAL segment file names from ``first`` to ``last`` (16 MB segments: 256 a log)."""
    tli, a, b = (
        first[:8],
        int(first[8:16], 16) * 256 + int(first[16:], 16),
        int(last[8:16], 16) * 256 + int(last[16:], 16),
    )
    return [f"{tli}{n // 256:08X}{n % 256:08X}" for n in range(a, b + 1)]


class WalCopier:
    """Copies the WAL segments written from ``start`` on, through the server
    (pg_read_binary_file: this user cannot read pg_wal), as each one fills: on a server
    others write to as well, a checkpoint may recycle a segment before the run ends."""

    def __init__(self, db_url: str, start: str, dest: Path) -> None:
        self.engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
        self.dest, self.start = dest, start
        dest.mkdir(parents=True, exist_ok=True)
        with self.engine.connect() as c:
            self.first = str(
                c.execute(text("SELECT pg_walfile_name(CAST(:a AS pg_lsn))"), {"a": start}).scalar()
            )
        self.copied: set[str] = set()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _copy(self, c: Connection, *, upto: str, final: bool) -> None:
        names = c.execute(
            text("SELECT name FROM pg_ls_waldir() WHERE name >= :a AND name <= :b AND length(name) = 24"),
            {"a": self.first, "b": upto},
        ).scalars()
        for name in sorted(str(n) for n in names):
            if name in self.copied or (name == upto and not final):
                continue  # the segment being written is copied at the end
            try:
                data = c.execute(text("SELECT pg_read_binary_file(:p)"), {"p": f"pg_wal/{name}"}).scalar_one()
            except OperationalError:
                continue  # recycled by a checkpoint before it was read: finish() reports it
            (self.dest / name).write_bytes(bytes(data))
            self.copied.add(name)

    def _run(self) -> None:
        # Often: on a busy server a checkpoint may recycle a segment seconds after it fills.
        with self.engine.connect() as c:
            while True:
                current = str(c.execute(text("SELECT pg_walfile_name(pg_current_wal_lsn())")).scalar())
                self._copy(c, upto=current, final=False)
                if self.stopping.wait(0.25):
                    return

    def finish(self, end: str) -> list[str]:
        """Copy up to ``end``; the segments that were gone before they could be read."""
        self.stopping.set()
        self.thread.join(30)
        with self.engine.connect() as c:
            last = str(c.execute(text("SELECT pg_walfile_name(CAST(:b AS pg_lsn))"), {"b": end}).scalar())
            self.copied.discard(last)
            self._copy(c, upto=last, final=True)
        self.engine.dispose()
        return [n for n in segment_names(self.first, last) if n not in self.copied]


def wal_of_database(db_oid: int, start: str, end: str, wal: Path, missing: list[str]) -> dict[str, Any]:
    """WAL bytes between two LSNs that belong to one database: records that touch its
    relations, plus the commit records of their transactions."""
    if not PG_WALDUMP:
        return {"error": "pg_waldump not found"}
    if missing:
        return {"error": f"segments recycled before they were read: {missing}"}
    proc = subprocess.run(
        [PG_WALDUMP, "-p", str(wal), "-s", start, "-e", end],
        capture_output=True,
        text=True,
        check=False,
    )
    record = re.compile(r"rmgr: (\w+)\s+len \(rec/tot\):\s*(\d+)/\s*(\d+), tx:\s*(\d+)")
    mine = f"rel 1663/{db_oid}/"  # the default tablespace, this database
    by_rmgr: Counter[str] = Counter()
    total, ours, commits, fpi, fpi_bytes = 0, 0, 0, 0, 0
    xids: set[str] = set()
    pending: list[tuple[str, int]] = []  # commit records, attributed once the xids are known
    for line in proc.stdout.splitlines():
        m = record.search(line)
        if not m:
            continue
        rmgr, rec, tot, xid = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
        total += tot
        if mine in line:
            ours += tot
            by_rmgr[rmgr] += tot
            xids.add(xid)
            if "FPW" in line:
                fpi += 1
                fpi_bytes += tot - rec  # the block images: their number depends on checkpoints
        elif rmgr == "Transaction":
            pending.append((xid, tot))
    for xid, tot in pending:
        if xid in xids and xid != "0":
            ours += tot
            commits += tot
            by_rmgr["Transaction"] += tot
    return {
        "segments": len(list(wal.iterdir())),
        "cluster_wal_bytes_in_range": total,
        "database_wal_bytes": ours,
        "by_rmgr": dict(by_rmgr.most_common()),
        "commit_record_bytes": commits,
        "records_with_full_page_images": fpi,
        "full_page_image_bytes": fpi_bytes,
        "waldump_error": proc.stderr.strip()[-300:] or None,
    }


# ---- S3 (moto's request log) ---------------------------------------------------------------

REQUEST = re.compile(r'"(GET|PUT|POST|HEAD|DELETE) (/[^ ]*) HTTP')


def key_kind(path: str) -> str:
    key, _, query = path.partition("?")
    if "/documents/" not in key:
        params = sorted({p.split("=", 1)[0] for p in query.split("&") if p})
        return "bucket" + (f"?{','.join(params)}" if params else "")
    tail = key.split("/documents/", 1)[1].split("/", 1)[1] if "/" in key.split("/documents/", 1)[1] else ""
    if tail.startswith("results/"):
        return "results/{n}.json"
    if tail.startswith("pages/"):
        return "pages/..."
    if tail == "source":
        return "source"
    return "outputs/" if tail.startswith("output") else tail.split("/", 1)[0] or "document"


def s3_requests(log: Path, offset: int) -> Counter[str]:
    counts: Counter[str] = Counter()
    with log.open("rb") as f:
        f.seek(offset)
        for line in f.read().decode(errors="replace").splitlines():
            m = REQUEST.search(line)
            if m:
                counts[f"{m.group(1)} {key_kind(m.group(2))}"] += 1
    return counts


# ---- the run -------------------------------------------------------------------------------


def stack_run(stack: Stack, args: argparse.Namespace) -> dict[str, Any]:
    from tests.factories.files import text_pdf

    worker = stack.worker(concurrency=args.workers, name=f"scaling-{stack.run_id}@%h")
    port = free_port()
    api = stack.spawn(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)], stack.data_dir / "api.log"
    )
    wait_port(port, timeout=300)
    client = api_client(f"http://127.0.0.1:{port}", stack.key, args.clients)
    submit = submitter([client], text_pdf(args.pages))
    engine = create_engine(stack.db_url)
    submit(-1)  # warm-up: imports, pools, the tenant's first rows
    wait_finished(engine, 1, 0.05)
    moto_log = stack.data_dir / "moto.log"
    with engine.connect() as c:
        db_oid = int(
            c.execute(text("SELECT oid FROM pg_database WHERE datname = current_database()")).scalar_one()
        )
        stats0 = settled_stats(c)
        lsn0 = str(c.execute(text("SELECT pg_current_wal_lsn()")).scalar_one())
    copier = WalCopier(stack.db_url, lsn0, stack.data_dir / "wal")
    offset = moto_log.stat().st_size if moto_log.exists() else 0
    t0 = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        ids = list(pool.map(submit, range(args.docs)))
    wait_finished(engine, 1 + args.docs)
    wall_s = time.perf_counter() - t0
    # The worker and the API flush their table counters as they exit.
    for proc in (api, worker):
        proc.terminate()
        proc.wait(60)
    pages = args.docs * args.pages
    with engine.connect() as c:
        stats1 = settled_stats(c)
        lsn1 = str(c.execute(text("SELECT pg_current_wal_lsn()")).scalar_one())
        cluster_wal = int(
            c.execute(
                text("SELECT pg_wal_lsn_diff(CAST(:b AS pg_lsn), CAST(:a AS pg_lsn))"), {"a": lsn0, "b": lsn1}
            ).scalar_one()
        )
        ok = int(
            c.execute(
                text(
                    "SELECT count(*) FROM documents "
                    "WHERE status = 'succeeded' AND id = ANY(CAST(:ids AS uuid[]))"
                ),
                {"ids": ids},
            ).scalar_one()
        )
        missing = copier.finish(lsn1)
        wal = wal_of_database(db_oid, lsn0, lsn1, stack.data_dir / "wal", missing)
        rel_sizes = sizes(c)
        counts = {
            str(r[0]): int(r[1])
            for r in c.execute(
                text("SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE n_live_tup > 0")
            )
        }
    engine.dispose()
    writes: dict[str, dict[str, float]] = {}
    for table, after in stats1.items():
        before = stats0.get(table, (0, 0, 0, 0))
        delta = [a - b for a, b in zip(after, before, strict=True)]
        if any(delta):
            ins, upd, hot, dele = delta
            writes[table] = {
                "inserted_per_page": round(ins / pages, 3),
                "updated_per_page": round(upd / pages, 3),
                "hot_updated_per_page": round(hot / pages, 3),
                "deleted_per_page": round(dele / pages, 3),
            }
    s3 = s3_requests(moto_log, offset) if moto_log.exists() else Counter()
    s3_total = sum(s3.values())
    return {
        "docs": args.docs,
        "pages_per_doc": args.pages,
        "pages": pages,
        "succeeded_docs": ok,
        "wall_s": round(wall_s, 2),
        "pages_per_s": round(pages / wall_s, 1),
        "postgres": {
            "writes_per_page": writes,
            "rows_written_per_page": round(
                sum(
                    v["inserted_per_page"] + v["updated_per_page"] + v["deleted_per_page"]
                    for v in writes.values()
                ),
                3,
            ),
            "cluster_wal_bytes": cluster_wal,
            "wal": wal,
            # None where the WAL could not be read (see wal.error): the cluster's figure
            # counts every database on the server.
            "wal_bytes_per_page": round(wal["database_wal_bytes"] / pages, 1)
            if "database_wal_bytes" in wal
            else None,
            "wal_bytes_per_page_without_full_page_images": (
                round((wal["database_wal_bytes"] - wal["full_page_image_bytes"]) / pages, 1)
                if "database_wal_bytes" in wal
                else None
            ),
            "sizes_bytes": rel_sizes,
            "live_rows": counts,
            "bytes_per_page_all_tables": round(
                sum(v["total"] for v in rel_sizes.values()) / (pages + args.pages), 1
            ),
        },
        "s3": {
            # results/{n}.json and pages/... are a page's own; the rest is the document's.
            "per_page_requests": round(
                sum(v for k, v in s3.items() if "results/" in k or "pages/" in k) / pages, 3
            ),
            "per_document_requests": round(
                sum(v for k, v in s3.items() if "results/" not in k and "pages/" not in k) / args.docs, 3
            ),
            "requests": dict(s3.most_common()),
            "requests_total": s3_total,
            "requests_per_page": round(s3_total / pages, 3),
            "requests_per_document": round(s3_total / args.docs, 2),
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=50)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--workers", type=int, default=4, help="prefork processes of the one worker node")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--redis-messages", type=int, default=10_000)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "scaling_measurements.json")
    args = ap.parse_args()
    load_before = uptime()
    with open_stack("s3") as stack:
        redis_result = redis_per_message(args.redis_messages)
        run = stack_run(stack, args)
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": ".venv/bin/python bench/scaling_measure.py " + " ".join(sys.argv[1:]),
        "machine": f"{platform.node()} {os.cpu_count()} cores, {platform.python_version()}",
        "commit": commit(),
        "uptime_before": load_before,
        "uptime_after": uptime(),
        "redis": redis_result,
        **run,
    }
    print(json.dumps(result, indent=2))
    history = json.loads(args.out.read_text()) if args.out.exists() else []
    history.append(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(history, indent=2) + "\n")


if __name__ == "__main__":
    main()
