"""Backlog: does a long backlog stay in Postgres, and does the broker's queue stay bounded?

Issue 22: the reaper used to re-send every page queued longer than
``reliability.redispatch_after``, whatever the broker held, so under a backlog each pass
added a copy of every waiting page to the queue. With the dispatch window
(common/documents/dispatch.py) the broker holds at most ``reliability.dispatch_window``
pages per tenant and engine queue, and the reaper re-sends a page only when the broker's
own queue depth is below what Postgres has sent there (reaper.lost_page_messages).

This bench keeps a backlog of tenants x docs x pages pages (the ``null`` engine, made
slower than arrival with the documents' ``null_sleep_s`` option, set in the database right
after submit) for ``--minutes`` on a private stack: Postgres database, Redis database
number, file storage, the API (`pagemill serve`, one process), ONE Celery worker process
(concurrency 1, queue ``cpu``) and Celery beat with the reaper settings of the
environment (the defaults unless PAGEMILL_RELIABILITY__* says otherwise). Every
``--sample`` seconds it records the broker's queue length (LLEN over the cpu queue's
priority lists), the open pages (queued + running) and the pages done; at the end it
counts the pages the reaper re-sent ("reaper" log lines) and the pages.convert messages
consumed that found their page already taken or finished ("convert skipped").

    .venv/bin/python bench/backlog.py --minutes 15
    PAGEMILL_RELIABILITY__REDISPATCH_AFTER=15 .venv/bin/python bench/backlog.py --minutes 3

Results: bench/results/backlog.json (every run) and backlog.md (written from it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.horizontal import uptime  # noqa: E402
from bench.orchestration import Stack, api_client, free_port, open_stack, wait_port  # noqa: E402

RESULTS = ROOT / "bench" / "results"
# kombu's Redis transport keeps one list per priority step: the queue's own name for 0,
# name + sep + step for the others (Channel._q_for_pri).
PRIORITY_STEPS = (0, 3, 6, 9)
SEP = "\x06\x16"

PAGE_COUNTS = """
SELECT count(*) FILTER (WHERE status = 'queued' AND dispatched_at IS NULL),
       count(*) FILTER (WHERE status = 'queued' AND dispatched_at IS NOT NULL),
       count(*) FILTER (WHERE status = 'running'),
       count(*) FILTER (WHERE status = 'done'),
       count(*) FILTER (WHERE status IN ('failed', 'cancelled')),
       coalesce(sum(attempts), 0),
       count(*) FILTER (WHERE status = 'queued' AND dispatched_at < now() - make_interval(secs => :after)),
       count(*) FILTER (WHERE status = 'queued' AND created_at < now() - make_interval(secs => :after))
FROM pages
"""


def broker_length(redis_url: str, queue_name: str = "cpu") -> int:
    import redis

    r = redis.Redis.from_url(redis_url)
    try:
        keys = [queue_name if p == 0 else f"{queue_name}{SEP}{p}" for p in PRIORITY_STEPS]
        return sum(int(r.llen(k)) for k in keys)
    finally:
        r.close()


def start_services(stack: Stack, concurrency: int) -> str:
    """One worker process on the cpu queue, one beat, one API process; the API's URL."""
    from api.embedded import worker_command

    info = {"PAGEMILL_LOG_LEVEL": "INFO"}
    cmd = worker_command(
        queues="cpu", concurrency=concurrency, name=f"bench-{stack.run_id}@%h", loglevel="info"
    )
    stack.spawn(cmd, stack.data_dir / "worker.log", info)
    beat_dir = stack.data_dir / "beat"
    beat_dir.mkdir()
    cmd = [sys.executable, "-m", "celery", "-A", "worker.celery_app", "beat", "-l", "info"]
    stack.spawn(cmd, stack.data_dir / "beat.log", {**info, "PAGEMILL_DATA_DIR": str(beat_dir)})
    port = free_port()
    cmd = [sys.executable, "-m", "api.cli", "serve", "--port", str(port)]
    stack.spawn(cmd, stack.data_dir / "api.log")
    wait_port(port, timeout=300)
    return f"http://127.0.0.1:{port}"


