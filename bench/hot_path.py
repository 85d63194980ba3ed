"""Worker time per page on the hot path, in-process: claim → null engine → result PUT →
finish-and-count, called as a task would call it, against real Postgres and a local
object store (no broker: this isolates the per-page database and storage cost).

    .venv/bin/python bench/hot_path.py --pages 300
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import redis_slot  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300)
    args = ap.parse_args()
    run = uuid.uuid4().hex[:8]
    # Nothing is sent to the broker here, but the settings name one: a Redis database of
    # this run's own (tests/redis_slot.py), never one a test run or another bench uses.
    redis_url = redis_slot.claim("redis://127.0.0.1:6379", f"bench-{run}")
    os.environ.update(
        {
            "PAGEMILL_DATABASE__URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/hot_{run}",
            "PAGEMILL_BROKER__URL": redis_url,
            "PAGEMILL_STORAGE__URL": f"file:///tmp/pagemill-hot-{run}",
            "PAGEMILL_DATA_DIR": f"/tmp/pagemill-hot-{run}",
            "PAGEMILL_ENGINES__ALLOW_NULL": "true",
        }
    )
    from sqlalchemy import create_engine, text

    admin = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "hot_{run}"'))
    try:
        from common.core import migrate, queue
        from common.core.db import get_database, reset_database
        from common.core.settings import get_settings
        from common.core.storage import get_store
        from common.tenants import service as tenants
        from tests.factories.files import text_pdf
        from tests.helpers import queued_document
        from worker import flows

        migrate.upgrade(get_settings())
        queue.enqueue = lambda *a, **k: None  # drive the steps directly; no broker in this measurement
        db, store, settings = get_database(), get_store(), get_settings()
        with db.session_scope() as s:
            tenants.create_tenant(s, "hot")
            tenant_id = tenants.authenticate(s, tenants.create_key(s, "hot").key)
        doc_id = uuid.UUID(queued_document(tenant_id, text_pdf(args.pages), engine="null"))
        flows.prepare_document(db, store, settings, doc_id)
        t0 = time.perf_counter()
        for n in range(1, args.pages + 1):
            flows.convert_page(db, store, settings, doc_id, n, lease=timedelta(minutes=5))
        per_page_ms = (time.perf_counter() - t0) / args.pages * 1000
        print(f"pages.convert hot path: {per_page_ms:.2f} ms per page ({args.pages} pages, null engine)")
        reset_database()
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "hot_{run}" WITH (FORCE)'))
        redis_slot.release(redis_url, f"bench-{run}")
        shutil.rmtree(f"/tmp/pagemill-hot-{run}", ignore_errors=True)


if __name__ == "__main__":
    main()
