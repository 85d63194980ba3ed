"""The cross-document batcher: grouping, per-item results, out-of-memory splitting."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import pytest
import torch

from worker.engines.vlm.batcher import Batcher, OutOfMemory


class Recorder:
    """A batch function that doubles its inputs and records each call's batch."""

    def __init__(self, fail_above: int | None = None) -> None:
        self.calls: list[list[int]] = []
        self.fail_above = fail_above
        self.lock = threading.Lock()

    def __call__(self, items: Sequence[int]) -> list[int]:
        with self.lock:
            self.calls.append(list(items))
        if self.fail_above is not None and len(items) > self.fail_above:
            raise torch.OutOfMemoryError("CUDA out of memory (injected)")
        return [2 * i for i in items]


def _submit_concurrently(batcher: Batcher[int, int], items: list[int]) -> dict[int, int]:
    results: dict[int, int] = {}
    start = threading.Barrier(len(items))

    def one(i: int) -> None:
        start.wait()
        results[i] = batcher.submit(i, timeout=10)

    threads = [threading.Thread(target=one, args=(i,)) for i in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_given_concurrent_pages_when_submitted_then_they_share_batches_and_get_their_own_output() -> None:
    run = Recorder()
    batcher: Batcher[int, int] = Batcher(run, max_batch=8, max_wait_ms=300)
    try:
        results = _submit_concurrently(batcher, list(range(12)))
    finally:
        batcher.close()

    assert results == {i: 2 * i for i in range(12)}
    assert len(run.calls) < 12  # grouped
    assert all(len(c) <= 8 for c in run.calls)  # never above max_batch
    assert sorted(i for c in run.calls for i in c) == list(range(12))  # each page once


def test_given_one_page_then_it_waits_at_most_max_wait() -> None:
    run = Recorder()
    batcher: Batcher[int, int] = Batcher(run, max_batch=8, max_wait_ms=50)
    try:
        assert batcher.submit(21, timeout=5) == 42
    finally:
        batcher.close()
    assert run.calls == [[21]]


def test_given_out_of_memory_then_the_batch_is_split_until_it_fits() -> None:
    # Given a device that holds at most 2 pages at once
    run = Recorder(fail_above=2)
    batcher: Batcher[int, int] = Batcher(run, max_batch=8, max_wait_ms=300)
    try:
        results = _submit_concurrently(batcher, list(range(8)))
    finally:
        batcher.close()

    # Then every page still gets its own output, and no successful call exceeded 2 pages
    assert results == {i: 2 * i for i in range(8)}
    assert batcher.stats.splits >= 1
    assert max(len(c) for c in run.calls if len(c) <= 2) <= 2
    assert batcher.stats.pages == 8


def test_given_a_single_page_that_does_not_fit_then_it_fails_with_out_of_memory() -> None:
    run = Recorder(fail_above=0)
    batcher: Batcher[int, int] = Batcher(run, max_batch=4, max_wait_ms=10)
    try:
        with pytest.raises(OutOfMemory):
            batcher.submit(1, timeout=5)
    finally:
        batcher.close()


def test_given_a_batch_function_error_then_every_page_of_that_batch_gets_it() -> None:
    def broken(items: Sequence[int]) -> list[int]:
        raise ValueError("driver hiccup")

    batcher: Batcher[int, int] = Batcher(broken, max_batch=4, max_wait_ms=10)
    try:
        with pytest.raises(ValueError, match="driver hiccup"):
            batcher.submit(1, timeout=5)
        # and the batcher keeps serving afterwards
        with pytest.raises(ValueError):
            batcher.submit(2, timeout=5)
    finally:
        batcher.close()