def tenant_keys(stack: Stack, n: int) -> list[str]:
    """API keys of n tenants: the stack's own and n - 1 more."""
    from common.core.db import get_database
    from common.tenants import service as tenants

    keys = [stack.key]
    with get_database().session_scope() as s:
        for i in range(1, n):
            tenants.create_tenant(s, f"bench-{i}")
            keys.append(tenants.create_key(s, f"bench-{i}").key)
    return keys


def submit_all(url: str, keys: list[str], docs: int, pdf: bytes, sleep_s: float, db_url: str) -> list[str]:
    """Each tenant's documents through the HTTP API, the tenants at once; each document's
    null_sleep_s set in the database as soon as it is accepted (convert reads the options
    when it claims a page)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)

    def one_tenant(key: str) -> list[str]:
        ids = []
        with api_client(url, key, 2) as client:
            for i in range(docs):
                deadline = time.monotonic() + 300
                while True:
                    resp = client.post(
                        "/v1/documents",
                        files={"file": (f"{i}.pdf", pdf)},
                        data={"engine": "null", "output_formats": "json"},
                    )
                    # Busy (a worker not heard from yet, the rate limit): retry as told.
                    if resp.status_code not in (429, 503) or time.monotonic() > deadline:
                        break
                    time.sleep(min(2.0, float(resp.headers.get("Retry-After", "1"))))
                resp.raise_for_status()
                doc_id = str(resp.json()["id"])
                with engine.begin() as c:
                    c.execute(
                        text(
                            "UPDATE documents SET options = options || "
                            "jsonb_build_object('null_sleep_s', CAST(:s AS float)) "
                            "WHERE id = CAST(:id AS uuid)"
                        ),
                        {"s": sleep_s, "id": doc_id},
                    )
                ids.append(doc_id)
        return ids

    with ThreadPoolExecutor(len(keys)) as pool:
        ids = [d for batch in pool.map(one_tenant, keys) for d in batch]
    engine.dispose()
    return ids


class LogCounter:
    """Counts in the worker's JSON log, read on from where the last call stopped."""

    def __init__(self, path: Path) -> None:
        self.path, self.offset = path, 0
        self.received = 0  # pages.convert messages the worker took
        self.reaps = 0  # pages.reap passes the worker took
        self.skipped: list[dict[str, Any]] = []  # ... that found the page taken or finished
        self.reaper: Counter[str] = Counter()
        self.reaper_lines: list[dict[str, Any]] = []
        # For a duplicate's timeline: when each convert message was taken, and which page it named.
        self.received_at: dict[str, str] = {}
        self.page_of: dict[str, tuple[str, int]] = {}

    def read(self) -> None:
        with self.path.open("rb") as f:
            f.seek(self.offset)
            data = f.read()
        end = data.rfind(b"\n") + 1  # a line still being written waits for the next read
        self.offset += end
        for line in data[:end].decode(errors="replace").splitlines():
            if not line.startswith("{"):
                continue
            try:
                row = json.loads(line)
            except ValueError:
                continue
            msg = str(row.get("msg", ""))
            if msg.startswith("Task pages.convert[") and msg.endswith("received"):
                self.received += 1
                self.received_at[msg.split("[", 1)[1].split("]", 1)[0]] = str(row.get("ts"))
            elif msg.startswith("Task pages.reap[") and msg.endswith("received"):
                self.reaps += 1
            elif msg.startswith("convert skipped"):
                self.skipped.append(row)
            elif msg == "reaper":
                counts = {k: v for k, v in row.items() if isinstance(v, int) and not isinstance(v, bool)}
                self.reaper.update(counts)
                self.reaper_lines.append(row)
            if row.get("task") == "pages.convert" and "document_id" in row:
                self.page_of[str(row.get("task_id"))] = (str(row["document_id"]), int(row["page_no"]))

    def messages_for(self, document_id: str, page_no: int) -> list[dict[str, str]]:
        """The page's convert messages: task id and when the worker took it."""
        ids = [t for t, page in self.page_of.items() if page == (document_id, page_no)]
        return sorted(({"task_id": t, "received": self.received_at.get(t, "?")} for t in ids), key=str)


