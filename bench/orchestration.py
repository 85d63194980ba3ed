"""Orchestration overhead: documents x pages through the full stack with the null engine.

API (uvicorn, real HTTP) -> Postgres -> Redis -> Celery worker processes -> finalize, with
moto's S3 server (or a local directory) as object store. Reports pages/s and the latency
a page spends in Pagemill (queued -> done), beside raw Celery no-op throughput on the same
Redis with the same worker settings, measured in the same run.

    .venv/bin/python bench/orchestration.py --docs 100 --pages 10 --workers 4

The stack's set-up (open_stack, Stack.worker), the raw Celery baseline (raw_celery_rate)
and the submitting clients are importable: bench/horizontal.py and
bench/scaling_measure.py run the same machinery with more processes.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import Engine, create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import redis_slot  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} did not open")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


@dataclass
class Stack:
    """One run's private services: a Postgres database, a Redis database number, moto's S3
    server (or a local directory), the schema migrated and a tenant's API key. The
    settings are in os.environ (``env``), so that child processes inherit them."""

    run_id: str
    storage: str
    db_url: str
    redis_url: str
    data_dir: Path
    env: dict[str, str]
    key: str = ""
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def spawn(
        self, cmd: list[str], log: Path | None = None, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """A service process for the length of the stack (terminated at its end)."""
        out = log.open("wb") if log is not None else subprocess.DEVNULL
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT
        )
        self.procs.append(proc)
        return proc

    def worker(
        self,
        *,
        concurrency: int,
        name: str,
        log: Path | None = None,
        env: dict[str, str] | None = None,
        app: str = "bench.noop_app",
        loglevel: str = "warning",
    ) -> subprocess.Popen[bytes]:
        """A Celery worker node (prefork) on every queue, with the raw Celery no-op task."""
        from api.embedded import worker_command

        cmd = worker_command(app=app, concurrency=concurrency, name=name, loglevel=loglevel)
        return self.spawn(cmd, log, env)


# Where a stack keeps its files (the `file` object store, logs, the workers' temporary
# files): tmpfs where there is one. On this VM's ext4 disk, creating a file cost from 0.03
# to 1.5 ms of CPU in directories side by side, and which directory was slow changed over
# a session (/tmp, then /var/tmp; measured 2026-12-06 with 400 mkstemp+rename in each), so
# runs on disk compared the disk's state, not Pagemill. On tmpfs it is 0.03 ms, steady.
DATA_ROOT = Path(
    os.environ.get("PAGEMILL_BENCH_DATA_ROOT") or ("/dev/shm" if Path("/dev/shm").is_dir() else "/var/tmp")
)


@contextmanager
def open_stack(
    storage: str, extra_env: dict[str, str] | None = None, data_root: Path | None = None
) -> Iterator[Stack]:
    """Create the run's services, yield them, and remove every trace at the end."""
    # A SIGTERM (e.g. from `timeout`) must still run the cleanup below: a stray worker left
    # on the bench's Redis db would steal the next run's tasks.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    run_id = uuid.uuid4().hex[:8]
    db_name = f"pagemill_bench_{run_id}"
    # A Redis database of this run's own (tests/redis_slot.py), emptied and given back at the
    # end: a bench beside a test run (or another bench) never flushes the other's broker.
    redis_url = redis_slot.claim("redis://127.0.0.1:6379", f"bench-{run_id}")
    moto_port = free_port()
    data_dir = (data_root or DATA_ROOT) / f"pagemill-bench-{run_id}"
    (data_dir / "tmp").mkdir(parents=True, exist_ok=True)
    db_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{db_name}"
    env = {
        "PAGEMILL_DATA_DIR": str(data_dir),
        # The processes' own temporary files (a prepare's copy of the source) beside the rest.
        "TMPDIR": str(data_dir / "tmp"),
        "PAGEMILL_DATABASE__URL": db_url,
        "PAGEMILL_BROKER__URL": redis_url,
        "PAGEMILL_ENGINES__ALLOW_NULL": "true",
        "PAGEMILL_LOG_LEVEL": "WARNING",
        # Secrets at rest need a master key outside the embedded mode: a fixed bench key.
        "PAGEMILL_SECRETS__MASTER_KEY": "bench1:"
        + base64.b64encode(b"pagemill-bench-master-key-32byte").decode(),
    }
    if storage == "s3":
        env |= {
            "PAGEMILL_STORAGE__URL": "s3://pagemill-bench",
            "PAGEMILL_STORAGE__ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
            "PAGEMILL_STORAGE__ACCESS_KEY_ID": "bench",
            "PAGEMILL_STORAGE__SECRET_ACCESS_KEY": "bench",
            "PAGEMILL_STORAGE__CREATE_BUCKET": "true",
        }
    else:
        env["PAGEMILL_STORAGE__URL"] = (data_dir / "objects").as_uri()
    env |= extra_env or {}
    os.environ.update(env)

    from sqlalchemy import create_engine, text

    from common.core import migrate
    from common.core.db import get_database, reset_database
    from common.core.settings import get_settings
    from common.tenants import service as tenants

    get_settings.cache_clear()
    admin = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{db_name}"'))
    stack = Stack(run_id, storage, db_url, redis_url, data_dir, env)
    try:
        if storage == "s3":
            cmd = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(moto_port)]
            stack.spawn(cmd, data_dir / "moto.log", env={})  # its request log: one line a request
            wait_port(moto_port)
        migrate.upgrade(get_settings())
        with get_database().session_scope() as s:
            tenants.create_tenant(s, "bench")
            stack.key = tenants.create_key(s, "bench").key
        yield stack
    finally:
        for p in reversed(stack.procs):
            p.terminate()
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
        reset_database()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        admin.dispose()
        redis_slot.release(redis_url, f"bench-{run_id}")


