"""The sandbox's helper pool (common/uploads/sandbox.py): a crash, a hang or a memory hog
costs its own request, never the caller's process, and the next call is served. What a
helper may reach is tested in test_sandbox_confinement.py, the API's use in test_pdf_pages.py."""

from __future__ import annotations

import os
import pickle
import signal
import stat
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from common.core.errors import TooManyPages, UnreadableDocument
from common.uploads.sandbox import Sandbox, SandboxCrashed, SandboxTimeout, SandboxUnavailable
from common.uploads.sandbox_helper import ALARM_SLACK
from tests.conftest import ROOT

# What the helpers run: module-level, so that they travel by name.


def segfault() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def sleep_then_pid(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def allocate(mb: int) -> int:
    return len(bytearray(mb * 1024 * 1024))


def refuse(pages: int) -> None:
    raise TooManyPages(f"the PDF has {pages} pages", pages=pages, limit=pages - 1)


class _Boom:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:  # unpickling it would create the marker file
        return (open, (self.marker, "w"))


def forge_pickled_reply(marker: str) -> int:
    """What code that took over a helper could send: a pickle that runs code when loaded."""
    payload = pickle.dumps({"ok": _Boom(marker)})
    os.write(_own_socket(), struct.pack("!i", len(payload)) + payload)
    return 0


def _own_socket() -> int:
    # (fstat, not /proc: a confined helper may not read /proc/self/fd)
    for fd in range(3, 1024):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                return fd
        except OSError:
            continue
    raise AssertionError("no socket")


def half_a_reply_then_hang() -> int:
    os.write(_own_socket(), struct.pack("!i", 100) + b"{")
    time.sleep(60)
    return 0


def environment() -> dict[str, str]:
    return dict(os.environ)


def not_json() -> object:
    return object()


def fail_plainly() -> None:
    raise KeyError("no such key")


def refuse_with_members(member: str) -> None:
    raise TooManyPages("the PDF has 12 pages", **{member: 500})


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    box = Sandbox(processes=2, memory_bytes=512 * 1024 * 1024, preload=[__name__])
    yield box
    box.close()


def test_calls_run_in_another_process_and_return_their_result(sandbox):
    # when a function runs in the sandbox
    pid = sandbox.call(os.getpid, timeout=10)
    # then it ran in a helper, not here, and the helper stays for the next call
    assert pid != os.getpid()
    assert sandbox.pids() == [pid]
    assert sandbox.call(os.getpid, timeout=10) == pid


def test_an_exception_comes_back_as_raised(sandbox):
    # when the function raises a domain error with extensions
    with pytest.raises(TooManyPages) as caught:
        sandbox.call(refuse, 12, timeout=10, errors=(TooManyPages,))
    # then the caller gets the same error, detail and extensions included
    assert caught.value.detail == "the PDF has 12 pages"
    assert caught.value.extensions == {"pages": 12, "limit": 11}


def test_a_helper_cannot_pick_an_error_the_caller_did_not_allow(sandbox):
    # when the function raises a domain error the caller did not list
    with pytest.raises(RuntimeError, match="TooManyPages"):
        sandbox.call(refuse, 12, timeout=10, errors=(UnreadableDocument,))


@pytest.mark.parametrize("member", ["status", "title", "type", "headers", "instance"])
def test_a_helper_cannot_set_the_problems_own_members(sandbox, member):
    # when an allowed error comes back carrying one of the problem JSON's own members
    with pytest.raises(RuntimeError, match="TooManyPages"):
        sandbox.call(refuse_with_members, member, timeout=10, errors=(TooManyPages,))


def test_other_errors_and_unsendable_results_come_back_as_runtime_errors(sandbox):
    # when the function raises an error that is not one of ours
    with pytest.raises(RuntimeError, match="KeyError"):
        sandbox.call(fail_plainly, timeout=10)
    # or returns what JSON cannot carry
    with pytest.raises(RuntimeError, match="JSON serializable"):
        sandbox.call(not_json, timeout=10)
    # then the helper is still fine for the next call
    assert sandbox.call(os.getpid, timeout=10) != os.getpid()


def test_a_helper_taken_over_cannot_run_code_in_the_caller(sandbox, tmp_path):
    marker = tmp_path / "pwned"
    # when a helper sends back a pickle instead of a JSON reply
    with pytest.raises(SandboxCrashed, match="unreadable reply"):
        sandbox.call(forge_pickled_reply, str(marker), timeout=10)
    # then the reply was not unpickled here, and the helper was dropped
    assert not marker.exists()
    assert sandbox.pids() == []


def test_a_crash_fails_its_call_and_the_next_call_gets_a_new_helper(sandbox):
    first = sandbox.call(os.getpid, timeout=10)
    # when the helper segfaults during a call
    with pytest.raises(SandboxCrashed, match="SIGSEGV"):
        sandbox.call(segfault, timeout=10)
    # then this process lives on, the dead helper is gone, and a new one serves
    assert first not in sandbox.pids()
    second = sandbox.call(os.getpid, timeout=10)
    assert second != first


def test_a_hang_is_cut_off_at_the_timeout_and_the_helper_is_killed(sandbox):
    hung = sandbox.call(os.getpid, timeout=10)
    # when a call takes longer than its timeout
    started = time.monotonic()
    with pytest.raises(SandboxTimeout):
        sandbox.call(sleep_then_pid, 30, timeout=0.5)
    # then the caller is answered at the timeout, not when the call would have ended
    assert time.monotonic() - started < 5
    # and the helper was killed, not left running
    assert hung not in sandbox.pids()
    assert not Path(f"/proc/{hung}").exists()
    assert sandbox.call(sleep_then_pid, 0, timeout=10) != hung


def test_half_a_reply_does_not_hold_the_caller_past_the_timeout(sandbox):
    # when a helper sends the start of a reply and then stops
    started = time.monotonic()
    with pytest.raises(SandboxTimeout):
        sandbox.call(half_a_reply_then_hang, timeout=1.0)
    # then the caller is answered at the timeout and the helper is gone
    assert time.monotonic() - started < 5
    assert sandbox.pids() == []


def test_helpers_get_no_environment_and_are_replaced_after_max_calls():
    box = Sandbox(processes=1, max_calls=2, preload=[__name__])
    try:
        # given a secret in this process's environment
        os.environ["PAGEMILL_TEST_SECRET"] = "hunter2"
        # when a helper is asked for its environment, it has none of it
        assert "PAGEMILL_TEST_SECRET" not in box.call(environment, timeout=10)
        # and after two calls the helper is replaced by a new one
        first = box.call(os.getpid, timeout=10)
        assert box.call(os.getpid, timeout=10) != first
    finally:
        os.environ.pop("PAGEMILL_TEST_SECRET", None)
        box.close()


def test_a_caller_that_cannot_get_a_helper_in_time_is_told_so():
    box = Sandbox(processes=1, preload=[__name__])
    try:
        # given the only helper busy for a while
        busy = threading.Thread(target=lambda: box.call(sleep_then_pid, 2, timeout=10))
        busy.start()
        time.sleep(0.5)
        # when another call may wait only a tenth of a second
        with pytest.raises(SandboxUnavailable, match="busy"):
            box.call(os.getpid, timeout=10, wait=0.1)
        busy.join()
    finally:
        box.close()


ORPHAN_PARENT = """
import os, sys, threading
from common.uploads.sandbox import Sandbox
from tests.test_sandbox import sleep_then_pid
box = Sandbox(processes=1, preload=["tests.test_sandbox"])
box.call(os.getpid, timeout=10)
print(box.pids()[0], flush=True)
threading.Thread(target=lambda: box.call(sleep_then_pid, 60, timeout=1), daemon=True).start()
threading.Event().wait(30)
"""


def test_a_helper_whose_parent_died_mid_call_ends_itself():
    # given a process whose helper is in a long call (as pdfium in a loop would be)
    parent = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_PARENT], stdout=subprocess.PIPE, cwd=ROOT, text=True
    )
    try:
        helper = int(parent.stdout.readline())
        time.sleep(0.3)
        # when that process is killed outright, before it can kill its helper
        parent.kill()
        parent.wait()
        # then the helper ends by itself at its alarm (the call's timeout plus slack)
        deadline = time.monotonic() + 1 + ALARM_SLACK + 5
        while time.monotonic() < deadline and Path(f"/proc/{helper}").exists():
            time.sleep(0.1)
        assert not Path(f"/proc/{helper}").exists()
    finally:
        parent.kill()


