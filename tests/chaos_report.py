"""The reliability report of the chaos tests (tests/chaos/): one row per test, each made of what that
test measured (times to recovery, documents, pages, events and attempts counted in the
database), never written by hand.

With PAGEMILL_RELIABILITY_REPORT=path set, the chaos tests merge their rows into path's
.jsonl twin (every row, with its measurements; a test that ran replaces its old row) and
renders the Markdown table at path (docs/reliability.md is made that way).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

COMMAND = "PAGEMILL_RELIABILITY_REPORT=docs/reliability.md .venv/bin/pytest tests/chaos"


@dataclass(frozen=True)
class Row:
    test: str  # the test function that measured it: the row's key in the .jsonl
    fault: str
    happened: str
    result: str
    measured: dict[str, Any] = field(default_factory=dict)


def seconds(value: float) -> str:
    return f"{value:.1f} s"


def n(count: int, noun: str) -> str:
    """``count`` and the noun, plural unless it is one: "1 page", "3 pages"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def outcome(c: dict[str, int]) -> str:
    """The end state every chaos test checks, as counted in the database."""
    return (
        f"{c['succeeded']}/{n(c['documents'], 'document')} succeeded; {n(c['pages_done'], 'page')} done, "
        f"each counted once; {n(c['events'], 'outcome event')} for {n(c['documents'], 'document')}"
    )


class Report:
    def __init__(self, order: list[str]) -> None:
        self.order = order  # tests in the order their rows are shown
        self.rows: list[Row] = []

    def add(self, row: Row) -> None:
        self.rows.append(row)

    def write(self, env: dict[str, str]) -> None:
        target = os.environ.get("PAGEMILL_RELIABILITY_REPORT")
        if not target or not self.rows:
            return
        path = Path(target)
        store = path.with_suffix(".jsonl")
        kept = [json.loads(line) for line in store.read_text().splitlines()] if store.exists() else []
        ran = {r.test for r in self.rows}
        # Rows of tests that did not run this time stay; rows without a test name are
        # from before rows were measured, and go.
        rows = [r for r in kept if r.get("test") and r["test"] not in ran] + [asdict(r) for r in self.rows]
        rows.sort(key=lambda r: self.order.index(r["test"]) if r["test"] in self.order else len(self.order))
        store.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        path.write_text(_markdown(rows, env))


def _markdown(rows: list[dict[str, Any]], env: dict[str, str]) -> str:
    from tests.factories import hostile
    from tests.test_load import DOCUMENTS, PAGES

    rel = {k.removeprefix("PAGEMILL_RELIABILITY__").lower(): v for k, v in env.items()}
    lines = [
        "# Reliability: faults injected into real processes",
        "",
        "Made by the test run, not by hand: every number below is what the run measured.",
        "",
        "```",
        COMMAND,
        "```",
        "",
        f"Last run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, on a private PostgreSQL "
        "cluster, Redis server and S3 (moto) server per run (tests/stack.py); "
        f"page lease {rel['page_lease']} s, renewed every {rel['lease_renew']} s; "
        f"reaper every {rel['reap_interval']} s; redispatch after {rel['redispatch_after']} s; "
        f"shutdown grace {rel['shutdown_grace']} s; {rel['page_max_attempts']} attempts per page.",
        "",
        f"The hostile-input corpus ({len(hostile.corpus())} files, each 4xx with nothing stored) is "
        f"tests/test_hostile_inputs.py; {DOCUMENTS} documents x {PAGES} pages at once is "
        "tests/test_load.py; schemathesis against the OpenAPI schema is tests/test_schema_fuzz.py. "
        "A PDF parser that crashes, hangs or runs out of memory at submit (helper processes) is "
        "tests/test_sandbox.py; one that is taken over and tries to read another file, connect "
        "(TCP, UDP, a Unix socket), run a program or signal the API (Landlock, seccomp) is "
        "tests/test_sandbox_confinement.py; pages too slow "
        "to draw at prepare are tests/test_render.py. An object store that throttles, fails or "
        "half-deletes (a proxy in front of moto) is tests/test_storage_faults.py; purges resent "
        "until confirmed, and retention, are in tests/test_reaper_purges.py.",
        "",
        "| Fault | What happened | Result |",
        "|---|---|---|",
        *(f"| {r['fault']} | {r['happened']} | {r['result']} |" for r in rows),
        "",
    ]
    return "\n".join(lines)
