"""http.keep_alive_requests: a keep-alive connection serves that many requests, the last
answered with Connection: close, so that a client's next connection can go to another
API process (pagemill serve --workers N shares one socket)."""

from __future__ import annotations

import socket

from tests.serving import serve


def get(sock: socket.socket, path: str) -> bytes:
    """One HTTP/1.1 request on the socket; the response's head (the bodies are short)."""
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    lengths = [line.split(b":")[1] for line in lines if line.lower().startswith(b"content-length")]
    length = int(lengths[0]) if lengths else 0
    while len(body) < length:
        body += sock.recv(65536)
    return head.lower()


def test_a_connection_is_closed_after_its_last_request(services) -> None:
    # given the API serving 3 requests per connection
    with serve({"PAGEMILL_HTTP__KEEP_ALIVE_REQUESTS": "3"}, "keep-alive.log") as server:
        sock = server.connect()
        # when a client sends three requests on one connection
        heads = [get(sock, "/livez") for _ in range(3)]
        # then the first two keep it open and the third says it closes, and it does
        assert [b"connection: close" in h for h in heads] == [False, False, True]
        assert all(h.startswith(b"http/1.1 200") for h in heads)
        assert sock.recv(1) == b""
        # and a new connection is served again
        with server.connect() as again:
            assert get(again, "/livez").startswith(b"http/1.1 200")
        sock.close()


def test_no_limit_keeps_the_connection_open(services) -> None:
    with serve({"PAGEMILL_HTTP__KEEP_ALIVE_REQUESTS": "0"}, "keep-alive-off.log") as server:
        with server.connect() as sock:
            heads = [get(sock, "/livez") for _ in range(5)]
        assert not any(b"connection: close" in h for h in heads)
