"""/livez, /readyz and /metrics (docs/operations.md)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.deps import check_key
from common.core.db import get_database
from common.core.errors import NotFound
from common.core.queue import get_celery
from common.core.settings import get_settings
from common.core.storage import get_store
from common.observability import metrics, readiness

router = APIRouter(tags=["health"])


def _backends() -> readiness.Backends:
    return readiness.Backends(
        engine=get_database().engine,
        celery=get_celery(),
        store=get_store(),
        timeout=get_settings().metrics.check_timeout,
    )


@router.get("/livez")
def livez() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz() -> JSONResponse:
    """Database, broker and object storage reachable, each within metrics.check_timeout."""
    checks = await run_in_threadpool(lambda: _backends().readiness())
    ok = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status_code=200 if ok else 503,
        headers=None if ok else {"Retry-After": "5"},
    )


@router.get("/metrics", include_in_schema=False)
async def prometheus_metrics(request: Request) -> Response:
    """Prometheus text format: this process's metrics and the scrape-time state gauges.
    http.metrics may require a key for it, or keep it off the public port ("off")."""
    mode = get_settings().http.metrics
    if mode == "off":
        raise NotFound("metrics are not served on this port (http.metrics is 'off')")
    if mode == "key":
        await run_in_threadpool(check_key, request)
    body = await run_in_threadpool(lambda: metrics.render_api(_backends()))
    return Response(body, media_type=metrics.CONTENT_TYPE)
