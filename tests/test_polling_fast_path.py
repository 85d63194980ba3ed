"""api/polling.py: status and list polls answered beside FastAPI's routing. The routes
are the reference: the same requests through an application with the shortcut off must
get the same status, headers and bytes; what the shortcut does not read it leaves to
them; and `pagemill serve`'s application freezes its objects out of the collector."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from api import deps, polling
from api.app import create_app
from common.core.settings import get_settings
from common.documents import views
from tests.conftest import ROOT
from tests.helpers import assert_problem, new_tenant, python_ints, tenant_of
from tests.serving import serve_in_thread
from tests.stack import free_port
from tests.test_status_fast_path import add_document


@pytest.fixture
def routes_only(api_key: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[httpx.Client]:
    """The same API with the shortcut off, served beside the suite's own."""
    monkeypatch.setattr(get_settings().api, "polling_fast_path", False)
    app = create_app()
    auth = {"Authorization": f"Bearer {api_key}"}
    with serve_in_thread(app) as url, httpx.Client(base_url=url, headers=auth, timeout=30) as c:
        yield c


@pytest.fixture
def shortcut_reads(monkeypatch: pytest.MonkeyPatch) -> list[uuid.UUID]:
    """The tenant of every read the shortcut answered (it admits each one itself)."""
    seen: list[uuid.UUID] = []

    def admit(key: Any) -> uuid.UUID:
        seen.append(key.tenant_id)
        return deps.admit(key)

    monkeypatch.setattr(polling, "admit", admit)
    return seen


def same_answer(fast: httpx.Response, slow: httpx.Response) -> None:
    assert (fast.status_code, fast.content) == (slow.status_code, slow.content)
    # Every header but the clock's and the two servers' own connection handling.
    ignored = {"date", "connection", "keep-alive"}
    assert [(k, v) for k, v in fast.headers.multi_items() if k not in ignored] == [
        (k, v) for k, v in slow.headers.multi_items() if k not in ignored
    ]


def test_status_and_list_polls_get_the_routes_bytes(client, routes_only, shortcut_reads):
    # given a tenant with three documents, one of 20 pages in every state
    tenant_id = tenant_of(client)
    now = datetime.now(UTC)
    ids = [
        add_document(tenant_id, pages=20 if i == 0 else 2, created=now - timedelta(seconds=i))
        for i in range(3)
    ]
    client.get("/v1/documents")  # the key is now verified in this process
    shortcut_reads.clear()
    first = client.get("/v1/documents", params={"limit": 2}).json()
    requests: list[tuple[str, dict[str, Any]]] = [
        (f"/v1/documents/{ids[0]}", {}),
        (f"/v1/documents/{str(ids[1]).upper()}", {}),
        ("/v1/documents", {}),
        ("/v1/documents", {"limit": 2}),
        ("/v1/documents", {"limit": 2, "cursor": first["next_cursor"]}),
        ("/v1/documents", {"status": "processing", "limit": 1}),
        ("/v1/documents", {"status": "succeeded"}),
    ]
    shortcut_reads.clear()
    # when each is asked with and without the shortcut
    for path, params in requests:
        fast, slow = client.get(path, params=params), routes_only.get(path, params=params)
        # then the answers are the same, byte for byte
        assert fast.status_code == 200, fast.text
        same_answer(fast, slow)
    # and the shortcut answered every one of them
    assert shortcut_reads == [tenant_id] * len(requests)


def test_its_own_errors_are_the_routes_problems(client, routes_only, shortcut_reads):
    # given another tenant's document, and this tenant's key verified in this process
    foreign = add_document(new_tenant(), pages=1)
    client.get("/v1/documents")
    shortcut_reads.clear()
    # when this tenant asks for it, or lists by a status that does not exist
    asked = [(f"/v1/documents/{foreign}", {}, 404), ("/v1/documents", {"status": "bogus"}, 422)]
    for path, params, status in asked:
        fast, slow = client.get(path, params=params), routes_only.get(path, params=params)
        # then both answer the same problem document
        assert_problem(fast, status)
        same_answer(fast, slow)
    assert len(shortcut_reads) == len(asked)


