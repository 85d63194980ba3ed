"""`pagemill serve` in a process of its own, and raw-socket helpers, for the tests that
attack the API over real sockets (tests/test_edges.py, tests/attack/)."""

from __future__ import annotations

import contextlib
import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.conftest import DATA_DIR, ROOT, _free_port

PAGEMILL = [sys.executable, "-c", "from api.cli import main; main()"]


class Server:
    def __init__(self, proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.proc, self.port, self.log = proc, port, log
        self.url = f"http://127.0.0.1:{port}"

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)


@contextlib.contextmanager
def serve(env: dict[str, str], log_name: str) -> Iterator[Server]:
    """`pagemill serve` on a free port with the suite's settings plus ``env``; its output
    goes to DATA_DIR/log_name."""
    port = _free_port()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    log_path = DATA_DIR / log_name
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [*PAGEMILL, "serve", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_serving(proc, port, log_path)
        yield Server(proc, port, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _wait_serving(proc: subprocess.Popen[bytes], port: int, log: Path, timeout: float = 120) -> None:
    # Generous: on a loaded 2-core machine the API's imports alone take seconds; a server
    # that died is reported at once, with what it said.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"pagemill serve exited {proc.returncode}: {log.read_text()[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"pagemill serve did not listen within {timeout} s: {log.read_text()[-3000:]}")


def read_response(sock: socket.socket, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """The status, headers and body the server wrote before it closed or went quiet."""
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data or not _complete(data):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines[0]:
        return 0, {}, b""
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def _complete(data: bytes) -> bool:
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return False


def wait_closed_by_server(sock: socket.socket, timeout: float) -> tuple[float, bytes]:
    """Seconds until the server closed the connection, and what it wrote first."""
    start = time.monotonic()
    got = b""
    sock.setblocking(False)
    while time.monotonic() - start < timeout:
        ready, _, _ = select.select([sock], [], [], 0.2)
        if ready:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, BlockingIOError):
                chunk = b""
            if not chunk:
                return time.monotonic() - start, got
            got += chunk
    raise AssertionError(f"the server kept the connection open for {timeout} s")


@contextlib.contextmanager
def serve_in_thread(app: object) -> Iterator[str]:
    """An ASGI app served by uvicorn on a free loopback port in a thread of this process
    (a model server the tests teach, say): its base URL, while the block runs."""
    import threading

    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.05)
    assert server.started, "the in-thread server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


async def read_asgi_body(receive: Any) -> tuple[bytes, Any]:
    """An ASGI request's body, and a `receive` that hands it to the app as if unread (a
    test server that looks at a request before its app answers it)."""
    chunks, more = [], True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    raw, replayed = b"".join(chunks), False

    async def replay() -> dict[str, Any]:
        nonlocal replayed
        if replayed:
            return dict(await receive())  # what comes after the body (a disconnect)
        replayed = True
        return {"type": "http.request", "body": raw, "more_body": False}

    return raw, replay
