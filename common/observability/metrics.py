"""Prometheus metrics: what the processes record, and the state read at scrape time.

Process metrics (page latency, engine time, webhook attempts, reaper actions) are
recorded where the work happens, through the small functions below. A worker's
prefork children each write them to files in a directory made fresh for each worker
start (prometheus_client's multiprocess mode, :func:`enable_multiprocess`), so the
worker's /metrics, served by its main process, adds up every child.

State gauges (documents and pages by status, queue depth) are read at scrape time by
the API from Postgres and the broker, each within a time limit: a slow or failing
backend shows as ``pagemill_backend_up{backend=...} 0`` and its gauges are left out;
a scrape never fails (the checks are common/observability/readiness.py's).
docs/operations.md lists every metric.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

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

from common.observability.readiness import Backends, run_bounded

log = logging.getLogger(__name__)
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
    "What the reaper did to stuck work, by action (requeued, failed, redispatched, forgotten, ...).",
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


# --- scrape-time state gauges (API) ---------------------------------------------------


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