def test_what_it_does_not_read_is_left_to_the_routes(api_url, client, routes_only, shortcut_reads):
    # given a document, and the suite's key verified in this process
    doc_id = add_document(tenant_of(client), pages=1)
    client.get("/v1/documents")
    shortcut_reads.clear()
    # when the requests are ones the shortcut does not judge: a limit out of range or not
    # a number, a name twice, an unknown parameter, a query on the status, a UUID spelt
    # without dashes, another method, no key, a key it never saw
    odd = [
        ("GET", "/v1/documents?limit=0", None),
        ("GET", "/v1/documents?limit=x", None),
        ("GET", "/v1/documents?limit=2&limit=3", None),
        ("GET", "/v1/documents?page=2", None),
        ("GET", f"/v1/documents/{doc_id}?x=1", None),
        ("GET", f"/v1/documents/{doc_id.hex}", None),
        ("DELETE", f"/v1/documents/{uuid.uuid4()}", None),
        ("GET", f"/v1/documents/{doc_id}", ""),
        ("GET", f"/v1/documents/{doc_id}", "pm_" + "x" * 40),
    ]
    for method, path, key in odd:
        headers = {} if key is None else {"Authorization": f"Bearer {key}" if key else ""}
        fast = client.request(method, path, headers=headers)
        slow = routes_only.request(method, path, headers=headers)
        # then the routes answer them, as they always have
        same_answer(fast, slow)
    assert shortcut_reads == []


def test_a_failing_read_is_answered_again_by_the_route(client, shortcut_reads, monkeypatch):
    # given a document, and a status read that fails once in the shortcut
    doc_id = add_document(tenant_of(client), pages=3)
    client.get("/v1/documents")
    calls: list[uuid.UUID] = []
    real = views.status_json

    def once_broken(*args: Any, **kwargs: Any) -> bytes:
        calls.append(kwargs["document_id"])
        if len(calls) == 1:
            raise RuntimeError("connection reset")
        return real(*args, **kwargs)

    monkeypatch.setattr(views, "status_json", once_broken)
    # when it is polled
    resp = client.get(f"/v1/documents/{doc_id}")
    # then the route ran the request again and answered it
    assert resp.status_code == 200 and resp.json()["id"] == str(doc_id)
    assert calls == [doc_id, doc_id]


def test_the_served_application_is_frozen_out_of_the_collector():
    # given the application as `pagemill serve` builds it, in a process of its own
    code = (
        "import gc\n"
        "from api.app import create_served_app\n"
        "before = gc.get_freeze_count()\n"
        "create_served_app()\n"
        "print(before, gc.get_freeze_count(), len(gc.get_objects()))\n"
    )
    before, frozen, tracked = python_ints(code)
    # then its objects are frozen, and what the collector still walks is a small rest
    assert before == 0 and frozen > 100_000
    assert tracked < frozen / 10


def test_the_served_application_starts_while_object_storage_is_down():
    # given an object store nobody listens on, in which the settings ask for a bucket
    env = {
        **os.environ,
        "PAGEMILL_STORAGE__URL": "s3://pagemill-down",
        "PAGEMILL_STORAGE__ENDPOINT_URL": f"http://127.0.0.1:{free_port()}",
        "PAGEMILL_STORAGE__CREATE_BUCKET": "true",
    }
    code = "from api.app import create_served_app\ncreate_served_app()\nprint('started')\n"
    # when `pagemill serve`'s application is built
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    # then it starts, and says the store is left to its first use
    assert out.returncode == 0 and out.stdout.strip().endswith("started"), out.stderr[-2000:]
    assert "object storage unavailable at start-up" in out.stderr + out.stdout
