"""The FastAPI application."""

from __future__ import annotations

import gc
import logging
import re
import time
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import problems
from api.limits import BodyLimit
from api.polling import PollingFastPath
from api.routers import audit, documents, health, review, webhooks
from common.audit.context import AuditContext
from common.core import secrets
from common.core.db import get_database
from common.core.settings import get_settings
from common.core.storage import get_store
from common.observability import tracing
from common.observability.logging import bound, configure
from common.tenants.ratelimit import get_limiter

log = logging.getLogger(__name__)
access_log = logging.getLogger("pagemill.access")
_DOCUMENT_PATH = re.compile(r"/v1/documents/(?P<document_id>[0-9a-fA-F-]{36})(?:/pages/(?P<page_no>\d+))?")
_PROBES = frozenset({"/livez", "/readyz", "/metrics"})


class AccessLog:
    """One JSON line per request, with the document_id (and page_no) it is about: from
    the path, or for a submission from the Location of the document it created. The
    request runs with them bound, so its own lines and the tasks it sends carry them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        found = _DOCUMENT_PATH.match(path)
        fields: dict[str, Any] = {"method": scope.get("method"), "path": path, "status": 500}
        if found:
            fields["document_id"] = found["document_id"]
            if found["page_no"]:
                fields["page_no"] = int(found["page_no"])

        async def send_logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                fields["status"] = message["status"]
                for name, value in message.get("headers", []):
                    if name == b"location" and "document_id" not in fields:
                        created = _DOCUMENT_PATH.search(value.decode("latin-1"))
                        if created:
                            fields["document_id"] = created["document_id"]
            await send(message)

        start = time.perf_counter()
        try:
            with bound(document_id=fields.get("document_id"), page_no=fields.get("page_no")):
                await self.app(scope, receive, send_logged)
        finally:
            fields["ms"] = round((time.perf_counter() - start) * 1000, 1)
            level = logging.DEBUG if path in _PROBES else logging.INFO
            access_log.log(level, "request", extra={"fields": fields})


def create_app() -> FastAPI:
    settings = get_settings()
    configure(settings.log_level, json_logs=settings.log_json)
    secrets.keyring(settings)  # no master key (outside the embedded mode): refuse to start
    tracing.trace_task_publishing()
    app = FastAPI(
        title="Pagemill",
        version="0.1.0",
        description="Document conversion: PDF, PNG, JPEG and TIFF to Markdown, DoclingDocument JSON, "
        "DocTags and text, page by page.",
        # A redirect to the path with(out) its slash would build its Location from the
        # client's Host header; the routes have one spelling, any other is a 404.
        redirect_slashes=False,
    )
    problems.install(app)
    app.add_middleware(PollingFastPath)  # innermost: audited and logged like any request
    app.add_middleware(BodyLimit)  # inside AccessLog: its refusals are logged too
    app.add_middleware(AuditContext)  # the client's address, for the audit trail
    app.add_middleware(AccessLog)
    app.include_router(health.router)
    app.include_router(documents.router)
    app.include_router(webhooks.router)
    app.include_router(audit.router)
    app.include_router(review.router)  # /ui: public static files, not in the schema
    return app


def create_served_app() -> FastAPI:
    """The application as ``pagemill serve`` runs it, once in each API process: the
    clients it keeps for its life made up front, then every object it has frozen out of
    the cyclic garbage collector (gc.freeze).

    A full collection walks every object the process holds, and an API process holds
    about a million (FastAPI's and SQLAlchemy's machinery, botocore's service model):
    80-210 ms with the event loop stopped, a few times a minute under polling, which
    made the p99 of a status poll (bench/results/polling.md). Frozen objects are never
    scanned again, so a collection walks only what requests made since; the objects are
    the process's for its life anyway. (Tests build many applications in one process,
    so create_app itself freezes nothing.)"""
    app = create_app()
    # Made now, not at the first request, so that they are frozen too. Only the store may
    # connect (storage.create_bucket, for development): an object store that is down
    # must not keep the API from starting, so its first request makes it instead.
    _ = get_database().engine
    get_limiter()
    try:
        get_store()
    except (BotoCoreError, ClientError) as exc:
        log.warning("object storage unavailable at start-up, made at first use: %s", exc)
    gc.collect()
    gc.freeze()
    return app
