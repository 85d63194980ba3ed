from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import text

from common.db import get_database
from common.queue import get_celery
from common.storage import get_store

router = APIRouter(tags=["health"])


@router.get("/livez")
def livez() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


def _checks() -> dict[str, str]:
    results: dict[str, str] = {}
    try:
        with get_database().engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        results["database"] = "ok"
    except Exception as exc:
        results["database"] = f"error: {type(exc).__name__}"
    try:
        with get_celery().connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        results["broker"] = "ok"
    except Exception as exc:
        results["broker"] = f"error: {type(exc).__name__}"
    try:
        get_store().check()
        results["storage"] = "ok"
    except Exception as exc:
        results["storage"] = f"error: {type(exc).__name__}"
    return results


@router.get("/readyz")
async def readyz() -> JSONResponse:
    """Database, broker and object storage reachable."""
    checks = await run_in_threadpool(_checks)
    ok = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status_code=200 if ok else 503,
        headers=None if ok else {"Retry-After": "5"},
    )
