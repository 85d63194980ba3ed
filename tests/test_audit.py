"""The tenant's audit trail over HTTP against Postgres: each audited action yields its
event, the listing is the tenant's own and pages with a cursor, and rows are append-only."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from common.audit.models import AuditEvent
from common.core.db import get_database
from common.tenants.models import Tenant
from tests.conftest import new_key
from tests.factories import files
from tests.helpers import assert_problem, cli, queued_document, tenant_of


def _events(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    resp = client.get("/v1/audit-events", params=params)
    assert resp.status_code == 200, resp.text
    return list(resp.json()["data"])


def _actions(client: httpx.Client) -> list[str]:
    return [e["action"] for e in _events(client, limit=200)]


def _tenant_name(tenant_id: uuid.UUID) -> str:
    with get_database().session_scope() as s:
        tenant = s.get(Tenant, tenant_id)
        assert tenant is not None
        return tenant.name


def test_a_key_is_created_then_used_from_a_new_address_once(client) -> None:
    events = _events(client)
    # newest first: the first request from this address, then the key's creation
    assert [e["action"] for e in events] == ["key.used_from_new_address", "key.created"]
    used, created = events
    prefix = client.headers["authorization"].removeprefix("Bearer ")[:10]
    assert used["actor"] == prefix and used["subject"] == prefix and used["remote_addr"] == "127.0.0.1"
    assert created["actor"] == "system" and created["subject"] == prefix
    # and later requests from that address add nothing
    client.get("/v1/documents")
    assert _actions(client) == ["key.used_from_new_address", "key.created"]


def test_keys_created_and_revoked_by_an_operator(client) -> None:
    client.get("/v1/documents")  # the key's first use from here is behind us
    name = _tenant_name(tenant_of(client))
    code, out, _ = cli("keys", "create", "--tenant", name, "--name", "ci")
    assert code == 0
    other = out.strip()
    code, _, err = cli("keys", "revoke", "--tenant", name, other)
    assert code == 0, err
    events = _events(client)
    assert [e["action"] for e in events[:2]] == ["key.revoked", "key.created"]
    assert all(e["actor"] == "cli" and e["subject"] == other[:10] for e in events[:2])
    assert events[1]["details"] == {"name": "ci"}


def test_document_deletion_and_webhook_endpoint_changes(client) -> None:
    doc_id = queued_document(tenant_of(client), files.text_pdf(1), engine="null")
    assert client.delete(f"/v1/documents/{doc_id}").status_code in (202, 204)
    client.put("/v1/webhook-endpoint", json={"url": None})
    client.put("/v1/webhook-endpoint", json={"url": "https://93.184.215.14/hooks"})
    client.post("/v1/webhook-endpoint/rotate-secret")
    client.delete("/v1/webhook-endpoint")
    events = _events(client, limit=6)
    assert [e["action"] for e in events] == [
        "webhook_endpoint.deleted",
        "webhook_endpoint.secret_rotated",
        "webhook_endpoint.updated",
        "webhook_endpoint.created",
        "document.deleted",
        "key.used_from_new_address",
    ]
    assert events[2]["details"] == {"url": "https://93.184.215.14/hooks"}
    assert events[4]["subject"] == doc_id
    # no secret is ever part of an event
    assert "whsec_" not in str(events)


def test_a_redelivery(client, sent) -> None:
    from tests.webhook_delivery.attempts import event_of, finish

    client.put("/v1/webhook-endpoint", json={"url": "http://127.0.0.1:9/hook"})
    event = event_of(finish(tenant_of(client), 1))
    resp = client.post(f"/v1/documents/{event.document_id}/webhook-deliveries/redeliver")
    assert resp.status_code == 202, resp.text
    latest = _events(client, limit=1)[0]
    assert latest["action"] == "webhook_event.redelivered" and latest["subject"] == str(event.document_id)
    assert latest["details"] == {"webhook_id": event.webhook_id}


def test_offboarding_is_recorded_and_the_trail_stays(client) -> None:
    tenant_id = tenant_of(client)
    queued_document(tenant_id, files.text_pdf(1), engine="null")
    name = _tenant_name(tenant_id)
    assert cli("tenants", "delete", name, "--yes")[0] == 0
    with get_database().session_scope() as s:
        rows = s.scalars(
            select(AuditEvent).where(AuditEvent.tenant_id == tenant_id).order_by(AuditEvent.at.desc())
        ).all()
        assert rows[0].action == "tenant.offboarded" and rows[0].actor == "cli"
        assert rows[0].details == {"keys": 1, "documents": 1}
        assert "document.deleted" in [r.action for r in rows]
        assert "key.created" in [r.action for r in rows]


def test_the_listing_is_the_tenants_own_and_pages_with_a_cursor(client, api_url) -> None:
    for n in range(4):
        client.put("/v1/webhook-endpoint", json={"url": f"https://93.184.215.{n + 10}/h"})
    with httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {new_key()}"}) as other:
        other.put("/v1/webhook-endpoint", json={"url": None})
        others = {e["id"] for e in _events(other, limit=200)}
    everything = _events(client, limit=200)
    assert not others & {e["id"] for e in everything}
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = client.get("/v1/audit-events", params={"limit": 2, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        seen += body["data"]
        cursor = body["next_cursor"]
        if cursor is None:
            break
        assert body["links"]["next"].startswith("/v1/audit-events?cursor=")
    assert [e["id"] for e in seen] == [e["id"] for e in everything] and len(seen) == 6
    assert [e["at"] for e in seen] == sorted((e["at"] for e in seen), reverse=True)


@pytest.mark.parametrize("cursor", ["nonsense", "MDAwMS0wMS0wMVQwMDowMDowMCsxNDowMHx4", "x" * 500])
def test_a_bad_cursor_is_a_problem_like_the_documents_lists(client, cursor: str) -> None:
    assert_problem(client.get("/v1/audit-events", params={"cursor": cursor}), 400, "invalid-cursor")


def test_without_a_key_it_is_a_401(api_url) -> None:
    assert httpx.get(f"{api_url}/v1/audit-events").status_code == 401


def test_rows_are_append_only_in_postgres(client) -> None:
    client.get("/v1/documents")
    for statement in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), get_database().session_scope() as s:
            s.execute(text(statement))


def test_each_event_is_also_a_structured_log_line(client, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="pagemill.audit"):
        client.post("/v1/webhook-endpoint/rotate-secret")  # 404: no endpoint, nothing recorded
        client.put("/v1/webhook-endpoint", json={"url": None})
    lines = [r for r in caplog.records if r.name == "pagemill.audit"]
    fields = [r.fields for r in lines]
    assert [f["action"] for f in fields] == ["key.used_from_new_address", "webhook_endpoint.created"]
    assert fields[1]["tenant_id"] == str(tenant_of(client)) and fields[1]["remote_addr"] == "127.0.0.1"
