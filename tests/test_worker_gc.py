"""A worker takes its long-lived objects out of the cyclic garbage collector before its
pool forks (worker/celery_app.py's freeze_heap), and each child what it made at start, so
that the collections set off by allocation-heavy steps (a finalize's DoclingDocument, a
page's layout) walk only what the tasks made."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def _run(code: str) -> list[int]:
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return [int(x) for x in out.stdout.split()]


def test_the_worker_freezes_its_heap_before_the_pool_forks():
    # given the worker's app loaded in a process of its own, as `pagemill worker` loads it
    code = (
        "import gc\n"
        "from celery.signals import worker_init\n"
        "import worker.celery_app\n"
        "before = gc.get_freeze_count()\n"
        # when the worker starts (the main process's start, before its pool forks)
        "worker_init.send(sender=None)\n"
        "print(before, gc.get_freeze_count(), len(gc.get_objects()))\n"
    )
    before, frozen, tracked = _run(code)
    # then its objects are frozen, and what the collector still walks is a small rest
    assert before == 0 and frozen > 100_000
    assert tracked < frozen / 10


def test_a_pool_child_freezes_what_it_made_at_start():
    # given a pool child of a started worker, which has made objects of its own since
    code = (
        "import gc\n"
        "from celery.signals import worker_init, worker_process_init\n"
        "import worker.celery_app\n"
        "worker_init.send(sender=None)\n"
        "made = [[i] for i in range(50_000)]\n"
        "before = len(gc.get_objects())\n"
        # when the child's start-up signal runs
        "worker_process_init.send(sender=None)\n"
        "print(before, len(gc.get_objects()))\n"
    )
    before, after = _run(code)
    # then what it made is frozen too
    assert before > 50_000 and after < 1_000
