"""The API's edge: what a client may send before any work is done for it.

uvicorn has no header timeout and no header count limit, and its default HTTP parser
(httptools) no header size limit either: ``EdgeProtocol`` is uvicorn's httptools protocol
with those three added, answered 408 or 431 and closed before the request reaches the
application. ``BodyLimit`` caps every body but the upload's (which streams and has its
own limits, api/upload.py) before it is parsed, and answers a request to /v1/ without a
bearer key 401 without reading its body at all. ``server_options`` are the uvicorn
options every launcher passes (``pagemill serve``, ``pagemill up``, the tests)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from common.core.errors import PROBLEM_BASE
from common.core.settings import HttpSettings, get_settings

PROBLEM_JSON = b"application/problem+json"
_REASONS = {408: "Request Timeout", 431: "Request Header Fields Too Large"}
_TITLES = {
    401: "Unauthorized",
    408: "Request timeout",
    413: "Payload too large",
    431: "Request header fields too large",
}
_UPLOAD = ("POST", "/v1/documents")


def _problem_body(status: int, code: str, detail: str, instance: str | None = None) -> bytes:
    body = {"type": PROBLEM_BASE + code, "title": _TITLES[status], "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    return json.dumps(body).encode()


def raw_problem(status: int, code: str, detail: str) -> bytes:
    """A whole HTTP/1.1 response, for answers written before the parser has seen a request."""
    body = _problem_body(status, code, detail)
    head = (
        f"HTTP/1.1 {status} {_REASONS[status]}\r\ncontent-type: application/problem+json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class EdgeProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol (its fastest parser) with a deadline and a size and
    count limit on each request's line and headers, and a number of requests per
    keep-alive connection. httptools itself buffers a header of
    any size, so the head is measured here, in the bytes as they arrive, before the parser
    sees them. On h11, uvicorn's pure-Python parser, the same API served 0.65-0.92x the
    requests a second (bench/results/edge_parser.md)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.edge: HttpSettings = get_settings().http
        self._in_head = False
        self._next_request = False  # the last request was read: what comes next is a new head
        self._head_bytes = 0
        self._head_lines = 0
        self._tail = b""
        self._head_timer: asyncio.TimerHandle | None = None
        self._requests = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head()  # a client that connects and sends nothing is timed too

    def _start_head(self) -> None:
        self._in_head = True
        self._next_request = False
        self._head_bytes = self._head_lines = 0
        self._tail = b""
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.edge.header_timeout, self._head_timed_out)

    def _end_head(self) -> None:
        self._in_head = False
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _refuse(self, status: int, code: str, detail: str) -> None:
        self._end_head()
        if not self.transport.is_closing():
            self.transport.write(raw_problem(status, code, detail))
            self.transport.close()

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self._in_head:
            self._refuse(
                408,
                "request-timeout",
                f"the request line and headers did not arrive within {self.edge.header_timeout:g} s",
            )

    def data_received(self, data: bytes) -> None:
        if self._next_request:
            self._start_head()  # the next request on a kept-alive connection: timed from its first byte
        if self._in_head:
            # Only what comes before the blank line counts: the body may share a packet.
            window = self._tail + data
            end = window.find(b"\r\n\r\n")
            head = data if end < 0 else data[: max(0, end + 4 - len(self._tail))]
            self._tail = window[-3:]
            self._head_bytes += len(head)
            self._head_lines += head.count(b"\n")
            if self._head_bytes > self.edge.max_header_bytes + 4:  # + the blank line
                self._refuse(
                    431,
                    "header-fields-too-large",
                    f"the request line and headers are larger than {self.edge.max_header_bytes} bytes",
                )
                return
            if self._head_lines > self.edge.max_headers + 2:  # + the request line and blank line
                self._refuse(
                    431,
                    "header-fields-too-large",
                    f"the request has more than {self.edge.max_headers} headers",
                )
                return
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._end_head()
        before = self.cycle
        super().on_headers_complete()
        self._requests += 1
        limit = self.edge.keep_alive_requests
        if limit and self._requests >= limit and self.cycle is not None and self.cycle is not before:
            # The connection's last request (http.keep_alive_requests): its answer says
            # Connection: close. The client's next connection may go to another process.
            self.cycle.keep_alive = False

    def on_message_complete(self) -> None:
        self._next_request = True
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._end_head()
        super().connection_lost(exc)


def server_options(settings: HttpSettings) -> dict[str, Any]:
    """uvicorn's own options for the edge, with the protocol above."""
    return {
        "http": EdgeProtocol,
        "limit_concurrency": settings.max_connections,
        "timeout_keep_alive": settings.keep_alive_timeout,
        "proxy_headers": True,
        "forwarded_allow_ips": list(settings.trusted_proxies),
    }


async def _answer(
    send: Send, scope: Scope, status: int, code: str, detail: str, headers: list[tuple[bytes, bytes]]
) -> None:
    body = _problem_body(status, code, detail, scope.get("path"))
    head = [(b"content-type", PROBLEM_JSON), (b"content-length", str(len(body)).encode()), *headers]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse a body over http.max_body_bytes (413) before the application parses it, and a
    request to /v1/ with no bearer key (401) before its body is read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        headers = dict(scope.get("headers", []))
        if path.startswith("/v1/"):
            scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                await _answer(
                    send,
                    scope,
                    401,
                    "unauthorized",
                    "send the API key as 'Authorization: Bearer <key>'",
                    [(b"www-authenticate", b"Bearer"), (b"connection", b"close")],
                )
                return
        if (scope.get("method"), path.rstrip("/")) == _UPLOAD:
            await self.app(scope, receive, send)
            return
        limit = get_settings().http.max_body_bytes
        declared = headers.get(b"content-length", b"")
        too_large = f"the request body is larger than the limit of {limit} bytes"
        if declared.isdigit() and int(declared) > limit:
            await _answer(send, scope, 413, "payload-too-large", too_large, [(b"connection", b"close")])
            return
        # Read the body here (at most the limit) and hand it on whole: a chunked body
        # has no Content-Length to refuse it by.
        messages: list[Message] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                messages.append(message)
                break
            size += len(message.get("body", b""))
            if size > limit:
                await _answer(send, scope, 413, "payload-too-large", too_large, [(b"connection", b"close")])
                return
            messages.append(message)
            more = message.get("more_body", False)

        async def replay() -> Message:
            if messages:
                return messages.pop(0)
            return await receive()

        await self.app(scope, replay, send)
