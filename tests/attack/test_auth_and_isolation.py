"""Attack suite: authentication variants and tenant isolation on every route the API
serves, taken from its own OpenAPI document, so that a new route is attacked the day it is
added. A tenant's 404 for another tenant's id must be indistinguishable from its 404 for
an id that does not exist."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from tests.conftest import new_key
from tests.factories import pdfs
from tests.helpers import assert_problem

# Routes that need no key: the probes and the API's own documents.
PUBLIC = {"/livez", "/readyz", "/metrics", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
BAD_AUTHORIZATION = [
    None,
    "",
    "Bearer",
    "bearer  pm_",
    "Basic dXNlcjpwYXNz",
    "Bearer pm_not-a-key",
    "Bearer " + "x" * 4000,
    "Token pm_abc",
]


def operations(api_url: str) -> list[tuple[str, str]]:
    schema = httpx.get(f"{api_url}/openapi.json").json()
    return sorted(
        (method.upper(), path)
        for path, item in schema["paths"].items()
        if path not in PUBLIC
        for method in item
        if method in {"get", "put", "post", "delete", "patch"}
    )


def fill(path: str, document_id: uuid.UUID) -> str:
    # every other path parameter is a number from 1 (a page, a table)
    return re.sub(r"\{\w+\}", "1", path.replace("{document_id}", str(document_id)))


def send(api_url: str, method: str, path: str, authorization: str | None) -> httpx.Response:
    headers = {} if authorization is None else {"Authorization": authorization}
    kwargs: dict[str, Any] = {}
    if method in {"PUT", "POST"}:
        kwargs["json"] = {"url": "https://hooks.example.com/hook"}
    return httpx.request(method, api_url + path, headers=headers, timeout=30, **kwargs)


def test_every_route_refuses_every_wrong_authorization(target):
    api_url = target.url
    ops = operations(api_url)
    assert ("GET", "/v1/documents") in ops and ("PUT", "/v1/webhook-endpoint") in ops
    for method, path in ops:
        for authorization in BAD_AUTHORIZATION:
            r = send(api_url, method, fill(path, uuid.uuid4()), authorization)
            body = assert_problem(r, 401, "unauthorized")
            assert r.headers["www-authenticate"] == "Bearer", (method, path, authorization)
            assert "pm_" not in body["detail"], body  # the key sent is never echoed


def _normalised(r: httpx.Response, document_id: uuid.UUID) -> tuple[int, str, dict[str, Any]]:
    text = r.text.replace(str(document_id), "<id>")
    return r.status_code, r.headers.get("content-type", ""), {"body": re.sub(r"\s+", " ", text)}


def test_another_tenants_document_is_a_404_like_a_missing_one_on_every_route(target):
    api_url = target.url
    owner, intruder = new_key(), new_key()
    created = httpx.post(
        f"{api_url}/v1/documents",
        headers={"Authorization": f"Bearer {owner}"},
        files={"file": ("a.pdf", pdfs.text_pdf(2))},
        data={"engine": "null"},
        timeout=30,
    )
    assert created.status_code == 202, created.text
    doc_id = uuid.UUID(created.json()["id"])
    missing = uuid.uuid4()
    by_id = [(m, p) for m, p in operations(api_url) if "{document_id}" in p]
    assert len(by_id) >= 5, by_id
    for method, path in by_id:
        theirs = send(api_url, method, fill(path, doc_id), f"Bearer {intruder}")
        nowhere = send(api_url, method, fill(path, missing), f"Bearer {intruder}")
        assert theirs.status_code == 404, (method, path, theirs.text)
        assert _normalised(theirs, doc_id) == _normalised(nowhere, missing), (method, path)
    # and nothing the intruder sent touched the document
    mine = httpx.get(f"{api_url}/v1/documents/{doc_id}", headers={"Authorization": f"Bearer {owner}"})
    assert mine.status_code == 200 and mine.json()["status"] != "cancelled", mine.text


@pytest.mark.parametrize("path", ["/v1/documents", "/v1/webhook-endpoint"])
def test_a_listing_or_a_tenant_resource_shows_nothing_of_another_tenant(target, path):
    api_url = target.url
    owner, intruder = new_key(), new_key()
    auth = {"Authorization": f"Bearer {owner}"}
    httpx.put(f"{api_url}/v1/webhook-endpoint", json={"url": "https://hooks.example.com/hook"}, headers=auth)
    httpx.post(
        f"{api_url}/v1/documents",
        headers=auth,
        files={"file": ("a.pdf", pdfs.text_pdf(1))},
        data={"engine": "null"},
    )
    r = httpx.get(api_url + path, headers={"Authorization": f"Bearer {intruder}"})
    if path == "/v1/documents":
        assert r.status_code == 200 and r.json()["data"] == [], r.text
    else:
        assert_problem(r, 404)
