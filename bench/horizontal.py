"""Horizontal run: Pagemill as a deployment scales it out, all on this machine.

2 API processes (`pagemill serve`, each its own port; the clients go round robin, as a
load balancer would), Celery worker nodes (prefork; 2 nodes x 4 processes by default),
2 Celery beats (`celery beat`, each with its own schedule file), one Postgres, one Redis,
moto's S3 server or a local directory. N documents x P pages with the `null` engine go
through the HTTP API; raw Celery no-op tasks run on the same worker nodes in the same run
(bench/orchestration.py's machinery). Then the logs say whether both beats sent their
passes and whether any two passes held the same lock at once (common/core/leader.py).

    .venv/bin/python bench/horizontal.py --docs 100 --pages 20 --storage file

Results: bench/results/horizontal.json (every run) and horizontal.md (the latest run).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import procstat  # noqa: E402
from bench.orchestration import (  # noqa: E402
    DATA_ROOT,
    Stack,
    api_client,
    free_port,
    open_stack,
    pct,
    raw_celery_rate,
    submitter,
    wait_finished,
    wait_port,
)

RESULTS = ROOT / "bench" / "results"


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def commit() -> str:
    """The tree measured: its commit, and whether files differ from it."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, cwd=ROOT
    )
    return head.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def json_lines(path: Path) -> list[dict[str, Any]]:
    rows = []
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            try:
                rows.append(json.loads(line))
            except ValueError:
                continue
    return rows


def beat_sends(log: Path) -> dict[str, int]:
    """How many times this beat sent each periodic task (celery.beat's info lines)."""
    sent: dict[str, int] = {}
    for row in json_lines(log):
        msg = str(row.get("msg", ""))
        if msg.startswith("Scheduler: Sending due task"):
            name = msg.split("(")[-1].rstrip(")")
            sent[name] = sent.get(name, 0) + 1
    return sent


def lock_passes(logs: list[Path]) -> dict[str, dict[str, Any]]:
    """Per lock: passes that held it, passes that skipped, and the largest overlap in
    seconds between two holders (0 when only one held it at a time)."""
    held: dict[str, dict[str, list[datetime]]] = {}
    skipped: dict[str, int] = {}
    for log in logs:
        for row in json_lines(log):
            if row.get("logger") != "common.core.leader":
                continue
            name, task, ts = str(row.get("lock")), str(row.get("task_id")), row["ts"]
            at = datetime.fromisoformat(ts)
            if row["msg"] == "lock taken" or row["msg"] == "lock released":
                held.setdefault(name, {}).setdefault(task, []).append(at)
            elif row["msg"].startswith("pass skipped"):
                skipped[name] = skipped.get(name, 0) + 1
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(set(held) | set(skipped)):
        spans = sorted((min(t), max(t)) for t in held.get(name, {}).values() if len(t) == 2)
        overlap, end = 0.0, None
        for start, stop in spans:
            if end is not None and start < end:
                overlap = max(overlap, (end - start).total_seconds())
            end = stop if end is None else max(end, stop)
        out[name] = {
            "held": len(spans),
            "skipped": skipped.get(name, 0),
            "max_overlap_s": round(overlap, 3),
            "longest_pass_s": round(max(((b - a).total_seconds() for a, b in spans), default=0.0), 3),
        }
    return out


def start_services(stack: Stack, args: argparse.Namespace) -> tuple[list[str], dict[str, list[int]]]:
    """Worker nodes, 2 beats and the API processes; the API's URLs and the pids of each
    kind of process (a worker node's pid stands for it and its prefork children)."""
    logs = stack.data_dir
    groups: dict[str, list[int]] = {"api": [], "workers": [], "beats": []}
    for n in range(args.nodes):
        node = stack.worker(
            concurrency=args.concurrency,
            name=f"bench-{stack.run_id}-{n}@%h",
            app="bench.horizontal_app",
            log=logs / f"worker-{n}.log",
        )
        groups["workers"].append(node.pid)
    for b in range(args.beats):
        beat_dir = stack.data_dir / f"beat-{b}"
        beat_dir.mkdir()
        cmd = [sys.executable, "-m", "celery", "-A", "worker.celery_app", "beat", "-l", "info"]
        # Each beat its own schedule file (under its data dir), as on two machines.
        env = {"PAGEMILL_DATA_DIR": str(beat_dir), "PAGEMILL_LOG_LEVEL": "INFO"}
        groups["beats"].append(stack.spawn(cmd, logs / f"beat-{b}.log", env).pid)
    urls = []
    for a in range(args.apis):
        port = free_port()
        cmd = [sys.executable, "-m", "api.cli", "serve", "--port", str(port)]
        groups["api"].append(stack.spawn(cmd, logs / f"api-{a}.log").pid)
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:  # every process starts at once on a small machine: minutes, not seconds
        wait_port(int(url.rsplit(":", 1)[1]), timeout=300)
    return urls, groups


