"""Attack suite: server-side request forgery. Every way of writing an address that must
not receive webhooks (loopback, cloud metadata, private and link-local networks, in the
spellings that URL parsers and resolvers disagree on) is refused where a client can name
a URL: the tenant's webhook endpoint and a document's own webhook_url. Nothing is stored.
The target runs the production policy: https only, no private address allowlisted."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import new_key
from tests.factories import pdfs
from tests.helpers import assert_problem

# Written so that a naive check (a string prefix, ipaddress on the host as written, a
# parser that differs from the resolver) would let them through.
FORBIDDEN = [
    "https://127.0.0.1/hook",
    "https://127.1/hook",  # inet_aton's short form
    "https://2130706433/hook",  # 127.0.0.1 as one decimal number
    "https://0x7f000001/hook",  # ... as hex
    "https://0177.0.0.1/hook",  # ... with an octal first byte
    "https://0.0.0.0/hook",  # unspecified: reaches the host itself on Linux
    "https://localhost/hook",  # a name that resolves to loopback
    "https://LOCALHOST./hook",  # ... in capitals with the root dot
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",  # IPv4-mapped IPv6
    "https://[::ffff:7f00:1]/hook",  # ... written in hex
    "https://[0:0:0:0:0:ffff:a9fe:a9fe]/latest/meta-data/",  # mapped metadata address
    "https://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "https://[2002:a9fe:a9fe::1]/",  # 6to4 of the same
    "https://169.254.169.254/latest/meta-data/iam/",  # cloud metadata
    "https://[fd00:ec2::254]/latest/meta-data/",  # AWS's IPv6 metadata address
    "https://10.0.0.1/hook",
    "https://172.16.5.4:8443/hook",
    "https://192.168.1.1/hook",
    "https://100.64.0.1/hook",  # carrier-grade NAT
    "https://[fe80::1]/hook",  # link-local
    "https://[fd12:3456::1]/hook",  # unique local
    "https://224.0.0.1/hook",  # multicast
    "https://\u2460\u2461\u2466.0.0.1/hook",  # circled digits: IDNA folds them to 127.0.0.1
    "https://\uff11\uff12\uff17.0.0.1/hook",  # full-width digits, likewise
]
MALFORMED = [
    "http://93.184.215.14/hook",  # plain http: refused by the production policy
    "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_FLUSHALL",
    "dict://127.0.0.1:11211/stats",
    "ftp://example.com/hook",
    "//127.0.0.1/hook",  # scheme-relative
    "https:/127.0.0.1/hook",
    "https:\\\\127.0.0.1\\hook",
    "https://user:pw@example.com/hook",  # credentials
    "https://example.com@127.0.0.1/hook",  # the classic parser confusion, credentials again
    "https://127.0.0.1#@example.com/hook",  # a fragment that hides the real host
    "https://example.com/hook\r\nHost: 127.0.0.1",  # header injection
    "https://exa mple.com/hook",
    "https://[::1/hook",
    "https://example.com:0/hook",
    "https://example.com:99999/hook",
    "https://" + "a" * 64 + ".example.com/hook",  # a label over 63 characters
    "javascript:alert(1)",
]


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize("url", FORBIDDEN)
def test_a_forbidden_destination_is_refused_as_the_tenants_endpoint(target, url):
    # given a tenant with no endpoint yet
    key = new_key()
    # when it names a forbidden destination
    resp = httpx.put(f"{target.url}/v1/webhook-endpoint", json={"url": url}, headers=_auth(key), timeout=30)
    # then it is refused saying why, and no endpoint exists
    body = assert_problem(resp, 422, "webhook-url-forbidden")
    assert body["field"] == "url"
    assert_problem(httpx.get(f"{target.url}/v1/webhook-endpoint", headers=_auth(key)), 404)


@pytest.mark.parametrize("url", MALFORMED)
def test_a_malformed_or_disallowed_url_is_refused_as_the_tenants_endpoint(target, url):
    key = new_key()
    resp = httpx.put(f"{target.url}/v1/webhook-endpoint", json={"url": url}, headers=_auth(key), timeout=30)
    assert resp.status_code == 422, (url, resp.text)
    assert_problem(resp, 422)
    assert_problem(httpx.get(f"{target.url}/v1/webhook-endpoint", headers=_auth(key)), 404)


def test_a_documents_own_webhook_url_is_held_to_the_same_policy(target):
    # given a tenant whose endpoint (and so its signing secret) exists
    key = new_key()
    ok = httpx.put(
        f"{target.url}/v1/webhook-endpoint",
        json={"url": "https://hooks.example.com/pagemill"},
        headers=_auth(key),
        timeout=30,
    )
    assert ok.status_code in (200, 201), ok.text
    pdf = pdfs.text_pdf(1)
    # when it submits documents whose webhook_url is each forbidden or malformed form
    for url in [*FORBIDDEN, *MALFORMED]:
        resp = httpx.post(
            f"{target.url}/v1/documents",
            headers=_auth(key),
            files={"file": ("a.pdf", pdf)},
            data={"engine": "null", "webhook_url": url},
            timeout=30,
        )
        # then each is refused before anything is stored
        assert resp.status_code == 422, (url, resp.text)
        assert_problem(resp, 422)
    listing = httpx.get(f"{target.url}/v1/documents", headers=_auth(key)).json()
    assert listing["data"] == []
