"""A webhook receiver for the tests: a real HTTP server on loopback that verifies every
delivery with the Standard Webhooks library (through pagemill_client.verify_webhook)
and answers from a script (status, headers), 200 once the script runs out."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pagemill_client import WebhookVerificationError, verify_webhook


@dataclass
class Received:
    at: float  # time.time() when the request was read
    path: str
    headers: dict[str, str]
    body: bytes
    event: Any  # the verified, parsed event; None if verification failed
    verify_error: str | None
    status: int  # what we answered


@dataclass
class Receiver:
    secrets: list[str] = field(default_factory=list)
    script: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    port: int = 0
    delay: float = 0.0  # seconds to wait before answering (timeouts)
    drip: float = 0.0  # answer 200 at once, then send the body one byte per `drip` seconds
    received: list[Received] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def reserve_port(self) -> Receiver:
        """Pick a port and leave it closed: deliveries get 'connection refused' until start()."""
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        return self

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    event, error = verify_webhook(body, headers, receiver.secrets), None
                except WebhookVerificationError as exc:
                    event, error = None, str(exc) or type(exc).__name__
                with receiver._lock:
                    status, extra = receiver.script.pop(0) if receiver.script else (200, {})
                    receiver.received.append(
                        Received(time.time(), self.path, headers, body, event, error, status)
                    )
                time.sleep(receiver.delay)
                self.send_response(status)
                for k, v in extra.items():
                    self.send_header(k, v)
                reply = b'{"ok": true}' if status < 300 else b"not now"
                self.send_header("content-length", str(len(reply)))
                self.end_headers()
                if receiver.drip:
                    for i in range(len(reply)):
                        self.wfile.write(reply[i : i + 1])
                        self.wfile.flush()
                        time.sleep(receiver.drip)
                else:
                    self.wfile.write(reply)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = int(self._server.server_address[1])
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def wait_for(self, n: int, timeout: float = 30) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= n:
                    return list(self.received)
            time.sleep(0.05)
        raise AssertionError(f"receiver got {len(self.received)} of {n} deliveries in {timeout}s")
