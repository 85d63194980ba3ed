"""Where a webhook may go: an SSRF guard that is checked at submit time and again at send time.

A webhook URL is chosen by a client and fetched from inside our network, so it could
aim at the cloud metadata service, a database or an admin port. The guard resolves the
host and refuses the URL if *any* address is not a public unicast address, unless the
operator allowlisted it. The check runs again when the webhook is sent, and the request
then goes to the very address that was checked (DNS answers can change in between: a
rebinding attack returns a public address at submit time and 127.0.0.1 later).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from common.core.errors import InvalidInput
from common.core.settings import WebhooksSettings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# (host, port) → addresses; socket.getaddrinfo in production, a fake in tests.
Resolver = Callable[[str, int], Sequence[str]]


class ForbiddenDestination(InvalidInput):
    code, title = "webhook-url-forbidden", "Webhook URL not allowed"


class ResolutionFailed(Exception):
    """The host did not resolve (now): transient at send time, not a refusal."""


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str  # as written, without brackets
    port: int
    path: str  # path and query, as sent


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ResolutionFailed(f"cannot resolve {host}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


_HOST_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def _valid_hostname(host: str) -> bool:
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.rstrip(".").split(".")
    return len(ascii_host) <= 253 and all(_HOST_LABEL.match(label) for label in labels)


def parse_target(url: str, settings: WebhooksSettings, *, field: str = "webhook_url") -> Target:
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise InvalidInput(f"{field}: whitespace and control characters are not allowed", field=field)
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError as exc:  # e.g. an unclosed or invalid [IPv6] literal
        raise InvalidInput(f"{field}: not a valid URL ({exc})", field=field) from exc
    schemes = ("https", "http") if settings.allow_http else ("https",)
    if parts.scheme not in schemes or not hostname:
        raise InvalidInput(f"{field}: must be an absolute {' or '.join(schemes)} URL", field=field)
    if parts.username or parts.password:
        raise InvalidInput(f"{field}: credentials in the URL are not allowed", field=field)
    if parts.fragment:
        raise InvalidInput(f"{field}: a fragment (#…) is never sent; remove it", field=field)
    if literal_address(hostname) is None and not _valid_hostname(hostname):
        raise InvalidInput(f"{field}: {hostname!r} is not a valid host name", field=field)
    try:
        explicit = parts.port
    except ValueError as exc:
        raise InvalidInput(f"{field}: invalid port", field=field) from exc
    if explicit == 0:  # no one listens there; `port or default` would quietly make it 443
        raise InvalidInput(f"{field}: invalid port 0", field=field)
    port = explicit if explicit is not None else (443 if parts.scheme == "https" else 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(url=url, scheme=parts.scheme, host=hostname, port=port, path=path)


_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052 well-known prefix
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: operator-local translation
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]  # the client's address
    if address in _NAT64 or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal(address: IPAddress, settings: WebhooksSettings) -> str | None:
    """Why this address may not receive webhooks, or None if it may."""
    if any(address in net for net in settings.allowed_networks):
        return None
    if isinstance(address, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address reach (or may reach) that IPv4 host:
        # judge the embedded address, so ::ffff:169.254.169.254 is as refused as the original.
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return refusal(embedded, settings)
        if address in _LOCAL_NAT64:
            return "private"
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address.is_private:
        return "private"
    if not address.is_global:
        return "reserved"  # shared (100.64/10), documentation, benchmarking, 240/4…
    return None


def check_addresses(target: Target, addresses: Sequence[str], settings: WebhooksSettings) -> IPAddress:
    """The first address to connect to, if every one is allowed; else ForbiddenDestination."""
    if not addresses:
        raise ResolutionFailed(f"{target.host} has no addresses")
    parsed = [ipaddress.ip_address(a.split("%", 1)[0]) for a in addresses]
    for address in parsed:
        reason = refusal(address, settings)
        if reason:
            raise ForbiddenDestination(
                f"webhook_url: {target.host} resolves to {address}, a {reason} address; "
                "webhooks go to public addresses only",
                field="webhook_url",
            )
    return parsed[0]


def literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _loopback_name(host: str) -> bool:
    # RFC 6761: "localhost" and every name under it are loopback whatever a resolver says
    # (most resolve them locally, some miss "localhost." with its root dot and would let
    # it through at submit). Judged as loopback, so an allowlist still applies.
    name = host.lower().rstrip(".")
    return name == "localhost" or name.endswith(".localhost")


def _known_addresses(host: str) -> list[str] | None:
    """The addresses a host stands for without asking a resolver, if it has such."""
    literal = literal_address(host)
    if literal is not None:
        return [str(literal)]
    if _loopback_name(host):
        return ["127.0.0.1", "::1"]
    return None


def check_at_submit(
    url: str, settings: WebhooksSettings, resolver: Resolver = system_resolver, *, field: str = "webhook_url"
) -> Target:
    """Refuse what can be known to be refused now. A host that does not resolve yet is
    accepted: resolution is repeated, and judged, when the webhook is sent."""
    target = parse_target(url, settings, field=field)
    try:
        addresses = _known_addresses(target.host) or list(resolver(target.host, target.port))
    except ResolutionFailed:
        return target
    try:
        check_addresses(target, addresses, settings)
    except ResolutionFailed:
        return target
    except ForbiddenDestination as exc:
        raise ForbiddenDestination(exc.detail.replace("webhook_url", field, 1), field=field) from exc
    return target


def resolve_for_send(
    url: str, settings: WebhooksSettings, resolver: Resolver = system_resolver
) -> tuple[Target, IPAddress]:
    """Parse, resolve and check at send time; the caller connects to the returned address."""
    target = parse_target(url, settings)
    addresses = _known_addresses(target.host) or list(resolver(target.host, target.port))
    return target, check_addresses(target, addresses, settings)
