"""The review page (/ui): static files for a browser, which then calls /v1 with the key a
person pastes, like any other client. Nothing here reads the database or needs a key, and
nothing is in the OpenAPI schema: the page is not part of the API."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request, Response

from api.problems import problem
from api.routers.documents import etag_matches

STATIC_DIR = Path(__file__).resolve().parent.parent / "review" / "static"

# The page builds its DOM from untrusted document text: whatever slips through, no inline
# script or style runs, nothing loads from elsewhere, and no other site may frame it.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    etag: str


@cache
def assets() -> dict[str, Asset]:
    """Every servable file, by its path under static/: the allowlist. A request names a
    key of this map or gets a 404, so no path it spells can reach another file."""
    found: dict[str, Asset] = {}
    for file in sorted(STATIC_DIR.rglob("*")):
        media_type = MEDIA_TYPES.get(file.suffix)
        if media_type is None or not file.is_file() or file.is_symlink():
            continue
        body = file.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        found[file.relative_to(STATIC_DIR).as_posix()] = Asset(body, media_type, etag)
    return found


def _serve(request: Request, name: str) -> Response:
    asset = assets().get(name)
    if asset is None:
        return _not_found(request)
    # no-cache: the browser asks each time, and an unchanged file costs a 304.
    headers = {**SECURITY_HEADERS, "ETag": asset.etag, "Cache-Control": "no-cache"}
    if etag_matches(request.headers.get("if-none-match"), asset.etag):
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)


def _not_found(request: Request) -> Response:
    return problem(
        404,
        "Not found",
        "no such file of the review page",
        code="not-found",
        instance=request.url.path,
        headers=SECURITY_HEADERS,
    )


@router.get("/ui")
@router.get("/ui/")
def page(request: Request) -> Response:
    return _serve(request, "index.html")


@router.get("/ui/static/{name:path}")
def static(request: Request, name: str) -> Response:
    return _serve(request, name)


@router.get("/ui/{rest:path}")
def elsewhere(request: Request, rest: str) -> Response:
    # Any other /ui address is a 404 with the page's headers too.
    return _not_found(request)
