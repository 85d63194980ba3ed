"""The chaos tests' private stack (tests/stack.py: its own PostgreSQL cluster, Redis and S3
servers, started once for every test in this package), a fresh API and logs per test, and the
one reliability report all their rows go into (tests/chaos_report.py). With
PAGEMILL_RELIABILITY_REPORT=path set, the report is written there when the last of them ends
(docs/reliability.md is made that way)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from tests.chaos.steps import RELIABILITY
from tests.chaos_report import Report
from tests.stack import PrivatePostgres, PrivateRedis, PrivateS3, Stack

ROOT = Path(__file__).resolve().parents[2]


def _tests_in_order() -> list[str]:
    """Every chaos test, module by module in file name order, as defined: the report's row
    order, also for the rows a run keeps from tests it did not select."""
    import importlib

    names: list[str] = []
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        module = importlib.import_module(f"tests.chaos.{path.stem}")
        names += [name for name in vars(module) if name.startswith("test_")]
    return names


@pytest.fixture(scope="package")
def report() -> Iterator[Report]:
    r = Report(_tests_in_order())
    yield r
    r.write(RELIABILITY)


@pytest.fixture(scope="package")
def private(tmp_path_factory: pytest.TempPathFactory, report: Report) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("chaos")
    # Whatever has started is stopped again, also when what comes next fails.
    with contextlib.ExitStack() as cleanup:
        pg = PrivatePostgres()
        cleanup.callback(pg.close)
        redis = PrivateRedis()
        cleanup.callback(redis.close)
        s3 = PrivateS3()
        cleanup.callback(s3.close)
        (root / "data").mkdir()  # beat keeps its schedule there
        env = {
            **os.environ,
            "PAGEMILL_DATA_DIR": str(root / "data"),
            "PAGEMILL_DATABASE__URL": pg.url,
            "PAGEMILL_DATABASE__PRE_PING": "true",
            "PAGEMILL_BROKER__URL": redis.url,
            "PAGEMILL_STORAGE__ENDPOINT_URL": s3.url,
            "PAGEMILL_STORAGE__CONNECT_TIMEOUT": "2",
            "PAGEMILL_STORAGE__READ_TIMEOUT": "3",
            **RELIABILITY,
            "PAGEMILL_STORAGE__MAX_ATTEMPTS": "2",
            "PAGEMILL_BROKER__PREPARE_TIME_LIMIT": "20",
        }
        subprocess.run(
            [sys.executable, "-c", "from common.core import migrate; "
             "from common.core.settings import get_settings; migrate.upgrade(get_settings())"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        key = subprocess.run(
            [sys.executable, "-c", "from common.core.db import get_database; "
             "from common.tenants import service; s = get_database().sessionmaker(); "
             "service.get_or_create_tenant(s, 'chaos'); "
             "print(service.create_key(s, 'chaos').key); s.commit()"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        db = create_engine(pg.url, pool_pre_ping=True)
        cleanup.callback(db.dispose)
        yield {"env": env, "pg": pg, "redis": redis, "s3": s3, "key": key, "db": db, "root": root}


@pytest.fixture
def stack(private: dict[str, Any], request: pytest.FixtureRequest) -> Iterator[Stack]:
    s = Stack(env=private["env"], logs=private["root"] / "logs" / request.node.name)
    s.start_api()
    try:
        yield s
    finally:
        s.close()
