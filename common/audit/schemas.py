from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class AuditEventOut(BaseModel):
    object: Literal["audit_event"] = "audit_event"
    id: uuid.UUID
    at: datetime
    actor: str = Field(description="The API key's prefix, 'cli' (an operator) or 'system'")
    action: str = Field(description="e.g. key.created, document.deleted, webhook_endpoint.secret_rotated")
    subject: str | None = Field(description="What it is about: a document id, a key prefix, …")
    remote_addr: str | None
    details: dict[str, Any]


class AuditEventList(BaseModel):
    object: Literal["list"] = "list"
    data: list[AuditEventOut]
    next_cursor: str | None = None
    links: dict[str, str] = Field(default_factory=dict)
