"""RFC 9457 problem details for every error the API returns. 500s never leak internals."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from common.core.errors import PROBLEM_BASE, PagemillError

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"

# What any authenticated endpoint may answer; a router adds its own (404, 409, 422, ...).
_COMMON_ERRORS: dict[int, str] = {
    401: "Missing or invalid API key",
    429: "Rate limit exceeded (Retry-After)",
    503: "A backing service is unavailable (Retry-After)",
}


def error_responses(descriptions: Mapping[int, str]) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of a router's problem answers: the common ones, plus
    (or, for the same status, described instead by) ``descriptions``."""
    merged = {**_COMMON_ERRORS, **descriptions}
    return {
        status: {"description": merged[status], "content": {PROBLEM_JSON: {}}} for status in sorted(merged)
    }


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    code: str,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    body: dict[str, Any] = {"type": PROBLEM_BASE + code, "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    # Extensions add members; they never replace the standard ones (RFC 9457 section 3.2).
    body.update({k: v for k, v in extensions.items() if k not in body and k != "instance"})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def unavailable(request: Request, what: str) -> JSONResponse:
    """503 for a backing service that is down: the client should simply retry."""
    return problem(
        503,
        "Service unavailable",
        f"{what}; retry shortly",
        code="service-unavailable",
        instance=request.url.path,
        headers={"Retry-After": "5"},
    )


def _status_of(exc: ClientError) -> int:
    try:
        return int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
    except (TypeError, ValueError):
        return 0


# problem()'s own parameters: an extension of the same name would clash with them.
_PROBLEM_ARGS = frozenset({"status", "title", "detail", "code", "instance", "headers", "type"})


def domain_problem(exc: PagemillError, path: str) -> JSONResponse:
    """The problem document of one of Pagemill's own errors, raised at ``path``."""
    return problem(
        exc.status,
        exc.title,
        exc.detail,
        code=exc.code,
        instance=path,
        headers=exc.headers,
        **{k: v for k, v in exc.extensions.items() if k not in _PROBLEM_ARGS},
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(PagemillError)
    async def _domain(request: Request, exc: PagemillError) -> JSONResponse:
        return domain_problem(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"][1:] or first["loc"])
        return problem(
            422,
            "Invalid input",
            f"{where}: {first['msg']}" if where else str(first["msg"]),
            code="invalid-input",
            instance=request.url.path,
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {404: "Not found", 405: "Method not allowed", 401: "Unauthorized"}
        return problem(
            exc.status_code,
            titles.get(exc.status_code, "Error"),
            str(exc.detail),
            code={404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error"),
            instance=request.url.path,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(OperationalError)
    async def _db_down(request: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database unavailable: %s", exc.orig)
        return unavailable(request, "the database is unavailable")

    @app.exception_handler(PoolTimeout)
    async def _db_busy(request: Request, exc: PoolTimeout) -> JSONResponse:
        # Every pooled connection is in use and none came free within the pool's timeout:
        # the server is overloaded, not broken, and the request did nothing.
        log.warning("database connection pool exhausted: %s", exc)
        return unavailable(request, "the database is busy")

    @app.exception_handler(BotoCoreError)
    async def _storage_down(request: Request, exc: BotoCoreError) -> JSONResponse:
        # Connection refused, timeouts, DNS: the object store is unreachable. Nothing was
        # accepted (a submit stores the source before its row exists), so a retry is safe.
        log.warning("object storage unavailable: %s", exc)
        return unavailable(request, "object storage is unavailable")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, ClientError) and _status_of(exc) >= 500:
            log.warning("object storage error: %s", exc)
            return unavailable(request, "object storage is failing")
        log.exception("unhandled error")
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            return unavailable(request, "the database connection was lost")
        return problem(
            500,
            "Internal error",
            "an unexpected error occurred; it has been logged",
            code="internal-error",
            instance=request.url.path,
        )
