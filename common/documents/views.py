"""Documents as the API shows them: one document, a page of the list, one page's result.

The two polled reads (a document's status, the list) have a lean path: plain rows from
:mod:`common.documents.repository.reads` shaped into the same models, and the JSON bytes
returned for the router to send as they are (``status_json``, ``list_json``). On
PostgreSQL the list's entries come from the database already written as JSON text, and
Python only joins them (``_list_from_texts``)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

import pydantic_core
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from common.core import cursors
from common.core.errors import InvalidInput, NotFound, NotReady
from common.core.settings import Settings
from common.core.storage import ObjectNotFound, ObjectStore
from common.documents import repository
from common.documents.links import document_links, link_base
from common.documents.models import Document, DocumentStatus, Page, PageStatus
from common.documents.repository import reads
from common.documents.schemas import (
    DocumentOut,
    PageCounts,
    PageError,
    PageOut,
    PageResultOut,
)
from common.documents.service import get_document


def _page_out(page: Page, doc: Document, settings: Settings, cls: type[PageOut] = PageOut) -> Any:
    err = page.error
    return cls(
        page_no=page.page_no,
        status=page.status,
        engine=page.engine,
        attempts=page.attempts,
        error=PageError(code=err.get("code", "error"), message=err.get("message", "")) if err else None,
        timings=page.timings or {},
        started_at=page.started_at,
        finished_at=page.finished_at,
        links={"self": f"{link_base(settings)}/v1/documents/{doc.id}/pages/{page.page_no}"},
    )


def to_out(session: Session | None, doc: Document, settings: Settings, *, with_pages: bool) -> DocumentOut:
    """The API's view of a document; ``with_pages`` adds each page's status (a query)."""
    pages = None
    if with_pages and session is not None:
        pages = [_page_out(p, doc, settings) for p in repository.list_pages(session, doc.id)]
    return DocumentOut(
        id=doc.id,
        status=doc.status,
        engine=doc.engine,
        output_formats=doc.options.get("output_formats", []),
        page_selection=doc.options.get("pages"),
        pages=PageCounts(total=doc.pages_total, done=doc.pages_done, failed=doc.pages_failed),
        source_pages=doc.source_pages,
        filename=doc.filename,
        media_type=doc.media_type,
        bytes=doc.bytes,
        sha256=doc.sha256,
        metadata=doc.client_metadata or {},
        webhook_url=doc.webhook_url,
        error=doc.error,
        created_at=doc.created_at,
        updated_at=doc.updated_at,
        started_at=doc.started_at,
        finished_at=doc.finished_at,
        deadline_at=doc.deadline_at,
        links=document_links(doc, settings),
        page_details=pages,
    )


def get_page_result(
    session: Session,
    store: ObjectStore,
    settings: Settings,
    *,
    tenant_id: uuid.UUID,
    document_id: uuid.UUID,
    page_no: int,
) -> PageResultOut:
    """One page's status and, once it is done, its result from object storage."""
    doc = get_document(session, tenant_id, document_id)
    page = repository.get_page(session, doc.id, page_no)
    if page is None:
        selected = doc.options.get("pages")
        if page_no < 1 or page_no > doc.source_pages or (selected is not None and page_no not in selected):
            raise NotFound(f"document {doc.id} has no page {page_no} in its selection")
        raise NotReady(f"page {page_no} of document {doc.id} is not prepared yet")
    out: PageResultOut = _page_out(page, doc, settings, PageResultOut)
    out.width, out.height = page.width, page.height
    if page.status == PageStatus.done.value and page.result_key:
        try:
            out.result = json.loads(store.get_bytes(page.result_key))
        except ObjectNotFound:
            out.result = None
    return out


