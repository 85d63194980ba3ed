"""Webhook latency: from the commit of a document's last page to the receiver's 2xx.

Full stack: API (uvicorn, real HTTP) -> Postgres -> Redis -> Celery workers (a cpu
worker converting with the null engine and finalizing, a separate webhooks worker as in
docker-compose) -> a receiver on loopback that verifies every signature with the
standardwebhooks library before answering 200. Per document it reports

    last page commit -> document terminal commit (finalize)      "finalize_s"
    document terminal commit -> receiver verified and answered  "deliver_s"
    last page commit -> receiver's 2xx                           "total_s"

with p50/p95 over --docs documents submitted at --rate documents/s (0: all at once).
Times come from one clock (same machine): pages.finished_at and documents.finished_at
are taken in the committing transaction, the receiver stamps time.time() as it answers.

    .venv/bin/python bench/webhook_latency.py --docs 100 --rate 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.orchestration import free_port, pct, wait_port  # noqa: E402
from tests import redis_slot  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--pages", type=int, default=3)
    ap.add_argument("--rate", type=float, default=5.0, help="documents submitted per second; 0: a burst")
    ap.add_argument("--cpu-workers", type=int, default=2)
    ap.add_argument("--webhook-workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "webhook_latency.json")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    run_id = uuid.uuid4().hex[:8]
    db_name = f"pagemill_bench_{run_id}"
    # A Redis database of this run's own (tests/redis_slot.py), emptied and given back at the
    # end: a bench beside a test run (or another bench) never flushes the other's broker.
    redis_url = redis_slot.claim("redis://127.0.0.1:6379", f"bench-{run_id}")
    data_dir = Path(f"/tmp/pagemill-bench-{run_id}")
    os.environ.update(
        {
            "PAGEMILL_DATA_DIR": str(data_dir),
            "PAGEMILL_DATABASE__URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{db_name}",
            "PAGEMILL_BROKER__URL": redis_url,
            "PAGEMILL_STORAGE__URL": (data_dir / "objects").as_uri(),
            "PAGEMILL_ENGINES__ALLOW_NULL": "true",
            "PAGEMILL_LOG_LEVEL": "WARNING",
            "PAGEMILL_WEBHOOKS__ALLOW_HTTP": "true",
            "PAGEMILL_WEBHOOKS__ALLOWLIST": "127.0.0.1/32",
        }
    )

    import httpx
    import uvicorn
    from sqlalchemy import create_engine, text

    from api.app import create_app
    from api.embedded import worker_command
    from common.core import migrate
    from common.core.db import get_database
    from common.core.settings import get_settings
    from common.tenants import service as tenants
    from pagemill_client import verify_webhook
    from tests.factories.files import text_pdf

    admin = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{db_name}"'))
    procs: list[subprocess.Popen[bytes]] = []
    server: uvicorn.Server | None = None
    receiver: ThreadingHTTPServer | None = None
    try:
        migrate.upgrade(get_settings())
        with get_database().session_scope() as s:
            tenants.create_tenant(s, "bench")
            key = tenants.create_key(s, "bench").key

        received: dict[str, float] = {}
        bad: list[str] = []
        secrets: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                try:
                    event = verify_webhook(body, dict(self.headers.items()), secrets)
                    received.setdefault(event["data"]["id"], time.time())
                    self.send_response(204)
                except Exception as exc:  # a bench records, it does not crash the receiver
                    bad.append(repr(exc))
                    self.send_response(400)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *a: Any) -> None:
                pass

        receiver = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=receiver.serve_forever, daemon=True).start()
        hook_url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"

        for queues, n, name in (
            ("cpu", args.cpu_workers, "cpu"),
            ("webhooks", args.webhook_workers, "hooks"),
        ):
            procs.append(
                subprocess.Popen(
                    worker_command(queues=queues, concurrency=n, name=f"bench-{name}-{run_id}@%h"),
                    cwd=ROOT,
                    env={**os.environ},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
        )
        threading.Thread(target=server.run, daemon=True).start()
        wait_port(port)
        client = httpx.Client(
            base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {key}"}, timeout=60
        )
        secrets.append(client.put("/v1/webhook-endpoint", json={"url": hook_url}).json()["secret"])
        pdf = text_pdf(args.pages)

        def submit() -> str:
            resp = client.post("/v1/documents", files={"file": ("b.pdf", pdf)}, data={"engine": "null"})
            resp.raise_for_status()
            return str(resp.json()["id"])

        # Warm-up: worker imports, pools, the first TCP connections.
        for _ in range(3):
            warm = submit()
            deadline = time.monotonic() + 60
            while warm not in received and time.monotonic() < deadline:
                time.sleep(0.01)
        ids: list[str] = []
        t0 = time.perf_counter()
        for i in range(args.docs):
            if args.rate > 0:
                time.sleep(max(0.0, t0 + i / args.rate - time.perf_counter()))
            ids.append(submit())
        deadline = time.monotonic() + 300
        while not all(d in received for d in ids) and time.monotonic() < deadline:
            time.sleep(0.02)
        wall_s = time.perf_counter() - t0
        missing = [d for d in ids if d not in received]

        engine = create_engine(os.environ["PAGEMILL_DATABASE__URL"])
        with engine.connect() as c:
            rows = c.execute(
                text(
                    "SELECT d.id, extract(epoch FROM max(p.finished_at)), extract(epoch FROM d.finished_at), "
                    "(SELECT count(*) FROM webhook_deliveries w JOIN webhook_events e ON e.id = w.event_id "
                    " WHERE e.document_id = d.id) "
                    "FROM documents d JOIN pages p ON p.document_id = d.id "
                    "WHERE d.id = ANY(:ids) GROUP BY d.id"
                ),
                {"ids": [uuid.UUID(x) for x in ids]},
            ).all()
        engine.dispose()
        finalize, deliver, total = [], [], []
        attempts = 0
        for doc_id, last_page, terminal, n_attempts in rows:
            got = received.get(str(doc_id))
            attempts += int(n_attempts)
            if got is None:
                continue
            finalize.append(float(terminal) - float(last_page))
            deliver.append(got - float(terminal))
            total.append(got - float(last_page))

        def summary(values: list[float]) -> dict[str, float]:
            return {
                "p50": round(pct(values, 0.5), 4),
                "p95": round(pct(values, 0.95), 4),
                "max": round(max(values), 4),
            }

        result = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": "python bench/webhook_latency.py " + " ".join(sys.argv[1:]),
            "machine": f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}",
            "docs": args.docs,
            "pages_per_doc": args.pages,
            "rate_docs_per_s": args.rate,
            "cpu_worker_processes": args.cpu_workers,
            "webhook_worker_processes": args.webhook_workers,
            "delivered": len(total),
            "missing": len(missing),
            "verification_failures": len(bad),
            "delivery_attempts": attempts,
            "wall_s": round(wall_s, 3),
            "last_page_commit_to_2xx_s": summary(total),
            "last_page_commit_to_terminal_commit_s": summary(finalize),
            "terminal_commit_to_2xx_s": summary(deliver),
        }
        print(json.dumps(result, indent=2))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        runs = json.loads(args.out.read_text()) if args.out.exists() else []
        runs = [r for r in runs if r.get("command") != result["command"]] + [result]
        args.out.write_text(json.dumps(runs, indent=2) + "\n")
    finally:
        if server is not None:
            server.should_exit = True
        if receiver is not None:
            receiver.shutdown()
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
        from common.core.db import reset_database

        reset_database()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        admin.dispose()
        redis_slot.release(redis_url, f"bench-{run_id}")
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
