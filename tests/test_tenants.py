"""Offboarding a tenant from the CLI: its keys stop working, its documents are deleted
and purged, its webhook endpoint goes, and nobody else is touched."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select

from common.core import queue
from common.core.db import get_database
from common.core.storage import document_prefix, get_store
from common.documents.models import Document
from common.webhooks.models import WebhookEndpoint
from tests.factories import files
from tests.helpers import cli, submit


def tenant_with_documents(api_url: str, n: int) -> tuple[str, httpx.Client, list[str]]:
    name = f"acme-{uuid.uuid4().hex[:8]}"
    assert cli("tenants", "create", name)[0] == 0
    key = cli("keys", "create", "--tenant", name)[1].strip()
    client = httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {key}"}, timeout=30)
    docs = [submit(client, files.text_pdf(1), engine="null").json()["id"] for _ in range(n)]
    return name, client, docs


def test_an_offboarded_tenant_loses_its_keys_documents_and_endpoint_and_nobody_else_does(api_url, sent):
    from worker import flows

    # given two tenants with stored documents, the first with a webhook endpoint
    name, client, docs = tenant_with_documents(api_url, 2)
    assert client.put("/v1/webhook-endpoint", json={"url": None}).status_code in (200, 201)
    other_name, other, other_docs = tenant_with_documents(api_url, 1)
    with get_database().session_scope() as s:
        tenant_id = s.scalars(select(Document.tenant_id).where(Document.id == uuid.UUID(docs[0]))).one()
    assert all(get_store().list_keys(document_prefix(tenant_id, uuid.UUID(d))) for d in docs)
    sent.clear()
    # when the first is deleted without confirming, nothing happens
    code, _, err = cli("tenants", "delete", name)
    assert code == 1 and "--yes" in err
    assert client.get("/v1/documents").status_code == 200
    # when it is deleted with --yes
    code, out, _ = cli("tenants", "delete", name, "--yes")
    assert code == 0
    assert out.strip() == (
        f"deleted tenant {name}: 1 keys revoked, 2 documents deleted (their stored files are being purged)"
    )
    # then its key is refused, its documents are deleted and their purges sent
    assert client.get("/v1/documents").status_code == 401
    with get_database().session_scope() as s:
        rows = s.scalars(select(Document).where(Document.id.in_([uuid.UUID(d) for d in docs]))).all()
        assert all(d.deleted_at is not None and d.client_metadata == {} for d in rows)
    assert sorted(a[1] for a in sent if a[0] == queue.PURGE) == sorted(docs)
    with get_database().session_scope() as s:
        assert s.scalar(select(WebhookEndpoint).where(WebhookEndpoint.tenant_id == tenant_id)) is None
    for d in docs:
        flows.purge_document(get_database(), get_store(), uuid.UUID(d))
        assert get_store().list_keys(document_prefix(tenant_id, uuid.UUID(d))) == []
    # and the name is not given out again, nor does it get new keys
    code, _, err = cli("tenants", "create", name)
    assert code == 1 and "was deleted" in err
    code, _, err = cli("keys", "create", "--tenant", name)
    assert code == 1 and "gets no new keys" in err
    assert "already deleted" in cli("tenants", "delete", name, "--yes")[2]
    # and the other tenant still works, its document untouched
    assert other.get(f"/v1/documents/{other_docs[0]}").status_code == 200
    assert cli("keys", "list", "--tenant", other_name)[0] == 0
