"""Group pages in flight on one worker into one ``generate`` call.

A GPU worker runs many Celery threads; each thread converts one page and calls
:meth:`Batcher.submit`, which blocks until that page's output is ready. One batching
thread owns the model: it takes the first waiting page, waits up to ``max_wait`` for
more (never past ``max_batch``), runs the batch function once and hands every page its
own output. Pages of different documents share a batch; the model only ever runs on
one thread, so there is no lock around CUDA and no interleaving of two ``generate``
calls.

Out of memory: a batch that raises the out-of-memory error is split in two halves that
are run one after the other (recursively), so a page never fails because its
neighbours were too many; only a single page that does not fit fails, with a
retryable error.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

In = TypeVar("In")
Out = TypeVar("Out")


class OutOfMemory(Exception):
    """A batch did not fit in device memory, even after splitting down to one page."""


def is_oom(exc: BaseException) -> bool:
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is installed wherever models run
        return False
    return isinstance(exc, torch.OutOfMemoryError)


@dataclass
class BatchStats:
    batches: int = 0  # batch-function calls, splits included
    pages: int = 0
    splits: int = 0  # out-of-memory halvings
    sizes: list[int] = field(default_factory=list)  # the last 1000 batch sizes


class Batcher(Generic[In, Out]):
    def __init__(
        self,
        run: Callable[[Sequence[In]], list[Out]],
        *,
        max_batch: int,
        max_wait_ms: float,
        name: str = "batcher",
        on_oom: Callable[[], None] | None = None,
    ) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._run = run
        self.max_batch = max_batch
        self.max_wait = max_wait_ms / 1000
        self._on_oom = on_oom
        self._queue: queue.SimpleQueue[tuple[In, Future[Out]] | None] = queue.SimpleQueue()
        self.stats = BatchStats()
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def submit(self, item: In, timeout: float | None = None) -> Out:
        """Run ``item`` in the next batch and return its output (or raise its error)."""
        return self.submit_async(item).result(timeout)

    def submit_async(self, item: In) -> Future[Out]:
        if self._closed:
            raise RuntimeError("the batcher is closed")
        fut: Future[Out] = Future()
        self._queue.put((item, fut))
        return fut

    def close(self) -> None:
        self._closed = True
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            deadline = time.monotonic() + self.max_wait
            stop = False
            while len(batch) < self.max_batch:
                remaining = deadline - time.monotonic()
                try:
                    nxt = self._queue.get(timeout=remaining) if remaining > 0 else self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stop = True
                    break
                batch.append(nxt)
            live = [(item, fut) for item, fut in batch if fut.set_running_or_notify_cancel()]
            if live:
                self._execute(live)
            if stop:
                return

    def _execute(self, batch: list[tuple[In, Future[Out]]]) -> None:
        try:
            outputs = self._run([item for item, _ in batch])
        except Exception as exc:
            if is_oom(exc) or isinstance(exc, OutOfMemory):
                if self._on_oom is not None:
                    self._on_oom()
                if len(batch) > 1:
                    self.stats.splits += 1
                    half = len(batch) // 2
                    log.warning("out of memory on a batch of %d pages; splitting", len(batch))
                    self._execute(batch[:half])
                    self._execute(batch[half:])
                    return
                exc = OutOfMemory("one page alone does not fit in device memory")
            for _, fut in batch:
                fut.set_exception(exc)
            return
        self.stats.batches += 1
        self.stats.pages += len(batch)
        self.stats.sizes = [*self.stats.sizes[-999:], len(batch)]
        if len(outputs) != len(batch):
            err = RuntimeError(f"batch function returned {len(outputs)} outputs for {len(batch)} inputs")
            for _, fut in batch:
                fut.set_exception(err)
            return
        for (_, fut), out in zip(batch, outputs, strict=True):
            fut.set_result(out)
