"""The polling reads (a document's status with its pages, a page of the list) as plain
rows: the columns the API shows, no ORM objects, on a connection that writes nothing.

Clients poll these endpoints far more often than they call any other; loading ORM
objects (identity map, every column, attribute instrumentation) for fifty pages cost more
than the rest of the request. On PostgreSQL a page of the list comes as the text of its
JSON (``document_list_texts``). Nothing here commits.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Text, bindparam, cast, literal_column, select, tuple_

from common.core.orm import UTCDateTime
from common.documents.models import Document, Page

_D = Document.__table__.c
_P = Page.__table__.c

# The columns the API shows. JSON columns are read as their text and decoded together,
# one json.loads per result instead of one per value (a status of 50 pages holds 100).
_DOCUMENT_PLAIN = (
    "id",
    "status",
    "engine",
    "pages_total",
    "pages_done",
    "pages_failed",
    "source_pages",
    "filename",
    "media_type",
    "bytes",
    "sha256",
    "webhook_url",
    "created_at",
    "updated_at",
    "started_at",
    "finished_at",
    "deadline_at",
)
_DOCUMENT_JSON = ("options", "metadata", "error")
_PAGE_PLAIN = ("page_no", "status", "engine", "attempts", "started_at", "finished_at")
_PAGE_JSON = ("error", "timings")


def _columns(table: Any, plain: tuple[str, ...], as_json: tuple[str, ...]) -> list[Any]:
    return [table[name] for name in plain] + [cast(table[name], Text) for name in as_json]


# Built once: a statement built per request costs more than running it (cache keys,
# coercions); these reach the compiled cache directly.
_DOCUMENT = select(*_columns(_D, _DOCUMENT_PLAIN, _DOCUMENT_JSON)).where(
    _D.id == bindparam("document_id"), _D.tenant_id == bindparam("tenant_id"), _D.deleted_at.is_(None)
)
_PAGES = (
    select(*_columns(_P, _PAGE_PLAIN, _PAGE_JSON))
    .where(_P.document_id == bindparam("document_id"))
    .order_by(_P.page_no)
)


def _list_statement(by_status: bool, after_cursor: bool, columns: list[Any] | None = None) -> Any:
    q = select(*(columns or _columns(_D, _DOCUMENT_PLAIN, _DOCUMENT_JSON))).where(
        _D.tenant_id == bindparam("tenant_id"), _D.deleted_at.is_(None)
    )
    if by_status:
        q = q.where(_D.status == bindparam("status"))
    if after_cursor:
        created = bindparam("created_at", type_=UTCDateTime())
        doc_id = bindparam("id", type_=_D.id.type)
        # A row comparison, not (a < c OR (a = c AND id < i)): Postgres seeks to it in
        # ix_documents_tenant_created instead of reading every newer document and
        # filtering (a page 30,000 documents down read 30,052 rows; now 51).
        q = q.where(tuple_(_D.created_at, _D.id) < tuple_(created, doc_id))
    return q.order_by(_D.created_at.desc(), _D.id.desc()).limit(bindparam("limit"))


_LISTS = {(s, c): _list_statement(s, c) for s in (False, True) for c in (False, True)}


def _timestamp(column: str) -> str:
    # As pydantic-core writes an aware datetime: ISO 8601 with a "T", six digits of
    # microseconds unless they are zero, "Z" for a zero offset, else +HH:MM. to_char
    # reads the session's time zone, as psycopg's datetimes do.
    return (
        f"""coalesce('"' || replace(replace(to_char({column}, 'YYYY-MM-DD"T"HH24:MI:SS.USTZH:TZM'), """
        f"""'.000000', ''), '+00:00', 'Z') || '"', 'null')"""
    )


def _string(column: str) -> str:
    # to_json escapes a string as pydantic-core does (\" \\ \b \f \n \r \t, other
    # control characters as lowercase \u00xx, everything else as UTF-8).
    return f"coalesce(to_json({column})::text, 'null')"


# A list entry as JSON text, built by Postgres in pieces around the values it cannot
# write byte for byte as pydantic-core does (JSONB's text has spaces after ":" and ","
# and numbers as stored) and the per-process link base: Python joins the pieces.
# Loading 50 documents' UUIDs, datetimes and JSON into Python objects, shaping them into
# dicts and writing them again was two thirds of a list poll's own CPU. The keys are in
# DocumentOut's order; a JSONB piece that is NULL is ''.
LIST_PIECES = (
    "id",  # the id as text
    "head",  # from "{" to "output_formats":
    "formats",  # options -> output_formats, JSONB text
    "selection",  # options -> pages, JSONB text
    "middle",  # from ,"pages": to "metadata":
    "metadata",  # JSONB text
    "hook",  # from ,"webhook_url": to "error":
    "error",  # JSONB text
    "created",  # created_at's JSON string
    "stamps",  # from ,"updated_at": to the last timestamp
)
_PIECES_SQL = (
    "id::text",
    """'{"id":"' || id::text || '","object":"document","status":' || """
    + _string("status")
    + """ || ',"engine":' || """
    + _string("engine")
    + """ || ',"output_formats":'""",
    "coalesce((options -> 'output_formats')::text, '')",
    "coalesce((options -> 'pages')::text, '')",
    """',"pages":{"total":' || pages_total || ',"done":' || pages_done || ',"failed":' || pages_failed"""
    """ || '},"source_pages":' || source_pages || ',"filename":' || """
    + _string("filename")
    + """ || ',"media_type":' || """
    + _string("media_type")
    + """ || ',"bytes":' || bytes || ',"sha256":' || """
    + _string("sha256")
    + """ || ',"metadata":'""",
    "coalesce(metadata::text, '')",
    """',"webhook_url":' || """ + _string("webhook_url") + """ || ',"error":'""",
    "coalesce(error::text, '')",
    _timestamp("created_at"),
    " || ".join(
        f"""',"{name}":' || {_timestamp(name)}"""
        for name in ("updated_at", "started_at", "finished_at", "deadline_at")
    ),
)
# The separator of the pieces and entries: JSON text (to_json's, JSONB's) writes every
# control character escaped, so it never holds one itself.
LIST_SEPARATOR = "\x1e"


def _list_texts_statement(by_status: bool, after_cursor: bool) -> Any:
    # One value for the whole page rather than ten per entry: psycopg made a Python
    # string of each (0.14 ms of client CPU for 51 entries, 0.06 ms as one).
    entry: Any = literal_column(" || chr(30) || ".join(_PIECES_SQL)).label("entry")
    rows = _list_statement(by_status, after_cursor, [entry, _D.created_at, _D.id]).subquery("page")
    return select(
        literal_column("count(*)"),
        literal_column("string_agg(page.entry, chr(30) ORDER BY page.created_at DESC, page.id DESC)"),
    ).select_from(rows)


_LIST_TEXTS = {(s, c): _list_texts_statement(s, c) for s in (False, True) for c in (False, True)}


def _decoded(
    rows: Sequence[Sequence[Any]], plain: tuple[str, ...], as_json: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Rows as dicts by column name, the JSON columns (the last ones) decoded; SQL NULL
    reads as None, like JSON null."""
    if not rows:
        return []
    n = len(plain)
    texts = [text if text is not None else "null" for row in rows for text in row[n:]]
    values = iter(json.loads("[" + ",".join(texts) + "]"))
    out = []
    for row in rows:
        item = dict(zip(plain, row[:n], strict=True))
        for name in as_json:
            item[name] = next(values)
        out.append(item)
    return out