def raw_celery_rate(stack: Stack, tasks: int) -> float:
    """No-op tasks per second through the stack's broker and workers (raw Celery)."""
    import redis

    from bench.noop_app import noop

    r = redis.Redis.from_url(stack.redis_url)
    counter = f"bench:noop:{stack.run_id}:{uuid.uuid4().hex[:6]}"
    noop.apply_async(args=[stack.redis_url, counter + ":warm"], queue="cpu")
    while int(r.get(counter + ":warm") or 0) < 1:
        time.sleep(0.05)
    t0 = time.perf_counter()
    for _ in range(tasks):
        noop.apply_async(args=[stack.redis_url, counter], queue="cpu")
    while int(r.get(counter) or 0) < tasks:
        time.sleep(0.01)
    return tasks / (time.perf_counter() - t0)


def finished_documents(engine: Engine) -> int:
    with engine.connect() as c:
        return int(
            c.execute(
                text(
                    "SELECT count(*) FROM documents WHERE status IN "
                    "('succeeded','partially_succeeded','failed','cancelled')"
                )
            ).scalar_one()
        )


def wait_finished(engine: Engine, n: int, interval: float = 0.02) -> None:
    while finished_documents(engine) < n:
        time.sleep(interval)


def submitter(clients: list[httpx.Client], pdf: bytes) -> Callable[[int], str]:
    """Submit document ``i`` (the null engine) through ``clients[i % len(clients)]``: with
    several API processes, round robin as a load balancer would."""

    def submit(i: int) -> str:
        for _ in range(30):
            resp = clients[i % len(clients)].post(
                "/v1/documents",
                files={"file": (f"{i}.pdf", pdf)},
                data={"engine": "null", "output_formats": "markdown,json"},
            )
            # Busy (429, 503: a worker not yet heard from, no PDF helper free on a loaded
            # machine): a client retries, as the API's Retry-After says, here sooner.
            if resp.status_code not in (429, 503):
                break
            retries.append(resp.status_code)
            time.sleep(min(2.0, float(resp.headers.get("Retry-After", "1"))))
        resp.raise_for_status()
        return str(resp.json()["id"])

    retries: list[int] = []
    submit.retries = retries  # type: ignore[attr-defined]
    return submit


