"""Orchestration overhead: documents x pages through the full stack with the null engine.

API (uvicorn, real HTTP) -> Postgres -> Redis -> Celery worker processes -> finalize, with
moto's S3 server (or a local directory) as object store. Reports pages/s and the latency
a page spends in Pagemill (queued -> done), beside raw Celery no-op throughput on the same
Redis with the same worker settings, measured in the same run.

    .venv/bin/python bench/orchestration.py --docs 100 --pages 10 --workers 4
"""

from __future__ import annotations

import argparse
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
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import redis_slot  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int) -> None:
    for _ in range(300):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} did not open")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


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
    # A SIGTERM (e.g. from `timeout`) must still run the cleanup below: a stray worker left
    # on the bench's Redis db would steal the next run's tasks.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    run_id = uuid.uuid4().hex[:8]
    db_name = f"pagemill_bench_{run_id}"
    # A Redis database of this run's own (tests/redis_slot.py), emptied and given back at the
    # end: a bench beside a test run (or another bench) never flushes the other's broker.
    redis_url = redis_slot.claim("redis://127.0.0.1:6379", f"bench-{run_id}")
    moto_port = free_port()
    data_dir = Path(f"/tmp/pagemill-bench-{run_id}")
    env = {
        "PAGEMILL_DATA_DIR": str(data_dir),
        "PAGEMILL_DATABASE__URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{db_name}",
        "PAGEMILL_BROKER__URL": redis_url,
        "PAGEMILL_ENGINES__ALLOW_NULL": "true",
        "PAGEMILL_LOG_LEVEL": "WARNING",
    }
    if args.storage == "s3":
        env |= {
            "PAGEMILL_STORAGE__URL": "s3://pagemill-bench",
            "PAGEMILL_STORAGE__ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
            "PAGEMILL_STORAGE__ACCESS_KEY_ID": "bench",
            "PAGEMILL_STORAGE__SECRET_ACCESS_KEY": "bench",
            "PAGEMILL_STORAGE__CREATE_BUCKET": "true",
        }
    else:
        env["PAGEMILL_STORAGE__URL"] = (data_dir / "objects").as_uri()
    os.environ.update(env)

    import httpx
    import redis
    import uvicorn
    from sqlalchemy import create_engine, text

    from api.app import create_app
    from common.core import migrate
    from common.core.db import get_database
    from common.core.settings import get_settings
    from common.tenants import service as tenants
    from tests.factories.files import text_pdf

    admin = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{db_name}"'))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        if args.storage == "s3":
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(moto_port)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            wait_port(moto_port)
        migrate.upgrade(get_settings())
        r = redis.Redis.from_url(redis_url)
        with get_database().session_scope() as s:
            tenants.create_tenant(s, "bench")
            key = tenants.create_key(s, "bench").key

        from api.embedded import worker_command

        worker = subprocess.Popen(
            worker_command(app="bench.noop_app", concurrency=args.workers, name=f"bench-{run_id}@%h"),
            cwd=ROOT,
            env={**os.environ},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        procs.append(worker)

        # 1. Raw Celery: no-op tasks through the same broker, pool and settings.
        from bench.noop_app import noop

        counter = f"bench:noop:{run_id}"
        noop.apply_async(args=[redis_url, counter + ":warm"], queue="cpu")
        while int(r.get(counter + ":warm") or 0) < 1:
            time.sleep(0.05)
        t0 = time.perf_counter()
        for _ in range(args.noop_tasks):
            noop.apply_async(args=[redis_url, counter], queue="cpu")
        while int(r.get(counter) or 0) < args.noop_tasks:
            time.sleep(0.01)
        raw_s = time.perf_counter() - t0
        raw_rate = args.noop_tasks / raw_s

        # 2. Pagemill: API -> Postgres -> Redis -> worker -> finalize.
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
        )
        threading.Thread(target=server.run, daemon=True).start()
        wait_port(port)
        pdf = text_pdf(args.pages)
        client = httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            headers={"Authorization": f"Bearer {key}"},
            timeout=60,
            limits=httpx.Limits(max_connections=args.clients),
        )
        # warm-up document (worker imports, connection pools)
        client.post("/v1/documents", files={"file": ("w.pdf", pdf)}, data={"engine": "null"}).json()["id"]
        total_docs = args.docs + 1

        def submit(i: int) -> str:
            resp = client.post(
                "/v1/documents",
                files={"file": (f"{i}.pdf", pdf)},
                data={"engine": "null", "output_formats": "markdown,json"},
            )
            resp.raise_for_status()
            return str(resp.json()["id"])

        engine = create_engine(os.environ["PAGEMILL_DATABASE__URL"])

        def finished() -> int:
            with engine.connect() as c:
                return int(
                    c.execute(
                        text(
                            "SELECT count(*) FROM documents WHERE status IN "
                            "('succeeded','partially_succeeded','failed','cancelled')"
                        )
                    ).scalar_one()
                )

        while finished() < 1:
            time.sleep(0.05)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            ids = list(pool.map(submit, range(args.docs)))
        submit_s = time.perf_counter() - t0
        while finished() < total_docs:
            time.sleep(0.02)
        wall_s = time.perf_counter() - t0
        total_docs += args.latency_docs
        # 3. Unloaded latency: one document at a time, so queueing behind other documents
        # does not hide what Pagemill itself adds to a page (submit -> done).
        lat_ids = []
        for i in range(args.latency_docs):
            done_before = finished()
            lat_ids.append(submit(10_000 + i))
            while finished() <= done_before:
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
    finally:
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
        from common.core.db import reset_database

        reset_database()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        redis_slot.release(redis_url, f"bench-{run_id}")


if __name__ == "__main__":
    main()