_SQL: dict[tuple[int, str], str] = {}


def _fetch(conn: Connection, statement: Any, params: dict[str, Any]) -> Sequence[Sequence[Any]]:
    """The statement's rows. On PostgreSQL the statement, compiled once, runs on the
    driver's cursor: psycopg already returns what the columns' types would make of its
    values (uuid.UUID, aware datetimes; the JSON columns are text here), and
    SQLAlchemy's execution and row machinery cost more than the query itself (0.4 ms of
    a 50-page status). Other databases (the embedded SQLite) go through SQLAlchemy, and
    so does every statement while something listens to the engine's cursor events (the
    tests, bench/scale_paths.py): the SQL is the same, so what they see is what is sent."""
    if conn.dialect.name != "postgresql" or conn.dispatch.before_cursor_execute:
        return conn.execute(statement, params).all()
    key = (id(statement), conn.dialect.name)
    sql = _SQL.get(key)
    if sql is None:
        sql = _SQL[key] = str(statement.compile(dialect=conn.dialect))
    with conn.connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute(sql, params)
        rows: list[Sequence[Any]] = cursor.fetchall()
        return rows


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A pooled connection for reads only. On PostgreSQL it runs in autocommit: each
    statement sees what was committed when it started, exactly as in a READ COMMITTED
    transaction, without the BEGIN and ROLLBACK round trips around it."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT")
        yield conn


def document_row(conn: Connection, tenant_id: uuid.UUID, document_id: uuid.UUID) -> dict[str, Any] | None:
    """The tenant's document, unless it was deleted, by column name."""
    rows = _fetch(conn, _DOCUMENT, {"document_id": document_id, "tenant_id": tenant_id})
    return _decoded(rows, _DOCUMENT_PLAIN, _DOCUMENT_JSON)[0] if rows else None


def page_rows(conn: Connection, document_id: uuid.UUID) -> list[dict[str, Any]]:
    """The document's pages in order, by column name."""
    rows = _fetch(conn, _PAGES, {"document_id": document_id})
    return _decoded(rows, _PAGE_PLAIN, _PAGE_JSON)


def document_rows(
    conn: Connection,
    tenant_id: uuid.UUID,
    *,
    status: str | None,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[dict[str, Any]]:
    """The tenant's live documents, newest first, after the (created_at, id) cursor."""
    params: dict[str, Any] = {"tenant_id": tenant_id, "limit": limit}
    if status:
        params["status"] = status
    if before:
        params["created_at"], params["id"] = before
    rows = _fetch(conn, _LISTS[bool(status), bool(before)], params)
    return _decoded(rows, _DOCUMENT_PLAIN, _DOCUMENT_JSON)


def document_list_texts(
    conn: Connection,
    tenant_id: uuid.UUID,
    *,
    status: str | None,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> tuple[int, str | None]:
    """The rows :func:`document_rows` reads (PostgreSQL only), as how many there are and
    the text pieces of their JSON (:data:`LIST_PIECES` for each, in order), joined by
    :data:`LIST_SEPARATOR`; None for no rows."""
    params: dict[str, Any] = {"tenant_id": tenant_id, "limit": limit}
    if status:
        params["status"] = status
    if before:
        params["created_at"], params["id"] = before
    (count, text), *_ = _fetch(conn, _LIST_TEXTS[bool(status), bool(before)], params)
    return count, text
