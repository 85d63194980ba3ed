"""The receiver example in docs/webhooks.md works against what Pagemill signs."""

from __future__ import annotations

import importlib
import json
import socket
import threading

import httpx
import pytest
import uvicorn

from common.webhooks.signing import new_secret, signature_headers
from tests.helpers import wait_until


def test_the_example_receiver_verifies_deduplicates_and_refuses_forgeries(monkeypatch: pytest.MonkeyPatch):
    old, new = new_secret(), new_secret()
    monkeypatch.setenv("PAGEMILL_WEBHOOK_SECRET", f"{new},{old}")
    example = importlib.reload(importlib.import_module("examples.webhook_receiver"))
    # Our own bound socket: no window in which another process can take the port.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(example.app, log_level="warning"))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    wait_until(lambda: server.started, what="the example receiver to start", interval=0.01)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    body = json.dumps({"type": "document.succeeded", "data": {"id": "d1"}})
    # signed with the old secret only (a rotation in progress): accepted
    headers = {**signature_headers("evt_1", body, [old]), "content-type": "application/json"}
    first = client.post("/hooks/pagemill", content=body, headers=headers)
    assert first.status_code == 204, first.text
    # the same webhook-id again (a retry): accepted, handled once
    assert client.post("/hooks/pagemill", content=body, headers=headers).status_code == 204
    # (the work runs as a background task, after the answer: a later event, once handled,
    # shows that whatever the retry would have started has been started)
    later = json.dumps({"type": "document.failed", "data": {"id": "d9"}})
    later_headers = {**signature_headers("evt_2", later, [new]), "content-type": "application/json"}
    assert client.post("/hooks/pagemill", content=later, headers=later_headers).status_code == 204
    wait_until(lambda: len(example.handled) >= 2, timeout=10, what="the later event handled", interval=0.02)
    # (each handled once; the two requests' background tasks may end in either order)
    assert sorted(e["data"]["id"] for e in example.handled) == ["d1", "d9"]
    # a tampered body: refused
    forged = body.replace("d1", "d2")
    assert client.post("/hooks/pagemill", content=forged, headers=headers).status_code == 400
    client.close()
    server.should_exit = True
