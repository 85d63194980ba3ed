"""Who is acting, and from where, for the audit events that a unit of work records.

A request's context is opened by :class:`AuditContext` (an ASGI middleware) with the
client's address; authentication then names the actor (the key's prefix). The holder is
a mutable object in a context variable, so that a dependency that runs in a thread pool
(authentication) can name the actor for the endpoint that runs after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send


@dataclass
class Actor:
    name: str = "system"
    remote_addr: str | None = None


_current: ContextVar[Actor | None] = ContextVar("pagemill_audit_actor", default=None)


def current() -> Actor:
    return _current.get() or Actor()


@contextmanager
def acting(name: str, remote_addr: str | None = None) -> Iterator[Actor]:
    """Everything recorded inside is by ``name`` (e.g. "cli" for an operator's command)."""
    token = _current.set(Actor(name, remote_addr))
    try:
        yield current()
    finally:
        _current.reset(token)


def name_actor(name: str) -> None:
    """Authentication found the key: the request's events are by it (no-op outside one)."""
    found = _current.get()
    if found is not None:
        found.name = name


class AuditContext:
    """Opens an audit context per HTTP request, with the client's address."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        with acting("anonymous", client[0] if client else None):
            await self.app(scope, receive, send)
