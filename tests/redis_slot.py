"""A Redis database number of one's own on a shared server.

Two runs of the suite (or a benchmark beside them) on one machine must never share
queues: one run's workers would take the other's tasks, and one run's flush would empty
the other's broker. Each run claims a free database number with a key that only it
holds, uses that database alone and empties it when it ends.

A run killed outright cannot empty its database. Its claim names the process that made
it, so the next run on this machine that finds that process gone takes the database over
(emptying it first); the claim's expiry frees it in any case.
"""

from __future__ import annotations

import os

import redis

CLAIM_KEY = "pagemill:test-claim"
# Longer than CI's whole run (90 min): a live run never loses its claim.
CLAIM_TTL = 3 * 3600

# Take over a dead run's database in one step, so that two runs finding it at the same
# moment cannot both have it: only the one whose GET still sees the dead claim wins.
_TAKE_OVER = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('FLUSHDB')
    redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
    return 1
end
return 0
"""


def _value(owner: str) -> str:
    return f"{os.getpid()} {owner}"


def _dead(value: bytes) -> bool:
    """Whether the process that made a claim is gone (the server is on this machine)."""
    pid = value.split(b" ", 1)[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


def claim(base_url: str, owner: str, *, first: int = 1, last: int = 15) -> str:
    """The URL of an empty database on the server at ``base_url`` that ``owner`` now
    holds. Database 0, the default of every client, is never taken."""
    root = base_url.rstrip("/").rsplit("/", 1)[0] if base_url.count("/") > 2 else base_url.rstrip("/")
    mine = _value(owner)
    for number in range(first, last + 1):
        url = f"{root}/{number}"
        r = redis.Redis.from_url(url)
        try:
            if r.set(CLAIM_KEY, mine, nx=True, ex=CLAIM_TTL):
                if r.dbsize() == 1:  # only our claim: nobody else keeps data here
                    return url
                r.delete(CLAIM_KEY)  # someone's data without a claim: leave it alone
                continue
            held = r.get(CLAIM_KEY)
            if held is not None and _dead(held) and r.eval(_TAKE_OVER, 1, CLAIM_KEY, held, mine, CLAIM_TTL):
                return url
        finally:
            r.close()
    raise RuntimeError(f"no free Redis database on {root} (numbers {first}-{last} are all in use)")


def release(url: str, owner: str) -> None:
    """Empty the database and give up the claim, if ``owner`` still holds it."""
    r = redis.Redis.from_url(url)
    try:
        if r.get(CLAIM_KEY) == _value(owner).encode():
            r.flushdb()
    finally:
        r.close()