def run(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import create_engine, text

    from common.core.settings import get_settings
    from tests.factories.files import text_pdf

    extra = {
        "PAGEMILL_LOG_JSON": "true",
        "PAGEMILL_RELIABILITY__REAP_INTERVAL": str(args.reap_interval),
        "PAGEMILL_WEBHOOKS__SWEEP_INTERVAL": str(args.sweep_interval),
    }
    load_before = uptime()
    with open_stack(args.storage, extra, args.data_root) as stack:
        urls, groups = start_services(stack, args)
        raw0 = procstat.group_cpu(groups)
        raw_rate = raw_celery_rate(stack, args.noop_tasks)
        raw_cpu = procstat.cpu_spent(raw0, procstat.group_cpu(groups))
        clients = [api_client(url, stack.key, args.clients) for url in urls]
        submit = submitter(clients, text_pdf(args.pages))
        engine = create_engine(stack.db_url)
        for i in range(len(clients)):  # warm-up: one document through each API process
            submit(-1 - i)
        wait_finished(engine, len(clients), 0.05)
        cpu0, ticks0 = procstat.group_cpu(groups), procstat.machine_ticks()
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            ids = list(pool.map(submit, range(args.docs)))
        submit_s = time.perf_counter() - t0
        wait_finished(engine, len(clients) + args.docs)
        wall_s = time.perf_counter() - t0
        cpu1, ticks1 = procstat.group_cpu(groups), procstat.machine_ticks()
        load_after = uptime()
        retried = dict(Counter(getattr(submit, "retries", [])))
        # Let each beat send at least two more reaps after the load, then read the logs.
        time.sleep(2 * args.reap_interval + 1)
        with engine.connect() as c:
            rows = c.execute(
                text(
                    "SELECT extract(epoch FROM p.finished_at - p.created_at), d.status "
                    "FROM pages p JOIN documents d ON d.id = p.document_id "
                    "WHERE d.id = ANY(CAST(:ids AS uuid[]))"
                ),
                {"ids": ids},
            ).all()
        engine.dispose()
        beats = [beat_sends(stack.data_dir / f"beat-{b}.log") for b in range(args.beats)]
        locks = lock_passes([stack.data_dir / f"worker-{n}.log" for n in range(args.nodes)])
    pages = args.docs * args.pages
    page_lat = [float(r[0]) for r in rows]
    rate = pages / wall_s
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": ".venv/bin/python bench/horizontal.py " + " ".join(sys.argv[1:]),
        "machine": f"{platform.node()} {os.cpu_count()} cores, {platform.python_version()}",
        "commit": commit(),
        "uptime_before": load_before,
        "uptime_after_load": load_after,
        "layout": {
            "api_processes": args.apis,
            "worker_nodes": args.nodes,
            "processes_per_node": args.concurrency,
            "worker_processes": args.nodes * args.concurrency,
            "beats": args.beats,
            "storage": args.storage,
            "data_root": str(args.data_root),
        },
        "docs": args.docs,
        "pages_per_doc": args.pages,
        "pages": pages,
        "all_succeeded": {str(r[1]) for r in rows} == {"succeeded"} and len(rows) == pages,
        "submit_s": round(submit_s, 3),
        "submit_retries": retried,
        "wall_s": round(wall_s, 3),
        "pages_per_s": round(rate, 1),
        "raw_celery_noop_tasks_per_s": round(raw_rate, 1),
        "ratio_to_raw_celery": round(rate / raw_rate, 3),
        "loaded_page_latency_s": {"p50": round(pct(page_lat, 0.5), 3), "p95": round(pct(page_lat, 0.95), 3)},
        "reap_interval_s": args.reap_interval,
        "sweep_interval_s": args.sweep_interval,
        "beat_sends": beats,
        "both_beats_sent": all(b.get("pages.reap") and b.get("webhooks.sweep") for b in beats),
        "locks": locks,
        "one_holder_at_a_time": all(v["max_overlap_s"] == 0 for v in locks.values()),
        # Where a page's cost goes: CPU milliseconds per page of each kind of process over
        # the load, and the machine's busy share (near 1: the cores are the limit).
        "cpu_ms_per_page": procstat.per_unit(procstat.cpu_spent(cpu0, cpu1), pages),
        "raw_cpu_ms_per_task": procstat.per_unit(raw_cpu, args.noop_tasks),
        # Of the workers' CPU, the nodes' own (parent) processes'.
        "worker_parents_cpu_ms": {
            "per_page": round(procstat.cpu_spent(cpu0, cpu1)["worker_parents"] * 1000 / pages, 2),
            "per_raw_task": round(raw_cpu["worker_parents"] * 1000 / args.noop_tasks, 2),
        },
        # The workers read it from the same environment (PAGEMILL_RELIABILITY__CHAIN_SECONDS).
        "chain_seconds": get_settings().reliability.chain_seconds,
        "machine_busy": round(
            (ticks1[0] - ticks0[0]) / max(1, (ticks1[0] - ticks0[0]) + (ticks1[1] - ticks0[1])), 3
        ),
    }


