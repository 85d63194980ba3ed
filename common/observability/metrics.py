"""Prometheus metrics, backend checks for the health endpoints, and task tracing logs.

Process metrics (page latency, engine time, webhook attempts, reaper actions) are
recorded where the work happens, through the small functions below. A worker's
prefork children each write them to files in a directory made fresh for each worker
start (prometheus_client's multiprocess mode, :func:`enable_multiprocess`), so the
worker's /metrics, served by its main process, adds up every child.

State gauges (documents and pages by status, queue depth) are read at scrape time by
the API from Postgres and the broker, each within a time limit: a slow or failing
backend shows as ``pagemill_backend_up{backend=...} 0`` and its gauges are left out;
a scrape never fails. docs/operations.md lists every metric.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from celery import Celery
    from sqlalchemy.engine import Engine

    from common.core.storage import ObjectStore

log = logging.getLogger(__name__)
T = TypeVar("T")
CONTENT_TYPE = CONTENT_TYPE_LATEST

# From a text-layer page (milliseconds) to a model page on CPU (minutes).
SECONDS_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)

# Every metric has labels, so no value exists before its first sample: the value class
# (in-process or multiprocess files) is chosen by then (enable_multiprocess).
PAGE_SECONDS = Histogram(
    "pagemill_page_duration_seconds",
    "Wall time of one page conversion (image load, engine, result write), by engine and outcome.",
    ["engine", "status"],
    buckets=SECONDS_BUCKETS,
)
ENGINE_SECONDS = Histogram(
    "pagemill_page_engine_seconds",
    "Time the engine itself spent on one page (its share of a batch), by engine.",
    ["engine"],
    buckets=SECONDS_BUCKETS,
)
WEBHOOK_ATTEMPTS = Counter(
    "pagemill_webhook_attempts",
    "Webhook delivery attempts, by outcome (delivered, retry, failed, gone, disabled).",
    ["outcome"],
)
REAPER_ACTIONS = Counter(
    "pagemill_reaper_actions",
    "What the reaper did to stuck work, by action (requeued, failed, redispatched, deadline).",
    ["action"],
)


def _safely(record: Callable[[], None]) -> None:
    # A metric must never fail the work it measures (a multiprocess file that cannot
    # be written, say, after a temp cleaner removed the directory).
    try:
        record()
    except Exception:
        log.warning("metric not recorded", exc_info=True)


def observe_page(engine: str, status: str, seconds: float, engine_seconds: float | None) -> None:
    """One page finished (``status`` done or failed) after ``seconds``, of which the
    engine took ``engine_seconds`` (None when it did not get that far)."""

    def record() -> None:
        PAGE_SECONDS.labels(engine=engine, status=status).observe(seconds)
        if engine_seconds is not None:
            ENGINE_SECONDS.labels(engine=engine).observe(engine_seconds)

    _safely(record)


def count_reaper(action: str, n: int = 1) -> None:
    """The reaper acted on ``n`` pages or documents (requeued, failed, redispatched, deadline)."""
    if n > 0:
        _safely(lambda: REAPER_ACTIONS.labels(action=action).inc(n))


def count_webhook_attempt(outcome: str) -> None:
    """A webhook attempt was recorded with this outcome."""
    _safely(lambda: WEBHOOK_ATTEMPTS.labels(outcome=outcome).inc())


# --- multiprocess mode (workers) ------------------------------------------------------


def enable_multiprocess(directory: Path) -> None:
    """Record this process's samples, and those of every process it forks later, as
    files in ``directory`` (empty, one per worker start). Call before the first sample
    and before the first fork.

    prometheus_client picks its value class from PROMETHEUS_MULTIPROC_DIR when it is
    imported; by the time a worker knows it is one, it has imported this module, so the
    choice is made again here (no value exists yet: every metric has labels).
    """
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    values.ValueClass = values.get_value_class()


def render_multiprocess(directory: Path, extra: Iterable[Collector] = ()) -> bytes:
    """Every process's samples in ``directory``, added up, plus ``extra`` collectors."""
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(directory))
    for collector in extra:
        registry.register(collector)
    return generate_latest(registry)


# --- bounded backend checks -----------------------------------------------------------

_pool: ThreadPoolExecutor | None = None
_pool_pid = 0
_pool_lock = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    # A few threads in all: a backend that hangs can hold at most these, and later
    # checks then time out instead of piling up threads. Per process (not across fork).
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=6, thread_name_prefix="pagemill-check")
            _pool_pid = os.getpid()
        return _pool


