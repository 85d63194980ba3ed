"""Polling load: GET /v1/documents/{id} (a 50-page document), GET /v1/documents and
/livez, from wrk (C, Debian's ``wrk``) over 32 keep-alive connections.

The load generator is wrk rather than Python: on a small machine a Python client eats
the same cores as the API and caps what it can measure. A Lua script adds the bearer
key and prints the latency percentiles as JSON.

The stack is private and real: a Postgres database of this run (migrated), a Redis
database of its own (tests/redis_slot.py) for the rate limiter, moto's S3 server, and
the API as ``pagemill serve --workers N`` (uvicorn's process manager, the edge protocol,
JSON access log at INFO to a file, as in production). One tenant owns ``--docs``
documents, one with ``--pages`` page rows (inserted through the ORM models; nothing is
converted). The tenant's rate limit is raised far above the offered load so that every
request still goes through the limiter's Redis round trip but none is refused.

Per endpoint it reports requests/s, p50/p90/p99 latency, non-2xx answers, and the CPU
the API processes used per request (from /proc, their user + system time).

    .venv/bin/python bench/poll_load.py --label after
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
import tempfile
import time
import uuid
from collections.abc import MutableMapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import procstat  # noqa: E402
from tests import redis_slot  # noqa: E402
from tests.stack import PrivateS3, free_port, wait_port  # noqa: E402

# wrk's done() runs once per run; latency is in microseconds.
_LUA = """
wrk.headers["Authorization"] = "Bearer %(key)s"
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "non_2xx": %%d, "socket_errors": %%d, '
    .. '"p50_us": %%d, "p90_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def _per_request(cpu_seconds: float, got: dict[str, Any]) -> float:
    return round(cpu_seconds * 1000 / max(1, got["requests"]), 3)


def _not_2xx(log: Path) -> dict[str, int]:
    """The API's answers other than 2xx so far, by status, with a sample of their
    problem details and errors (from its JSON log)."""
    found: dict[str, int] = {}
    for line in log.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        status = entry.get("status")
        if entry.get("logger") == "pagemill.access" and isinstance(status, int) and status >= 300:
            found[str(status)] = found.get(str(status), 0) + 1
        elif entry.get("level") in ("warning", "error") and len(found) < 20:
            key = f"{entry.get('logger')}: {str(entry.get('msg'))[:80]}"
            found[key] = found.get(key, 0) + 1
    return found


def _commit(root: Path) -> str:
    out = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return out.stdout.strip()


def _record(args: argparse.Namespace, fields: dict[str, Any]) -> None:
    """Print the run and append it to --out (a JSON list of runs)."""
    result = {
        "label": args.label,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python bench/poll_load.py " + " ".join(sys.argv[1:]),
        "machine": f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
        "code_commit": _commit(ROOT),
        "pages": args.pages,
        "docs": args.docs,
        **fields,
    }
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    runs = json.loads(args.out.read_text()) if args.out.exists() else []
    runs.append(result)
    args.out.write_text(json.dumps(runs, indent=2) + "\n")


def _in_process(key: str, paths: dict[str, str], names: list[str], n: int, log: Path) -> dict[str, Any]:
    """CPU per request of the API's own code, in this process: the ASGI app called
    directly on uvloop (as uvicorn runs it) with the same middleware, thread pool, Redis
    limiter and Postgres, but no sockets to the client. process_time counts every
    thread of the process, so it is less sensitive to other load on the machine than
    requests/s are."""
    import logging

    import uvloop

    from api.app import create_app

    app = create_app()
    for handler in logging.getLogger().handlers:  # the access log still formats and writes
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(log.open("a"))
    headers = [(b"host", b"bench"), (b"authorization", f"Bearer {key}".encode())]

    async def call(path: str) -> None:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 40000),
            "server": ("127.0.0.1", 80),
        }
        status: list[int] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])

        await app(scope, receive, send)
        assert status == [200], (path, status)

    async def measure() -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in names:
            for _ in range(50):
                await call(paths[name])
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(n):
                await call(paths[name])
            out[name] = {
                "cpu_ms_per_request": round((time.process_time() - cpu) * 1000 / n, 3),
                "wall_ms_per_request": round((time.perf_counter() - wall) * 1000 / n, 3),
            }
            print(name, json.dumps(out[name]), flush=True)
        return out

    return uvloop.run(measure())


