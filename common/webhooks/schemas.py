"""API shapes of the webhook endpoint and of delivery attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class WebhookEndpointIn(BaseModel):
    url: str | None = Field(
        default=None,
        description="Default destination of the tenant's events (https). Null: events go only "
        "to documents that name their own webhook_url.",
        max_length=2048,
    )


class WebhookEndpointOut(BaseModel):
    object: Literal["webhook_endpoint"] = "webhook_endpoint"
    url: str | None
    enabled: bool
    disabled_at: datetime | None = None
    disabled_reason: str | None = None
    secret: str | None = Field(
        default=None,
        description="The signing secret (whsec_…). Shown once, when it is created or rotated.",
    )
    previous_secret_expires_at: datetime | None = Field(
        default=None, description="Until then events are signed with the previous secret too."
    )
    created_at: datetime
    updated_at: datetime


class WebhookEventOut(BaseModel):
    webhook_id: str = Field(description="The webhook-id header: the same on every attempt.")
    type: str
    status: str
    attempts: int
    next_attempt_at: datetime | None = None
    delivered_at: datetime | None = None
    last_error: str | None = None
    created_at: datetime


class WebhookDeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)  # read straight from a delivery row

    attempt: int
    round: int = Field(description="0: the automatic schedule; n: the n-th redelivery.")
    url: str
    status_code: int | None = None
    latency_ms: int | None = None
    response_body: str | None = Field(default=None, description="The first 2 KB of the response.")
    error: str | None = None
    outcome: str | None = Field(default=None, description="delivered, retry, failed or disabled")
    next_attempt_at: datetime | None = None
    created_at: datetime


class WebhookDeliveryList(BaseModel):
    object: Literal["list"] = "list"
    event: WebhookEventOut | None = Field(description="Null until the document reaches a terminal status.")
    data: list[WebhookDeliveryOut]