class _ForkGate:
    """Checks in threads and fork() exclude each other.

    A worker's main process forks its pool's children while its health server may be
    checking backends in threads. A child forked while such a thread is inside an
    import (or any library's lock) inherits that lock held, by a thread that does not
    exist there, and hangs on its first task that needs it. So a fork waits (a bounded
    while) for checks in flight, and no check starts until it is done.
    """

    WAIT = 5.0  # a check stuck longer than this (a hung backend) does not hold up a fork

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active = 0
        self._forking = False

    def run(self, fn: Callable[[], T]) -> T:
        with self._cond:
            self._cond.wait_for(lambda: not self._forking)
            self._active += 1
        try:
            return fn()
        finally:
            with self._cond:
                self._active -= 1
                self._cond.notify_all()

    def before_fork(self) -> None:
        with self._cond:
            self._forking = True
            self._cond.wait_for(lambda: self._active == 0, timeout=self.WAIT)

    def after_fork_in_parent(self) -> None:
        with self._cond:
            self._forking = False
            self._cond.notify_all()

    def after_fork_in_child(self) -> None:
        self.__init__()  # type: ignore[misc]  # the parent's threads do not exist here


def _after_fork_in_child() -> None:
    global _pool_lock
    _gate.after_fork_in_child()
    _pool_lock = threading.Lock()  # a request thread may have held it at the fork


_gate = _ForkGate()
os.register_at_fork(
    before=_gate.before_fork, after_in_parent=_gate.after_fork_in_parent, after_in_child=_after_fork_in_child
)


def run_bounded(calls: Mapping[str, Callable[[], T]], timeout: float) -> dict[str, T | Exception]:
    """Run the calls side by side; each gives its result, its exception, or a
    TimeoutError when it had not answered within ``timeout`` seconds."""
    pool = _executor()
    futures: dict[str, Future[T]] = {name: pool.submit(_gate.run, fn) for name, fn in calls.items()}
    wait(futures.values(), timeout=timeout)
    out: dict[str, T | Exception] = {}
    for name, fut in futures.items():
        if not fut.done():
            fut.cancel()  # not started yet: it never will be; started: it finishes unheard
            out[name] = TimeoutError(f"no answer within {timeout:g} s")
            continue
        exc = fut.exception()
        if exc is None:
            out[name] = fut.result()
        else:
            out[name] = exc if isinstance(exc, Exception) else RuntimeError(repr(exc))
    return out


def check_result(outcome: object) -> str:
    """ "ok", or the error's kind (never its text: /readyz is public, messages are not)."""
    if isinstance(outcome, TimeoutError):
        return "error: timed out"
    if isinstance(outcome, Exception):
        return f"error: {type(outcome).__name__}"
    return "ok"


