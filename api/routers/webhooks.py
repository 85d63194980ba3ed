"""The tenant's webhook endpoint: where events go and the secret that signs them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from api.deps import SessionDep, SettingsDep, TenantDep, UploadTenantDep
from api.problems import error_responses
from common.core.db import get_database
from common.webhooks import endpoints
from common.webhooks.schemas import WebhookEndpointIn, WebhookEndpointOut

router = APIRouter(prefix="/v1/webhook-endpoint", tags=["webhooks"])

ERRORS = error_responses(
    {
        400: "Malformed request body (not JSON)",
        413: "Request body larger than http.max_body_bytes",
        404: "No webhook endpoint yet",
        422: "Invalid or forbidden URL",
    }
)


@router.get("", response_model=WebhookEndpointOut, responses=ERRORS)
def get_endpoint(session: SessionDep, tenant_id: TenantDep) -> WebhookEndpointOut:
    """The endpoint, without its secret."""
    return endpoints.get_endpoint(session, tenant_id)


async def _body_after_key(request: Request, tenant_id: UploadTenantDep) -> WebhookEndpointIn:
    # A body parameter would be read and parsed before any dependency, the key check
    # included: the body is a dependency of the key instead, so that it is parsed only
    # for a tenant (and is at most http.max_body_bytes, api/limits.py).
    try:
        return WebhookEndpointIn.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


_BODY_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": WebhookEndpointIn.model_json_schema()}},
    }
}


@router.put(
    "",
    response_model=WebhookEndpointOut,
    responses={
        201: {"model": WebhookEndpointOut, "description": "Created; the secret is shown once"},
        **ERRORS,
    },
    openapi_extra=_BODY_SCHEMA,
)
def put_endpoint(
    body: Annotated[WebhookEndpointIn, Depends(_body_after_key)],
    settings: SettingsDep,
    tenant_id: UploadTenantDep,
) -> JSONResponse:
    """Set the default destination (and re-enable a disabled endpoint). The first call
    creates the signing secret and is the only answer that shows it (201)."""
    url = endpoints.check_endpoint_url(settings, body.url)  # may wait on DNS: no transaction yet
    with get_database().session_scope() as session:
        out, created = endpoints.put_endpoint(session, tenant_id, url)
    return JSONResponse(out.model_dump(mode="json"), status_code=201 if created else 200)


@router.post("/rotate-secret", response_model=WebhookEndpointOut, responses=ERRORS)
def rotate_secret(session: SessionDep, settings: SettingsDep, tenant_id: TenantDep) -> WebhookEndpointOut:
    """A new signing secret, shown once. The previous one keeps signing alongside it for
    24 h (``webhooks.secret_overlap``), so receivers can switch without missing events."""
    return endpoints.rotate_secret(session, settings, tenant_id)


@router.delete("", status_code=204, responses=ERRORS)
def delete_endpoint(session: SessionDep, tenant_id: TenantDep) -> Response:
    """Remove the endpoint and its secret: no further events are sent."""
    endpoints.delete_endpoint(session, tenant_id)
    return Response(status_code=204)
