"""One machine, no servers: the API and a worker process over SQLite, kombu's filesystem
transport and a local object store, all under ``PAGEMILL_DATA_DIR``. The code that runs
is the same as in the full stack; only the settings differ."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

import uvicorn

from api.app import create_app
from api.limits import server_options
from common.core import migrate
from common.core.db import get_database
from common.core.settings import Settings
from common.tenants import service as tenants

LOCAL_TENANT = "local"


def worker_command(
    *,
    app: str = "worker.celery_app",
    queues: str | None = None,  # None: every queue (one machine runs everything)
    concurrency: int | None = None,
    loglevel: str = "warning",
    name: str | None = None,
    beat: bool = False,
    pool: str | None = None,
) -> list[str]:
    """The Celery worker command line every launcher uses (CLI, embedded, tests, bench).

    Gossip, mingle and heartbeats are off: Pagemill needs no worker-to-worker chatter,
    and they add broker traffic and start-up delay. ``beat`` runs Celery beat inside
    the worker (the webhook sweep): for one-machine setups; a cluster runs one
    ``pagemill beat`` instead (a second beat is idle: each pass holds an advisory lock).
    """
    from common.core.queue import QUEUES

    cmd = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        app,
        "worker",
        "-Q",
        queues or ",".join(QUEUES),
        "-l",
        loglevel,
    ]
    cmd += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    cmd += ["-n", name or f"pagemill-{os.getpid()}@%h"]
    if concurrency:
        cmd += ["-c", str(concurrency)]
    if pool:
        cmd += ["-P", pool]
    if beat:
        cmd += ["-B"]
    return cmd


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_local_api_key(settings: Settings) -> tuple[Path, str | None]:
    """The embedded CLI's own key file (mode 600) and the key if this call created it."""
    path = settings.data_dir.resolve() / "local-api-key"
    if path.exists():
        return path, None
    with get_database().session_scope() as s:
        tenants.get_or_create_tenant(s, LOCAL_TENANT)
        key = tenants.create_key(s, LOCAL_TENANT, name="embedded cli").key
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return path, key


def local_api_key(settings: Settings) -> str:
    """The embedded CLI's own key: created once, kept in the data dir (mode 600)."""
    path, _ = ensure_local_api_key(settings)
    return path.read_text().strip()


def make_private(data_dir: Path) -> None:
    """The data dir 700 and everything in it owner-only: pagemill.db holds every
    tenant's metadata and the webhook signing secrets. Also fixes the modes of a data
    dir made by an earlier version (755 and 644)."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stat.S_IMODE(data_dir.lstat().st_mode) == 0o700:
        # Private already: what is inside was made under umask 077, so there is nothing to
        # fix, and a large object store is not walked on every start.
        return
    for root, dirs, files in os.walk(data_dir):  # links are not followed
        for name in dirs:
            _chmod_if(Path(root, name), 0o700)
        for name in files:
            _chmod_if(Path(root, name), 0o600)
    # Last, so that a start interrupted mid-walk walks again next time.
    _chmod_if(data_dir, 0o700)


def _chmod_if(path: Path, mode: int) -> None:
    st = path.lstat()
    if not stat.S_ISLNK(st.st_mode) and stat.S_IMODE(st.st_mode) != mode:
        path.chmod(mode)


class EmbeddedStack:
    """API on a loopback port in a thread plus a Celery worker child process."""

    def __init__(
        self,
        settings: Settings,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        concurrency: int | None = None,
        quiet: bool = True,
    ) -> None:
        self.settings = settings
        self.host = host
        self.port = port or free_port()
        self.concurrency = concurrency
        self.quiet = quiet
        self.worker: subprocess.Popen[bytes] | None = None
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> EmbeddedStack:
        # Everything this process and its worker create is owner-only (umask 077); what
        # is already there is made so too.
        os.umask(0o077)
        make_private(self.settings.data_dir.resolve())
        self.settings.ensure_dirs()
        migrate.upgrade(self.settings)
        env = {**os.environ, "PAGEMILL_DATA_DIR": str(self.settings.data_dir.resolve())}
        out = subprocess.DEVNULL if self.quiet else None
        self.worker = subprocess.Popen(  # noqa: S603  (our own interpreter and module)
            worker_command(concurrency=self.concurrency, beat=True), env=env, stdout=out, stderr=out
        )
        config = uvicorn.Config(
            create_app(),
            host=self.host,
            port=self.port,
            log_level="warning" if self.quiet else "info",
            # The API writes its own line per request (api/app.py), without the query
            # string: uvicorn's would log a key a client put there by mistake.
            access_log=False,
            **server_options(self.settings.http),
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="pagemill-api", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                self.stop()
                raise RuntimeError(f"the API did not start on {self.url}")
            time.sleep(0.05)
        return self

    def wait(self) -> None:
        """Block until the worker exits or we are interrupted (``pagemill up``)."""
        assert self.worker is not None

        def _terminate(signum: int, _frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, _terminate)  # stop like Ctrl-C: stop the worker warmly
        try:
            while self.worker.poll() is None and self.thread is not None and self.thread.is_alive():
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)
        if self.worker is not None and self.worker.poll() is None:
            self.worker.send_signal(signal.SIGTERM)  # warm shutdown: finish the current task
            try:
                self.worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.worker.kill()
                self.worker.wait()

    def __enter__(self) -> EmbeddedStack:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
