"""The worker's Celery app plus a no-op task that counts itself in Redis: the raw Celery
baseline of bench/orchestration.py, with the same broker, settings and pool."""

from __future__ import annotations

import redis

from worker.celery_app import app

_redis: redis.Redis | None = None


@app.task(name="bench.noop")
def noop(counter_url: str, key: str) -> None:
    global _redis
    if _redis is None:
        _redis = redis.Redis.from_url(counter_url)
    _redis.incr(key)
