from __future__ import annotations

import re
import time
import uuid
from typing import Any

import httpx
from sqlalchemy import func, select

TERMINAL = {"succeeded", "partially_succeeded", "failed", "cancelled"}


def submit(
    client: httpx.Client,
    content: bytes,
    filename: str = "doc.pdf",
    *,
    headers: dict[str, str] | None = None,
    **fields: str,
) -> httpx.Response:
    return client.post(
        "/v1/documents", files={"file": (filename, content)}, data=fields, headers=headers or {}
    )


def wait_done(client: httpx.Client, doc_id: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        doc: dict[str, Any] = client.get(f"/v1/documents/{doc_id}").json()
        if doc["status"] in TERMINAL:
            return doc
        time.sleep(0.1)
    raise AssertionError(f"document {doc_id} did not finish in {timeout}s: {doc}")


def wait_until(predicate: Any, timeout: float = 30, what: str = "condition", interval: float = 0.1) -> Any:
    """Poll until predicate() is truthy and return it: for state another process commits
    after the signal a test saw (a receiver answered before the worker recorded it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def broker_settled(*queues: str) -> bool:
    """No message waits in ``queues`` and none is out with a worker unacknowledged.

    Tasks are acknowledged when they end (acks_late), so once this holds every task sent
    so far has run to its end, and whatever it was going to send is sent: the positive
    signal that a "nothing more happens" check can wait on instead of a sleep.
    """
    from common.core.queue import get_celery

    with get_celery().connection_for_read() as conn:
        channel: Any = conn.default_channel
        # (not passive: on Redis an empty queue has no key, and a passive declare of it fails)
        waiting = sum(channel.queue_declare(q).message_count for q in queues)
        with channel.conn_or_acquire() as redis:
            out = int(redis.hlen(channel.unacked_key))
    return waiting == 0 and out == 0


def tasks_started(node: str, task: str) -> int:
    """How many ``task`` tasks the worker ``node`` has started since it came up: Celery's
    own counter, read by remote control."""
    from common.core.queue import get_celery

    stats = get_celery().control.inspect(destination=[node], timeout=5, limit=1).stats() or {}
    return int(stats.get(node, {}).get("total", {}).get(task, 0))


def stored_keys(prefix: str = "") -> list[str]:
    from common.core.storage import get_store

    return get_store().list_keys(prefix)


def assert_problem(resp: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = resp.json()
    assert body["status"] == status and body["title"] and body["detail"]
    if code:
        assert body["type"].endswith("/" + code), body
    return body


def tenant_of(client) -> uuid.UUID:
    from common.core.db import get_database
    from common.tenants.service import authenticate

    key = client.headers["authorization"].split(" ", 1)[1]
    with get_database().session_scope() as s:
        return authenticate(s, key)


def document_count(tenant_id: uuid.UUID) -> int:
    from common.core.db import get_database
    from common.documents.models import Document

    with get_database().session_scope() as s:
        return int(
            s.scalar(select(func.count()).select_from(Document).where(Document.tenant_id == tenant_id)) or 0
        )


def new_tenant() -> uuid.UUID:
    """A new tenant with an API key, by id."""
    from common.core.db import get_database
    from common.tenants.service import authenticate
    from tests.conftest import new_key

    with get_database().session_scope() as s:
        return authenticate(s, new_key())


def queued_document(tenant_id: uuid.UUID, content: bytes, **options: str) -> str:
    """A document accepted through the submit service whose prepare task is never sent."""
    import hashlib
    import tempfile
    from pathlib import Path

    from common.core.db import get_database
    from common.core.settings import get_settings
    from common.core.storage import get_store
    from common.documents import forms, service

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload"
        path.write_bytes(content)
        staged = forms.StagedUpload(
            path=path,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            head=content[:2048],
            filename="queued.pdf",
        )
        with get_database().session_scope() as s:
            doc, _ = service.submit(
                s,
                get_store(),
                get_settings(),
                tenant_id=tenant_id,
                upload=staged,
                options=forms.SubmitOptions(
                    engine=options.get("engine", "null"), webhook_url=options.get("webhook_url")
                ),
            )
            s.info.pop("pagemill.after_commit", None)  # drop the dispatch: nothing will take it
            return str(doc.id)


# The start of a script for a fresh interpreter in which every network call fails: an
# audit hook refuses socket use, and the script checks that it does before going on.
NO_NETWORK = """
import sys
def audit(event, args):
    if event.startswith("socket.") and event not in ("socket.__new__", "socket.bind"):
        raise RuntimeError("network use: " + event)
sys.addaudithook(audit)
import socket
try:
    socket.getaddrinfo("example.com", 443)
    raise SystemExit("the audit hook did not block the network")
except RuntimeError:
    pass
"""


def python_ints(code: str) -> list[int]:
    """Run ``code`` in a fresh interpreter from the repository root, with this run's
    environment; the integers it printed (it must succeed)."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    cmd = [sys.executable, "-c", code]
    out = subprocess.run(cmd, cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return [int(x) for x in out.stdout.split()]


def cli(*args: str) -> tuple[int, str, str]:
    """`pagemill ARGS` run in this process: (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from api.cli import main

    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _squashed(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\\", "")).strip()


def assert_in_order(haystack: str, needles: list[str]) -> None:
    text, pos = _squashed(haystack), 0
    for needle in needles:
        found = text.find(_squashed(needle), pos)
        assert found >= 0, f"{needle!r} missing or out of order after position {pos}"
        pos = found + len(_squashed(needle))
