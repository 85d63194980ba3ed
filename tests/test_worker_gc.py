"""A worker takes its long-lived objects out of the cyclic garbage collector before its
pool forks (worker/celery_app.py's freeze_heap), and each child what it made at start, so
that the collections set off by allocation-heavy steps (a finalize's DoclingDocument, a
page's layout) walk only what the tasks made."""

from __future__ import annotations

from tests.helpers import python_ints


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
    before, frozen, tracked = python_ints(code)
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
    before, after = python_ints(code)
    # then what it made is frozen too
    assert before > 50_000 and after < 1_000