def sample(stack: Stack, engine: Any, t0: float, after: float) -> dict[str, Any]:
    from sqlalchemy import text

    from common.core import queue

    with engine.connect() as c:
        row = c.execute(text(PAGE_COUNTS), {"after": after}).one()
        backlog, sent, running, done, failed, attempts, stale_sent, old_candidates = row
        docs_queued = c.execute(text("SELECT count(*) FROM documents WHERE status = 'queued'")).scalar_one()
    return {
        "t_s": round(time.perf_counter() - t0, 1),
        "broker_len": broker_length(stack.redis_url),
        "broker_depth": queue.depth("cpu"),  # what the reaper itself reads
        "open_pages": int(backlog + sent + running),
        "backlog": int(backlog),
        "sent": int(sent),
        "running": int(running),
        "done": int(done),
        "failed": int(failed),
        "claims": int(attempts),
        # Sent longer than redispatch_after ago and not taken: what lost_page_messages weighs
        # against the queue's depth.
        "stale_sent": int(stale_sent),
        # Queued longer than redispatch_after: what the reaper before 4020958 re-sent at every
        # pass (up to reap_batch), whatever the broker held.
        "old_reaper_candidates": int(old_candidates),
        "docs_queued": int(docs_queued),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import create_engine, text

    from common.core.settings import get_settings
    from tests.factories.files import text_pdf

    load_before = uptime()
    with open_stack(args.storage, {"PAGEMILL_LOG_JSON": "true"}) as stack:
        rel = get_settings().reliability
        url = start_services(stack, args.concurrency)
        keys = tenant_keys(stack, args.tenants)
        engine = create_engine(stack.db_url)
        logs = LogCounter(stack.data_dir / "worker.log")
        t0 = time.perf_counter()
        ids = submit_all(url, keys, args.docs, text_pdf(args.pages), args.sleep, stack.db_url)
        submit_s = time.perf_counter() - t0
        samples = []
        while True:
            samples.append(sample(stack, engine, t0, rel.redispatch_after))
            print(json.dumps(samples[-1]), flush=True)
            left = args.minutes * 60 - (time.perf_counter() - t0)
            if left <= 0:
                break
            time.sleep(min(args.sample, left))
        load_after = uptime()
        logs.read()
        with engine.connect() as c:
            pages_total = c.execute(text("SELECT count(*) FROM pages")).scalar_one()
            first_done = c.execute(
                text("SELECT extract(epoch FROM max(finished_at) - min(finished_at)) FROM pages")
            ).scalar_one()
            dup_pages = []
            for row in logs.skipped:
                state = c.execute(
                    text(
                        "SELECT status, attempts, dispatched_at, started_at, finished_at FROM pages "
                        "WHERE document_id = CAST(:d AS uuid) AND page_no = :n"
                    ),
                    {"d": row.get("document_id"), "n": row.get("page_no")},
                ).one_or_none()
                dup_pages.append(
                    {
                        "log": row,
                        "page": [str(v) for v in state] if state else None,
                        "messages": logs.messages_for(
                            str(row.get("document_id")), int(row.get("page_no", -1))
                        ),
                    }
                )
        engine.dispose()
    last = samples[-1]
    loaded = [s for s in samples if s["open_pages"] > 0 and s["t_s"] >= submit_s]
    ratios = [s["broker_len"] / s["open_pages"] for s in loaded]
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(
            [
                f"PAGEMILL_RELIABILITY__{k}={os.environ[f'PAGEMILL_RELIABILITY__{k}']}"
                for k in ("REDISPATCH_AFTER", "REAP_INTERVAL", "DISPATCH_WINDOW")
                if f"PAGEMILL_RELIABILITY__{k}" in os.environ
            ]
            + [".venv/bin/python bench/backlog.py", *sys.argv[1:]]
        ),
        "machine": f"{platform.node()} {os.cpu_count()} cores, {platform.python_version()}",
        "uptime_before": load_before,
        "uptime_at_end": load_after,
        "settings": {
            "reap_interval_s": rel.reap_interval,
            "redispatch_after_s": rel.redispatch_after,
            "dispatch_window": rel.dispatch_window,
        },
        "layout": f"1 API process, 1 Celery worker node (concurrency {args.concurrency}, queue cpu), 1 beat, "
        f"Postgres, Redis, storage {args.storage}",
        "tenants": args.tenants,
        "docs_per_tenant": args.docs,
        "pages_per_doc": args.pages,
        "documents": len(ids),
        "pages_submitted": int(pages_total),
        "null_sleep_s": args.sleep,
        "minutes": args.minutes,
        "submit_s": round(submit_s, 1),
        "broker_len_max": max(s["broker_len"] for s in samples),
        "broker_len_final": last["broker_len"],
        "open_pages_final": last["open_pages"],
        "ratio_max": round(max(ratios), 5) if ratios else None,
        "ratio_final": round(last["broker_len"] / last["open_pages"], 5) if last["open_pages"] else None,
        "window_bound": args.tenants * rel.dispatch_window,
        "pages_done": last["done"],
        "pages_per_s": round(last["done"] / float(first_done), 2) if first_done else None,
        "convert_messages_consumed": logs.received,
        "claims": last["claims"],
        "duplicates_consumed": len(logs.skipped),
        "reaper_totals": dict(logs.reaper),
        "reaper_passes": logs.reaps,
        "reaper_passes_with_actions": len(logs.reaper_lines),
        "stale_sent_max": max(s["stale_sent"] for s in samples),
        "old_reaper_candidates_max": max(s["old_reaper_candidates"] for s in samples),
        "resent": logs.reaper.get("redispatched", 0) + logs.reaper.get("requeued", 0),
        "duplicate_pages": dup_pages[:50],
        "reaper_lines": [r for r in logs.reaper_lines if r.get("redispatched") or r.get("requeued")][:50],
        "samples": samples,
    }