def _cpu_total(run: dict[str, Any]) -> str:
    """A run's CPU a page, all processes together, where it was measured (and the
    experiment it ran with, if any: the four runs that compared page commits with and
    without the WAL flush wait, an idea measured and dropped)."""
    cpu = run.get("cpu_ms_per_page")
    if not cpu:
        return "-"
    flag = run.get("fast_page_commits")
    note = "" if flag is None else (" (no flush wait)" if flag else " (flush wait)")
    chain = run.get("chain_seconds")
    if chain is not None:  # runs since the convert chain (worker/flows/convert.py)
        note += f" (chain {chain:g} s)" if chain else " (no chain)"
    return f"{sum(cpu.values()):.2f}{note}"


def markdown(result: dict[str, Any], history: list[dict[str, Any]]) -> str:
    lay = result["layout"]
    lines = [
        "# Horizontal run (null engine, everything on this machine)",
        "",
        "Written by `bench/horizontal.py` from its latest run; every run is in `horizontal.json`.",
        "",
        f"**Command:** `{result['command']}`  ",
        f"**Date:** {result['date']}, {result['machine']}, commit {result.get('commit', '?')}  ",
        f"**uptime before:** `{result['uptime_before']}`  ",
        f"**uptime at the end of the load:** `{result['uptime_after_load']}`",
        "",
        f"**Layout:** {lay['api_processes']} API processes (`pagemill serve`, one port each, clients "
        f"round robin), {lay['worker_nodes']} Celery worker nodes x {lay['processes_per_node']} prefork "
        f"processes = {lay['worker_processes']} worker processes on every queue, {lay['beats']} Celery "
        f"beats, one Postgres, one Redis, storage `{lay['storage']}`, the stack's files under "
        f"`{lay.get('data_root', '/tmp')}`. The raw Celery baseline is no-op "
        "tasks on the same worker nodes and broker, in the same run, before the documents.",
        "",
        "| pages | pages/s | raw Celery no-op tasks/s | ratio (goal >= 0.3) | all succeeded "
        "| page queued -> done p50 / p95 |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| {result['docs']} x {result['pages_per_doc']} | **{result['pages_per_s']}** | "
        f"{result['raw_celery_noop_tasks_per_s']} | **{result['ratio_to_raw_celery']}** | "
        f"{result['all_succeeded']} | {result['loaded_page_latency_s']['p50']} s / "
        f"{result['loaded_page_latency_s']['p95']} s |",
        "",
        "CPU milliseconds a page over the load, by kind of process (Postgres and Redis: every "
        "backend, so other load on them counts), beside "
        f"raw Celery's a no-op task; the machine was busy {result.get('machine_busy', '?')} of the time:",
        "",
        "| | " + " | ".join(result.get("cpu_ms_per_page", {})) + " | total |",
        "| --- | " + " | ".join("---" for _ in result.get("cpu_ms_per_page", {})) + " | --- |",
        "| Pagemill, a page | "
        + " | ".join(str(v) for v in result.get("cpu_ms_per_page", {}).values())
        + f" | {round(sum(result.get('cpu_ms_per_page', {}).values()), 2)} |",
        "| raw Celery, a task | "
        + " | ".join(str(v) for v in result.get("raw_cpu_ms_per_task", {}).values())
        + f" | {round(sum(result.get('raw_cpu_ms_per_task', {}).values()), 2)} |",
        "",
        f"## Two beats (reap every {result['reap_interval_s']} s, "
        f"sweep every {result['sweep_interval_s']} s)",
        "",
        "What each beat sent (celery.beat's log), and per lock the passes that held it, those that "
        "found it held and did nothing, and the largest overlap of two holders (from the lock's "
        "debug lines in the worker logs, common/core/leader.py):",
        "",
    ]
    for b, sent in enumerate(result["beat_sends"]):
        lines.append(f"- beat {b}: " + ", ".join(f"{k} x {v}" for k, v in sorted(sent.items())))
    lines += ["", "| lock | passes held | passes skipped | max overlap of two holders | longest pass |"]
    lines += ["| --- | --- | --- | --- | --- |"]
    for name, v in result["locks"].items():
        lines.append(
            f"| {name} | {v['held']} | {v['skipped']} | {v['max_overlap_s']} s | {v['longest_pass_s']} s |"
        )
    lines += [
        "",
        f"Both beats sent: **{result['both_beats_sent']}**; one holder at a time: "
        f"**{result['one_holder_at_a_time']}**.",
        "",
        "Eleven Python processes, Postgres and Redis share this machine's cores with whatever else "
        "runs on it (the uptime lines): pages/s and raw Celery move with that load, so compare "
        "runs by their ratio, and only runs made under similar load.",
        "",
        "## Every run",
        "",
        "| date | commit | layout | pages | pages/s | raw no-op/s | ratio | CPU ms a page "
        "| one holder at a time | uptime before |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for h in history:
        lay = h["layout"]
        load = h["uptime_before"].split("load average:")[-1].strip()
        lines.append(
            f"| {h['date']} | {h.get('commit', '?')} | {lay['worker_nodes']}x{lay['processes_per_node']} "
            f"{lay['storage']} | {h['docs']} x {h['pages_per_doc']} | {h['pages_per_s']} | "
            f"{h['raw_celery_noop_tasks_per_s']} | {h['ratio_to_raw_celery']} | "
            f"{_cpu_total(h)} | {h['one_holder_at_a_time']} | {load} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--apis", type=int, default=2, help="API processes")
    ap.add_argument("--nodes", type=int, default=2, help="Celery worker nodes")
    ap.add_argument("--concurrency", type=int, default=4, help="prefork processes per node")
    ap.add_argument("--beats", type=int, default=2)
    ap.add_argument("--clients", type=int, default=8, help="concurrent submitting HTTP clients")
    ap.add_argument("--storage", choices=["s3", "file"], default="file")
    ap.add_argument("--noop-tasks", type=int, default=5000)
    # Shorter than the defaults (15 s, 5 s), so that a run of a minute sees many passes.
    ap.add_argument("--reap-interval", type=float, default=2.0)
    ap.add_argument("--sweep-interval", type=float, default=1.0)
    ap.add_argument(
        "--data-root",
        type=Path,
        default=DATA_ROOT,
        help="where the stack keeps its files (default: orchestration.py's DATA_ROOT, tmpfs if any)",
    )
    ap.add_argument("--out", type=Path, default=RESULTS / "horizontal.json")
    args = ap.parse_args()
    result = run(args)
    print(json.dumps(result, indent=2))
    history = json.loads(args.out.read_text()) if args.out.exists() else []
    history.append(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(history, indent=2) + "\n")
    args.out.with_suffix(".md").write_text(markdown(result, history))


def rewrite_markdown(path: Path) -> None:
    """The Markdown again from the JSON (its latest run), without running anything."""
    history = json.loads(path.read_text())
    path.with_suffix(".md").write_text(markdown(history[-1], history))


if __name__ == "__main__":
    main()