@dataclass(frozen=True)
class Backends:
    """The database, broker and object store as one process reaches them."""

    engine: Engine
    celery: Celery
    store: ObjectStore
    timeout: float

    def check_database(self) -> None:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def check_broker(self) -> None:
        with self._broker() as conn:
            conn.ensure_connection(max_retries=1, timeout=self.timeout)

    def check_storage(self) -> None:
        self.store.check()

    def readiness(self) -> dict[str, str]:
        """{"database": "ok" | "error: …", "broker": …, "storage": …}."""
        results = run_bounded(
            {"database": self.check_database, "broker": self.check_broker, "storage": self.check_storage},
            self.timeout,
        )
        return {name: check_result(outcome) for name, outcome in results.items()}

    def status_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Documents by status and pages by status (two GROUP BY queries)."""
        from sqlalchemy import func, select

        from common.documents.models import Document, Page

        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # The client-side limit alone would leave a slow query running.
                ms = str(int(self.timeout * 1000))
                conn.execute(select(func.set_config("statement_timeout", ms, True)))
            docs = conn.execute(select(Document.status, func.count()).group_by(Document.status)).all()
            pages = conn.execute(select(Page.status, func.count()).group_by(Page.status)).all()
        return {str(s): int(n) for s, n in docs}, {str(s): int(n) for s, n in pages}

    def queue_depths(self) -> dict[str, int]:
        """Messages waiting in each queue (not those a worker holds unacknowledged).

        kombu's virtual transports know how they store a queue: on Redis one list per
        priority step (``name``, ``name\\x06\\x163``, …), summed; the embedded filesystem
        transport counts its message files. A transport without ``_size`` reports none.
        """
        from common.core.queue import QUEUES

        with self._broker() as conn:
            conn.ensure_connection(max_retries=1, timeout=self.timeout)
            size = getattr(conn.default_channel, "_size", None)
            if size is None:
                return {}
            return {q: int(size(q)) for q in QUEUES}

    def _broker(self) -> Any:
        # A connection of its own, closed after use; Celery adds these socket timeouts
        # (Redis) to the configured transport options.
        t = self.timeout
        return self.celery.connection_for_read(
            transport_options={"socket_timeout": t, "socket_connect_timeout": t}
        )


class StateCollector(Collector):
    """Scrape-time gauges read from the database and the broker, each in its time limit."""

    def __init__(self, backends: Backends) -> None:
        self.backends = backends

    def describe(self) -> Iterable[Metric]:
        return []  # registering must not run the queries

    def collect(self) -> Iterable[Metric]:
        from common.core.queue import QUEUES
        from common.documents.models import DocumentStatus, PageStatus

        b = self.backends
        got: dict[str, object] = dict(
            run_bounded(
                {"database": b.status_counts, "broker": b.queue_depths, "storage": b.check_storage},
                b.timeout,
            )
        )
        up = GaugeMetricFamily(
            "pagemill_backend_up",
            "1 when this scrape could read the backend within its time limit, else 0.",
            labels=["backend"],
        )
        for name, outcome in got.items():
            up.add_metric([name], 0.0 if isinstance(outcome, Exception) else 1.0)
            if isinstance(outcome, Exception):
                error = f"{type(outcome).__name__}: {outcome}"[:300]
                log.warning(
                    "metrics: backend unreadable", extra={"fields": {"backend": name, "error": error}}
                )
        yield up
        counts = got["database"]
        if isinstance(counts, tuple):
            by_doc, by_page = counts
            docs = GaugeMetricFamily("pagemill_documents", "Documents by status.", labels=["status"])
            for status in DocumentStatus:
                docs.add_metric([status.value], float(by_doc.get(status.value, 0)))
            yield docs
            pages = GaugeMetricFamily("pagemill_pages", "Pages by status.", labels=["status"])
            for page_status in PageStatus:
                pages.add_metric([page_status.value], float(by_page.get(page_status.value, 0)))
            yield pages
        depths = got["broker"]
        if isinstance(depths, dict) and depths:
            depth = GaugeMetricFamily(
                "pagemill_queue_depth", "Messages waiting in each broker queue.", labels=["queue"]
            )
            for q in QUEUES:
                depth.add_metric([q], float(depths.get(q, 0)))
            yield depth


def render_api(backends: Backends) -> bytes:
    """The API's /metrics: its own process metrics, then the scrape-time gauges."""
    state = CollectorRegistry(auto_describe=False)
    state.register(StateCollector(backends))
    return generate_latest(REGISTRY) + generate_latest(state)


# --- task tracing ---------------------------------------------------------------------


def trace_fields(task: str | None, task_id: str | None, args: Any) -> dict[str, Any]:
    """document_id (and page_no) from a task's arguments: our tasks take ids only."""
    from common.core.queue import CONVERT, DELIVER

    fields: dict[str, Any] = {"task": task, "task_id": task_id}
    if isinstance(args, list | tuple) and args:
        if task == DELIVER:
            fields["event_id"] = args[0]
        elif task and task.startswith(("documents.", "pages.")):
            fields["document_id"] = args[0]
            if task == CONVERT and len(args) > 1:
                fields["page_no"] = args[1]
    return fields


def _on_publish(
    sender: str | None = None, headers: dict[str, Any] | None = None, body: Any = None, **kw: Any
) -> None:
    h = headers or {}
    args = body[0] if isinstance(body, list | tuple) and body else None
    fields = trace_fields(sender, h.get("id"), args)
    fields["queue"] = kw.get("routing_key")
    if h.get("parent_id"):
        fields["parent_task_id"] = h["parent_id"]
    log.info("task sent", extra={"fields": fields})


def trace_task_publishing() -> None:
    """Log each task this process sends ("task sent", with the new task's task_id and its
    document_id / page_no): the link between the process that asked for work and the
    worker that did it. Idempotent."""
    from celery.signals import after_task_publish

    after_task_publish.connect(_on_publish, weak=False, dispatch_uid="pagemill-trace-publish")
