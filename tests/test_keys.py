"""API keys are listed and revoked from the CLI; a revoked key stops working at once."""

from __future__ import annotations

import uuid

import httpx

from tests.helpers import cli


def test_a_revoked_key_stops_working_and_the_tenants_other_keys_do_not(api_url, services) -> None:
    # given a tenant with two keys, both working
    tenant = f"acme-{uuid.uuid4().hex[:8]}"
    assert cli("tenants", "create", tenant)[0] == 0
    first = cli("keys", "create", "--tenant", tenant, "--name", "billing")[1].strip()
    second = cli("keys", "create", "--tenant", tenant, "--name", "erp")[1].strip()
    for key in (first, second):
        resp = httpx.get(f"{api_url}/v1/documents", headers={"Authorization": f"Bearer {key}"})
        assert resp.status_code == 200
    # when the keys are listed, each shows by its prefix and label, never the secret
    code, listing, _ = cli("keys", "list", "--tenant", tenant)
    assert code == 0
    lines = listing.splitlines()
    assert lines[0].split() == ["KEY", "NAME", "CREATED", "LAST", "USED", "REVOKED"]
    assert [line.split()[:2] for line in lines[1:]] == [
        [first[:10] + "…", "billing"],
        [second[:10] + "…", "erp"],
    ]
    assert first not in listing and second not in listing
    assert all(line.rstrip().endswith("-") for line in lines[1:])  # none revoked
    # and the first is revoked by the prefix the listing shows
    code, out, _ = cli("keys", "revoke", "--tenant", tenant, first[:10] + "…")
    assert (code, out.strip()) == (0, f"revoked key {first[:10]}… of tenant {tenant}")
    # then the first key is refused at once, and the second still works
    resp = httpx.get(f"{api_url}/v1/documents", headers={"Authorization": f"Bearer {first}"})
    assert resp.status_code == 401 and resp.headers["content-type"] == "application/problem+json"
    resp = httpx.get(f"{api_url}/v1/documents", headers={"Authorization": f"Bearer {second}"})
    assert resp.status_code == 200
    # and a key can also be revoked by pasting it whole (a leaked key, as found)
    code, out, _ = cli("keys", "revoke", "--tenant", tenant, second)
    assert (code, out.strip()) == (0, f"revoked key {second[:10]}… of tenant {tenant}")
    resp = httpx.get(f"{api_url}/v1/documents", headers={"Authorization": f"Bearer {second}"})
    assert resp.status_code == 401
    # and the listing says when it was revoked; revoking it again says so and changes nothing
    revoked_line = cli("keys", "list", "--tenant", tenant)[1].splitlines()[1]
    assert not revoked_line.rstrip().endswith("-")
    assert cli("keys", "revoke", "--tenant", tenant, first[:10])[1].strip() == (
        f"key {first[:10]}… was already revoked"
    )


def test_revoking_an_unknown_or_ambiguous_key_is_a_one_line_error(services) -> None:
    tenant = f"acme-{uuid.uuid4().hex[:8]}"
    cli("tenants", "create", tenant)
    cli("keys", "create", "--tenant", tenant)
    cli("keys", "create", "--tenant", tenant)
    for args, words in (
        (("--tenant", tenant, "pm_zzzzzzz"), "has no key starting"),
        (("--tenant", tenant, "pm_"), "at least 7 characters"),
        (("--tenant", "nobody-" + tenant, "pm_zzzzzzz"), "no tenant named"),
    ):
        code, out, err = cli("keys", "revoke", *args)
        assert code == 1 and out == ""
        assert err.startswith("pagemill: error: ") and words in err and err.count("\n") == 1


def test_a_prefix_shared_with_a_revoked_key_revokes_the_live_one(services) -> None:
    from sqlalchemy import select

    from common.core.db import get_database
    from common.core.orm import utcnow
    from common.tenants.models import ApiKey, Tenant

    # given a live key and an old, revoked one that shows the same ten characters
    tenant = f"acme-{uuid.uuid4().hex[:8]}"
    cli("tenants", "create", tenant)
    live = cli("keys", "create", "--tenant", tenant)[1].strip()
    with get_database().session_scope() as s:
        tenant_id = s.scalar(select(Tenant.id).where(Tenant.name == tenant))
        s.add(ApiKey(tenant_id=tenant_id, key_hash="0" * 64, prefix=live[:10], revoked_at=utcnow()))
    # when the prefix is revoked, the live key is the one meant
    code, out, err = cli("keys", "revoke", "--tenant", tenant, live[:10])
    assert (code, out.strip(), err) == (0, f"revoked key {live[:10]}… of tenant {tenant}", "")
    with get_database().session_scope() as s:
        assert s.scalar(
            select(ApiKey.revoked_at).where(ApiKey.key_hash != "0" * 64, ApiKey.tenant_id == tenant_id)
        )
