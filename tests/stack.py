"""A private Pagemill stack for fault-injection tests: its own PostgreSQL cluster, Redis
server and S3 (moto) server on loopback ports, plus the API, workers and beat as real
processes. Faults are injected with the services' own controls (pg_ctl stop/start, the
Redis process stopped and started again, the S3 server paused), never by touching the
machine's shared instances, and workers are killed with SIGKILL or stopped with SIGTERM.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
UVICORN = (sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory")
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), Path("/usr/bin"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def wait_closed(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} still open")


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; CI and this machine run tests as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class PrivatePostgres:
    def __init__(self) -> None:
        # Not under pytest's tmp dir: that is private to root, and postgres must reach it.
        self.dir = Path(tempfile.mkdtemp(prefix="pagemill-pg-"))
        self.port = free_port()
        try:
            if os.geteuid() == 0:
                shutil.chown(self.dir, "postgres", "postgres")
            subprocess.run(
                _as_postgres(
                    [str(PG_BIN / "initdb"), "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres"]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
            self.start()
        except BaseException:
            self.close()  # no cluster folder left behind in the temp dir
            raise

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        data, log = str(self.dir / "data"), str(self.dir / "log")
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", data, "-o", opts, "-l", log, "-w", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """No persistence, like the machine's Redis: a restart loses every queued message."""

    def __init__(self) -> None:
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_port(self.port)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None
        wait_closed(self.port)

    def close(self) -> None:
        self.stop()


class PrivateS3:
    """moto's server keeps objects in memory only, so its outage is a pause (SIGSTOP):
    it stops answering, and clients see timeouts, as with a hung or partitioned store."""

    def __init__(self) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pause(self) -> None:
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.proc.send_signal(signal.SIGCONT)

    def close(self) -> None:
        self.resume()
        self.proc.terminate()
        self.proc.wait(10)


@dataclass
class Stack:
    """API, workers and beat as processes, sharing one environment."""

    env: dict[str, str]
    logs: Path
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    api_port: int = 0

    def _spawn(
        self, name: str, cmd: list[str], extra: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = (self.logs / f"{name}.log").open("ab")
        # Its own session: a kill reaches the worker's pool children too (killpg).
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env={**self.env, **(extra or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs[name] = proc
        return proc

    def start_api(self) -> str:
        self.api_port = free_port()
        self._spawn(
            "api",
            [*UVICORN, "--port", str(self.api_port), "--log-level", "warning", "--no-access-log"],
        )
        wait_port(self.api_port)
        return self.api_url

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def start_worker(self, name: str, *, concurrency: int = 2, extra: dict[str, str] | None = None) -> None:
        from api.embedded import worker_command

        cmd = worker_command(queues="cpu,webhooks", concurrency=concurrency, name=f"{name}@%h")
        self._spawn(name, cmd, extra)

    def start_beat(self) -> None:
        self._spawn(
            "beat", [sys.executable, "-m", "celery", "-A", "worker.celery_app", "beat", "-l", "warning"]
        )

    def kill(self, name: str) -> None:
        """SIGKILL the process and its pool children: no cleanup, no acks, no goodbyes."""
        proc = self.procs.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)

    def terminate(self, name: str, timeout: float = 60) -> int:
        proc = self.procs.pop(name)
        proc.send_signal(signal.SIGTERM)
        return proc.wait(timeout)

    def close(self) -> None:
        for name in list(self.procs):
            self.kill(name)

    def log(self, name: str) -> list[dict[str, Any]]:
        """The JSON lines of process ``name``'s log."""
        path = self.logs / f"{name}.log"
        lines: list[dict[str, Any]] = []
        for line in path.read_text(errors="replace").splitlines() if path.exists() else []:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                lines.append(record)
        return lines


def client(stack: Stack, key: str) -> httpx.Client:
    return httpx.Client(base_url=stack.api_url, headers={"Authorization": f"Bearer {key}"}, timeout=30)
