"""Each run of the suite holds a Redis database of its own (tests/redis_slot.py), and a
run killed outright does not hold its database until the claim expires."""

import subprocess
import sys

import redis

from tests import redis_slot
from tests.conftest import ROOT

SERVER = "redis://127.0.0.1:6379"


def test_a_claimed_database_is_not_handed_to_another_run():
    # given a database this process holds
    mine = redis_slot.claim(SERVER, "first")
    try:
        # when another owner claims one
        other = redis_slot.claim(SERVER, "second")
        # then it gets another database
        assert other != mine
        redis_slot.release(other, "second")
    finally:
        redis_slot.release(mine, "first")


def test_a_dead_runs_database_is_taken_over_and_emptied():
    # given a database claimed by a process that has since died, with its keys left behind
    code = f"from tests import redis_slot; print(redis_slot.claim({SERVER!r}, 'killed'))"
    dead = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    r = redis.Redis.from_url(dead)
    r.set("celery", "a queue nobody will consume")
    # when a live run claims that database (by number: a lower one may have come free)
    number = int(dead.rsplit("/", 1)[1])
    got = redis_slot.claim(SERVER, "live", first=number, last=number)
    try:
        # then it gets that one, emptied but for its own claim
        assert got == dead
        assert r.get("celery") is None and r.dbsize() == 1
    finally:
        redis_slot.release(got, "live")
        r.close()
    # and releasing it leaves nothing behind
    assert redis.Redis.from_url(got).dbsize() == 0
