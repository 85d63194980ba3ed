"""Fixtures of the delivery tests: a real HTTP receiver on loopback, a tenant whose endpoint it
is, and a ``sent`` that also records the keywords of what would be enqueued (the queue and the
ETA of a scheduled retry), where the suite's own records the task and its ids only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from common.core import queue
from tests.receiver import Receiver


@pytest.fixture
def sent(monkeypatch) -> list[tuple]:
    calls: list[tuple] = []
    monkeypatch.setattr(queue, "enqueue", lambda name, *args, **kw: calls.append((name, *args, kw)))
    return calls


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def hooked(client, receiver) -> tuple:
    """A tenant whose endpoint is the receiver; the receiver knows the secret."""
    resp = client.put("/v1/webhook-endpoint", json={"url": receiver.url})
    assert resp.status_code == 201, resp.text
    receiver.secrets.append(resp.json()["secret"])
    return client, receiver
