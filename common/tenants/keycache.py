"""Verified API keys, remembered by each API process for a few seconds.

Without it every request looks its key up in the database: a round trip and an ORM load
for each status poll, which was a fifth of a status request's time. An entry is a key
that the database said was live, and it is trusted for ``api.key_cache_ttl`` seconds
from that lookup; then the next request looks the key up again. That is the bound on a
revocation: ``pagemill keys revoke`` and ``pagemill tenants delete`` commit in their own
process, and every API process refuses the key within that many seconds (a revocation
made in the API process itself drops its entries at once, after its commit).

Only keys found live are remembered: an unknown or revoked key is looked up every time,
so that a key created a moment ago works at once. Entries are keyed by the key's
SHA-256, never by the key itself, and bounded in number (least recently used out).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from common.core.settings import get_settings

MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class VerifiedKey:
    tenant_id: uuid.UUID
    key_id: uuid.UUID
    prefix: str


class KeyCache:
    def __init__(
        self, ttl: float, size: int = MAX_ENTRIES, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self._size = size
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, VerifiedKey]] = OrderedDict()
        self._lock = threading.Lock()

    def now(self) -> float:
        return self._clock()

    def get(self, key_hash: str) -> VerifiedKey | None:
        """The key verified less than ``ttl`` seconds ago, or None."""
        if self.ttl <= 0:
            return None
        with self._lock:
            found = self._entries.get(key_hash)
            if found is None:
                return None
            if self._clock() >= found[0]:
                del self._entries[key_hash]
                return None
            self._entries.move_to_end(key_hash)
            return found[1]

    def put(self, key_hash: str, verified: VerifiedKey, *, looked_up_at: float) -> None:
        """Remember a key the database found live at ``looked_up_at`` (:meth:`now`):
        the bound counts from the lookup, not from when the answer came back."""
        if self.ttl <= 0:
            return
        with self._lock:
            self._entries[key_hash] = (looked_up_at + self.ttl, verified)
            self._entries.move_to_end(key_hash)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def forget(self, key_hashes: set[str]) -> None:
        with self._lock:
            for key_hash in key_hashes:
                self._entries.pop(key_hash, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_cache: KeyCache | None = None


def get_key_cache() -> KeyCache:
    global _cache
    if _cache is None:
        _cache = KeyCache(get_settings().api.key_cache_ttl)
    return _cache


def reset_key_cache() -> None:
    """Forget every entry and read the TTL again (tests that change settings)."""
    global _cache
    _cache = None
