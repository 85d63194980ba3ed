"""Run a parser on hostile input in a helper process: a crash or a hang costs one request.

The API opens every uploaded PDF with pdfium (to count its pages) before it accepts it.
pdfium is C++ reading a stranger's bytes. In the API process, a crash in it (a
segfault, an abort, an allocation the kernel refuses) would end every in-flight request
of every tenant, and a file that sent it into a loop would hold the API's pdfium forever
(pdfium is not thread-safe, so there is only one). In a helper process the same file
fails its own request with a clear error, and the helper is replaced.

Helpers are fresh interpreters (``python -I -c``), not forks of the API: a fork would
copy whatever lock another API thread held at that moment, and multiprocessing's spawn
and forkserver would re-run the API's main script in each helper. A helper gets no
environment (no database or storage credentials), runs in ``/``, writes nowhere, and
lives under an address-space limit and an alarm per call, so that it also dies if the
API does. It imports the modules named at construction, then gives up, for good, what
it will not need (common/uploads/confine.py): it may not open any file, open a socket of any
kind, or signal or trace other processes, and may not fork or write a core dump. Then it says
it is ready, and serves calls one at a time: ``max_calls`` of them, then it is replaced
(a helper that a hostile file took over does not get to answer for many later uploads).
The file a call reads is not named to it but handed over open, read-only, as a file
descriptor: the helper sees that upload and no other. Starting one takes about half a
second. This module is the parent's side, the pool and its calls; the helper's side, its
start-up and its loop, is common/uploads/sandbox_helper.py.

Where the kernel has no Landlock (before Linux 5.13, or the LSM switched off), helpers
keep the API user's access to files (the seccomp filter still takes sockets away), and
the sandbox logs a warning once: a helper taken over could then read what that user
can. There, run the API in a container without other tenants' files, and set
``max_calls`` to 1 so that every upload gets a fresh helper.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.reduction import send_handle
from typing import IO, Any, TypeVar

from common.core.errors import PagemillError
from common.uploads import sandbox_helper

log = logging.getLogger(__name__)

T = TypeVar("T")


class SandboxError(Exception):
    """The call got no usable answer; see the subclasses."""


class SandboxCrashed(SandboxError):
    """The helper died during the call, or answered with something that is not a reply."""

    def __init__(self, exitcode: int | None, reason: str | None = None) -> None:
        if reason:
            how = reason
        elif exitcode is not None and exitcode < 0:
            try:
                how = f"killed by {signal.Signals(-exitcode).name}"
            except ValueError:
                how = f"killed by signal {-exitcode}"
        else:
            how = f"exit status {exitcode}"
        super().__init__(f"the helper process failed ({how})")
        self.exitcode = exitcode


class SandboxTimeout(SandboxError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"the helper process did not answer within {seconds:g} s")
        self.seconds = seconds


class SandboxUnavailable(SandboxError):
    """No helper could take the call: none free in time, or none would start. The
    server's fault, not the input's."""


# Requests go to the helper by pickle (this process is trusted). Replies come back as
# JSON, at most this long (a page drawn for the review page, in base64), and only the
# error types the caller names are raised as themselves: a helper that hostile input
# took over must not be able to run code here, which unpickling its reply would allow,
# nor pick the error the client sees.
MAX_REPLY = 16 << 20
# Extension names a rebuilt error may not carry: the problem JSON's own members.
_RESERVED = frozenset({"type", "title", "status", "detail", "instance", "code", "headers"})
# A helper that has not said it is ready by then is broken (an import that fails or hangs);
# it starts in about half a second.
START_TIMEOUT = 10.0


def _rebuild(error: Any, allowed: Sequence[type[PagemillError]]) -> BaseException:
    """The exception a helper described (sandbox_helper._describe), if its type is one of ``allowed`` and its
    parts are plain values; a MemoryError; otherwise a RuntimeError."""
    if not isinstance(error, dict):
        return RuntimeError("the helper sent an unreadable error")
    if error.get("kind") == "memory":
        return MemoryError()
    if error.get("kind") == "pagemill":
        cls = next((c for c in allowed if c.__name__ == error.get("type")), None)
        detail, extensions = error.get("detail"), error.get("extensions")
        if (
            cls is not None
            and isinstance(detail, str)
            and isinstance(extensions, dict)
            and all(
                isinstance(k, str) and k.isidentifier() and k not in _RESERVED and isinstance(v, int | str)
                for k, v in extensions.items()
            )
        ):
            return cls(
                detail[:2000], **{k: v if isinstance(v, int) else v[:200] for k, v in extensions.items()}
            )
    return RuntimeError(f"{error.get('type')}: {error.get('message')}")


class _Helper:
    def __init__(self, memory_bytes: int | None, preload: Sequence[str], confine: bool) -> None:
        mine, theirs = socket.socketpair()
        # Isolated mode (-I) ignores PYTHON* variables and the working directory, so the
        # import path is handed over explicitly: what this process can import.
        path = [os.path.abspath(p or os.getcwd()) for p in sys.path]
        code = (
            f"import sys; sys.path[:0] = {path!r}; from {sandbox_helper.__name__} import main; "
            f"main({theirs.fileno()}, {memory_bytes or 0}, {list(preload)!r}, {confine!r})"
        )
        try:
            # Our own interpreter and code: nothing here comes from a request.
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-I", "-c", code],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env={"LANG": "C.UTF-8"},
                cwd="/",
            )
        except OSError as exc:
            mine.close()
            raise SandboxUnavailable(f"a helper process could not be started ({exc})") from exc
        finally:
            theirs.close()  # only the helper holds its end: its death reads as EOF here
        self.conn = Connection(mine.detach())
        self.pid = self.process.pid
        self.calls = 0
        self.confinement: dict[str, Any] = {}
        try:
            if self.conn.poll(START_TIMEOUT):
                hello = json.loads(self.conn.recv_bytes(MAX_REPLY))
                self.confinement = hello["ready"] if isinstance(hello, dict) else {}
        except (EOFError, OSError, ValueError, KeyError):
            pass
        if not isinstance(self.confinement, dict) or "landlock" not in self.confinement:
            self.kill()
            raise SandboxUnavailable(
                f"a helper process did not start (exit status {self.process.returncode})"
            )

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:  # stuck in the kernel (D state): reaped by the next poll
            log.warning("sandbox helper %s did not die within 5 s of SIGKILL", self.pid)
        self.conn.close()


class Sandbox:
    """At most ``processes`` helpers, started on demand, each replaced after
    ``max_calls`` calls; callers beyond ``processes`` wait for a free one."""

    def __init__(
        self,
        *,
        processes: int,
        memory_bytes: int | None = None,
        preload: Sequence[str] = (),
        max_calls: int = 50,
        confine: bool = True,
    ) -> None:
        if processes < 1 or max_calls < 1:
            raise ValueError("a sandbox needs at least one process and one call per process")
        self._preload = list(preload)
        self._confine = confine
        self._told = False  # whether the helpers' confinement was logged
        self._memory = memory_bytes
        self._max_calls = max_calls
        self._idle: queue.LifoQueue[_Helper] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(processes)
        self._lock = threading.Lock()
        self._all: set[_Helper] = set()
        self._closed = False

    def call(
        self,
        fn: Callable[..., T],
        *args: Any,
        timeout: float,
        wait: float | None = None,
        errors: Sequence[type[PagemillError]] = (),
        file: IO[bytes] | None = None,
    ) -> T:
        """``fn(*args)`` in a helper; its result must be JSON and is the caller's to check.
        With ``file`` (an open file), ``fn(f, *args)``, where ``f`` reads that file,
        read-only, from the start: a confined helper can open no file itself.

        An error of a type in ``errors`` (or a MemoryError) raised there is raised here;
        any other as a RuntimeError. ``fn`` and the arguments travel by pickle: ``fn``
        must be importable at module level.

        Raises SandboxTimeout if the answer is not all in within ``timeout`` seconds
        (the helper is killed), SandboxCrashed if the helper died or sent garbage, and
        SandboxUnavailable if no helper was free within ``wait`` seconds (default:
        ``timeout``) or none would start.
        """
        if not self._slots.acquire(timeout=timeout if wait is None else wait):
            raise SandboxUnavailable("every helper process is busy")
        try:
            reply = self._exchange(fn, args, timeout, None if file is None else file.fileno())
        finally:
            self._slots.release()
        if "error" in reply:
            raise _rebuild(reply["error"], errors)
        result: T = reply["ok"]
        return result

    def _exchange(
        self, fn: Callable[..., Any], args: tuple[Any, ...], timeout: float, fd: int | None
    ) -> dict[str, Any]:
        helper = self._take()
        try:
            try:
                self._send(helper, (fn, args, timeout), fd)
            except (BrokenPipeError, ConnectionResetError, EOFError):
                # It died since its last call (the kernel's OOM killer, an operator):
                # nothing was asked of it yet, so a fresh one takes the call.
                self._discard(helper)
                helper = self._start()
                try:
                    self._send(helper, (fn, args, timeout), fd)
                except (BrokenPipeError, ConnectionResetError, EOFError) as exc:
                    raise SandboxUnavailable("a fresh helper process died before its first call") from exc
            reply = self._receive(helper, timeout)
        except SandboxCrashed as exc:
            self._discard(helper)
            if self._closed:  # shut down under the call: not the input's fault
                raise SandboxUnavailable("the sandbox was closed") from exc
            raise
        except BaseException:
            self._discard(helper)  # whatever went wrong, it is not handed out again
            raise
        helper.calls += 1
        if helper.calls >= self._max_calls:
            self._discard(helper)
        else:
            self._idle.put(helper)
        return reply

    @staticmethod
    def _send(helper: _Helper, request: tuple[Any, ...], fd: int | None) -> None:
        # The pickle, then one byte that says whether a descriptor follows: the helper
        # takes the descriptor before it unpickles (which may fail).
        helper.conn.send_bytes(pickle.dumps(request) + (b"f" if fd is not None else b"-"))
        if fd is not None:
            # The helper gets its own read-only descriptor of the file, at its start,
            # whatever mode and offset the caller's has (never a copy of the caller's,
            # which would share its offset and could write).
            try:
                ro = os.open(f"/proc/self/fd/{fd}", os.O_RDONLY | os.O_CLOEXEC)
            except OSError as exc:
                raise SandboxUnavailable(f"the file cannot be reopened read-only ({exc})") from exc
            try:
                send_handle(helper.conn, ro, helper.pid)
            finally:
                os.close(ro)

    def _receive(self, helper: _Helper, timeout: float) -> dict[str, Any]:
        # The whole reply must be in by the deadline: a helper that sends half a reply
        # and stops is killed by the watchdog, and the read ends with EOF.
        fired = threading.Event()

        def watchdog() -> None:
            fired.set()
            helper.process.kill()

        timer = threading.Timer(timeout, watchdog)
        timer.daemon = True
        started = time.monotonic()
        timer.start()
        try:
            data = helper.conn.recv_bytes(MAX_REPLY)
        except (EOFError, OSError) as exc:
            if fired.is_set():
                log.warning("sandbox helper %s did not answer in %g s; killed", helper.pid, timeout)
                raise SandboxTimeout(timeout) from None
            crashed = self._crash_of(helper, exc)
            log.warning("sandbox helper %s: %s", helper.pid, crashed)
            raise crashed from None
        finally:
            timer.cancel()
            timer.join()  # a watchdog already running must be done before the helper is reaped
        if fired.is_set() or time.monotonic() - started > timeout:
            raise SandboxTimeout(timeout)
        try:
            reply = json.loads(data)
        except (ValueError, RecursionError):
            reply = None
        if not isinstance(reply, dict) or len({"ok", "error"} & reply.keys()) != 1:
            log.warning("sandbox helper %s sent an unreadable reply; killed", helper.pid)
            raise SandboxCrashed(None, "it sent an unreadable reply")
        return reply

    @staticmethod
    def _crash_of(helper: _Helper, exc: BaseException) -> SandboxCrashed:
        if isinstance(exc, OSError) and not isinstance(exc, ConnectionResetError):
            # recv_bytes refuses a length over MAX_REPLY with OSError
            return SandboxCrashed(None, "it sent an unreadable reply")
        try:
            # Its socket closes as it dies; the exit status follows a moment later.
            return SandboxCrashed(helper.process.wait(2))
        except subprocess.TimeoutExpired:
            return SandboxCrashed(None, "it closed its connection")

    def pids(self) -> list[int]:
        """The process ids of the running helpers (operators' tools and tests)."""
        with self._lock:
            return sorted(h.pid for h in self._all)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            helpers, self._all = list(self._all), set()
        for helper in helpers:
            helper.kill()

    def _take(self) -> _Helper:
        while True:
            try:
                helper = self._idle.get_nowait()
            except queue.Empty:
                return self._start()
            if helper.alive():
                return helper
            self._discard(helper)

    def _start(self) -> _Helper:
        with self._lock:
            if self._closed:
                raise SandboxUnavailable("the sandbox is closed")
        helper = _Helper(self._memory, self._preload, self._confine)
        with self._lock:
            self._all.add(helper)
            told, self._told = self._told, True
        if not told:
            self._tell(helper.confinement)
        return helper

    def _tell(self, confinement: dict[str, Any]) -> None:
        if confinement.get("landlock"):
            log.info(
                "sandbox helpers are confined with Landlock ABI %s: denied %s",
                confinement["landlock"],
                confinement.get("detail"),
            )
        elif self._confine:
            log.warning(
                "sandbox helpers are NOT confined (%s): a helper that a hostile file took over "
                "could read what this process's user can; see common/uploads/sandbox.py",
                confinement.get("detail"),
            )

    def confinement(self) -> dict[str, Any]:
        """What a helper was denied, as it reported at start ({} before any started)."""
        with self._lock:
            return next((dict(h.confinement) for h in self._all), {})

    def _discard(self, helper: _Helper) -> None:
        with self._lock:
            self._all.discard(helper)
        helper.kill()


_POOLS: dict[tuple[str, int, int, int], Sandbox] = {}
_POOLS_LOCK = threading.Lock()


def shared_pool(
    name: str, *, processes: int, memory_mb: int, max_calls: int, preload: Sequence[str]
) -> Sandbox:
    """The process's pool ``name`` of that size, made on first use: one per job (opening
    uploads, drawing pages), each helper preloading what its job runs."""
    key = (name, processes, memory_mb, max_calls)
    with _POOLS_LOCK:
        sandbox = _POOLS.get(key)
        if sandbox is None:
            sandbox = _POOLS[key] = Sandbox(
                processes=processes,
                memory_bytes=memory_mb * 1024 * 1024,
                preload=preload,
                max_calls=max_calls,
            )
        return sandbox
