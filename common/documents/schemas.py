"""API shapes of documents and pages."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from common.core import engines

OutputFormat = Literal["markdown", "json", "text", "doctags", "html", "fields", "tables"]
OUTPUT_FORMATS: tuple[OutputFormat, ...] = ("markdown", "json", "text", "doctags", "html", "fields", "tables")
DEFAULT_OUTPUT_FORMATS: list[OutputFormat] = ["markdown", "json"]
# Outputs that come with a requested format rather than being requested themselves:
# asking for "tables" stores its JSON and the workbook.
DERIVED_FORMATS: dict[str, str] = {"xlsx": "tables"}
MEDIA_TYPES: dict[str, str] = {
    "markdown": "text/markdown; charset=utf-8",
    "json": "application/json",
    "text": "text/plain; charset=utf-8",
    "doctags": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "fields": "application/json",
    "tables": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# Engines the API accepts, from the catalog. Availability of the model engines is the
# workers' business: the API must not import model code, so a document for an engine no
# live worker serves is refused (engines.require_worker) or its pages fail with an error.
ENGINES = engines.PUBLIC
# Engines that take a per-document prompt (the question asked of every page).
PROMPT_ENGINES = engines.PROMPT
MAX_PROMPT_CHARS = 2000
TEST_ENGINES = engines.TEST_ONLY  # accepted only with engines.allow_null


class PageCounts(BaseModel):
    total: int
    done: int
    failed: int


class PageError(BaseModel):
    code: str
    message: str


class PageOut(BaseModel):
    page_no: int
    status: str
    engine: str | None = None
    attempts: int = 0
    error: PageError | None = None
    timings: dict[str, float] = Field(default_factory=dict)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    links: dict[str, str] = Field(default_factory=dict)


class DocumentOut(BaseModel):
    id: uuid.UUID
    object: Literal["document"] = "document"
    status: str
    engine: str
    output_formats: list[str]
    page_selection: list[int] | None = None
    pages: PageCounts
    source_pages: int
    filename: str | None
    media_type: str
    bytes: int
    sha256: str
    metadata: dict[str, Any]
    webhook_url: str | None = None
    error: dict[str, Any] | None = None
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    deadline_at: datetime | None = Field(
        default=None, description="Pages not converted by then fail with deadline_exceeded"
    )
    links: dict[str, str]
    page_details: list[PageOut] | None = Field(
        default=None, description="Per-page status; present on GET /v1/documents/{id}"
    )


class DocumentList(BaseModel):
    object: Literal["list"] = "list"
    data: list[DocumentOut]
    next_cursor: str | None = None
    links: dict[str, str] = Field(default_factory=dict)


class PageResultOut(PageOut):
    width: float | None = None
    height: float | None = None
    result: dict[str, Any] | None = Field(
        default=None, description="markdown, text, doctags and blocks (with boxes) once the page is done"
    )
