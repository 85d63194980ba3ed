"""Per-tenant request rate limit: a token bucket shared by every API process.

The bucket lives in Redis (the broker's server) and is updated by one Lua script, so
concurrent requests from any number of API processes see one consistent bucket. The
embedded mode has no Redis and one API process: its bucket is in memory.

If Redis cannot be reached the request is let through (fail open): the limit protects
the service from one tenant's bursts, and refusing every tenant because the limiter's
store is down would turn a degraded broker into a full outage of reads.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from typing import Any

from common.core.errors import TooManyRequests
from common.core.settings import Settings, get_settings

log = logging.getLogger(__name__)

# KEYS[1] bucket; ARGV: rate (tokens/s), burst, now (s). Returns {allowed, wait_ms}.
_LUA = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or burst
local ts = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local allowed = 0
local wait_ms = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait_ms = math.ceil((1 - tokens) / rate * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, wait_ms}
"""


class RateLimiter:
    def __init__(self, settings: Settings) -> None:
        self.rate = settings.quotas.rate_per_second
        self.burst = max(1, settings.quotas.burst)
        self._redis: Any = None
        self._script: Any = None
        url = settings.broker.url
        if url and url.startswith(("redis://", "rediss://")):
            import redis

            self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
            self._script = self._redis.register_script(_LUA)
        self._local: dict[uuid.UUID, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, tenant_id: uuid.UUID) -> None:
        """Take one token from the tenant's bucket, or raise TooManyRequests."""
        if self.rate <= 0:
            return
        wait = self._take_redis(tenant_id) if self._redis is not None else self._take_local(tenant_id)
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            raise TooManyRequests(
                f"rate limit of {self.rate:g} requests/s (burst {self.burst}) exceeded; "
                f"retry in {retry_after} s",
                retry_after=retry_after,
            )

    def _take_redis(self, tenant_id: uuid.UUID) -> float:
        try:
            allowed, wait_ms = self._script(
                keys=[f"pagemill:ratelimit:{tenant_id}"], args=[self.rate, self.burst, time.time()]
            )
        except Exception as exc:  # fail open, see the module docstring
            log.warning("rate limiter unavailable, request let through: %s", exc)
            return 0.0
        return 0.0 if int(allowed) else int(wait_ms) / 1000

    def _take_local(self, tenant_id: uuid.UUID) -> float:
        now = time.monotonic()
        with self._lock:
            tokens, ts = self._local.get(tenant_id, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - ts) * self.rate)
            if tokens >= 1:
                self._local[tenant_id] = (tokens - 1, now)
                return 0.0
            self._local[tenant_id] = (tokens, now)
            return (1 - tokens) / self.rate


_limiter: RateLimiter | None = None


def get_limiter() -> RateLimiter:
    global _limiter
    if _limiter is None:
        _limiter = RateLimiter(get_settings())
    return _limiter
