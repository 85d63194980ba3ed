"""The pure parts of webhooks: the SSRF guard, Standard Webhooks signing, the retry policy."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks import Webhook

from common.core.errors import InvalidInput
from common.core.settings import STANDARD_RETRY_SCHEDULE, Settings, WebhooksSettings
from common.webhooks import ssrf
from common.webhooks.delivery import next_delay
from common.webhooks.sender import Verdict, classify, parse_retry_after
from common.webhooks.signing import new_secret, signature_headers
from pagemill_client import WebhookVerificationError, verify_webhook

STRICT = WebhooksSettings()  # production defaults: https only, nothing allowlisted


def fixed(*addresses: str) -> ssrf.Resolver:
    return lambda host, port: list(addresses)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.254", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "link-local"),  # the cloud metadata service
        ("169.254.0.1", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped: judged as the IPv4 host
        ("::ffff:10.0.0.1", "private"),
        ("100.64.0.1", "reserved"),  # carrier-grade NAT
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 of 169.254.169.254
        ("64:ff9b:1::a00:1", "private"),  # operator-local NAT64
        ("2002:a9fe:a9fe::1", "link-local"),  # 6to4 of 169.254.169.254
        ("::127.0.0.1", "loopback"),  # IPv4-compatible (deprecated)
    ],
)
def test_each_forbidden_address_class_is_refused(address: str, reason: str) -> None:
    # given a URL whose host resolves to a forbidden address
    # when it is checked at submit time and at send time
    # then both refuse it, naming the class
    with pytest.raises(ssrf.ForbiddenDestination, match=reason):
        ssrf.check_at_submit("https://hooks.example.com/x", STRICT, fixed(address))
    with pytest.raises(ssrf.ForbiddenDestination, match=reason):
        ssrf.resolve_for_send("https://hooks.example.com/x", STRICT, fixed(address))


@pytest.mark.parametrize(
    "address",
    [
        "::ffff:8.8.8.8",  # IPv4-mapped
        "64:ff9b::808:808",  # NAT64
        "2002:808:808::1",  # 6to4
        "2606:4700::1111",  # plain public IPv6
    ],
)
def test_ipv6_forms_of_public_ipv4_addresses_pass(address: str) -> None:
    # given a host that resolves to an IPv6 form of a public address
    url = "https://h.example.com/hook?x=1"
    # when it is checked at submit time and at send time
    at_submit = ssrf.check_at_submit(url, STRICT, fixed(address))
    target, connect_to = ssrf.resolve_for_send(url, STRICT, fixed(address))
    # then both let it through, and the send goes to that very address, not rewritten
    assert at_submit == target
    assert (target.host, target.port, target.path) == ("h.example.com", 443, "/hook?x=1")
    assert connect_to == ipaddress.ip_address(address)


def test_an_ip_literal_is_judged_without_dns() -> None:
    def no_dns(host: str, port: int) -> list[str]:
        raise AssertionError("a literal must not be resolved")

    with pytest.raises(ssrf.ForbiddenDestination, match="link-local"):
        ssrf.check_at_submit("https://169.254.169.254/latest/meta-data", STRICT, no_dns)
    with pytest.raises(ssrf.ForbiddenDestination, match="loopback"):
        ssrf.check_at_submit("https://[::1]:8443/hook", STRICT, no_dns)


def test_one_forbidden_address_among_public_ones_is_enough_to_refuse() -> None:
    with pytest.raises(ssrf.ForbiddenDestination, match="private"):
        ssrf.resolve_for_send("https://h.example.com/", STRICT, fixed("93.184.215.14", "10.0.0.7"))


def test_public_addresses_pass_and_the_first_is_the_one_dialled() -> None:
    target, address = ssrf.resolve_for_send(
        "https://h.example.com:8443/in?x=1", STRICT, fixed("93.184.215.14", "2606:2800:21f:cb07::1")
    )
    assert (str(address), target.port, target.path) == ("93.184.215.14", 8443, "/in?x=1")


def test_the_allowlist_admits_a_network_and_nothing_else() -> None:
    cfg = WebhooksSettings(allowlist=["10.20.0.0/16"])
    ssrf.resolve_for_send("https://internal.example/x", cfg, fixed("10.20.3.4"))
    with pytest.raises(ssrf.ForbiddenDestination):
        ssrf.resolve_for_send("https://internal.example/x", cfg, fixed("10.21.0.1"))


def test_http_is_refused_unless_configured() -> None:
    with pytest.raises(InvalidInput, match="https"):
        ssrf.check_at_submit("http://hooks.example.com/x", STRICT, fixed("93.184.215.14"))
    ssrf.check_at_submit(
        "http://hooks.example.com/x", WebhooksSettings(allow_http=True), fixed("93.184.215.14")
    )


def test_a_host_that_does_not_resolve_yet_is_accepted_at_submit_and_retried_at_send() -> None:
    def nxdomain(host: str, port: int) -> list[str]:
        raise ssrf.ResolutionFailed(f"cannot resolve {host}")

    ssrf.check_at_submit("https://not-yet.example.com/x", STRICT, nxdomain)
    with pytest.raises(ssrf.ResolutionFailed):
        ssrf.resolve_for_send("https://not-yet.example.com/x", STRICT, nxdomain)


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST.", "api.localhost", "x.y.localhost."])
def test_localhost_names_are_loopback_whatever_the_resolver_says(host: str) -> None:
    # given a resolver that knows none of them (some miss "localhost." with its root dot)
    def nxdomain(name: str, port: int) -> list[str]:
        raise ssrf.ResolutionFailed(f"cannot resolve {name}")

    # then each is refused at submit and at send, as loopback (RFC 6761)
    with pytest.raises(ssrf.ForbiddenDestination, match="loopback"):
        ssrf.check_at_submit(f"https://{host}/x", STRICT, nxdomain)
    with pytest.raises(ssrf.ForbiddenDestination, match="loopback"):
        ssrf.resolve_for_send(f"https://{host}/x", STRICT, nxdomain)
    # and an allowlisted loopback still admits them (an operator's own receiver)
    allowed = WebhooksSettings(allowlist=["127.0.0.0/8", "::1/128"])
    ssrf.check_at_submit(f"https://{host}/x", allowed, nxdomain)


def test_port_zero_is_refused_not_read_as_the_default_port() -> None:
    with pytest.raises(InvalidInput, match="port 0"):
        ssrf.parse_target("https://example.com:0/x", STRICT)


def test_a_dns_answer_that_changes_after_submit_is_refused_at_send() -> None:
    # given a host that resolves to a public address when the document is submitted
    answers = iter([["93.184.215.14"], ["127.0.0.1"]])

    def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    ssrf.check_at_submit("https://rebind.example.com/x", STRICT, rebinding)
    # when it resolves to loopback by the time the webhook is sent
    # then the send-time check refuses it
    with pytest.raises(ssrf.ForbiddenDestination, match="loopback"):
        ssrf.resolve_for_send("https://rebind.example.com/x", STRICT, rebinding)


def test_signatures_verify_with_the_reference_library_and_cover_the_body() -> None:
    secret = new_secret()
    assert secret.startswith("whsec_")
    body = '{"type":"document.succeeded","data":{"id":"x"}}'
    headers = signature_headers("evt_1", body, [secret])
    assert headers["webhook-id"] == "evt_1"
    assert headers["webhook-signature"].startswith("v1,")
    assert Webhook(secret).verify(body, headers)["type"] == "document.succeeded"
    with pytest.raises(WebhookVerificationError):
        verify_webhook(body.replace("x", "y"), headers, secret)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(body, headers, new_secret())


def test_during_a_rotation_both_secrets_sign_and_either_verifies() -> None:
    old, new = new_secret(), new_secret()
    body = "{}"
    headers = signature_headers("evt_2", body, [new, old])
    assert len(headers["webhook-signature"].split(" ")) == 2
    verify_webhook(body, headers, old)
    verify_webhook(body, headers, new)


def test_a_stale_timestamp_is_refused_by_the_verifier() -> None:
    secret = new_secret()
    headers = signature_headers("evt_3", "{}", [secret], at=datetime.now(UTC) - timedelta(minutes=6))
    with pytest.raises(WebhookVerificationError, match="too old"):
        verify_webhook("{}", headers, secret)


def test_status_codes_map_to_the_documented_verdicts() -> None:
    assert [classify(c) for c in (200, 204, 299)] == [Verdict.delivered] * 3
    assert [classify(c) for c in (408, 429, 500, 502, 503, 504)] == [Verdict.retry] * 6
    assert [classify(c) for c in (400, 401, 403, 404, 301, 302)] == [Verdict.failed] * 6
    assert classify(410) is Verdict.gone


def test_the_default_schedule_is_standard_webhooks() -> None:
    assert WebhooksSettings().retry_schedule == STANDARD_RETRY_SCHEDULE
    assert STANDARD_RETRY_SCHEDULE == [0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]


def test_retry_delays_follow_the_schedule_with_jitter_and_honour_retry_after() -> None:
    settings = Settings(webhooks=WebhooksSettings())  # the production schedule, not the tests'

    # after the first failure: 5 s ± 20 %
    delays = [next_delay(settings, 1, None) for _ in range(200)]
    assert all(d is not None and 4.0 <= d <= 6.0 for d in delays)
    assert len({round(d, 3) for d in delays if d is not None}) > 50  # jittered, not fixed
    # a Retry-After longer than the scheduled delay wins; a shorter one does not shorten it
    assert next_delay(settings, 1, 120.0) == 120.0
    retry_after_short = next_delay(settings, 2, 1.0)
    assert retry_after_short is not None and retry_after_short >= 240
    # a Retry-After beyond the cap is capped
    assert next_delay(settings, 1, 10**9) == settings.webhooks.max_retry_after
    # after the last scheduled attempt: give up
    assert next_delay(settings, len(STANDARD_RETRY_SCHEDULE), None) is None


def test_retry_after_parses_seconds_and_http_dates() -> None:
    now = datetime(2026, 11, 21, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after("Sat, 21 Nov 2026 12:00:30 GMT", now) == 30
    assert parse_retry_after("garbage", now) is None
    assert parse_retry_after(None, now) is None


def test_settings_take_lists_as_json_or_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEMILL_WEBHOOKS__ALLOWLIST", "10.0.0.0/8, 192.168.0.0/16")
    monkeypatch.setenv("PAGEMILL_WEBHOOKS__RETRY_SCHEDULE", "[0, 1.5, 3]")
    s = Settings()
    assert s.webhooks.allowlist == ["10.0.0.0/8", "192.168.0.0/16"]
    assert s.webhooks.retry_schedule == [0, 1.5, 3]
    monkeypatch.setenv("PAGEMILL_WEBHOOKS__ALLOWLIST", "not-a-network")
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 network"):
        Settings()
