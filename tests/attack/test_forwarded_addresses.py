"""Attack suite: a client that claims another address with X-Forwarded-For. Only a
configured reverse proxy is believed (http.trusted_proxies); everyone else is seen at
the address it connects from, in the rate limit and the audit trail alike."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import new_key
from tests.serving import serve


def _first_use(url: str, key: str, forwarded_for: str) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {key}", "X-Forwarded-For": forwarded_for}
    assert httpx.get(f"{url}/v1/documents", headers=headers).status_code == 200
    events = httpx.get(f"{url}/v1/audit-events", headers=headers).json()["data"]
    (used,) = [e for e in events if e["action"] == "key.used_from_new_address"]
    return dict(used)


def test_a_spoofed_forwarded_for_is_ignored_from_a_client_that_is_not_the_proxy(services):
    # given an API that trusts only its proxy at 10.9.8.7, and a client on loopback
    with serve({"PAGEMILL_HTTP__TRUSTED_PROXIES": "10.9.8.7"}, "attack-xff-1.log") as srv:
        # when the client claims to be 203.0.113.7
        used = _first_use(srv.url, new_key(), "203.0.113.7")
    # then the audit trail records where it really connected from
    assert used["remote_addr"] == "127.0.0.1", used


def test_the_trusted_proxys_forwarded_for_is_the_client_address(services):
    # given an API behind a proxy on loopback (the default trust)
    with serve({"PAGEMILL_HTTP__TRUSTED_PROXIES": "127.0.0.1/32,::1"}, "attack-xff-2.log") as srv:
        # when the proxy forwards a client at 198.51.100.23 (after a hop the client made up)
        used = _first_use(srv.url, new_key(), "192.0.2.1, 198.51.100.23")
    # then the address the proxy saw is the one recorded, not the one the client wrote
    assert used["remote_addr"] == "198.51.100.23", used
