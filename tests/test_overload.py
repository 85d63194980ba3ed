"""Per-tenant limits through the real API: request rate, pages in flight, deadlines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from common.core.settings import get_settings
from common.tenants import ratelimit
from tests.conftest import new_key
from tests.factories import files
from tests.helpers import assert_problem, submit


@pytest.fixture
def small_limit(monkeypatch):
    """The API's limiter with a bucket of 3 and a slow refill (Redis-backed, as deployed)."""
    settings = get_settings()
    quotas = settings.quotas.model_copy(update={"rate_per_second": 0.2, "burst": 3})
    monkeypatch.setattr(
        ratelimit, "_limiter", ratelimit.RateLimiter(settings.model_copy(update={"quotas": quotas}))
    )


def test_a_tenant_over_its_request_rate_gets_429_with_retry_after(client, api_url, small_limit):
    # given a tenant that used its burst
    codes = [client.get("/v1/documents").status_code for _ in range(3)]
    # when it sends one more request
    resp = client.get("/v1/documents")
    # then it is refused with 429 problem JSON and told when to retry
    assert codes == [200, 200, 200]
    body = assert_problem(resp, 429, "too-many-requests")
    assert int(resp.headers["Retry-After"]) >= 1 and body["retry_after"] >= 1
    # and another tenant is not affected
    with httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {new_key()}"}) as other:
        assert other.get("/v1/documents").status_code == 200


def test_submissions_count_against_the_rate_too(client, small_limit):
    # given a tenant that used its burst on submissions
    for _ in range(3):
        assert submit(client, files.text_pdf(1), engine="smoldocling").status_code == 202
    # when it submits again, then 429 and nothing is stored for that request
    assert_problem(submit(client, files.text_pdf(1), engine="smoldocling"), 429, "too-many-requests")


def test_a_tenant_over_its_pages_in_flight_gets_429(client, monkeypatch):
    monkeypatch.setattr(get_settings().quotas, "max_inflight_pages", 5)
    # given a tenant with 4 pages in flight (a model engine no test worker consumes)
    first = submit(client, files.text_pdf(4), engine="smoldocling")
    assert first.status_code == 202
    try:
        # when it submits 2 more pages, then it is refused with 429 and the numbers
        body = assert_problem(
            submit(client, files.text_pdf(2), engine="smoldocling"), 429, "too-many-requests"
        )
        assert body["inflight_pages"] == 4 and body["limit"] == 5
        # but 1 more page fits
        assert submit(client, files.text_pdf(1), engine="smoldocling").status_code == 202
        # and a document larger than the whole limit is refused as invalid, not "later"
        assert_problem(submit(client, files.text_pdf(6), engine="smoldocling"), 422, "invalid-input")
    finally:
        for doc in client.get("/v1/documents").json()["data"]:
            client.post(f"/v1/documents/{doc['id']}/cancel")


def test_cancelled_documents_free_their_pages_in_flight(client, monkeypatch):
    monkeypatch.setattr(get_settings().quotas, "max_inflight_pages", 4)
    # given a tenant at its limit
    doc_id = submit(client, files.text_pdf(4), engine="smoldocling").json()["id"]
    assert submit(client, files.text_pdf(1), engine="smoldocling").status_code == 429
    # when it cancels that document
    assert client.post(f"/v1/documents/{doc_id}/cancel").status_code == 200
    # then it may submit again
    again = submit(client, files.text_pdf(1), engine="smoldocling")
    assert again.status_code == 202
    client.post(f"/v1/documents/{again.json()['id']}/cancel")


@pytest.mark.parametrize("value", ["soon", "5", "-60", "1e3", str(8 * 86400)])
def test_an_invalid_deadline_is_refused(client, value):
    resp = submit(client, files.text_pdf(1), engine="null", deadline=value)
    body = assert_problem(resp, 422, "invalid-input")
    assert "deadline" in body["detail"]


def test_a_document_gets_the_deadline_asked_for_or_the_default(client):
    # when documents are submitted with and without a deadline
    before = datetime.now(UTC)
    asked = submit(client, files.text_pdf(1), engine="null", deadline="3600").json()
    default = submit(client, files.text_pdf(1), engine="null").json()
    # then each carries its deadline
    asked_at = datetime.fromisoformat(asked["deadline_at"])
    default_at = datetime.fromisoformat(default["deadline_at"])
    assert timedelta(minutes=59) < asked_at - before < timedelta(minutes=61)
    assert timedelta(hours=23) < default_at - before < timedelta(hours=25)


def test_a_request_that_finds_every_database_connection_busy_gets_503_not_500(client, monkeypatch):
    from common.core import db

    # given the API's pool is one connection, no overflow, and half a second of waiting
    base = get_settings()
    small = base.database.model_copy(update={"pool_size": 1, "max_overflow": 0, "pool_timeout": 0.5})
    tiny = db.Database(base.model_copy(update={"database": small}))
    monkeypatch.setattr(db, "_db", tiny)
    try:
        assert client.get("/v1/documents").status_code == 200
        # when that connection is held by something else (a slow transaction)
        with tiny.engine.connect():
            resp = client.get("/v1/documents")
        # then the request is told the server is busy and when to retry
        body = assert_problem(resp, 503, "service-unavailable")
        assert "busy" in body["detail"] and resp.headers["retry-after"]
        # and once it is free again, requests are served
        assert client.get("/v1/documents").status_code == 200
    finally:
        tiny.dispose()
