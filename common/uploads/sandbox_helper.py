"""The helper process of the sandbox (common/uploads/sandbox.py): confine itself, then
serve calls on hostile input one at a time.

The parent starts it as ``python -I -c '...; from common.uploads.sandbox_helper import
main; main(...)'``, a fresh interpreter with no environment, in ``/``. It imports the
modules a call will need, then gives up for good what it will not need
(common/uploads/confine.py: no file may be opened, no socket of any kind, no signal or
trace of other processes; no fork, no core dump), says it is ready, and serves calls
until its connection closes. Each call reads the upload, if any, from the read-only
descriptor that comes with it. Requests are pickles from the trusted parent; replies
are JSON, so that a helper that hostile input took over cannot run code in the parent.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import pickle
import resource
import signal
import socket
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle
from typing import Any

from common.core.errors import PagemillError
from common.uploads.confine import deny_all

# A helper's alarm goes off this long after the parent's own deadline: the parent
# normally kills it first; the alarm is for a parent that died meanwhile.
ALARM_SLACK = 2


def main(fd: int, memory_bytes: int, preload: list[str], confine: bool) -> None:
    """Serve the parent at the socket ``fd`` until it closes; see the module docstring."""
    # The API's SIGINT handling is the parent's business; a helper ends when its socket
    # closes, or when a call's alarm goes off (SIGALRM's default action ends the process,
    # also in the middle of pdfium).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    conn = Connection(socket.socket(fileno=fd).detach())
    # Everything a call needs is imported now: once confined, no module file can be read.
    for module in preload:
        importlib.import_module(module)
    confinement: dict[str, Any] = {"landlock": 0, "detail": "not asked for"}
    if confine:
        # No core dump of a stranger's file on the API's disk, and no new processes
        # (RLIMIT_NPROC binds users without CAP_SYS_RESOURCE, i.e. not root).
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
        abi, detail = deny_all()
        confinement = {"landlock": abi, "detail": detail}
    conn.send_bytes(json.dumps({"ready": confinement}).encode())
    while True:
        try:
            raw = conn.recv_bytes()
            file = os.fdopen(recv_handle(conn), "rb") if raw[-1:] == b"f" else None
        except (EOFError, OSError):
            return
        try:
            # (a function whose module was not preloaded cannot be imported once confined:
            # that is the caller's mistake, said as such, not the input's)
            fn, args, timeout = pickle.loads(raw[:-1])  # noqa: S301  (from the parent: trusted)
        except Exception as exc:
            conn.send_bytes(json.dumps({"error": _describe(exc)}, default=str).encode())
            if file is not None:
                file.close()
            continue
        signal.alarm(math.ceil(timeout) + ALARM_SLACK)
        try:
            data = json.dumps({"ok": fn(*args) if file is None else fn(file, *args)}).encode()
        except BaseException as exc:  # the caller decides what an error means
            data = json.dumps({"error": _describe(exc)}, default=str).encode()
        finally:
            if file is not None:
                file.close()
        signal.alarm(0)
        conn.send_bytes(data)


def _describe(exc: BaseException) -> dict[str, Any]:
    """An error as plain JSON values; the parent's ``_rebuild`` decides what to raise."""
    if isinstance(exc, PagemillError):
        return {
            "kind": "pagemill",
            "type": type(exc).__name__,
            "detail": exc.detail,
            "extensions": exc.extensions,
        }
    if isinstance(exc, MemoryError):
        return {"kind": "memory"}
    return {"kind": "other", "type": type(exc).__name__, "message": str(exc)[:2000]}
