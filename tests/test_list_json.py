"""GET /v1/documents as Postgres writes it (views.list_json on PostgreSQL): every entry
byte for byte what the response model writes for the ORM document, for the values that
JSON text is most easily written differently: timestamps with and without microseconds
and in a session time zone other than UTC, NULLs, JSONB numbers and strings,
unicode and control characters, every status, a configured link base."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from common.core import cursors
from common.core.db import get_database
from common.core.settings import Settings, get_settings
from common.documents import views
from common.documents.models import Document, DocumentStatus
from common.documents.schemas import DocumentList
from tests.helpers import new_tenant

# Values whose JSON text Postgres and pydantic-core write differently unless taken care
# of: JSONB prints "a": 1 with spaces and numbers as stored (0.10, 0.00000015).
ODD_METADATA: dict[str, Any] = {
    "floats": [0.1, 1.0, 0.10, 1.5e-7, 1e16, 2.5e300, -0.0],
    "ints": [0, -7, 10**30],
    "text": 'quote " backslash \\ tab \t newline \n bell \x07 unit \x1f del \x7f é ✓ 😀 </script>',
    "nested": {"b": [True, False, None], "a": {}, "": []},
    "longer key first": 1,
    "k": 2,
}
ODD_NAME = 'résumé "final"\\copy\x01\x1f 😀.pdf'


def document(tenant_id: uuid.UUID, created: datetime, **fields: Any) -> Document:
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "tenant_id": tenant_id,
        "status": "processing",
        "engine": "auto",
        "options": {"output_formats": ["markdown", "json"]},
        "pages_total": 3,
        "pages_done": 1,
        "pages_failed": 1,
        "source_key": "k",
        "sha256": "b" * 64,
        "bytes": 2**40,
        "media_type": "application/pdf",
        "filename": "report.pdf",
        "source_pages": 3,
        "client_metadata": {},
        "created_at": created,
        "updated_at": created,
    }
    return Document(**{**values, **fields})


def add(docs: list[Document]) -> None:
    with get_database().session_scope() as s:
        s.add_all(docs)


def the_models_bytes(engine: Engine, settings: Settings, answer: bytes, ids: list[uuid.UUID]) -> bytes:
    """What FastAPI writes for DocumentList of these documents, read through the ORM on
    ``engine`` and shaped by views.to_out, with the answer's own cursor and links (the
    paging is tested elsewhere)."""
    said = DocumentList.model_validate_json(answer)
    with Session(engine) as s:
        by_id = {d.id: d for d in s.scalars(select(Document).where(Document.id.in_(ids)))}
        out = DocumentList(
            data=[views.to_out(s, by_id[i], settings, with_pages=False) for i in ids],
            next_cursor=said.next_cursor,
            links=said.links,
        )
    return DocumentList.__pydantic_serializer__.to_json(out)


def listed(engine: Engine, tenant_id: uuid.UUID, **query: Any) -> bytes:
    args: dict[str, Any] = {"status": None, "cursor": None, "limit": None, **query}
    return views.list_json(engine, get_settings(), tenant_id=tenant_id, **args)


@pytest.fixture
def odd_documents(services: None) -> Iterator[tuple[uuid.UUID, list[uuid.UUID]]]:
    """A tenant's documents, newest first: one in every status, timestamps with and
    without microseconds, NULL and set optional columns, odd JSON and strings."""
    tenant_id = new_tenant()
    now = datetime(2026, 12, 6, 8, 0, 0, 123400, tzinfo=UTC)
    whole = datetime(2026, 12, 6, 7, 0, 0, tzinfo=UTC)  # microsecond 0: no fraction written
    docs = [
        document(
            tenant_id,
            now - timedelta(seconds=i),
            status=status.value,
            started_at=whole if i % 2 else None,
            finished_at=now + timedelta(microseconds=1) if i % 3 == 0 else None,
            deadline_at=whole + timedelta(days=1) if i % 2 == 0 else None,
        )
        for i, status in enumerate(DocumentStatus)
    ]
    docs += [
        document(
            tenant_id,
            whole - timedelta(seconds=1),
            filename=ODD_NAME,
            webhook_url='https://hooks.example/p?a=1&b="2"',
            client_metadata=ODD_METADATA,
            error={
                "code": "engine_error",
                "message": "bad\npage",
                "detail": {"pages": [1, 2], "ratio": 0.30},
            },
            options={
                "output_formats": ["markdown", "json", "text", "doctags", "html", "fields", "tables"],
                "pages": [1, 3, 12],
                "prompt": "Q?",
            },
            updated_at=whole,
        ),
        document(tenant_id, whole - timedelta(seconds=2), filename=None, options={}, error={}),
    ]
    add(docs)
    yield tenant_id, [d.id for d in docs]


def test_each_entry_is_what_the_model_writes_for_the_orm_document(odd_documents, monkeypatch):
    # given documents with every status and odd values, and an absolute link base
    tenant_id, ids = odd_documents
    monkeypatch.setattr(get_settings().api, "public_url", "https://pm.example/base/")
    engine = get_database().engine
    # when the whole list is read
    answer = listed(engine, tenant_id)
    # then it is, byte for byte, the response model written for the ORM documents
    assert answer == the_models_bytes(engine, get_settings(), answer, ids)
    assert (
        b'"filename":"r\xc3\xa9sum\xc3\xa9 \\"final\\"\\\\copy\\u0001\\u001f \xf0\x9f\x98\x80.pdf"' in answer
    )
    assert b'"updated_at":"2026-12-06T07:00:00Z"' in answer
    assert b'"links":{"self":"https://pm.example/base/v1/documents/' in answer


def test_pages_of_the_list_and_a_status_filter_are_what_the_model_writes(odd_documents):
    # given the same documents
    tenant_id, ids = odd_documents
    engine = get_database().engine
    # when they are read two at a time
    seen: list[uuid.UUID] = []
    cursor = None
    while True:
        answer = listed(engine, tenant_id, cursor=cursor, limit=2)
        page = DocumentList.model_validate_json(answer)
        # then each page is what the model writes, and its cursor follows its last entry
        assert answer == the_models_bytes(engine, get_settings(), answer, [d.id for d in page.data])
        seen += [d.id for d in page.data]
        if page.next_cursor is None:
            break
        last = page.data[-1]
        assert page.next_cursor == cursors.encode(last.created_at, last.id)
        cursor = page.next_cursor
    assert seen == ids
    # and a status filter lists the documents in that status only
    failed = listed(engine, tenant_id, status="failed")
    assert [d.status for d in DocumentList.model_validate_json(failed).data] == ["failed"]
    # and a tenant without documents gets the model's empty list
    empty = listed(engine, new_tenant())
    assert empty == DocumentList.__pydantic_serializer__.to_json(DocumentList(data=[]))


def test_timestamps_keep_the_sessions_time_zone_as_the_orm_reads_them(odd_documents):
    # given a database session whose time zone is 5:30 ahead of UTC (psycopg's datetimes
    # then carry +05:30, and the model writes that offset)
    tenant_id, ids = odd_documents
    engine = create_engine(get_settings().database_url, connect_args={"options": "-c timezone=Asia/Kolkata"})
    try:
        # when the list is read on it
        answer = listed(engine, tenant_id)
        # then it is still what the model writes for the ORM documents read there
        assert answer == the_models_bytes(engine, get_settings(), answer, ids)
        assert b'"created_at":"2026-12-06T13:30:00.123400+05:30"' in answer
    finally:
        engine.dispose()
