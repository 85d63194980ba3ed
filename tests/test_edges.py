"""The API's edges, attacked over real sockets against `pagemill serve` in a process of
its own: bodies and headers before authentication, slow clients, and the parsing of
what a client controls (issue 18)."""

from __future__ import annotations

import base64
import json
import socket
import threading
import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import new_key
from tests.factories import pdfs
from tests.helpers import wait_until
from tests.serving import Server, read_response, serve, wait_closed_by_server

HEADER_TIMEOUT = 1.5
# Edges made short for the test; every other setting is the suite's.
EDGE_ENV = {
    "PAGEMILL_HTTP__HEADER_TIMEOUT": str(HEADER_TIMEOUT),
    "PAGEMILL_HTTP__UPLOAD_MIN_RATE": "2000",
    "PAGEMILL_HTTP__UPLOAD_MIN_RATE_GRACE": "1",
    "PAGEMILL_HTTP__UPLOAD_DEADLINE": "30",
    "PAGEMILL_HTTP__METRICS": "key",
}


@pytest.fixture(scope="module")
def server(services: None) -> Iterator[Server]:
    with serve(EDGE_ENV, "edges-api.log") as srv:
        yield srv


# --- bodies before authentication ---------------------------------------------------------


def _put_head(length: int | None, key: str | None = None) -> bytes:
    lines = ["PUT /v1/webhook-endpoint HTTP/1.1", "Host: api", "Content-Type: application/json"]
    lines.append(f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked")
    if key:
        lines.append(f"Authorization: Bearer {key}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _stream_junk(sock: socket.socket, total: int) -> None:
    chunk = b'{"url": "' + b"a" * (1 << 20)
    sent = 0
    try:
        while sent < total:
            sock.sendall(chunk)
            sent += len(chunk)
    except OSError:
        pass  # the server answered and closed: what we want


def test_a_huge_json_body_without_a_key_is_refused_unread_and_memory_stays_bounded(server):
    before = server.rss_kb()
    # given three clients each announcing 256 MB and sending 32 MB of it, with no key
    socks = [server.connect() for _ in range(3)]
    threads = []
    for s in socks:
        s.sendall(_put_head(256 << 20))
        threads.append(threading.Thread(target=_stream_junk, args=(s, 32 << 20)))
        threads[-1].start()
    # then each is answered 401 (problem JSON) without its body being read
    for s in socks:
        status, headers, body = read_response(s)
        assert status == 401, body
        assert headers["content-type"] == "application/problem+json"
        assert json.loads(body)["status"] == 401
    for s, t in zip(socks, threads, strict=True):
        s.close()
        t.join(30)
    # and the server's memory did not grow with the bodies
    assert server.rss_kb() - before < 32 * 1024, (before, server.rss_kb())
    assert httpx.get(f"{server.url}/livez", timeout=5).status_code == 200


def test_a_body_over_the_limit_with_a_key_is_413_before_it_is_read(server):
    key = new_key()
    # a declared length over the limit: refused at once
    with server.connect() as s:
        s.sendall(_put_head(256 << 20, key))
        status, _, body = read_response(s)
        assert status == 413, body
        assert "65536 bytes" in json.loads(body)["detail"]
    # a chunked body with no length: refused once it passes the limit
    with server.connect() as s:
        s.sendall(_put_head(None, key))
        piece = b"a" * 8192
        try:
            for _ in range(20):
                s.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
        except OSError:
            pass
        status, _, body = read_response(s)
        assert status == 413, body
    # and a small body with the key still works
    r = httpx.put(
        f"{server.url}/v1/webhook-endpoint",
        json={"url": "http://127.0.0.1:9/hook"},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert r.status_code == 201, r.text


def test_a_wrong_key_is_refused_before_the_body_is_parsed(server):
    # A body that is not JSON at all: with a wrong key the answer is 401, not the 422
    # of a body parsed first.
    r = httpx.put(
        f"{server.url}/v1/webhook-endpoint",
        content=b'{"url": ',
        headers={"Authorization": "Bearer pm_wrong", "Content-Type": "application/json"},
    )
    assert r.status_code == 401, r.text


# --- headers ------------------------------------------------------------------------------


def test_an_oversized_header_is_431_and_the_connection_closed(server):
    with server.connect() as s:
        s.sendall(b"GET /livez HTTP/1.1\r\nHost: api\r\nX-Big: " + b"a" * (40 * 1024) + b"\r\n\r\n")
        status, headers, body = read_response(s)
        assert status == 431, body
        assert headers["content-type"] == "application/problem+json"
        assert "32768 bytes" in json.loads(body)["detail"]
    assert httpx.get(f"{server.url}/livez", timeout=5).status_code == 200


def test_the_limits_hold_for_the_next_request_on_a_kept_alive_connection(server):
    with server.connect() as s:
        # given a connection that was served once and kept alive
        s.sendall(b"GET /livez HTTP/1.1\r\nHost: api\r\n\r\n")
        assert read_response(s)[0] == 200
        # when its next request carries an oversized header
        s.sendall(b"GET /livez HTTP/1.1\r\nHost: api\r\nX-Big: " + b"a" * (40 * 1024) + b"\r\n\r\n")
        # then that request is refused too
        assert read_response(s)[0] == 431


def test_a_kept_alive_connection_that_goes_quiet_mid_head_is_cut_off(server):
    with server.connect() as s:
        # given a connection served once, idle for less than the keep-alive time
        s.sendall(b"GET /livez HTTP/1.1\r\nHost: api\r\n\r\n")
        assert read_response(s)[0] == 200
        # when the next request's head starts and never ends
        s.sendall(b"GET /livez HTTP/1.1\r\nHost: api\r\n")
        took, got = wait_closed_by_server(s, timeout=HEADER_TIMEOUT + 10)
        # then it gets 408 after the header timeout (counted from its first byte)
        assert took < HEADER_TIMEOUT + 3, took
        assert got.startswith(b"HTTP/1.1 408 "), got


def test_pipelined_requests_are_each_answered(server):
    with server.connect() as s:
        s.sendall(b"GET /livez HTTP/1.1\r\nHost: api\r\n\r\n" * 3)
        got = b""
        s.settimeout(10)
        while got.count(b"HTTP/1.1 ") < 3:
            chunk = s.recv(65536)
            assert chunk, got
            got += chunk
        assert got.count(b"HTTP/1.1 200 ") == 3, got


def test_too_many_headers_are_431(server):
    with server.connect() as s:
        lines = b"".join(b"X-H%d: v\r\n" % i for i in range(150))
        s.sendall(b"GET /livez HTTP/1.1\r\nHost: api\r\n" + lines + b"\r\n")
        status, _, body = read_response(s)
        assert status == 431, body
        assert "more than 100 headers" in json.loads(body)["detail"]


def test_a_slow_header_client_is_cut_off_after_the_header_timeout(server):
    with server.connect() as s:
        s.sendall(b"GET /livez HTTP/1.1\r\n")
        stop = threading.Event()

        def drip() -> None:
            i = 0
            while not stop.wait(0.4):
                try:
                    s.send(b"X-Drip-%d: v\r\n" % i)
                except OSError:
                    return
                i += 1

        t = threading.Thread(target=drip)
        t.start()
        try:
            took, got = wait_closed_by_server(s, timeout=HEADER_TIMEOUT + 10)
        finally:
            stop.set()
            t.join()
        assert took < HEADER_TIMEOUT + 3, took
        assert got.startswith(b"HTTP/1.1 408 "), got


def test_a_client_that_sends_nothing_is_cut_off_too(server):
    with server.connect() as s:
        took, got = wait_closed_by_server(s, timeout=HEADER_TIMEOUT + 10)
        assert took < HEADER_TIMEOUT + 3 and got.startswith(b"HTTP/1.1 408 "), (took, got)


# --- slow uploads -------------------------------------------------------------------------


def test_a_slow_upload_is_cut_off_with_408(server):
    key = new_key()
    boundary = "edgeboundary"
    body_head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    head = (
        "POST /v1/documents HTTP/1.1\r\nHost: api\r\n"
        f"Authorization: Bearer {key}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
        "Content-Length: 100000\r\n\r\n"
    ).encode()
    with server.connect() as s:
        s.sendall(head + body_head)
        stop = threading.Event()

        def drip() -> None:
            while not stop.wait(0.3):
                try:
                    s.send(b"%")
                except OSError:
                    return

        t = threading.Thread(target=drip)
        t.start()
        try:
            # 2,000 bytes/s after a grace of 1 s: the drip falls behind at once.
            took, got = wait_closed_by_server(s, timeout=20)
        finally:
            stop.set()
            t.join()
        assert took < 8, took
        assert got.startswith(b"HTTP/1.1 408 "), got
        assert b"too slow" in got


# --- bounded parsing ------------------------------------------------------------------------


def _submit(url: str, key: str, pages: str) -> httpx.Response:
    return httpx.post(
        f"{url}/v1/documents",
        headers={"Authorization": f"Bearer {key}"},
        files={"file": ("a.pdf", pdfs.text_pdf(3))},
        data={"pages": pages, "engine": "null"},
        timeout=30,
    )


def test_a_pathological_pages_value_is_refused_naming_the_limit(server):
    key = new_key()
    long = _submit(server.url, key, ",".join(["1-3"] * 5000))
    assert long.status_code == 422, long.text
    assert "longer than 1000 characters" in long.json()["detail"]
    many = _submit(server.url, key, ",".join(["1"] * 150))
    assert many.status_code == 422, many.text
    assert "more than 100 pages or ranges" in many.json()["detail"]
    fine = _submit(server.url, key, "1-2,3")
    assert fine.status_code == 202, fine.text


def test_a_cursor_at_the_edge_of_the_calendar_is_a_problem_not_a_500(server):
    key = new_key()
    raw = f"0001-01-01T00:00:00+14:00|{uuid.uuid4()}".encode()
    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    r = httpx.get(
        f"{server.url}/v1/documents", params={"cursor": cursor}, headers={"Authorization": f"Bearer {key}"}
    )
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"] == "cursor: not a cursor this API returned"


# --- redirects and metrics ----------------------------------------------------------------


def test_a_trailing_slash_is_not_redirected_to_the_clients_host(server):
    key = new_key()
    r = httpx.get(
        f"{server.url}/v1/documents/",
        headers={"Authorization": f"Bearer {key}", "Host": "evil.example"},
        follow_redirects=False,
    )
    assert r.status_code == 404, r.text
    assert "location" not in r.headers


def test_metrics_can_require_a_key(server):
    assert httpx.get(f"{server.url}/metrics").status_code == 401
    r = httpx.get(f"{server.url}/metrics", headers={"Authorization": f"Bearer {new_key()}"})
    assert r.status_code == 200 and "pagemill" in r.text


def test_serve_caps_connections_keeps_metrics_off_and_logs_no_query_string(services):
    # given `pagemill serve` with /metrics off the public port, room for 4 connections,
    # and its access lines at INFO
    env = {
        "PAGEMILL_HTTP__METRICS": "off",
        "PAGEMILL_HTTP__MAX_CONNECTIONS": "4",
        "PAGEMILL_LOG_LEVEL": "INFO",
    }
    idle: list[socket.socket] = []
    with serve(env, "edges-api-2.log") as srv:
        try:
            secret = f"pm_{uuid.uuid4().hex}"
            # when a client puts a key in a query string, then it is not in the server's log
            assert httpx.get(f"{srv.url}/v1/documents", params={"api_key": secret}).status_code == 401
            assert httpx.get(f"{srv.url}/metrics").status_code == 404
            # when 4 connections are held open (headers never finished), then the next
            # request is refused with 503 once the server has taken them in
            idle = [srv.connect() for _ in range(4)]
            for s in idle:
                s.sendall(b"GET /livez HTTP/1.1\r\nHost: api\r\n")
            wait_until(lambda: httpx.get(f"{srv.url}/livez", timeout=5).status_code == 503, 10, "a 503")
            # and when they go, requests are served again
            for s in idle:
                s.close()
            wait_until(lambda: httpx.get(f"{srv.url}/livez", timeout=5).status_code == 200, 10, "a 200")
        finally:
            for s in idle:
                s.close()
    text = srv.log.read_text()
    assert "/v1/documents" in text, text[-2000:]  # the request was logged, without its query
    assert secret not in text