def api_client(url: str, key: str, connections: int) -> httpx.Client:
    return httpx.Client(
        base_url=url,
        headers={"Authorization": f"Bearer {key}"},
        timeout=60,
        limits=httpx.Limits(max_connections=connections),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--workers", type=int, default=4, help="Celery prefork processes")
    ap.add_argument("--clients", type=int, default=8, help="concurrent submitting HTTP clients")
    ap.add_argument("--storage", choices=["s3", "file"], default="s3")
    ap.add_argument("--noop-tasks", type=int, default=5000)
    ap.add_argument("--latency-docs", type=int, default=20, help="unloaded phase: one document at a time")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "orchestration.json")
    args = ap.parse_args()

    import uvicorn

    from api.app import create_app
    from tests.factories.files import text_pdf

    with open_stack(args.storage) as stack:
        stack.worker(concurrency=args.workers, name=f"bench-{stack.run_id}@%h")

        # 1. Raw Celery: no-op tasks through the same broker, pool and settings.
        raw_rate = raw_celery_rate(stack, args.noop_tasks)

        # 2. Pagemill: API -> Postgres -> Redis -> worker -> finalize.
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
        )
        threading.Thread(target=server.run, daemon=True).start()
        wait_port(port)
        pdf = text_pdf(args.pages)
        client = api_client(f"http://127.0.0.1:{port}", stack.key, args.clients)
        submit = submitter([client], pdf)
        # warm-up document (worker imports, connection pools)
        submit(-1)
        total_docs = args.docs + 1
        engine = create_engine(stack.db_url)
        wait_finished(engine, 1, 0.05)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            ids = list(pool.map(submit, range(args.docs)))
        submit_s = time.perf_counter() - t0
        wait_finished(engine, total_docs)
        wall_s = time.perf_counter() - t0
        total_docs += args.latency_docs
        # 3. Unloaded latency: one document at a time, so queueing behind other documents
        # does not hide what Pagemill itself adds to a page (submit -> done).
        lat_ids = []
        for i in range(args.latency_docs):
            done_before = finished_documents(engine)
            lat_ids.append(submit(10_000 + i))
            while finished_documents(engine) <= done_before:
                time.sleep(0.005)
        server.should_exit = True
        with engine.connect() as c:
            lat_rows = c.execute(
                text(
                    "SELECT extract(epoch FROM p.finished_at - d.created_at), "
                    "extract(epoch FROM p.finished_at - p.created_at), "
                    "extract(epoch FROM d.finished_at - d.created_at) "
                    "FROM pages p JOIN documents d ON d.id = p.document_id WHERE d.id = ANY(:ids)"
                ),
                {"ids": [uuid.UUID(x) for x in lat_ids]},
            ).all()
        unloaded = {
            "docs": args.latency_docs,
            "page_submit_to_done_s": {
                "p50": round(pct([float(r[0]) for r in lat_rows], 0.5), 4),
                "p95": round(pct([float(r[0]) for r in lat_rows], 0.95), 4),
            },
            "page_queued_to_done_s": {
                "p50": round(pct([float(r[1]) for r in lat_rows], 0.5), 4),
                "p95": round(pct([float(r[1]) for r in lat_rows], 0.95), 4),
            },
            "document_submit_to_succeeded_s": {
                "p50": round(pct([float(r[2]) for r in lat_rows], 0.5), 4),
                "p95": round(pct([float(r[2]) for r in lat_rows], 0.95), 4),
            },
        }

        with engine.connect() as c:
            rows = c.execute(
                text(
                    "SELECT extract(epoch FROM p.finished_at - p.created_at), "
                    "extract(epoch FROM d.finished_at - d.created_at), d.status "
                    "FROM pages p JOIN documents d ON d.id = p.document_id WHERE d.id = ANY(:ids)"
                ),
                {"ids": [uuid.UUID(x) for x in ids]},
            ).all()
        engine.dispose()
        page_lat = [float(r[0]) for r in rows]
        statuses = {str(r[2]) for r in rows}
        with engine.connect() as c:
            doc_lat = [
                float(x)
                for x in c.execute(
                    text(
                        "SELECT extract(epoch FROM finished_at - created_at) FROM documents "
                        "WHERE id = ANY(:ids)"
                    ),
                    {"ids": [uuid.UUID(x) for x in ids]},
                ).scalars()
            ]
        pages = args.docs * args.pages
        result = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": "python bench/orchestration.py " + " ".join(sys.argv[1:]),
            "machine": f"{platform.node()} {os.cpu_count()} cores, {platform.python_version()}",
            "storage": args.storage,
            "docs": args.docs,
            "pages_per_doc": args.pages,
            "pages": pages,
            "workers": args.workers,
            "all_succeeded": statuses == {"succeeded"} and len(ids) == args.docs,
            "submit_s": round(submit_s, 3),
            "wall_s": round(wall_s, 3),
            "pages_per_s": round(pages / wall_s, 1),
            "raw_celery_noop_tasks_per_s": round(raw_rate, 1),
            "ratio_to_raw_celery": round((pages / wall_s) / raw_rate, 3),
            "loaded_page_latency_s": {
                "p50": round(pct(page_lat, 0.5), 4),
                "p95": round(pct(page_lat, 0.95), 4),
            },
            "loaded_document_latency_s": {
                "p50": round(pct(doc_lat, 0.5), 4),
                "p95": round(pct(doc_lat, 0.95), 4),
                "mean": round(statistics.fmean(doc_lat), 4),
            },
            "unloaded": unloaded,
        }
        print(json.dumps(result, indent=2))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        history = json.loads(args.out.read_text()) if args.out.exists() else []
        history.append(result)
        args.out.write_text(json.dumps(history, indent=2) + "\n")


if __name__ == "__main__":
    main()