def test_memory_beyond_the_limit_fails_the_call_not_the_caller(sandbox):
    # when a call asks for more memory than a helper may have (512 MB here)
    with pytest.raises(MemoryError):
        sandbox.call(allocate, 1024, timeout=30)
    # then a modest call still works afterwards
    assert sandbox.call(allocate, 64, timeout=30) == 64 * 1024 * 1024


def test_a_helper_killed_between_calls_is_replaced_without_failing_a_call(sandbox):
    pid = sandbox.call(os.getpid, timeout=10)
    # given the idle helper was killed from outside (the OOM killer, an operator)
    os.kill(pid, signal.SIGKILL)
    _wait_gone(pid)
    # when the next call comes, it is served by a new helper
    assert sandbox.call(os.getpid, timeout=10) not in (pid, os.getpid())


def test_calls_beyond_the_helper_count_wait_for_a_free_helper(sandbox):
    # when three slow calls come at once to two helpers
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(sandbox.call(sleep_then_pid, 0.5, timeout=10)))
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then all three are served, by no more than two processes
    assert len(results) == 3
    assert len(set(results)) == 2
    assert len(sandbox.pids()) == 2


def _not_preloaded_module_function() -> int:
    return 1


def test_a_call_the_helper_cannot_import_is_the_callers_error_not_a_crash():
    import types

    # given a function from a module the helpers did not import before they were confined
    module = types.ModuleType("pagemill_test_not_preloaded")
    sys.modules[module.__name__] = module
    fn = types.FunctionType(_not_preloaded_module_function.__code__, {}, "fn")
    fn.__module__, fn.__qualname__ = module.__name__, "fn"
    module.fn = fn  # type: ignore[attr-defined]
    box = Sandbox(processes=1, preload=[__name__])
    try:
        # when it is called, the error says why, and the same helper serves the next call
        first = box.call(os.getpid, timeout=10)
        with pytest.raises(RuntimeError, match="ModuleNotFoundError"):
            box.call(fn, timeout=10)
        assert box.call(os.getpid, timeout=10) == first
    finally:
        box.close()
        del sys.modules[module.__name__]


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0]
        except OSError:
            return
        if state == "Z":  # dead, waiting for its parent (the sandbox) to reap it
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} is still running")
