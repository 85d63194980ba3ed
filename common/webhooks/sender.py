"""One signed POST of a webhook event, and what its answer means.

The SSRF guard (common/webhooks/ssrf.py) resolves the destination and this module dials
the very address it checked, with the signature headers of Standard Webhooks; whatever
happens (an answer, a timeout, a refused address) comes back as an AttemptResult with
its verdict. No database here: the deliver flow (worker/flows/deliver.py) calls this
with no transaction open, so a slow receiver never holds a connection.
"""

from __future__ import annotations

import asyncio
import email.utils
import enum
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from common.core.errors import InvalidInput
from common.core.orm import utcnow
from common.core.settings import Settings, WebhooksSettings
from common.webhooks import ssrf
from common.webhooks.signing import signature_headers

log = logging.getLogger(__name__)
USER_AGENT = "Pagemill-Webhooks/1 (+https://pagemill.dev/docs/webhooks)"


class Verdict(enum.StrEnum):
    delivered = "delivered"
    retry = "retry"  # 408, 429, 5xx, timeouts, connection and DNS errors
    failed = "failed"  # other statuses, redirects, refused destinations
    gone = "gone"  # 410: the receiver asks us to stop; the endpoint is disabled


@dataclass(frozen=True)
class AttemptResult:
    verdict: Verdict
    status_code: int | None = None
    latency_ms: int | None = None
    response_body: str | None = None
    error: str | None = None
    retry_after: float | None = None


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def classify(status: int) -> Verdict:
    if 200 <= status < 300:
        return Verdict.delivered
    if status == 410:
        return Verdict.gone
    if status in (408, 429) or status >= 500:
        return Verdict.retry
    return Verdict.failed


def _ascii_host(host: str) -> str:
    """The name as it goes on the wire (IDNA for internationalised names)."""
    return host if host.isascii() else host.encode("idna").decode("ascii")


def _host_header(target: ssrf.Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else _ascii_host(target.host)
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


@dataclass(frozen=True)
class _Response:
    status: int
    latency_ms: int
    text: str
    retry_after: float | None
    location: str | None


async def _post(
    request_url: str, headers: dict[str, str], body: bytes, extensions: dict[str, str], cfg: WebhooksSettings
) -> _Response:
    start = time.perf_counter()
    # A fresh client per attempt: pooled connections are keyed by address, and one
    # opened for another tenant's host name on the same address must not be reused.
    async with (
        httpx.AsyncClient(timeout=cfg.timeout, follow_redirects=False, trust_env=False) as client,
        client.stream("POST", request_url, content=body, headers=headers, extensions=extensions) as resp,
    ):
        latency_ms = int((time.perf_counter() - start) * 1000)
        received = bytearray()
        async for chunk in resp.aiter_bytes():
            received += chunk
            if len(received) >= cfg.max_response_bytes:
                break
        return _Response(
            status=resp.status_code,
            latency_ms=latency_ms,
            text=bytes(received[: cfg.max_response_bytes]).decode("utf-8", errors="replace"),
            retry_after=parse_retry_after(resp.headers.get("retry-after"), utcnow()),
            location=resp.headers.get("location"),
        )


def send(
    url: str,
    webhook_ident: str,
    body: str,
    secrets: list[str],
    settings: Settings,
    resolver: ssrf.Resolver = ssrf.system_resolver,
) -> AttemptResult:
    """One signed POST to ``url``, connecting only to the address the SSRF guard checked,
    within ``webhooks.timeout`` seconds in all (a receiver that drips bytes cannot hold
    a worker). Never raises: whatever happens is the attempt's result."""
    cfg = settings.webhooks
    try:
        target, address = ssrf.resolve_for_send(url, cfg, resolver)
    except ssrf.ResolutionFailed as exc:
        return AttemptResult(Verdict.retry, error=str(exc))
    except InvalidInput as exc:  # a refused address or scheme: no retry can change that
        return AttemptResult(Verdict.failed, error=exc.detail)
    ip = f"[{address}]" if address.version == 6 else str(address)
    request_url = f"{target.scheme}://{ip}:{target.port}{target.path}"
    try:
        headers = {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "host": _host_header(target),
            **signature_headers(webhook_ident, body, secrets),
        }
        # TLS is still verified against the host name, not the address we dial.
        named = target.scheme == "https" and not ssrf.literal_address(target.host)
        extensions = {"sni_hostname": _ascii_host(target.host)} if named else {}
        resp = asyncio.run(
            asyncio.wait_for(_post(request_url, headers, body.encode(), extensions, cfg), cfg.timeout)
        )
    except (TimeoutError, httpx.TimeoutException) as exc:
        return AttemptResult(Verdict.retry, error=f"timed out after {cfg.timeout:g} s ({type(exc).__name__})")
    except httpx.HTTPError as exc:
        return AttemptResult(Verdict.retry, error=f"{type(exc).__name__}: {exc}".rstrip(": "))
    except Exception as exc:  # a bug or a surprise must still end as a logged attempt
        log.exception("webhook attempt failed unexpectedly")
        return AttemptResult(Verdict.retry, error=f"{type(exc).__name__}: {exc}".rstrip(": "))
    verdict = classify(resp.status)
    error = None
    if verdict is Verdict.failed and 300 <= resp.status < 400:
        error = f"redirect to {resp.location!r} not followed: configure the final URL"
    elif verdict is not Verdict.delivered:
        error = f"HTTP {resp.status}"
    return AttemptResult(verdict, resp.status, resp.latency_ms, resp.text or None, error, resp.retry_after)