def _row_out(row: dict[str, Any], settings: Settings, pages: list[dict[str, Any]] | None) -> dict[str, Any]:
    """A document row (repository.reads) as DocumentOut's fields, as :func:`to_out`
    shapes an ORM document."""
    options = row["options"] or {}
    formats = options.get("output_formats", [])
    base = f"{link_base(settings)}/v1/documents/{row['id']}"
    links = {"self": base, "pages": f"{base}/pages/{{page_no}}"}
    for fmt in formats:
        links[f"result_{fmt}"] = f"{base}/result?format={fmt}"
    return {
        "id": row["id"],
        "object": "document",
        "status": row["status"],
        "engine": row["engine"],
        "output_formats": formats,
        "page_selection": options.get("pages"),
        "pages": {"total": row["pages_total"], "done": row["pages_done"], "failed": row["pages_failed"]},
        "source_pages": row["source_pages"],
        "filename": row["filename"],
        "media_type": row["media_type"],
        "bytes": row["bytes"],
        "sha256": row["sha256"],
        "metadata": row["metadata"] or {},
        "webhook_url": row["webhook_url"],
        "error": row["error"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "started_at": row["started_at"],
        "finished_at": row["finished_at"],
        "deadline_at": row["deadline_at"],
        "links": links,
        "page_details": pages,
    }


def _page_row_out(row: dict[str, Any], base: str) -> dict[str, Any]:
    err = row["error"]
    return {
        "page_no": row["page_no"],
        "status": row["status"],
        "engine": row["engine"],
        "attempts": row["attempts"],
        "error": {"code": err.get("code", "error"), "message": err.get("message", "")} if err else None,
        "timings": {name: float(seconds) for name, seconds in (row["timings"] or {}).items()},
        "started_at": row["started_at"],
        "finished_at": row["finished_at"],
        "links": {"self": f"{base}/pages/{row['page_no']}"},
    }


def status_json(engine: Engine, settings: Settings, *, tenant_id: uuid.UUID, document_id: uuid.UUID) -> bytes:
    """GET /v1/documents/{id} as JSON bytes: the document with each page's status, the
    same as ``to_out(..., with_pages=True)``; NotFound for another tenant's document."""
    with reads.reading(engine) as conn:
        row = reads.document_row(conn, tenant_id, document_id)
        if row is None:
            raise NotFound(f"document {document_id} not found")
        page_rows = reads.page_rows(conn, document_id)
    base = f"{link_base(settings)}/v1/documents/{row['id']}"
    return _json(_row_out(row, settings, [_page_row_out(p, base) for p in page_rows]))


def list_json(
    engine: Engine,
    settings: Settings,
    *,
    tenant_id: uuid.UUID,
    status: str | None,
    cursor: str | None,
    limit: int | None,
) -> bytes:
    """GET /v1/documents as JSON bytes: the tenant's documents, newest first, one page at
    a time; the cursor is the (created_at, id) of the last one shown."""
    if status is not None and status not in _STATUSES:
        raise InvalidInput(
            f"status: {status!r} is not one of {', '.join(s.value for s in DocumentStatus)}", field="status"
        )
    size = limit or settings.limits.list_page_size
    if not 1 <= size <= 200:
        raise InvalidInput("limit: must be between 1 and 200", field="limit")
    before = cursors.decode(cursor) if cursor else None
    with reads.reading(engine) as conn:
        if conn.dialect.name == "postgresql":
            count, text = reads.document_list_texts(
                conn, tenant_id, status=status, before=before, limit=size + 1
            )
            return _list_from_texts(count, text, settings, status=status, size=size)
        rows = reads.document_rows(conn, tenant_id, status=status, before=before, limit=size + 1)
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = cursors.encode(rows[-1]["created_at"], rows[-1]["id"]) if more and rows else None
    links: dict[str, str] = {}
    if next_cursor:
        q = f"?cursor={next_cursor}&limit={size}" + (f"&status={status}" if status else "")
        links["next"] = f"{link_base(settings)}/v1/documents{q}"
    data = [_row_out(r, settings, None) for r in rows]
    return _json({"object": "list", "data": data, "next_cursor": next_cursor, "links": links})


_STATUSES = frozenset(s.value for s in DocumentStatus)


def _list_from_texts(
    count: int, text: str | None, settings: Settings, *, status: str | None, size: int
) -> bytes:
    """The list from the JSON pieces Postgres wrote (reads.document_list_texts): the
    bytes pydantic-core writes for the fields of :func:`_row_out`, without a Python
    object per value."""
    shown = min(count, size)
    width = len(reads.LIST_PIECES)
    pieces = text.split(reads.LIST_SEPARATOR, shown * width)[: shown * width] if text else []
    prefix = pydantic_core.to_json(f"{link_base(settings)}/v1/documents/").decode()[1:-1]
    entries = []
    last: tuple[str, str] | None = None
    each = iter(pieces)
    for doc_id, head, formats, selection, middle, metadata, hook, error, created, stamps in zip(
        *[each] * width, strict=True
    ):
        base = prefix + doc_id
        options, results = _options_json(formats, selection)
        entries.append(
            f"{head}{options}{middle}{_metadata_json(metadata)}{hook}{_error_json(error)}"
            f',"created_at":{created}{stamps}'
            f',"links":{{"self":"{base}","pages":"{base}/pages/{{page_no}}"{base.join(results)}}}'
            ',"page_details":null}'
        )
        last = doc_id, created
    next_cursor = None
    if count > size and last is not None:
        # created_at as psycopg reads it: the JSON string parses to the same instant and
        # offset, and isoformat writes the cursor's text from it as before.
        next_cursor = cursors.encode(datetime.fromisoformat(last[1][1:-1]), uuid.UUID(last[0]))
    links: dict[str, str] = {}
    if next_cursor:
        q = f"?cursor={next_cursor}&limit={size}" + (f"&status={status}" if status else "")
        links["next"] = f"{link_base(settings)}/v1/documents{q}"
    tail = _json({"next_cursor": next_cursor, "links": links})
    return b'{"object":"list","data":[' + ",".join(entries).encode() + b"]," + tail[1:]


# The JSON of JSONB values as pydantic-core writes them, by their text (Postgres writes
# spaces after ":" and ",", and numbers as stored). A list poll meets the same 50
# documents' values again and again; the first meeting decodes and writes them.
_MEMO_SIZE = 4096
_metadata_memo: dict[str | None, str] = {}
_error_memo: dict[str | None, str] = {}
_options_memo: dict[tuple[str | None, str | None], tuple[str, list[str]]] = {}


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[key] = value
    return value


def _decode(text: str | None) -> Any:
    # NULL reads as None, like JSON null (document_list_texts writes it as "").
    return json.loads(text) if text else None


def _metadata_json(text: str | None) -> str:
    """``metadata``: the column's value, or {} where it is empty (as _row_out)."""
    found = _metadata_memo.get(text)
    if found is None:
        found = _remember(_metadata_memo, text, _json(_decode(text) or {}).decode())
    return found


def _error_json(text: str | None) -> str:
    found = _error_memo.get(text)
    if found is None:
        found = _remember(_error_memo, text, _json(_decode(text)).decode())
    return found


def _options_json(formats: str | None, selection: str | None) -> tuple[str, list[str]]:
    """``output_formats`` and ``page_selection`` from the options' JSONB texts (from
    ``"output_formats":`` on), and the result links as pieces to join with the
    document's link base, in the order and spelling of :func:`_row_out`."""
    key = (formats, selection)
    found = _options_memo.get(key)
    if found is None:
        names = json.loads(formats) if formats else []
        links = {f"result_{fmt}": f"/result?format={fmt}" for fmt in names}
        pieces, before = [], ""
        for name, suffix in links.items():
            pieces.append(f'{before},{_json(name).decode()}:"')
            before = _json(suffix).decode()[1:]
        pieces.append(before)
        fields = f'{_json(names).decode()},"page_selection":{_json(_decode(selection)).decode()}'
        found = _remember(_options_memo, key, (fields, pieces))
    return found


def _json(fields: Any) -> bytes:
    # The fields are built in DocumentOut's (DocumentList's) order and types, so
    # pydantic-core writes them as the model's serializer would, without validating 50
    # documents or pages first (validation and serialization through the model were a
    # third of a list poll's CPU). tests/test_status_fast_path.py holds every answer to
    # the models: validated and written again, it must come out byte for byte the same.
    return pydantic_core.to_json(fields)