def _wrk(url: str, script: Path, *, seconds: int, connections: int, threads: int) -> dict[str, Any]:
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s"]
    out = subprocess.run([*cmd, "-s", str(script), url], capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    return dict(json.loads(line.removeprefix("RESULT ")))


def _open_loop(url: str, key: str, *, seconds: int, connections: int, rate: float) -> dict[str, Any]:
    """A fixed offered load (bench/open_loop.py, a child process like wrk): the latency a
    request meets at that rate rather than the queue a closed loop builds."""
    cmd = [sys.executable, str(Path(__file__).with_name("open_loop.py")), url, "--rate", str(rate)]
    cmd += [
        "--seconds",
        str(seconds),
        "--connections",
        str(connections),
        "--header",
        f"Authorization: Bearer {key}",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    return dict(json.loads(line.removeprefix("RESULT ")))


def _seed(pages: int, docs: int) -> tuple[str, str, str]:
    """A tenant with a key and ``docs`` documents, the first with ``pages`` page rows; a
    second tenant with one document (whose id must read as 404 to the first)."""
    from common.core.db import get_database
    from common.documents.models import Document, Page
    from common.tenants import service as tenants

    now = datetime.now(UTC)

    def document(tenant_id: uuid.UUID, n: int, created: datetime) -> Document:
        doc_id = uuid.uuid4()
        return Document(
            id=doc_id,
            tenant_id=tenant_id,
            status="processing",
            engine="auto",
            options={"output_formats": ["markdown", "json"]},
            pages_total=n,
            pages_done=n // 2,
            pages_failed=1 if n else 0,
            source_key=f"tenants/{tenant_id}/documents/{doc_id}/source",
            sha256="0" * 64,
            bytes=123_456,
            media_type="application/pdf",
            filename="report.pdf",
            source_pages=n,
            client_metadata={"customer": "bench", "ref": "A-1"},
            created_at=created,
            updated_at=created,
            started_at=created,
            deadline_at=created + timedelta(days=1),
        )

    with get_database().session_scope() as s:
        tenant = tenants.create_tenant(s, "bench")
        key = tenants.create_key(s, "bench").key
        other = tenants.create_tenant(s, "bench-other")
        first = document(tenant.id, pages, now)
        s.add(first)
        for i in range(1, docs):
            s.add(document(tenant.id, 3, now - timedelta(seconds=i)))
        foreign = document(other.id, 3, now)
        s.add(foreign)
        s.flush()
        for n in range(1, pages + 1):
            done = n <= pages // 2
            s.add(
                Page(
                    document_id=first.id,
                    page_no=n,
                    status="done" if done else ("failed" if n == pages else "queued"),
                    engine="text" if done else None,
                    attempts=1 if done else 0,
                    width=612.0,
                    height=792.0,
                    timings={"render_s": 0.01, "engine_s": 0.12} if done else {},
                    error={"code": "engine_error", "message": "bench"} if n == pages else None,
                    started_at=now if done else None,
                    finished_at=now if done else None,
                )
            )
        return key, str(first.id), str(foreign.id)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--label", default="run", help="what this run measures (before, after, ...)")
    ap.add_argument("--seconds", type=int, default=10, help="measured seconds per endpoint")
    ap.add_argument("--warmup", type=int, default=2, help="unmeasured seconds per endpoint first")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--wrk-threads", type=int, default=1)
    ap.add_argument(
        "--rate",
        type=float,
        default=0,
        help="offer this many requests/s on a fixed schedule (bench/open_loop.py) instead of wrk's "
        "closed loop: the latency at a given load rather than the most the API can answer",
    )
    ap.add_argument("--api-workers", type=int, default=2)
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--docs", type=int, default=60, help="documents of the tenant (a list page is 50)")
    ap.add_argument("--only", default="livez,status,list", help="endpoints to measure, comma-separated")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "polling.json")
    ap.add_argument(
        "--in-process",
        type=int,
        default=0,
        metavar="N",
        help="instead of wrk and servers: N requests per endpoint to the ASGI app in this "
        "process, reporting CPU ms per request (run the copy of this script in the "
        "checkout to measure)",
    )
    ap.add_argument(
        "--api-root",
        type=Path,
        default=ROOT,
        help="checkout to run the API from (e.g. a worktree of the commit before a change)",
    )
    ap.add_argument(
        "--py-spy",
        type=Path,
        default=None,
        help="py-spy executable: sample one API process during each measured run into "
        "<out dir>/<label>-<endpoint>.collapsed (folded stacks of the thread holding the GIL)",
    )
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install -y wrk)")

    run_id = uuid.uuid4().hex[:8]
    db_name = f"pagemill_bench_{run_id}"
    redis_url = redis_slot.claim("redis://127.0.0.1:6379", f"bench-{run_id}")
    data_dir = Path(f"/tmp/pagemill-bench-{run_id}")
    s3 = PrivateS3()
    os.environ.update(
        {
            "PAGEMILL_DATA_DIR": str(data_dir),
            "PAGEMILL_DATABASE__URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{db_name}",
            "PAGEMILL_BROKER__URL": redis_url,
            "PAGEMILL_STORAGE__URL": "s3://pagemill-bench",
            "PAGEMILL_STORAGE__ENDPOINT_URL": s3.url,
            "PAGEMILL_STORAGE__ACCESS_KEY_ID": "testing",
            "PAGEMILL_STORAGE__SECRET_ACCESS_KEY": "testing",
            "PAGEMILL_STORAGE__CREATE_BUCKET": "true",
            "AWS_EC2_METADATA_DISABLED": "true",
            "PAGEMILL_LOG_LEVEL": "INFO",
            "PAGEMILL_QUOTAS__RATE_PER_SECOND": "1000000",
            "PAGEMILL_QUOTAS__BURST": "1000000",
            "PAGEMILL_SECRETS__MASTER_KEY": "bench:" + "YmVuY2gtbWFzdGVyLWtleS1mb3ItcGFnZW1pbGwtMzI=",
        }
    )

    import httpx
    from sqlalchemy import create_engine, text

    from common.core import migrate
    from common.core.settings import get_settings

    admin = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{db_name}"'))
    api: subprocess.Popen[bytes] | None = None
    tmp = Path(tempfile.mkdtemp(prefix="pagemill-poll-"))
    try:
        migrate.upgrade(get_settings())
        key, doc_id, foreign_id = _seed(args.pages, args.docs)
        from common.core.db import reset_database

        reset_database()
        data_dir.mkdir(parents=True, exist_ok=True)
        if args.in_process:
            paths = {"livez": "/livez", "status": f"/v1/documents/{doc_id}", "list": "/v1/documents"}
            measured = _in_process(key, paths, args.only.split(","), args.in_process, data_dir / "api.log")
            _record(
                args, {"mode": "in-process", "requests_per_endpoint": args.in_process, "endpoints": measured}
            )
            return
        port = free_port()
        api = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "api.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.api_workers),
            ],
            cwd=args.api_root,
            env={**os.environ},
            stdout=(data_dir / "api.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_port(port, timeout=180)  # two API processes importing on a busy machine
        base = f"http://127.0.0.1:{port}"
        paths = {"livez": "/livez", "status": f"/v1/documents/{doc_id}", "list": "/v1/documents"}
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=30) as client:
            deadline = time.monotonic() + 30
            while client.get("/livez").status_code != 200 and time.monotonic() < deadline:
                time.sleep(0.1)
            status = client.get(paths["status"])
            status.raise_for_status()
            assert len(status.json()["page_details"]) == args.pages, status.text[:300]
            listed = client.get(paths["list"])
            listed.raise_for_status()
            assert client.get(f"/v1/documents/{foreign_id}").status_code == 404
        # uvicorn's workers, not multiprocessing's resource tracker beside them.
        workers = [p for p in procstat.children(api.pid) if b"resource_tracker" not in procstat.cmdline(p)]
        script = tmp / "auth.lua"
        script.write_text(_LUA % {"key": key})
        results: dict[str, Any] = {}
        for name in args.only.split(","):
            url = base + paths[name]
            conn, threads = args.connections, args.wrk_threads
            _wrk(url, script, seconds=args.warmup, connections=conn, threads=threads)
            load_before = os.getloadavg()[0]
            cpu0 = procstat.cpu_seconds(workers)
            servers = {
                "postgres": procstat.pids_named("postgres"),
                "redis": procstat.pids_named("redis-server"),
            }
            server0 = {k: procstat.cpu_seconds(v) for k, v in servers.items()}
            client0 = procstat.children_cpu()
            busy0, idle0 = procstat.machine_ticks()
            split0 = [procstat.cpu_seconds([w]) for w in workers]
            spy = None
            if args.py_spy is not None:
                folded = args.out.parent / f"{args.label}-{name}.collapsed"
                spy = subprocess.Popen(
                    [
                        str(args.py_spy),
                        "record",
                        "-p",
                        str(workers[0]),
                        "-d",
                        str(int(args.seconds)),
                        "-r",
                        "200",
                        "--gil",
                        "-f",
                        "raw",
                        "-o",
                        str(folded),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            if args.rate:
                got = _open_loop(url, key, seconds=args.seconds, connections=conn, rate=args.rate)
            else:
                got = _wrk(url, script, seconds=args.seconds, connections=conn, threads=threads)
            if spy is not None:
                spy.wait(60)
            cpu = procstat.cpu_seconds(workers) - cpu0
            client_cpu = procstat.children_cpu() - client0
            busy1, idle1 = procstat.machine_ticks()
            server_cpu = {k: procstat.cpu_seconds(v) - server0[k] for k, v in servers.items()}
            split = [round(procstat.cpu_seconds([w]) - c, 2) for w, c in zip(workers, split0, strict=True)]
            seconds = got["duration_us"] / 1e6
            results[name] = {
                "path": paths[name].replace(doc_id, "{id}"),
                "requests": got["requests"],
                "rps": round(got["requests"] / seconds, 1),
                "p50_ms": round(got["p50_us"] / 1000, 2),
                "p90_ms": round(got["p90_us"] / 1000, 2),
                "p99_ms": round(got["p99_us"] / 1000, 2),
                "max_ms": round(got["max_us"] / 1000, 2),
                "non_2xx": got["non_2xx"],
                "socket_errors": got["socket_errors"],
                "api_cpu_ms_per_request": round(cpu * 1000 / max(1, got["requests"]), 3),
                # CPU seconds of each API process: how evenly the connections were spread.
                "api_cpu_s_per_process": split,
                # The rest of the machine's share of a request (the client: wrk or the open loop).
                "postgres_cpu_ms_per_request": _per_request(server_cpu["postgres"], got),
                "redis_cpu_ms_per_request": _per_request(server_cpu["redis"], got),
                "client_cpu_ms_per_request": _per_request(client_cpu, got),
                "load_1min_before": round(load_before, 2),
                # How much of the machine was working: below the core count, the API
                # waits on something other than CPU.
                "machine_busy_cores": round(
                    (os.cpu_count() or 1) * (busy1 - busy0) / max(1, busy1 - busy0 + idle1 - idle0), 2
                ),
            }
            if got["non_2xx"]:
                results[name]["answers_not_2xx"] = _not_2xx(data_dir / "api.log")
            print(name, json.dumps(results[name]), flush=True)
        _record(
            args,
            {
                "api_root": str(args.api_root),
                "api_commit": _commit(args.api_root),
                "api_processes": args.api_workers,
                "connections": args.connections,
                "wrk_threads": args.wrk_threads,
                "offered_rate": args.rate or None,
                "seconds": args.seconds,
                "endpoints": results,
            },
        )
    finally:
        if api is not None:
            os.killpg(api.pid, signal.SIGTERM)
            try:
                api.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(api.pid, signal.SIGKILL)
        s3.close()
        from common.core.db import reset_database

        reset_database()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        admin.dispose()
        redis_slot.release(redis_url, f"bench-{run_id}")
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
