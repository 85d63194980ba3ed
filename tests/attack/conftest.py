"""The attack suite's target: the full stack as a deployment runs it. `pagemill serve` in
a process of its own, with the production defaults at the edge and the production
webhook policy (https only, no private address allowlisted), a real Celery worker, and
the suite's Postgres, Redis and S3 server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.serving import Server, serve

# The suite's settings loosen the webhook policy for its loopback receivers; an attacker
# meets the production one.
PRODUCTION_POLICY = {"PAGEMILL_WEBHOOKS__ALLOW_HTTP": "false", "PAGEMILL_WEBHOOKS__ALLOWLIST": ""}


@pytest.fixture(scope="package")
def target(services: None, worker: object) -> Iterator[Server]:
    with serve(PRODUCTION_POLICY, "attack-api.log") as srv:
        yield srv
