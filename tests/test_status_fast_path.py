"""The polled reads (GET /v1/documents/{id}, GET /v1/documents) on their lean path: the
same answers as the ORM views, two SELECTs and no write per poll, tenant isolation, and
the bound on how long a revoked key keeps working in an API process."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import event, update

from common.core.db import get_database
from common.core.settings import get_settings
from common.documents import views
from common.documents.models import Document, Page
from common.documents.repository import documents as documents_repository
from common.documents.schemas import DocumentList, DocumentOut
from common.tenants import keycache
from common.tenants.keycache import KeyCache, VerifiedKey
from common.tenants.models import ApiKey
from common.tenants.service import hash_key
from tests.conftest import new_key
from tests.helpers import assert_problem, new_tenant, tenant_of


def add_document(tenant_id: uuid.UUID, *, pages: int, created: datetime | None = None) -> uuid.UUID:
    """A processing document with page rows in every state, as a converter leaves them."""
    now = created or datetime.now(UTC)
    doc_id = uuid.uuid4()
    with get_database().session_scope() as s:
        s.add(
            Document(
                id=doc_id,
                tenant_id=tenant_id,
                status="processing",
                engine="auto",
                options={"output_formats": ["markdown", "json"], "pages": list(range(1, pages + 1))},
                pages_total=pages,
                pages_done=pages - 2,
                pages_failed=1,
                source_key=f"tenants/{tenant_id}/documents/{doc_id}/source",
                sha256="a" * 64,
                bytes=1234,
                media_type="application/pdf",
                filename="report.pdf",
                source_pages=pages,
                client_metadata={"ref": "A-1"},
                created_at=now,
                updated_at=now,
                started_at=now,
                deadline_at=now + timedelta(hours=1),
            )
        )
        s.flush()
        for n in range(1, pages + 1):
            s.add(
                Page(
                    document_id=doc_id,
                    page_no=n,
                    status="failed" if n == 1 else ("queued" if n == pages else "done"),
                    engine=None if n == pages else "text",
                    attempts=1,
                    # An int timing: the response model makes it a float either way.
                    timings={"engine_s": 1, "render_s": 0.25} if n != pages else {},
                    error={"code": "engine_error", "message": "bad page"} if n == 1 else None,
                    started_at=now,
                    finished_at=None if n == pages else now,
                )
            )
    return doc_id


def as_the_model_writes(model: type[DocumentOut] | type[DocumentList], raw: bytes) -> bool:
    """The answer is what FastAPI would have written for the response model."""
    return model.__pydantic_serializer__.to_json(model.model_validate_json(raw)) == raw


def orm_view(tenant_id: uuid.UUID, doc_id: uuid.UUID, *, with_pages: bool) -> dict[str, Any]:
    with get_database().session_scope() as s:
        doc = documents_repository.get_document(s, tenant_id, doc_id)
        assert doc is not None
        out = views.to_out(s, doc, get_settings(), with_pages=with_pages)
        return out.model_dump(mode="json")


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """The SQL statements the API process (this one: the test server runs in a thread)
    sends while the test runs."""
    seen: list[str] = []
    engine = get_database().engine

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement.split(None, 1)[0].upper())

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_status_answers_what_the_orm_view_answers(client):
    # given a document of 50 pages in every state
    tenant_id = tenant_of(client)
    doc_id = add_document(tenant_id, pages=50)
    # when its status is polled
    resp = client.get(f"/v1/documents/{doc_id}")
    # then the answer is the document as the ORM view shapes it, every page in order
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
    body = resp.json()
    assert body == orm_view(tenant_id, doc_id, with_pages=True)
    assert [p["page_no"] for p in body["page_details"]] == list(range(1, 51))
    assert body["page_details"][0]["error"] == {"code": "engine_error", "message": "bad page"}
    assert body["page_details"][1]["timings"] == {"engine_s": 1.0, "render_s": 0.25}
    # and its bytes are the response model's own: validated and written again, the same
    assert as_the_model_writes(DocumentOut, resp.content)


def test_list_answers_what_the_orm_view_answers_page_by_page(client):
    # given three documents of one tenant
    tenant_id = tenant_of(client)
    now = datetime.now(UTC)
    ids = [add_document(tenant_id, pages=2, created=now - timedelta(seconds=i)) for i in range(3)]
    # when the list is read two at a time
    first = client.get("/v1/documents", params={"limit": 2}).json()
    second = client.get("/v1/documents", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    # then each entry is the ORM view of the document, newest first, without pages
    assert first["data"] == [orm_view(tenant_id, d, with_pages=False) for d in ids[:2]]
    assert first["links"]["next"].startswith("/v1/documents?cursor=")
    assert second["data"] == [orm_view(tenant_id, ids[2], with_pages=False)]
    raw = client.get("/v1/documents", params={"limit": 2}).content
    assert as_the_model_writes(DocumentList, raw)
    assert second["next_cursor"] is None and second["links"] == {}


def test_another_tenants_or_a_deleted_document_is_404(client):
    # given a document of another tenant, and a deleted one of this tenant
    foreign = add_document(new_tenant(), pages=1)
    deleted = add_document(tenant_of(client), pages=1)
    with get_database().session_scope() as s:
        s.execute(update(Document).where(Document.id == deleted).values(deleted_at=datetime.now(UTC)))
    # when this tenant asks for either
    for doc_id in (foreign, deleted):
        # then it is a 404 problem, and neither is listed
        assert_problem(client.get(f"/v1/documents/{doc_id}"), 404, "not-found")
    listed = {d["id"] for d in client.get("/v1/documents").json()["data"]}
    assert str(foreign) not in listed and str(deleted) not in listed


def test_a_status_poll_is_two_selects_and_writes_nothing(client, statements):
    # given a document, polled once (its key now verified)
    doc_id = add_document(tenant_of(client), pages=5)
    assert client.get(f"/v1/documents/{doc_id}").status_code == 200
    statements.clear()
    # when it is polled three more times
    for _ in range(3):
        assert client.get(f"/v1/documents/{doc_id}").status_code == 200
    # then each poll sent the document's and its pages' SELECT, nothing else
    assert statements == ["SELECT"] * 6


def test_a_key_revoked_by_another_process_is_refused_within_the_cache_ttl(api_url, monkeypatch):
    # given an API process that trusts verified keys for one second, and a key it verified
    monkeypatch.setattr(keycache, "_cache", KeyCache(ttl=1.0))
    key = new_key()
    client = httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {key}"})
    assert client.get("/v1/documents").status_code == 200
    # when the key is revoked in the database by another process (no hook runs here)
    with get_database().session_scope() as s:
        s.execute(update(ApiKey).where(ApiKey.key_hash == hash_key(key)).values(revoked_at=datetime.now(UTC)))
    revoked_at = time.monotonic()
    # then the key is refused within the TTL of its last lookup, and from then on
    while client.get("/v1/documents").status_code == 200:
        assert time.monotonic() - revoked_at < 1.0 + 0.5, "revoked key still accepted past the TTL"
    assert_problem(client.get("/v1/documents"), 401)


def test_a_key_revoked_in_the_api_process_is_refused_at_once(api_url, monkeypatch):
    from tests.helpers import cli

    # given a long TTL, and a key this process has verified
    monkeypatch.setattr(keycache, "_cache", KeyCache(ttl=3600.0))
    tenant = f"acme-{uuid.uuid4().hex[:8]}"
    cli("tenants", "create", tenant)
    key = cli("keys", "create", "--tenant", tenant)[1].strip()
    client = httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {key}"})
    assert client.get("/v1/documents").status_code == 200
    # when it is revoked through the service in this process
    assert cli("keys", "revoke", "--tenant", tenant, key)[0] == 0
    # then the next request is refused
    assert_problem(client.get("/v1/documents"), 401)


def test_the_cache_forgets_entries_after_the_ttl_and_keeps_a_bounded_number():
    clock = [100.0]
    verified = VerifiedKey(tenant_id=uuid.uuid4(), key_id=uuid.uuid4(), prefix="pm_abcdefg")
    # given a cache of two entries with a TTL of 5 s, and a key looked up at t=100
    cache = KeyCache(ttl=5.0, size=2, clock=lambda: clock[0])
    cache.put("a", verified, looked_up_at=100.0)
    # then it is trusted until t=105, not from then on
    clock[0] = 104.9
    assert cache.get("a") == verified
    clock[0] = 105.0
    assert cache.get("a") is None
    # and a third key pushes out the least recently used
    for name in ("a", "b", "c"):
        cache.put(name, verified, looked_up_at=clock[0])
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (None, verified, verified)
    # and a TTL of 0 remembers nothing
    off = KeyCache(ttl=0.0, clock=lambda: clock[0])
    off.put("a", verified, looked_up_at=clock[0])
    assert off.get("a") is None


def test_a_wrong_key_is_refused_before_the_parameters_are_validated(api_url):
    # given a key that is not valid, on a malformed document id and a malformed limit
    wrong = httpx.Client(base_url=api_url, headers={"Authorization": "Bearer pm_not-a-key"})
    # then both polls are 401, never the 422 of their parameters
    assert_problem(wrong.get("/v1/documents/not-a-uuid"), 401)
    assert_problem(wrong.get("/v1/documents", params={"limit": 0}), 401)
