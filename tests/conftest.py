"""Test services: a private Postgres database, a Redis db index, moto's S3 server over
HTTP, the API over real HTTP (uvicorn on loopback) and real Celery worker processes.

Settings are environment variables set before any Pagemill module reads them, exactly
as an operator would set them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import redis_slot
from tests.stack import wait_port

ROOT = Path(__file__).resolve().parents[1]
RUN_ID = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"
PG_ADMIN = os.environ.get("PAGEMILL_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_DB = f"pagemill_test_{RUN_ID}"
# A Redis database of this run's own (tests/redis_slot.py), or the one the caller names;
# claimed in pytest_configure, so that a process that merely imports this module (a
# sandbox helper preloading a test module) claims nothing.
REDIS_URL = os.environ.get("PAGEMILL_TEST_REDIS", "")
BUCKET = "pagemill-test"


def pytest_sessionstart(session: pytest.Session) -> None:
    # Python imports a compiled module's extension ahead of its source: after an edit to
    # the source, tests would run the old code and pass or fail for the wrong reasons.
    from worker.engines import native

    stale = [name for name, state in native.states().items() if state == "stale"]
    if stale:
        names = ", ".join(stale)
        pytest.exit(f"{names}: changed since compiled; run `make native` (or `make test`)", returncode=2)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


MOTO_PORT = _free_port()
DATA_DIR = Path(f"/tmp/pagemill-test-{RUN_ID}")

TEST_ENV = {
    "PAGEMILL_DATA_DIR": str(DATA_DIR),
    "PAGEMILL_DATABASE__URL": PG_ADMIN.rsplit("/", 1)[0] + f"/{PG_DB}",
    "PAGEMILL_BROKER__URL": REDIS_URL,
    "PAGEMILL_STORAGE__URL": f"s3://{BUCKET}",
    "PAGEMILL_STORAGE__ENDPOINT_URL": f"http://127.0.0.1:{MOTO_PORT}",
    "PAGEMILL_STORAGE__ACCESS_KEY_ID": "testing",
    "PAGEMILL_STORAGE__SECRET_ACCESS_KEY": "testing",
    "PAGEMILL_STORAGE__CREATE_BUCKET": "true",
    "PAGEMILL_LIMITS__MAX_UPLOAD_BYTES": str(5 * 1024 * 1024),
    "PAGEMILL_ENGINES__ALLOW_NULL": "true",
    # Many tests park pages on a model queue that no worker of theirs consumes; the check
    # that refuses such documents has its own tests (tests/test_workers.py).
    "PAGEMILL_ENGINES__REQUIRE_WORKER": "false",
    # The int8 OCR models `make setup` derives (or the first OCR test, once): every test
    # and worker process of the run shares them instead of deriving its own.
    "PAGEMILL_ENGINES__OCR_MODEL_DIR": str(ROOT / ".pagemill" / "ocr-models"),
    "PAGEMILL_LOG_JSON": "true",
    "PAGEMILL_LOG_LEVEL": "WARNING",
    "AWS_EC2_METADATA_DISABLED": "true",
    # Webhooks go to receivers on loopback in these tests: allowlisted, plain http, and a
    # compressed retry schedule (20 attempts within a few seconds, not 3 days).
    "PAGEMILL_WEBHOOKS__ALLOW_HTTP": "true",
    "PAGEMILL_WEBHOOKS__ALLOWLIST": "127.0.0.1/32,::1/128",
    "PAGEMILL_WEBHOOKS__RETRY_SCHEDULE": ",".join(["0", "0.2"] + ["0.4"] * 18),
    "PAGEMILL_WEBHOOKS__SWEEP_INTERVAL": "0.5",
    "PAGEMILL_WEBHOOKS__REDISPATCH_AFTER": "2",
    # Many tests poll one tenant's documents quickly; the limit's own tests build a
    # limiter with small numbers (tests/test_overload.py).
    "PAGEMILL_QUOTAS__RATE_PER_SECOND": "1000",
    "PAGEMILL_QUOTAS__BURST": "10000",
    # Test workers would all want the health server's default port; the tests that need
    # it give their worker one of its own.
    "PAGEMILL_METRICS__WORKER_PORT": "0",
    # Secrets at rest need a master key outside the embedded mode (a fixed test key).
    "PAGEMILL_SECRETS__MASTER_KEY": "test1:" + "dGVzdC1tYXN0ZXIta2V5LWZvci1wYWdlbWlsbC0zMmI=",
}
os.environ.update(TEST_ENV)


@pytest.fixture(scope="session")
def database() -> Iterator[str]:
    from sqlalchemy import create_engine, text

    from common.core import migrate
    from common.core.settings import get_settings

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{PG_DB}"'))
    get_settings.cache_clear()
    migrate.upgrade(get_settings())
    yield TEST_ENV["PAGEMILL_DATABASE__URL"]
    from common.core.db import reset_database

    reset_database()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(MOTO_PORT)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(MOTO_PORT)
        yield TEST_ENV["PAGEMILL_STORAGE__ENDPOINT_URL"]
    finally:
        proc.terminate()
        proc.wait(10)


def pytest_configure(config: pytest.Config) -> None:
    global REDIS_URL
    if not REDIS_URL:
        REDIS_URL = redis_slot.claim("redis://127.0.0.1:6379", RUN_ID)
    os.environ["PAGEMILL_BROKER__URL"] = TEST_ENV["PAGEMILL_BROKER__URL"] = REDIS_URL


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Leave nothing behind: this run's Redis database and its data directory.
    if REDIS_URL and not os.environ.get("PAGEMILL_TEST_REDIS"):
        redis_slot.release(REDIS_URL, RUN_ID)
    shutil.rmtree(DATA_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_broker() -> str:
    return REDIS_URL


@pytest.fixture(scope="session")
def services(database: str, s3_server: str, redis_broker: str) -> None:
    """Every backing service is up and the schema is migrated."""
    from common.core.storage import get_store

    get_store().check()


@pytest.fixture(scope="session")
def api_url(services: None) -> Iterator[str]:
    import uvicorn

    from api.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_port(port)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


# The shared worker's Celery node name, for remote control (tests.helpers.tasks_started).
WORKER_NODE = f"test-{RUN_ID}@{socket.gethostname()}"


@pytest.fixture(scope="session")
def worker(services: None) -> Iterator[subprocess.Popen[bytes]]:
    """Real Celery worker processes consuming every queue from the test Redis. No beat:
    the test that needs the sweep starts it, so that it cannot race tests that drive
    the sweep themselves."""
    from api.embedded import worker_command

    # Model queues are left to the model-engine tests' own `pagemill worker --engine`.
    cmd = worker_command(queues="cpu,remote,webhooks", concurrency=2, name=WORKER_NODE)
    yield from run_process(cmd, "worker.log")


def run_process(
    cmd: list[str], log_name: str, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A service process for the length of a fixture, its output in DATA_DIR/log_name."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    log = (DATA_DIR / log_name).open("wb")
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
    )
    yield proc
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def new_key(tenant: str | None = None) -> str:
    from common.core.db import get_database
    from common.tenants import service

    name = tenant or f"tenant-{uuid.uuid4().hex[:8]}"
    with get_database().session_scope() as s:
        service.get_or_create_tenant(s, name)
        return service.create_key(s, name).key


@pytest.fixture
def api_key(services: None) -> str:
    return new_key()


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """Record what would be enqueued, as (task name, *args), instead of sending it: for
    tests that drive the pipeline steps themselves."""
    from common.core import queue

    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(queue, "enqueue", lambda name, *args, **_: calls.append((name, *args)))
    return calls


@pytest.fixture
def client(api_url: str, api_key: str) -> Iterator[object]:
    import httpx

    with httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {api_key}"}, timeout=30) as c:
        yield c


# --- tiny vision-language models (tests/factories/models.py) ----------------------------

# What the taught SmolDocling writes for any page: a header, a title, a section, a
# paragraph and a table, in DocTags.
TAUGHT_DOCTAGS = (
    "<doctag><page_header><loc_20><loc_10><loc_200><loc_18>ACME Corp</page_header>"
    "<title><loc_40><loc_30><loc_300><loc_50>Invoice INV-2041</title>"
    "<section_header_level_1><loc_40><loc_60><loc_200><loc_70>Line items</section_header_level_1>"
    "<text><loc_40><loc_75><loc_460><loc_90>Payment is due within 30 days.</text>"
    "<otsl><loc_40><loc_100><loc_460><loc_160><ched>Item<ched>Qty<nl>"
    "<fcel>Widget<fcel>2<nl><fcel>Gadget<fcel>1<nl></otsl></doctag>"
)
TAUGHT_MARKDOWN = (
    "# Delivery note\n\nShipped 3 boxes to Example Corporation.\n\n| Box | Weight |\n|---|---|\n| 1 | 4 kg |"
)
TAUGHT_ANSWER = "The invoice total is 23.50 EUR."
TOTAL_PROMPT = "What is the invoice total?"


@pytest.fixture(scope="session")
def vlm_models() -> dict[str, Path]:
    """Tiny models saved through save_pretrained, some taught one answer: built once per
    content and cached in .pagemill/test-models (tests/factories/model_cache.py)."""
    from tests.factories.model_cache import Recipe, models

    docling_prompt = "Convert this page to docling."
    return models(
        {
            "smoldocling": Recipe("idefics3", TAUGHT_DOCTAGS, docling_prompt),
            # loops: a table row forever, never closing the DocTags
            "looping": Recipe("idefics3", "<doctag><otsl>" + "<fcel>7<nl>" * 40, docling_prompt),
            # answers nothing at all: the stop token at once
            "empty": Recipe("idefics3", "", docling_prompt, steps=60),
            "smolvlm": Recipe("idefics3", TAUGHT_ANSWER, TOTAL_PROMPT),
            "lightonocr": Recipe("lightonocr", TAUGHT_MARKDOWN, None),
            "lightonocr-mistral3": Recipe("lightonocr-mistral3"),
        }
    )
