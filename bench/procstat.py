"""What processes cost, from /proc: the CPU time of given processes, of this process's
children (a load generator), and how busy the whole machine was. Linux only."""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path


def cpu_seconds(pids: list[int]) -> float:
    """User + system time of these processes so far (clock ticks from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def pids_named(*names: str) -> list[int]:
    """Every process whose command name is one of these (the shared Postgres' backends,
    Redis): what a request costs beside the API. Other sessions' load on the same
    servers counts too, so read these on a quiet machine."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if text[text.index("(") + 1 : text.rindex(")")] in names:
            found.append(int(stat.parent.name))
    return found


def machine_ticks() -> tuple[int, int]:
    """(busy, idle) clock ticks of all cores so far, from /proc/stat (iowait as idle)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values[:8]) - idle, idle


def children_cpu() -> float:
    """User + system time of this process's reaped children (wrk) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return b"resource_tracker"  # gone: leave it out


# The horizontal bench's accounting (bench/horizontal.py): CPU by kind of process.


def group_cpu(groups: dict[str, list[int]]) -> dict[str, dict[int, float]]:
    """CPU seconds so far of each process, by kind: worker nodes with their children,
    Postgres and Redis (every backend: other load on them counts too) and this process
    (the submitting clients and the poll for the end). Per pid, so that a Postgres
    backend that starts during the load counts from zero (one that exits is lost)."""
    found = {name: list(pids) for name, pids in groups.items()}
    # The nodes' own processes apart too (they take messages off the broker, acknowledge
    # them and hand them to the pool): "workers" is both.
    found["worker_parents"] = list(groups["workers"])
    found["workers"] += [c for p in groups["workers"] for c in children(p)]
    found["postgres"] = pids_named("postgres")
    found["redis"] = pids_named("redis-server")
    found["bench"] = [os.getpid()]
    return {name: {pid: cpu_seconds([pid]) for pid in pids} for name, pids in found.items()}


def per_unit(spent: dict[str, float], units: int) -> dict[str, float]:
    """CPU ms a unit by kind of process ("worker_parents" is part of "workers")."""
    return {k: round(v * 1000 / units, 2) for k, v in spent.items() if k != "worker_parents"}


def cpu_spent(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict[str, float]:
    return {
        name: sum(t - before.get(name, {}).get(pid, 0.0) for pid, t in pids.items())
        for name, pids in after.items()
    }
