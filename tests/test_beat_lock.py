"""Two beats for availability: each periodic pass (the reaper, the webhook sweep) holds a
Postgres advisory lock for its length (common/core/leader.py), so that of two passes at
once one does the work and the other does nothing, and a holder that dies lets go.

The flows are called directly, as the tasks beat sends would call them, against the real
database and S3 server (tests/reaping.py)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from common.core import leader
from common.core.db import Database, get_database
from common.core.settings import get_settings
from common.documents import reaper
from common.webhooks import service as webhooks
from tests.helpers import wait_until
from tests.reaping import EXPIRED, claim, page_row, prepared_document, reap
from worker import flows
from worker.flows import reap as reap_flow
from worker.flows import sweep as sweep_flow

ROOT = Path(__file__).resolve().parents[1]

# A process that takes a lock, says so, and holds it until it is killed.
HOLDER = """
import sys, time
from common.core import leader
from common.core.db import Database
from common.core.settings import get_settings

with leader.exclusive(Database(get_settings()), sys.argv[1]) as held:
    print("held" if held else "busy", flush=True)
    time.sleep(600)
"""


class Blocked:
    """Wraps a step so that the pass running it stops inside it (holding its lock) until
    released."""

    def __init__(self, step: Callable[..., Any]) -> None:
        self.step, self.entered, self.release = step, threading.Event(), threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.entered.set()
        assert self.release.wait(30), "the test never released the first pass"
        return self.step(*args, **kwargs)


def in_thread(fn: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(fn()), daemon=True)
    thread.start()
    return thread, out


@pytest.fixture
def holder(services: None) -> Iterator[Callable[[str], subprocess.Popen[str]]]:
    procs: list[subprocess.Popen[str]] = []

    def start(name: str) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, name], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        procs.append(proc)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        return proc

    yield start
    for proc in procs:
        proc.kill()
        proc.wait(10)


def test_of_two_reaper_passes_at_once_one_does_the_work_and_the_other_nothing(services, sent, monkeypatch):
    # given a page whose worker died (work for the reaper)
    doc_id = prepared_document(sent, 1)
    assert claim(doc_id, 1, lease=EXPIRED)
    # and a first pass stopped inside its first sweep, holding the lock
    first_sweep = Blocked(reaper.SWEEPS[0])
    monkeypatch.setattr(reaper, "SWEEPS", (first_sweep, *reaper.SWEEPS[1:]))
    thread, first = in_thread(reap)
    assert first_sweep.entered.wait(30)
    # when a second pass runs meanwhile (the other beat's)
    second = reap()
    # then it does nothing: the page is still running under its dead lease
    assert second.skipped and not any(second.as_dict().values())
    assert page_row(doc_id, 1).status == "running"
    # and when the first pass goes on, it puts the page back, once
    first_sweep.release.set()
    thread.join(30)
    assert not first[0].skipped and first[0].requeued >= 1
    assert page_row(doc_id, 1).status == "queued"
    assert [c for c in sent if c[1] == str(doc_id)] == [("pages.convert", str(doc_id), 1)]


def test_of_two_webhook_sweeps_at_once_one_sweeps_and_the_other_nothing(services, sent, monkeypatch):
    # given a first sweep stopped inside its transaction, holding the lock
    swept = Blocked(webhooks.sweep)
    monkeypatch.setattr(webhooks, "sweep", swept)
    db, settings = get_database(), get_settings()
    thread, first = in_thread(lambda: flows.sweep_events(db, settings))
    assert swept.entered.wait(30)
    # when a second sweep runs meanwhile
    second = flows.sweep_events(db, settings)
    # then it does nothing
    assert second is sweep_flow.SKIPPED
    # and the first one sweeps
    swept.release.set()
    thread.join(30)
    assert first and first[0] is not sweep_flow.SKIPPED


def test_a_pass_after_one_that_ended_takes_the_lock(services, sent):
    # given a pass that held the lock and ended, normally and by an error
    db = get_database()
    with leader.exclusive(db, "test.ended") as held:
        assert held
    with pytest.raises(RuntimeError), leader.exclusive(db, "test.ended") as held:
        raise RuntimeError("a sweep failed")
    # when the next pass starts, then it holds the lock
    with leader.exclusive(db, "test.ended") as held:
        assert held


def test_the_reaper_lock_is_released_when_its_holder_dies(services, sent, holder):
    # given a page whose worker died, and a reaper process holding the lock
    doc_id = prepared_document(sent, 1)
    assert claim(doc_id, 1, lease=EXPIRED)
    proc = holder(reap_flow.LOCK)
    # and, while it is alive, a pass here does nothing
    assert reap().skipped
    # when that process is killed (no chance to unlock)
    proc.kill()
    proc.wait(10)
    # then the server lets the lock go with its connection, and a pass here reaps
    wait_until(lambda: not reap().skipped, what="the dead holder's lock to be released")
    assert page_row(doc_id, 1).status == "queued"


def test_different_passes_do_not_block_each_other(services, sent, holder):
    # given the reaper's lock held by another process
    holder(reap_flow.LOCK)
    # when the webhook sweep runs, then it sweeps
    assert flows.sweep_events(get_database(), get_settings()) is not sweep_flow.SKIPPED


def test_on_sqlite_every_pass_holds(tmp_path):
    # given the embedded stack's database (one beat, no advisory locks)
    settings = get_settings().model_copy(
        update={"database": get_settings().database.model_copy(update={"url": f"sqlite:///{tmp_path}/p.db"})}
    )
    db = Database(settings)
    try:
        # when two passes overlap, then both hold
        with leader.exclusive(db, "reaper") as first, leader.exclusive(db, "reaper") as second:
            assert first and second
    finally:
        db.dispose()
