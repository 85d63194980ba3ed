"""A Redis database number of one's own on a shared server.

Two runs of the suite (or a benchmark beside them) on one machine must never share
queues: one run's workers would take the other's tasks, and one run's flush would empty
the other's broker. Each run claims a free database number with a key that only it
holds (SET NX, with an expiry so that a run killed outright frees its number later),
uses that database alone and empties it when it ends.
"""

from __future__ import annotations

import redis

CLAIM_KEY = "pagemill:test-claim"
# Longer than CI's whole run (90 min): a live run never loses its claim.
CLAIM_TTL = 3 * 3600


def claim(base_url: str, owner: str, *, first: int = 1, last: int = 15) -> str:
    """The URL of an empty database on the server at ``base_url`` that ``owner`` now
    holds. Database 0, the default of every client, is never taken."""
    root = base_url.rstrip("/").rsplit("/", 1)[0] if base_url.count("/") > 2 else base_url.rstrip("/")
    for number in range(first, last + 1):
        url = f"{root}/{number}"
        r = redis.Redis.from_url(url)
        try:
            if not r.set(CLAIM_KEY, owner, nx=True, ex=CLAIM_TTL):
                continue
            if r.dbsize() == 1:  # only our claim: nobody else keeps data here
                return url
            r.delete(CLAIM_KEY)  # someone's data without a claim: leave it alone
        finally:
            r.close()
    raise RuntimeError(f"no free Redis database on {root} (numbers {first}-{last} are all in use)")


def release(url: str, owner: str) -> None:
    """Empty the database and give up the claim, if ``owner`` still holds it."""
    r = redis.Redis.from_url(url)
    try:
        if r.get(CLAIM_KEY) == owner.encode():
            r.flushdb()
    finally:
        r.close()
