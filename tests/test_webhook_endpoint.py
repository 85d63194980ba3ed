"""The tenant's webhook endpoint over HTTP, and webhook_url checks at submit time."""

from __future__ import annotations

from datetime import timedelta

from common.core.db import get_database
from common.core.orm import utcnow
from common.webhooks.models import WebhookEndpoint
from tests.conftest import new_key
from tests.factories import files
from tests.helpers import assert_problem, document_count, stored_keys, submit, tenant_of

# Allowlisted in the test configuration, and nothing listens there: a document accepted
# with it makes no request outside this machine.
DEAD_END = "http://127.0.0.1:9/hook"


def test_put_creates_the_endpoint_and_shows_the_secret_once(client) -> None:
    # given a tenant without an endpoint
    assert_problem(client.get("/v1/webhook-endpoint"), 404, "not-found")
    # when it sets one
    created = client.put("/v1/webhook-endpoint", json={"url": "https://93.184.215.14/hooks"})
    # then the answer is 201 with the secret, and nothing shows it again
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["secret"].startswith("whsec_") and body["enabled"] is True
    again = client.get("/v1/webhook-endpoint").json()
    assert again["secret"] is None and again["url"] == "https://93.184.215.14/hooks"
    updated = client.put("/v1/webhook-endpoint", json={"url": "https://93.184.215.15/other"})
    assert updated.status_code == 200 and updated.json()["secret"] is None
    assert updated.json()["url"] == "https://93.184.215.15/other"


def test_rotation_returns_a_new_secret_and_keeps_the_old_one_signing_for_24h(client) -> None:
    first = client.put("/v1/webhook-endpoint", json={"url": None}).json()["secret"]
    rotated = client.post("/v1/webhook-endpoint/rotate-secret")
    assert rotated.status_code == 200, rotated.text
    body = rotated.json()
    assert body["secret"].startswith("whsec_") and body["secret"] != first
    with get_database().session_scope() as s:
        endpoint = s.query(WebhookEndpoint).filter_by(tenant_id=tenant_of(client)).one()
        now = utcnow()
        assert endpoint.signing_secrets(now) == [body["secret"], first]
        # and after the overlap only the new one signs
        assert endpoint.signing_secrets(now + timedelta(hours=24, seconds=1)) == [body["secret"]]
    expires = client.get("/v1/webhook-endpoint").json()["previous_secret_expires_at"]
    assert expires is not None


def test_forbidden_endpoint_urls_are_refused_with_a_problem(client) -> None:
    # the test configuration allowlists 127.0.0.1 and allows http; the rest is refused
    for url, code in [
        ("https://10.0.0.1/hook", "webhook-url-forbidden"),
        ("https://169.254.169.254/latest/meta-data/", "webhook-url-forbidden"),
        ("https://[fd00::1]/hook", "webhook-url-forbidden"),
        ("https://127.0.0.2/hook", "webhook-url-forbidden"),  # loopback outside the allowlist
        ("ftp://example.com/hook", "invalid-input"),
        ("https://user:pw@example.com/hook", "invalid-input"),
        ("https://ex ample.com/hook", "invalid-input"),
        ("https://example.com/\x01hook", "invalid-input"),
        ("https://exa_mple.com/hook", "invalid-input"),
        ("https://example.com:99999/hook", "invalid-input"),
        ("https://example.com/hook#frag", "invalid-input"),
        ("https://[::1/hook", "invalid-input"),
        ("https://[abc]/x", "invalid-input"),
    ]:
        problem = assert_problem(client.put("/v1/webhook-endpoint", json={"url": url}), 422, code)
        assert problem["field"] == "url"
    assert_problem(client.get("/v1/webhook-endpoint"), 404)


def test_a_document_webhook_url_needs_the_tenants_secret(client) -> None:
    # given a tenant that never created its endpoint (so it has no secret to verify with)
    resp = submit(client, files.text_pdf(1), webhook_url=DEAD_END, engine="null")
    # then the submit is refused, explaining how to fix it, and nothing is stored
    body = assert_problem(resp, 409, "webhook-secret-missing")
    assert "PUT /v1/webhook-endpoint" in body["detail"]
    assert document_count(tenant_of(client)) == 0
    assert stored_keys(f"tenants/{tenant_of(client)}/") == []
    # once it has a secret (with no default URL), the same submit is accepted
    assert client.put("/v1/webhook-endpoint", json={"url": None}).status_code == 201
    ok = submit(client, files.text_pdf(1), webhook_url=DEAD_END, engine="null")
    assert ok.status_code == 202, ok.text


def test_a_forbidden_document_webhook_url_is_refused_at_submit(client) -> None:
    client.put("/v1/webhook-endpoint", json={"url": None})
    resp = submit(client, files.text_pdf(1), webhook_url="https://192.168.0.10/hook", engine="null")
    body = assert_problem(resp, 422, "webhook-url-forbidden")
    assert "private" in body["detail"] and body["field"] == "webhook_url"
    assert document_count(tenant_of(client)) == 0


def test_endpoints_are_per_tenant(client, api_url) -> None:
    import httpx

    client.put("/v1/webhook-endpoint", json={"url": "https://93.184.215.14/mine"})
    other = httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {new_key()}"})
    assert_problem(other.get("/v1/webhook-endpoint"), 404)
    assert_problem(other.post("/v1/webhook-endpoint/rotate-secret"), 404)
    assert other.put("/v1/webhook-endpoint", json={"url": None}).status_code == 201
    assert client.get("/v1/webhook-endpoint").json()["url"] == "https://93.184.215.14/mine"
    other.close()


def test_delete_removes_the_endpoint(client) -> None:
    client.put("/v1/webhook-endpoint", json={"url": None})
    assert client.delete("/v1/webhook-endpoint").status_code == 204
    assert_problem(client.get("/v1/webhook-endpoint"), 404)
    assert_problem(client.delete("/v1/webhook-endpoint"), 404)


def test_webhook_endpoint_routes_need_a_key(api_url) -> None:
    import httpx

    assert_problem(httpx.put(f"{api_url}/v1/webhook-endpoint", json={"url": None}), 401)
    assert_problem(
        httpx.get(f"{api_url}/v1/documents/00000000-0000-0000-0000-000000000000/webhook-deliveries"), 401
    )
