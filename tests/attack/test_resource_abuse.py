"""Attack suite: resource abuse by an authenticated tenant. Query parameters, path
parameters, headers and JSON built to cost the server more than their size are refused
quickly with a problem (never a 500), one tenant's flood is throttled without touching
another tenant, and the API stays healthy throughout."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest

from tests.conftest import new_key
from tests.factories import pdfs
from tests.helpers import assert_problem
from tests.serving import serve

# Each answered within this many seconds; an amplification shows as seconds, not ms.
PROMPT = 3.0


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _timed(method: str, url: str, **kwargs: object) -> httpx.Response:
    started = time.monotonic()
    resp = httpx.request(method, url, timeout=30, **kwargs)  # type: ignore[arg-type]
    assert time.monotonic() - started < PROMPT, (url[:120], resp.status_code)
    return resp


@pytest.fixture(scope="module")
def owned(target) -> tuple[str, str]:
    """A tenant's key and one of its documents."""
    key = new_key()
    resp = httpx.post(
        f"{target.url}/v1/documents",
        headers=_auth(key),
        files={"file": ("a.pdf", pdfs.text_pdf(1))},
        data={"engine": "null"},
        timeout=30,
    )
    assert resp.status_code == 202, resp.text
    return key, resp.json()["id"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/documents?limit=1000000000000", 422),
        ("/v1/documents?limit=-1", 422),
        ("/v1/documents?limit=1e9", 422),
        ("/v1/documents?status=" + "queued," * 2000, 422),
        ("/v1/documents?cursor=" + "A" * 20000, 400),
        ("/v1/audit-events?cursor=" + "%00" * 5000, 400),
        ("/v1/audit-events?limit=99999999999999999999999999", 422),
        ("/v1/documents/{id}/pages/" + "9" * 4000, 422),
        ("/v1/documents/{id}/pages/-1", 422),
        ("/v1/documents/{id}/result?format=" + "markdown," * 2000, 422),
        ("/v1/documents/" + "0" * 5000, 422),
    ],
)
def test_an_oversized_or_pathological_parameter_is_refused_promptly(target, owned, path, status):
    key, doc_id = owned
    resp = _timed("GET", target.url + path.replace("{id}", doc_id), headers=_auth(key))
    assert_problem(resp, status)


def test_deeply_nested_json_is_a_422_not_a_500(target):
    # given JSON nested far beyond any real request, within the body limit
    key = new_key()
    for raw in (b"[" * 30000 + b"]" * 30000, b'{"url":' * 8000 + b"null" + b"}" * 8000):
        resp = _timed(
            "PUT",
            f"{target.url}/v1/webhook-endpoint",
            content=raw,
            headers={**_auth(key), "Content-Type": "application/json"},
        )
        assert_problem(resp, 422)


def test_deeply_nested_metadata_is_refused_before_anything_is_stored(target):
    key = new_key()
    for metadata in ("[" * 2000 + "]" * 2000, '{"a":' * 800 + "1" + "}" * 800):
        resp = _timed(
            "POST",
            f"{target.url}/v1/documents",
            headers=_auth(key),
            files={"file": ("a.pdf", pdfs.text_pdf(1))},
            data={"engine": "null", "metadata": metadata},
        )
        assert_problem(resp, 422)
    assert httpx.get(f"{target.url}/v1/documents", headers=_auth(key)).json()["data"] == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("output_formats", "markdown," * 5000),
        ("deadline", "9" * 5000),
        ("deadline", "1e400"),
        ("deadline", "nan"),
        ("webhook_url", "https://" + "a." * 2000 + "example.com/"),
        ("prompt", "?" * 60000),
        ("engine", "null" * 10000),
    ],
)
def test_an_oversized_form_field_is_refused_promptly(target, field, value):
    key = new_key()
    resp = _timed(
        "POST",
        f"{target.url}/v1/documents",
        headers=_auth(key),
        files={"file": ("a.pdf", pdfs.text_pdf(1))},
        data={"engine": "null", field: value},
    )
    assert_problem(resp, 422)


def test_an_oversized_idempotency_key_is_refused(target):
    key = new_key()
    resp = _timed(
        "POST",
        f"{target.url}/v1/documents",
        headers={**_auth(key), "Idempotency-Key": "k" * 20000},
        files={"file": ("a.pdf", pdfs.text_pdf(1))},
        data={"engine": "null"},
    )
    assert resp.status_code in (422, 431), resp.text
    assert_problem(resp, resp.status_code)


def test_one_tenants_flood_is_throttled_and_another_tenant_is_served(services):
    # given an API with a small per-tenant request rate
    with serve(
        {"PAGEMILL_QUOTAS__RATE_PER_SECOND": "2", "PAGEMILL_QUOTAS__BURST": "5"}, "attack-rate.log"
    ) as srv:
        flooder, neighbour = new_key(), new_key()
        # when one tenant sends 30 requests as fast as it can
        started = time.monotonic()
        answers = [httpx.get(f"{srv.url}/v1/documents", headers=_auth(flooder)) for _ in range(30)]
        elapsed = time.monotonic() - started
        codes = [r.status_code for r in answers]
        # then past its burst (5, and 2 a second after) it is told to slow down
        allowed = 5 + 2 * elapsed + 1
        assert set(codes) <= {200, 429} and codes.count(200) <= allowed, (codes, elapsed)
        assert codes.count(429) >= 30 - allowed, (codes, elapsed)
        throttled = next(r for r in answers if r.status_code == 429)
        assert_problem(throttled, 429, "too-many-requests")
        assert int(throttled.headers["retry-after"]) >= 1
        # and another tenant is served as if nothing happened
        assert httpx.get(f"{srv.url}/v1/documents", headers=_auth(neighbour)).status_code == 200
        # and an unknown key is refused as unauthorized, not counted against anyone
        stranger = httpx.get(f"{srv.url}/v1/documents", headers=_auth(f"pm_{uuid.uuid4().hex}"))
        assert_problem(stranger, 401)