def markdown(history: list[dict[str, Any]]) -> str:
    lines = [
        "# Backlog: the broker's queue under a long backlog (issue 22)",
        "",
        "Written by `bench/backlog.py` from every run in `backlog.json` (newest last).",
        "",
        "**The goal checked:** a backlog of 20,000 pages held for 15 minutes, with default reaper "
        "settings and workers slower than the arrival rate, keeps the broker's queue length within a "
        "few percent of the open pages, and no page is sent twice without cause.",
        "",
        "**The design it checks** (commits 4020958, 6fbdfc8): Postgres keeps the backlog; the broker "
        "holds at most `reliability.dispatch_window` pages per tenant and engine queue, topped up as "
        "pages finish (common/documents/dispatch.py); the reaper re-sends a page only when the "
        "broker's own queue depth (common/core/queue.py `depth()`) is below what Postgres has sent "
        "there (common/documents/reaper.py `lost_page_messages`, `fill_windows`). Before it, a reaper "
        "pass re-sent every page queued longer than `redispatch_after`: with 15 s, 500 queued pages "
        "got ~1,300 duplicate pages.convert messages in a minute.",
        "",
        "**How:** a private stack on this machine (Postgres database, Redis database number, file "
        "storage, the API as one `pagemill serve` process, ONE Celery worker node on the `cpu` queue "
        "with concurrency 1 (2 where the command says `--concurrency 2`), one Celery beat). "
        "Tenants x documents x pages go through "
        "the HTTP API with the `null` engine; right after each submit the document's `null_sleep_s` "
        "is set in the database, so that the worker is far slower than the arrival (all pages arrive "
        "in the first seconds). Every sample: the broker's queue length (LLEN summed over the `cpu` "
        "queue's kombu priority lists; `depth()` reads the same), the open pages (queued + running) "
        "in Postgres, the pages done. At the end, from the worker's log: pages.convert messages "
        'consumed, those that found their page already taken or finished ("convert skipped": a '
        'duplicate), and the reaper\'s actions ("reaper" lines: `redispatched` = re-sent, '
        "`requeued` = expired lease, `dispatched` = window top-ups).",
        "",
        "| date | command | reap interval / redispatch after / window | pages (tenants x docs x pages) "
        "| minutes | max / final queue length | open pages at end | max / final queue / open pages "
        "| pages re-sent | duplicates consumed | messages consumed / claims | pages done | pages/s "
        "| uptime before -> at end |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for h in history:
        st = h["settings"]
        lines.append(
            f"| {h['date']} | `{h['command']}` | {st['reap_interval_s']} s / {st['redispatch_after_s']} s "
            f"/ {st['dispatch_window']} | {h['pages_submitted']} ({h['tenants']} x {h['docs_per_tenant']} "
            f"x {h['pages_per_doc']}) | {h['minutes']} | {h['broker_len_max']} / {h['broker_len_final']} "
            f"| {h['open_pages_final']} | {100 * h['ratio_max']:.2f} % / {100 * h['ratio_final']:.2f} % "
            f"| {h['resent']} "
            f"| {h['duplicates_consumed']} | {h['convert_messages_consumed']} / {h['claims']} "
            f"| {h['pages_done']} | {h['pages_per_s']} "
            f"| `{h['uptime_before'].split('load average:')[-1].strip()}` -> "
            f"`{h['uptime_at_end'].split('load average:')[-1].strip()}` |"
        )
    for h in history:
        lines += [
            "",
            f"## {h['date']}: `{h['command']}`",
            "",
            f"{h['machine']}; {h['layout']}; null_sleep_s {h['null_sleep_s']}; submit took "
            f"{h['submit_s']} s. Window bound: {h['tenants']} tenants x "
            f"{h['settings']['dispatch_window']} = {h['window_bound']} page messages.",
            f"uptime before: `{h['uptime_before']}`; at the end: `{h['uptime_at_end']}`.",
            *([f"**Note (added after the run):** {h['note']}"] if h.get("note") else []),
            f"Reaper totals over the run: `{json.dumps(h['reaper_totals'])}` "
            f"({h.get('reaper_passes')} passes ran, {h['reaper_passes_with_actions']} did something). "
            f"Most pages sent and not taken for longer than redispatch_after at a sample: "
            f"{h.get('stale_sent_max')}; most pages queued longer than redispatch_after (what the reaper "
            f"before 4020958 re-sent at every pass, up to reap_batch): {h.get('old_reaper_candidates_max')}.",
            "",
            "| t (s) | queue length | open pages | backlog (never sent) | sent, not taken | running "
            "| done | documents not yet prepared | sent > redispatch_after ago | queued > redispatch_after |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        step = max(1, len(h["samples"]) // 20)
        shown = h["samples"][::step] + ([h["samples"][-1]] if (len(h["samples"]) - 1) % step else [])
        for s in shown:
            lines.append(
                f"| {s['t_s']} | {s['broker_len']} | {s['open_pages']} | {s['backlog']} | {s['sent']} "
                f"| {s['running']} | {s['done']} | {s['docs_queued']} | {s['stale_sent']} "
                f"| {s['old_reaper_candidates']} |"
            )
        if h["duplicate_pages"]:
            lines += [
                "",
                "Duplicates consumed (page state: status, attempts, dispatched, started, finished):",
                "",
            ]
            for d in h["duplicate_pages"]:
                log = d["log"]
                taken = ", ".join(f"{m['task_id'][:8]} taken {m['received']}" for m in d.get("messages", []))
                lines.append(
                    f"- skipped at {log.get('ts')}: {log.get('document_id')} p{log.get('page_no')}: "
                    f"{d['page']}; its messages: {taken or '?'}"
                )
        if h.get("reaper_lines"):
            lines += ["", "Reaper passes that re-sent or requeued:", ""]
            for r in h["reaper_lines"]:
                acts = {k: v for k, v in r.items() if isinstance(v, int) and v}
                lines.append(f"- {r.get('ts')}: {acts}")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tenants", type=int, default=4)
    ap.add_argument("--docs", type=int, default=5, help="documents per tenant")
    ap.add_argument("--pages", type=int, default=1000, help="pages per document")
    ap.add_argument("--sleep", type=float, default=0.2, help="null_sleep_s: seconds per page")
    ap.add_argument("--minutes", type=float, default=15.0, help="how long the backlog is held")
    ap.add_argument("--sample", type=float, default=10.0, help="seconds between samples")
    ap.add_argument("--storage", choices=["s3", "file"], default="file")
    ap.add_argument("--concurrency", type=int, default=1, help="worker processes (prefork)")
    ap.add_argument("--out", type=Path, default=RESULTS / "backlog.json")
    ap.add_argument("--render", action="store_true", help="only write the .md again from the .json")
    args = ap.parse_args()
    if args.render:
        args.out.with_suffix(".md").write_text(markdown(json.loads(args.out.read_text())))
        return
    result = run(args)
    summary = {k: v for k, v in result.items() if k not in ("samples", "duplicate_pages")}
    print(json.dumps(summary, indent=2))
    history = json.loads(args.out.read_text()) if args.out.exists() else []
    history.append(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(history, indent=2) + "\n")
    args.out.with_suffix(".md").write_text(markdown(history))


if __name__ == "__main__":
    main()
