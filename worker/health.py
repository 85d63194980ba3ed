"""A worker's /livez, /readyz and /metrics, served over plain HTTP by its main process.

A stdlib server in a daemon thread: it needs no event loop, costs nothing while idle,
and keeps answering while the worker loads its model or runs tasks. Prefork children
never serve: they write their samples to the multiprocess directory and /metrics adds
them up. The backends are reached through connections of this server's own (a pool-less
database engine, a store client, a fresh broker connection per check), never the ones
tasks use, so nothing is shared across the pool's forks.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from common.core.settings import Settings
from common.observability import metrics, readiness

log = logging.getLogger(__name__)


_DIR_PREFIX = "pagemill-metrics-"


def new_metrics_dir() -> Path:
    """A fresh directory for this worker's multiprocess samples, named after its pid.

    Directories of workers that died without their shutdown (SIGKILL, OOM) are removed
    here, so that they do not pile up in the temp dir.
    """
    root = Path(tempfile.gettempdir())
    for old in root.glob(f"{_DIR_PREFIX}*-*"):
        pid = old.name[len(_DIR_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{_DIR_PREFIX}{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


class WorkerHealth:
    """What a worker reports about itself, and the server that reports it."""

    def __init__(self, settings: Settings, metrics_dir: Path | None) -> None:
        self.settings = settings
        self.metrics_dir = metrics_dir
        self.model = settings.gpu.preload
        # None: no model to load (or loaded); else why the worker is not ready.
        self.model_problem: str | None = "loading" if self.model else None
        self.server: ThreadingHTTPServer | None = None
        self._backends: readiness.Backends | None = None
        self._lock = threading.Lock()

    # -- state ---------------------------------------------------------------------------

    def model_loaded(self) -> None:
        self.model_problem = None

    def model_failed(self, reason: str) -> None:
        self.model_problem = reason

    def backends(self) -> readiness.Backends:
        with self._lock:
            if self._backends is None:
                from sqlalchemy import create_engine
                from sqlalchemy.pool import NullPool

                from common.core.queue import get_celery
                from common.core.storage import make_store

                s = self.settings
                timeout = s.metrics.check_timeout
                url = s.database_url
                connect_args = (
                    {"connect_timeout": max(1, round(timeout))} if url.startswith("postgres") else {}
                )
                self._backends = readiness.Backends(
                    engine=create_engine(url, poolclass=NullPool, connect_args=connect_args),
                    celery=get_celery(),
                    store=make_store(s),
                    timeout=timeout,
                )
            return self._backends

    def readiness(self) -> tuple[bool, dict[str, str]]:
        checks = self.backends().readiness()
        if self.model:
            checks["model"] = "ok" if self.model_problem is None else f"error: {self.model_problem}"
        return all(v == "ok" for v in checks.values()), checks

    def render_metrics(self) -> bytes:
        extra = [_ModelCollector(self)] if self.model else []
        if self.metrics_dir is None:  # pragma: no cover  (served only with multiprocess on)
            return b""
        return metrics.render_multiprocess(self.metrics_dir, extra)

    # -- server --------------------------------------------------------------------------

    def start(self) -> bool:
        """Serve on metrics.worker_host:worker_port; False (and a warning) if the port is
        taken: a worker without its health endpoint still works."""
        cfg = self.settings.metrics
        # Built here, in the main thread, before the pool forks: imports and clients
        # are never half-made in a thread when a child is forked.
        self.backends()
        host = cfg.worker_host or ("127.0.0.1" if self.settings.embedded else "0.0.0.0")  # noqa: S104
        try:
            server = ThreadingHTTPServer((host, cfg.worker_port), _handler(self))
        except OSError as exc:
            log.warning(
                "worker health server not started",
                extra={"fields": {"host": host, "port": cfg.worker_port, "error": str(exc)}},
            )
            return False
        server.daemon_threads = True
        self.server = server
        threading.Thread(target=server.serve_forever, name="pagemill-health", daemon=True).start()
        log.info("worker health server", extra={"fields": {"host": host, "port": server.server_port}})
        return True

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


class _ModelCollector(Collector):
    def __init__(self, health: WorkerHealth) -> None:
        self.health = health

    def describe(self) -> Iterable[Metric]:
        return []

    def collect(self) -> Iterable[Metric]:
        ready = GaugeMetricFamily(
            "pagemill_worker_model_ready",
            "1 when this worker's model is loaded, 0 while it loads or after it failed to.",
            labels=["engine"],
        )
        ready.add_metric([self.health.model or ""], 1.0 if self.health.model_problem is None else 0.0)
        yield ready


def _handler(health: WorkerHealth) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "pagemill-worker"

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            try:
                if path == "/livez":
                    self._json(200, {"status": "ok"})
                elif path == "/readyz":
                    ok, checks = health.readiness()
                    self._json(
                        200 if ok else 503, {"status": "ok" if ok else "unavailable", "checks": checks}
                    )
                elif path == "/metrics":
                    self._send(200, metrics.CONTENT_TYPE, health.render_metrics())
                else:
                    self._json(404, {"status": "not found"})
            except Exception:
                log.exception("worker health endpoint failed")
                self._json(500, {"status": "error"})

        def _json(self, status: int, body: dict[str, Any]) -> None:
            self._send(status, "application/json", json.dumps(body).encode())

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if status == 503:
                self.send_header("Retry-After", "5")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # probes every few seconds: not worth a log line each

    return Handler
