"""An open-loop HTTP/1.1 load: requests sent on a fixed schedule, whatever the answers.

A closed loop (wrk: each connection sends its next request when the last one is
answered) measures the most a server answers, and its latency is the queue that loop
builds (connections / throughput). The question "what p99 at 1,000 requests/s" needs the
rate fixed instead: request i is due at start + i / rate, on connection i mod C, and its
latency counts from when it was due, so a stalled server cannot hide its stall by
slowing the load (wrk2's correction of coordinated omission). h2load's --rps would do,
but it does not reconnect when the server closes a keep-alive connection (the API does
after http.keep_alive_requests), so its connections die one by one.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Result:
    latencies_us: list[int] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    reconnects: int = 0


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """The status and whether the server will close the connection; the body is read."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length, close = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            close = True
    if length:
        await reader.readexactly(length)
    return status, close


async def _connection(
    host: str, port: int, request: bytes, due: list[float], result: Result, deadline: float
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    for at in due:
        wait = at - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        if time.perf_counter() > deadline:
            break
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            assert reader is not None
            writer.write(request)
            status, close = await _read_response(reader)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            result.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        result.latencies_us.append(int((time.perf_counter() - at) * 1e6))
        result.statuses[status] = result.statuses.get(status, 0) + 1
        if close:
            writer.close()
            reader = writer = None
            result.reconnects += 1
    if writer is not None:
        writer.close()


async def _run(url: str, headers: dict[str, str], rate: float, seconds: float, connections: int) -> Result:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {host}:{port}", *(f"{k}: {v}" for k, v in headers.items())]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    result = Result()
    start = time.perf_counter() + 0.2
    total = int(rate * seconds)
    schedule: list[list[float]] = [[] for _ in range(connections)]
    for i in range(total):
        schedule[i % connections].append(start + i / rate)
    deadline = start + seconds + 10  # requests still due this late are not sent
    await asyncio.gather(*(_connection(host, port, request, due, result, deadline) for due in schedule))
    return result


def run(url: str, headers: dict[str, str], *, rate: float, seconds: float, connections: int) -> Result:
    """Offer ``rate`` requests/s for ``seconds`` over ``connections`` keep-alive
    connections (on uvloop when it is installed: the generator shares the cores)."""
    try:
        import uvloop

        return uvloop.run(_run(url, headers, rate, seconds, connections))
    except ImportError:
        return asyncio.run(_run(url, headers, rate, seconds, connections))


def summary(result: Result, seconds: float) -> dict[str, int | float]:
    """requests, the percentiles of latency (µs) and the answers that were not 2xx."""
    ms = sorted(result.latencies_us)

    def pct(q: float) -> int:
        return ms[min(len(ms) - 1, int(q * len(ms)))] if ms else 0

    return {
        "requests": len(ms),
        "duration_us": int(seconds * 1e6),
        "p50_us": pct(0.50),
        "p90_us": pct(0.90),
        "p99_us": pct(0.99),
        "max_us": ms[-1] if ms else 0,
        "non_2xx": sum(n for status, n in result.statuses.items() if not 200 <= status < 300),
        "socket_errors": result.errors,
        "reconnects": result.reconnects,
    }


if __name__ == "__main__":
    import argparse
    import json

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("url")
    ap.add_argument("--rate", type=float, required=True, help="requests per second offered")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--header", action="append", default=[], help="'Name: value', repeatable")
    args = ap.parse_args()
    headers = dict(h.split(": ", 1) for h in args.header)
    got = run(args.url, headers, rate=args.rate, seconds=args.seconds, connections=args.connections)
    print("RESULT " + json.dumps(summary(got, args.seconds)))
