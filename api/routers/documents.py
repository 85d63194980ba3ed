from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path as FsPath
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Header, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from api import upload
from api.deps import ReadKeyDep, SessionDep, SettingsDep, StoreDep, TenantDep, UploadTenantDep, admit
from api.problems import error_responses
from common.core.db import get_database
from common.core.errors import InvalidInput
from common.core.settings import get_settings
from common.documents import downloads, forms, page_images, service, views
from common.documents.pages import check_selection_size
from common.documents.schemas import MEDIA_TYPES, DocumentList, DocumentOut, PageResultOut
from common.webhooks import service as webhooks
from common.webhooks.schemas import WebhookDeliveryList, WebhookEventOut

router = APIRouter(prefix="/v1/documents", tags=["documents"])

ERRORS = error_responses(
    {
        400: "A list cursor this API did not return",
        404: "No such document for this tenant",
        408: "Upload too slow (http.upload_min_rate, http.upload_deadline)",
        409: "Conflict",
        413: "Upload or request body too large",
        415: "Not a PDF, PNG, JPEG or TIFF",
        422: "Invalid input",
        429: "Rate limit or pages in flight exceeded (Retry-After)",
    }
)


@router.post(
    "",
    status_code=202,
    response_model=DocumentOut,
    responses={200: {"model": DocumentOut, "description": "Idempotent replay"}, **ERRORS},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": forms.openapi_form_schema()}},
        }
    },
)
async def submit_document(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    tenant_id: UploadTenantDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> JSONResponse:
    """Upload a document (multipart ``file``) for conversion. 202 with the document; 200 on replay."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    tmpdir = FsPath(tempfile.mkdtemp(prefix="pagemill-upload-"))
    try:
        form = await upload.receive(
            request, max_bytes=settings.limits.max_upload_bytes, tmpdir=tmpdir, edge=settings.http
        )
        if form.upload is None:
            raise InvalidInput(f"the request has no {forms.FILE_FIELD!r} part", field=forms.FILE_FIELD)
        options = forms.SubmitOptions.from_form(form.fields, idempotency_key=idempotency_key)
        check_selection_size(options.pages)  # before the file is opened: cheap refusals first
        staged = form.upload

        def submit_in_transaction() -> tuple[DocumentOut, bool]:
            # The transaction starts only once the body is on disk and ends with the
            # submit; the prepare task is sent after its commit.
            with get_database().session_scope() as session:
                doc, created = service.submit(
                    session, store, settings, tenant_id=tenant_id, upload=staged, options=options
                )
                return views.to_out(session, doc, settings, with_pages=False), created

        out, created = await run_in_threadpool(submit_in_transaction)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return JSONResponse(
        out.model_dump(mode="json"),
        status_code=202 if created else 200,
        headers={"Location": out.links["self"]},
    )


@router.get("", response_model=DocumentList, responses=ERRORS)
async def list_documents(
    key: ReadKeyDep,
    status: str | None = None,
    cursor: str | None = None,
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
) -> Response:
    """The tenant's documents, newest first; follow ``next_cursor`` for more."""

    def read() -> bytes:
        tenant_id = admit(key)
        engine, settings = get_database().engine, get_settings()
        return views.list_json(
            engine, settings, tenant_id=tenant_id, status=status, cursor=cursor, limit=limit
        )

    return Response(await run_in_threadpool(read), media_type="application/json")


@router.get("/{document_id}", response_model=DocumentOut, responses=ERRORS)
async def get_document(document_id: uuid.UUID, key: ReadKeyDep) -> Response:
    """Status, page counts and per-page progress."""

    def read() -> bytes:
        tenant_id = admit(key)
        engine, settings = get_database().engine, get_settings()
        return views.status_json(engine, settings, tenant_id=tenant_id, document_id=document_id)

    return Response(await run_in_threadpool(read), media_type="application/json")


@router.get(
    "/{document_id}/result",
    responses={
        200: {
            "content": {
                "text/markdown": {},
                "application/json": {},
                "text/plain": {},
                "text/html": {},
                MEDIA_TYPES["xlsx"]: {},
            }
        },
        304: {"description": "Not modified: the If-None-Match tag is the output's ETag"},
        **ERRORS,
    },
)
def get_result(
    request: Request,
    document_id: uuid.UUID,
    session: SessionDep,
    store: StoreDep,
    tenant_id: TenantDep,
    format: Annotated[
        str, Query(description="markdown, json, text, doctags, html, fields, tables, or xlsx (with tables)")
    ] = "markdown",
) -> Response:
    """The assembled output, streamed from object storage (409 while not finished).

    It never changes once the document is finished: send its ``ETag`` back in
    ``If-None-Match`` and an unchanged output is a 304 without a body."""
    info = downloads.describe_result(session, tenant_id=tenant_id, document_id=document_id, fmt=format)
    headers = {
        "ETag": info.etag,
        # Per tenant (private), and checked with the ETag before each reuse.
        "Cache-Control": "private, no-cache",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": content_disposition(info.filename, info.download_name),
    }
    if info.media_type.startswith("text/html"):
        # A converted page is data, not part of this site: no scripts, no requests out.
        headers["Content-Security-Policy"] = (
            "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
        )
    if etag_matches(request.headers.get("if-none-match"), info.etag):
        return Response(status_code=304, headers=headers)
    stream = downloads.open_result(store, info)
    headers["Content-Length"] = str(stream.size)
    return StreamingResponse(stream.chunks, media_type=info.media_type, headers=headers)


@router.get(
    "/{document_id}/tables/{index}.csv",
    responses={200: {"content": {"text/csv": {}}}, **ERRORS},
)
def get_table_csv(
    document_id: uuid.UUID,
    session: SessionDep,
    store: StoreDep,
    tenant_id: TenantDep,
    index: Annotated[int, Path(ge=1, le=100_000, description="The table's number, from 1 (tables output)")],
) -> Response:
    """One table of a document that asked for the ``tables`` output, as CSV."""
    text, filename = downloads.table_csv(
        session, store, tenant_id=tenant_id, document_id=document_id, index=index
    )
    return Response(
        text.encode(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition(filename, None),
            "X-Content-Type-Options": "nosniff",
        },
    )


def etag_matches(header: str | None, etag: str) -> bool:
    """If-None-Match (RFC 9110 13.1.2): ``*`` or a list of tags, compared weakly."""
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def content_disposition(fallback: str, name: str | None) -> str:
    """inline, with an ASCII file name and, where the upload had one, its own name in
    RFC 8187 form (filename*), which every current client prefers."""
    value = f'inline; filename="{fallback}"'
    if name:
        value += "; filename*=UTF-8''" + quote(name, safe="")
    return value


@router.get("/{document_id}/pages/{page_no}", response_model=PageResultOut, responses=ERRORS)
def get_page(
    document_id: uuid.UUID,
    page_no: Annotated[int, Path(ge=1, le=1_000_000)],
    session: SessionDep,
    store: StoreDep,
    settings: SettingsDep,
    tenant_id: TenantDep,
) -> PageResultOut:
    """One page: status, and its result (markdown, text, doctags, blocks with boxes) once done."""
    return views.get_page_result(
        session, store, settings, tenant_id=tenant_id, document_id=document_id, page_no=page_no
    )


@router.get(
    "/{document_id}/pages/{page_no}/image",
    responses={
        200: {"content": {"image/png": {}, "image/jpeg": {}}},
        304: {"description": "Not modified: the If-None-Match tag is the image's ETag"},
        **ERRORS,
    },
)
def get_page_image(
    request: Request,
    document_id: uuid.UUID,
    page_no: Annotated[int, Path(ge=1, le=1_000_000)],
    settings: SettingsDep,
    store: StoreDep,
    tenant_id: UploadTenantDep,
    width: Annotated[
        int,
        Query(
            ge=page_images.MIN_WIDTH,
            le=page_images.MAX_WIDTH,
            description="Pixels across (an image is never enlarged)",
        ),
    ] = 1200,
) -> Response:
    """The page drawn from the stored source, for people to look at beside its result:
    a PDF page as PNG, an image frame as PNG (JPEG for a JPEG). The result's boxes are
    in page units; scale them by the image's width over the page's ``width``."""
    # The tenant is checked in a short transaction of its own (UploadTenantDep), and so is
    # the document: none stays open while the page is fetched and drawn.
    with get_database().session_scope() as session:
        page = page_images.describe(
            session, tenant_id=tenant_id, document_id=document_id, page_no=page_no, width=width
        )
    headers = {
        "ETag": page.etag,
        # Per tenant, and the same bytes for as long as the document exists.
        "Cache-Control": "private, max-age=86400",
        "X-Content-Type-Options": "nosniff",
    }
    if etag_matches(request.headers.get("if-none-match"), page.etag):
        return Response(status_code=304, headers=headers)
    image, media_type = page_images.draw(store, settings, page)
    return Response(image, media_type=media_type, headers=headers)


@router.post("/{document_id}/cancel", response_model=DocumentOut, responses=ERRORS)
def cancel_document(
    document_id: uuid.UUID, session: SessionDep, settings: SettingsDep, tenant_id: TenantDep
) -> DocumentOut:
    """Stop converting: open pages are cancelled, the document ends ``cancelled`` (409 if it finished)."""
    doc = service.cancel_document(session, tenant_id=tenant_id, document_id=document_id)
    return views.to_out(session, doc, settings, with_pages=True)


@router.delete(
    "/{document_id}",
    status_code=204,
    responses={**ERRORS, 202: {"description": "Deleted; its stored files are still being purged"}},
)
def delete_document(
    document_id: uuid.UUID, session: SessionDep, store: StoreDep, tenant_id: TenantDep
) -> Response:
    """Cancel pending pages and purge every stored object of the document: 204 once they
    are gone, 202 if the object store failed and the purge goes on in the background.
    Either way the document reads as absent (404) from now on."""
    service.delete_document(session, tenant_id=tenant_id, document_id=document_id)
    # The deletion is durable (and its purge task dispatched) before any object goes, and
    # whatever the store does next, the answer cannot undo it.
    session.commit()
    return Response(status_code=204 if service.purge_stored(store, tenant_id, document_id) else 202)


@router.get("/{document_id}/webhook-deliveries", response_model=WebhookDeliveryList, responses=ERRORS)
def list_webhook_deliveries(
    document_id: uuid.UUID, session: SessionDep, tenant_id: TenantDep
) -> WebhookDeliveryList:
    """The document's outcome event and every attempt to deliver it."""
    return webhooks.list_deliveries(session, service.get_document(session, tenant_id, document_id))


@router.post(
    "/{document_id}/webhook-deliveries/redeliver",
    status_code=202,
    response_model=WebhookEventOut,
    responses=ERRORS,
)
def redeliver_webhook(document_id: uuid.UUID, session: SessionDep, tenant_id: TenantDep) -> WebhookEventOut:
    """Send the outcome event again now, with the same webhook-id and a fresh retry schedule."""
    return webhooks.redeliver(session, service.get_document(session, tenant_id, document_id))
