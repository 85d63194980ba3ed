"""CPU a page of each step a document takes, in one long-lived process: submit, prepare,
convert (the chain: pages run by the worker that finished the one before) and finalize,
called as the tasks call them, against real Postgres and a local object store, with the
`null` engine. Only this process's CPU is counted (time.process_time), not Postgres's.

    .venv/bin/python bench/step_cpu.py --docs 30 --pages 20 --rounds 3

`--freeze`: the process's start-up heap is frozen out of the cyclic garbage collector
first (gc.freeze, as worker/celery_app.py's freeze_heap does before the pool forks). The
collector's full collections over the run are counted and timed (gc.callbacks): run the
two modes alternately to compare. Results: bench/results/step_cpu.json, every run.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import shutil
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import bigdb  # noqa: E402
from bench.orchestration import DATA_ROOT  # noqa: E402
from tests import redis_slot  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
STEPS = ("submit", "prepare", "convert", "finalize")


def _measure(
    tenant_id: uuid.UUID, docs: int, pages: int, profile: cProfile.Profile | None = None, step: str = ""
) -> dict[str, float]:
    """CPU ms a page of each step, over ``docs`` documents of ``pages`` pages; ``profile``
    (if given) runs over ``step``'s calls only."""
    from common.core.db import get_database
    from common.core.settings import get_settings
    from common.core.storage import get_store
    from tests.factories.files import text_pdf
    from tests.helpers import queued_document
    from worker import flows

    db, store, settings = get_database(), get_store(), get_settings()
    lease = timedelta(minutes=5)
    pdf = text_pdf(pages)
    spent: dict[str, float] = dict.fromkeys(STEPS, 0.0)
    clock = time.process_time
    on = profile.enable if profile is not None else lambda: None
    off = profile.disable if profile is not None else lambda: None
    for _ in range(docs):
        t0 = clock()
        if step == "submit":
            on()
        doc_id = uuid.UUID(queued_document(tenant_id, pdf, engine="null"))
        t1 = clock()
        on() if step == "prepare" else off()
        flows.prepare_document(db, store, settings, doc_id)
        t2 = clock()
        on() if step == "convert" else off()
        # The window (2) sent pages 1-2; page 1's task chains through the waiting rest.
        for page_no in (1, 2):
            flows.convert_page(db, store, settings, doc_id, page_no, lease=lease)
        t3 = clock()
        on() if step == "finalize" else off()
        flows.finalize_document(db, store, settings, doc_id)
        off()
        t4 = clock()
        for name, (a, b) in zip(STEPS, ((t0, t1), (t1, t2), (t2, t3), (t3, t4)), strict=True):
            spent[name] += b - a
    return {name: spent[name] * 1000 / (docs * pages) for name in STEPS}


class _FullCollections:
    """A gc callback: how many full (generation 2) collections ran, and their time."""

    def __init__(self) -> None:
        self.count, self.seconds, self._t0 = 0, 0.0, 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.count += 1
            self.seconds += time.perf_counter() - self._t0


def _run(args: argparse.Namespace) -> tuple[list[dict[str, float]], _FullCollections]:
    """The rounds, against the database and store the environment names, and the full
    collections they set off."""
    from common.core import migrate, queue
    from common.core.db import get_database, reset_database
    from common.core.settings import get_settings
    from common.tenants import service as tenants

    migrate.upgrade(get_settings())
    queue.enqueue = lambda *a, **k: None  # the steps are called directly; no broker here
    with get_database().session_scope() as s:
        tenants.create_tenant(s, "steps")
        tenant_id = tenants.authenticate(s, tenants.create_key(s, "steps").key)
    _measure(tenant_id, 3, args.pages)  # warm-up: imports, caches, prepared statements
    if args.freeze:
        gc.collect()
        gc.freeze()
    full = _FullCollections()
    gc.callbacks.append(full)
    profile = cProfile.Profile() if args.profile else None
    rounds = [_measure(tenant_id, args.docs, args.pages, profile, args.profile) for _ in range(args.rounds)]
    if profile is not None:  # the timings of a profiled run are the profiler's: not kept
        profile.dump_stats(str(args.profile_out))
    gc.callbacks.remove(full)
    reset_database()
    return rounds, full


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=30)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--freeze", action="store_true", help="gc.freeze() the start-up heap first")
    ap.add_argument("--out", type=Path, default=RESULTS / "step_cpu.json")
    ap.add_argument("--profile", choices=STEPS, help="cProfile this step's calls (the run is not recorded)")
    ap.add_argument("--profile-out", type=Path, default=Path("step.prof"), help="--profile's stats file")
    args = ap.parse_args()
    run = uuid.uuid4().hex[:8]
    data_dir = DATA_ROOT / f"pagemill-steps-{run}"
    redis_url = redis_slot.claim("redis://127.0.0.1:6379", f"bench-{run}")
    try:
        with bigdb.scratch_database(PG_ADMIN, f"steps_{run}") as db_url:
            os.environ.update(
                {
                    "PAGEMILL_DATABASE__URL": db_url,
                    "PAGEMILL_BROKER__URL": redis_url,
                    "PAGEMILL_STORAGE__URL": (data_dir / "objects").as_uri(),
                    "PAGEMILL_DATA_DIR": str(data_dir),
                    "PAGEMILL_ENGINES__ALLOW_NULL": "true",
                    # A window of two: the rest of each document's pages run by the chain.
                    "PAGEMILL_RELIABILITY__DISPATCH_WINDOW": "2",
                    "PAGEMILL_RELIABILITY__CHAIN_SECONDS": "60",
                    "PAGEMILL_RELIABILITY__CHAIN_PAGES": str(args.pages),
                }
            )
            rounds, full = _run(args)
    finally:
        redis_slot.release(redis_url, f"bench-{run}")
        shutil.rmtree(data_dir, ignore_errors=True)
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": ".venv/bin/python bench/step_cpu.py " + " ".join(sys.argv[1:]),
        "uptime": os.popen("uptime").read().strip(),
        "docs": args.docs,
        "pages": args.pages,
        "frozen": args.freeze,
        "tracked_objects": len(gc.get_objects()),
        "median_ms_per_page": {step: round(statistics.median(r[step] for r in rounds), 3) for step in STEPS},
        "full_collections": full.count,
        "full_collections_s": round(full.seconds, 3),
        "rounds": rounds,
    }
    if args.profile:
        print(f"profile of {args.profile}: {args.profile_out}")
        return
    runs = json.loads(args.out.read_text()) if args.out.exists() else []
    runs.append(report)
    args.out.write_text(json.dumps(runs, indent=1) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "rounds"}, indent=1))


if __name__ == "__main__":
    main()
