"""An HTTP proxy in front of moto's S3 server that can make the store misbehave on the
wire as a real one does: answer with an S3 error, or report keys a DeleteObjects call
failed to delete. Requests it lets through reach moto unchanged."""

from __future__ import annotations

import http.client
import re
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# (method, path with query) -> None to forward, or (status, S3 error code) to answer with
Rule = Callable[[str, str], tuple[int, str] | None]


class S3Proxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        self.rule: Rule = lambda method, path: None
        # An error code every key of a DeleteObjects call gets (and nothing is deleted)
        self.delete_errors: str | None = None
        self.answered: list[tuple[str, str, int]] = []  # (method, path, status) answered here
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def _body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    raw = b""
                    while True:
                        line = self.rfile.readline()
                        raw += line
                        size = int(line.split(b";")[0], 16)
                        if size == 0:
                            while (trailer := self.rfile.readline()) not in (b"\r\n", b""):
                                raw += trailer
                            return raw + b"\r\n"
                        raw += self.rfile.read(size + 2)
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _handle(self) -> None:
                body = self._body()
                verdict = proxy.rule(self.command, self.path)
                if verdict is not None:
                    status, code = verdict
                    proxy.answered.append((self.command, self.path, status))
                    self._reply(
                        status, f"<Error><Code>{code}</Code><Message>{code}</Message></Error>".encode()
                    )
                    return
                if self.command == "POST" and "delete" in self.path and proxy.delete_errors:
                    proxy.answered.append((self.command, self.path, 200))
                    self._reply(200, _fail_deletes(body, proxy.delete_errors))
                    return
                conn = http.client.HTTPConnection(
                    proxy.upstream.hostname or "127.0.0.1", proxy.upstream.port, timeout=30
                )
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                headers["Host"] = proxy.upstream.netloc
                conn.request(
                    self.command, self.path, body=body or None, headers=headers, encode_chunked=False
                )
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                self._reply(resp.status, data, resp.getheader("Content-Type") or "application/xml")

            def _reply(self, status: int, data: bytes, content_type: str = "application/xml") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> S3Proxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _fail_deletes(request: bytes, code: str) -> bytes:
    """The 200 answer of a DeleteObjects call that deleted none of its keys."""
    keys = re.findall(rb"<Key>(.*?)</Key>", request)
    errors = b"".join(
        b"<Error><Key>%s</Key><Code>%s</Code><Message>failed</Message></Error>" % (k, code.encode())
        for k in keys
    )
    return b'<?xml version="1.0" encoding="UTF-8"?><DeleteResult>' + errors + b"</DeleteResult>"
