"""The polled reads answered beside FastAPI's routing: GET /v1/documents/{id} and
GET /v1/documents, for a key this process verified lately.

Integrations poll these two in tight loops, and on them FastAPI's machinery (routing,
dependency solving, the exception middleware, the Response object) cost about as much
CPU as the reads themselves (bench/results/polling.md). This ASGI layer sits inside
the access log and the audit context, answers the common case with the same bytes the
routes would send, and hands everything else to the application unchanged: another
path or method, a query it does not read, an id that is not a UUID, a key not in the
key cache (the route looks it up and caches it), and any error that is not one of
Pagemill's own (the route answers it again, as a problem document, exactly as ever).
The routes stay the reference and the OpenAPI schema; ``api.polling_fast_path`` off
sends every request through them, and the tests compare the two answers byte for byte.
"""

from __future__ import annotations

import asyncio
import contextvars
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from api.deps import admit
from api.problems import domain_problem
from common.core.db import get_database
from common.core.errors import PagemillError, Unauthorized
from common.core.settings import get_settings
from common.documents import views
from common.tenants import service as tenants
from common.tenants.keycache import VerifiedKey

_HEX = "[0-9a-fA-F]"
# The canonical spelling only; the route judges any other (pydantic's UUID is stricter
# than uuid.UUID about where dashes go).
_STATUS_PATH = re.compile(rf"/v1/documents/({_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}})")
_LIST_PATH = "/v1/documents"
_LIST_PARAMS = frozenset({"status", "cursor", "limit"})
_JSON_HEADERS = [(b"content-type", b"application/json")]

# The reads' own threads: asyncio's executor hand-off costs less than anyio's
# to_thread (its backend and cancel-scope lookups were a tenth of a poll's CPU).
_readers: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    global _readers
    if _readers is None:
        size = min(get_settings().api.polling_threads, get_settings().database.pool_size)
        _readers = ThreadPoolExecutor(max_workers=max(1, size), thread_name_prefix="pagemill-poll")
    return _readers


class PollingFastPath:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.enabled = get_settings().api.polling_fast_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        read = self._reader(scope) if self.enabled and scope["type"] == "http" else None
        if read is None:
            await self.app(scope, receive, send)
            return
        try:
            # In the request's context: the audit actor and the log's bound ids.
            context = contextvars.copy_context()
            body = await asyncio.get_running_loop().run_in_executor(_executor(), context.run, read)
        except PagemillError as exc:
            await domain_problem(exc, scope["path"])(scope, receive, send)
            return
        except Exception:
            # The database or Redis failing, say: the route runs the request again and
            # answers it the way every other endpoint does (a 503 problem, a logged 500).
            await self.app(scope, receive, send)
            return
        # In the order Starlette's Response writes them.
        headers = [(b"content-length", str(len(body)).encode()), *_JSON_HEADERS]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _reader(self, scope: Scope) -> Any:
        """The read this request asks for, as a function for the thread pool, or None
        when the application should answer it."""
        if scope["method"] != "GET":
            return None
        path: str = scope["path"]
        query: dict[str, Any] = {}
        if path == _LIST_PATH:
            parsed = _list_query(scope.get("query_string", b""))
            if parsed is None:
                return None
            query, document_id = parsed, None
        else:
            found = _STATUS_PATH.fullmatch(path)
            if found is None or scope.get("query_string"):
                return None
            document_id = uuid.UUID(found[1])
        key = _known_key(scope)
        if key is None:
            return None

        def read() -> bytes:
            # One trip to the thread pool, as the route makes: admit (audit actor, rate
            # limit) and the read.
            tenant_id = admit(key)
            engine, settings = get_database().engine, get_settings()
            if document_id is not None:
                return views.status_json(engine, settings, tenant_id=tenant_id, document_id=document_id)
            return views.list_json(engine, settings, tenant_id=tenant_id, **query)

        return read


def _known_key(scope: Scope) -> VerifiedKey | None:
    """The bearer key, if this process verified it lately; None for anything else (no
    key, a malformed one, one to look up): the route answers those."""
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                return None
            try:
                return tenants.verified_recently(token.strip())
            except Unauthorized:
                return None
    return None


def _list_query(raw: bytes) -> dict[str, Any] | None:
    """status, cursor and limit as the route reads them, or None for a query it should
    judge itself (a name repeated or unknown, a limit that is not a number in range)."""
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names) or not _LIST_PARAMS.issuperset(names):
        return None
    given = dict(pairs)
    limit = given.get("limit")
    if limit is not None and not (limit.isascii() and limit.isdigit() and 1 <= int(limit) <= 200):
        return None
    return {
        "status": given.get("status"),
        "cursor": given.get("cursor"),
        "limit": int(limit) if limit is not None else None,
    }
