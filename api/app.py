"""The FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from api import problems
from api.routers import documents, health, webhooks
from common.logging import configure
from common.settings import get_settings


def create_app() -> FastAPI:
    settings = get_settings()
    configure(settings.log_level, json_logs=settings.log_json)
    app = FastAPI(
        title="Pagemill",
        version="0.1.0",
        description="Document conversion: PDF, PNG, JPEG and TIFF to Markdown, DoclingDocument JSON, "
        "DocTags and text, page by page.",
    )
    problems.install(app)
    app.include_router(health.router)
    app.include_router(documents.router)
    app.include_router(webhooks.router)
    return app
