"""Delivering one event: the connection. A slow, refused or dripping receiver is a retry; the
address is checked again at send time and the checked one is dialled; an internationalised
host name goes out as IDNA.

The deliver step is called directly (as the task would call it) against real Postgres, moto's
S3 and a real HTTP receiver on loopback; what it would enqueue is recorded instead of sent, so
each test drives every attempt itself (conftest.py, attempts.py)."""

from __future__ import annotations

import time

from common.webhooks.sender import Verdict
from tests.helpers import tenant_of
from tests.receiver import Receiver
from tests.webhook_delivery.attempts import attempt, event_of, finish, with_webhooks


def test_a_receiver_slower_than_the_timeout_is_a_retry(hooked, sent) -> None:
    client, receiver = hooked
    receiver.delay = 1.0
    event = event_of(finish(tenant_of(client), 1))
    assert attempt(event, with_webhooks(timeout=0.3)) is Verdict.retry
    assert "timed out" in str(event_of(event.document_id).last_error)


def test_connection_refused_is_a_retry(client, sent) -> None:
    dead = Receiver().reserve_port()
    client.put("/v1/webhook-endpoint", json={"url": dead.url})
    event = event_of(finish(tenant_of(client), 1))
    assert attempt(event) is Verdict.retry
    assert "Connect" in str(event_of(event.document_id).last_error)


def test_a_receiver_that_drips_its_answer_is_cut_off_at_the_total_timeout(hooked, sent) -> None:
    client, receiver = hooked
    receiver.drip = 0.1  # each byte well within any per-read timeout; 1.2 s in all
    event = event_of(finish(tenant_of(client), 1))
    started = time.monotonic()
    assert attempt(event, with_webhooks(timeout=0.5)) is Verdict.retry
    assert time.monotonic() - started < 1.0
    assert "timed out" in str(event_of(event.document_id).last_error)


def test_the_address_is_checked_again_at_send_time_and_the_checked_one_is_dialled(
    client, receiver, sent
) -> None:
    # given a document whose webhook host did not resolve at submit (accepted, judged later)
    secret = client.put("/v1/webhook-endpoint", json={"url": None}).json()["secret"]
    receiver.secrets.append(secret)
    url = f"http://hooks.pagemill-test.invalid:{receiver.port}/hook"
    event = event_of(finish(tenant_of(client), 1, webhook_url=url))
    strict = with_webhooks(allowlist=[])
    # when it resolves to a private address at send time: refused, permanently, nothing sent
    assert attempt(event, strict, resolver=lambda h, p: ["10.0.0.5"]) is Verdict.failed
    assert "private" in str(event_of(event.document_id).last_error) and receiver.received == []
    # when (after a redelivery) it resolves to an allowed address, that address is dialled
    # with the original Host header, and the signature verifies
    client.post(f"/v1/documents/{event.document_id}/webhook-deliveries/redeliver")
    assert attempt(event, resolver=lambda h, p: ["127.0.0.1"]) is Verdict.delivered
    (got,) = receiver.wait_for(1)
    assert got.headers["host"] == f"hooks.pagemill-test.invalid:{receiver.port}" and got.verify_error is None


def test_an_internationalised_host_name_goes_out_as_idna(client, receiver, sent) -> None:
    receiver.secrets.append(client.put("/v1/webhook-endpoint", json={"url": None}).json()["secret"])
    url = f"http://bücher.pagemill-test.invalid:{receiver.port}/hook"
    event = event_of(finish(tenant_of(client), 1, webhook_url=url))
    assert attempt(event, resolver=lambda h, p: ["127.0.0.1"]) is Verdict.delivered
    (got,) = receiver.wait_for(1)
    assert got.headers["host"] == f"xn--bcher-kva.pagemill-test.invalid:{receiver.port}"
