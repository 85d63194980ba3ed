"""What the edge's HTTP parser costs: requests/s of the API served by uvicorn's httptools
protocol (its default, with no header limits or header timeout), by its plain h11 protocol,
and by ``api.limits.EdgeProtocol`` (h11 with the header deadline and size/count limits that
``pagemill serve`` uses). Each server runs the real application in a process of its own, on
one core; wrk (Debian's package) on another core keeps ``--connections`` keep-alive connections busy for
``--seconds`` on two requests that do no database work, so the parser's share is as large
as it gets: ``GET /livez`` and ``GET /v1/documents`` without a key (401 from the edge
middleware). Rounds alternate the servers, so drift in the machine's load hits each alike.

    .venv/bin/python bench/edge_parser.py --rounds 3 --out bench/results/edge_parser.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROTOCOLS = ("httptools", "h11", "edge")
SERVER = """
import sys, uvicorn
from api.app import create_app
from api.limits import server_options
from common.core.settings import get_settings
protocol, port = sys.argv[1], int(sys.argv[2])
options = server_options(get_settings().http)
if protocol != "edge":
    options["http"] = protocol
uvicorn.run(create_app(), host="127.0.0.1", port=port, log_level="warning", access_log=False, **options)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("server did not start")


def _load(url: str, connections: int, seconds: float) -> float:
    # wrk (Debian's `wrk`): a C load generator, so that the client is not what is measured.
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", url]
    if (os.cpu_count() or 1) > 1:
        cmd = ["taskset", "-c", "1", *cmd]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise RuntimeError(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    env = {
        **os.environ,
        # The app is built but never reaches these in the two requests measured.
        "PAGEMILL_DATABASE__URL": "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        "PAGEMILL_SECRETS__MASTER_KEY": "bench:" + "YmVuY2gtbWFzdGVyLWtleS1mb3ItcGFnZW1pbGwtMzI=",
        "PAGEMILL_LOG_LEVEL": "WARNING",
    }
    paths = {"livez": "/livez", "no_key_401": "/v1/documents"}
    runs: dict[str, dict[str, list[float]]] = {p: {k: [] for k in paths} for p in PROTOCOLS}
    for _ in range(args.rounds):
        for protocol in PROTOCOLS:
            port = _free_port()
            # taskset: the server on core 0, the client on the others, where there are any
            cmd = [sys.executable, "-c", SERVER, protocol, str(port)]
            if (os.cpu_count() or 1) > 1:
                cmd = ["taskset", "-c", "0", *cmd]
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
            try:
                _wait(port)
                for name, path in paths.items():
                    rps = _load(f"http://127.0.0.1:{port}{path}", args.connections, args.seconds)
                    runs[protocol][name].append(round(rps, 1))
            finally:
                proc.terminate()
                proc.wait(10)
    medians = {p: {k: statistics.median(v) for k, v in r.items()} for p, r in runs.items()}
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "loadavg_at_end": os.getloadavg(),
        "command": " ".join(["python", *sys.argv]),
        "connections": args.connections,
        "seconds": args.seconds,
        "requests_per_s": runs,
        "median": medians,
        "edge_vs_httptools": {k: round(medians["edge"][k] / medians["httptools"][k], 3) for k in paths},
    }
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
