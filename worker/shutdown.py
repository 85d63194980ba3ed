"""Graceful shutdown: SIGTERM lets running pages finish, within a grace period.

Celery's SIGTERM is a warm shutdown: the worker stops taking messages, hands back the
ones it had prefetched (acks_late: they were never acked) and waits for the running
tasks, however long they take. A deploy or a scale-down cannot wait for ever, so when a
warm shutdown starts we arm a timer: if tasks are still running after
``reliability.shutdown_grace`` seconds, the processes running pages are killed and the
worker shuts down cold (SIGQUIT), which returns their messages to the broker. Their
pages stay claimed until their lease expires (no worker renews it any more), and then
the reaper (or a redelivered message) runs them elsewhere.

Celery's own ``worker_soft_shutdown_timeout`` is not used: it always sleeps the whole
timeout, even when the running pages finish in a second.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from typing import Any

from celery.signals import worker_shutting_down

from common.core.settings import get_settings

log = logging.getLogger(__name__)


def _children(pid: int) -> list[int]:
    """Direct child processes (Linux /proc): the prefork pool's processes."""
    found: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        # the fields after the command name (which may hold spaces) start with state, ppid
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return found


def _hand_back(pid: int, grace: float) -> None:
    log.warning("shutdown grace period (%ss) over: handing the running pages back", grace)
    # Celery's cold shutdown alone does not stop a page that is running: a prefork
    # child finishes its task, a thread cannot be interrupted. The pages' processes are
    # killed (their messages return to the broker, their leases lapse), then the worker
    # shuts down cold; if threads still hold it up, it exits outright a little later.
    for child in _children(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
    os.kill(pid, signal.SIGQUIT)
    backstop = threading.Timer(10.0, os._exit, args=(1,))
    backstop.daemon = True
    backstop.start()


@worker_shutting_down.connect
def _arm_grace_timer(sig: str = "", how: str = "", **_: Any) -> None:
    if how != "Warm":
        return
    grace = get_settings().reliability.shutdown_grace
    timer = threading.Timer(grace, _hand_back, args=(os.getpid(), grace))
    timer.daemon = True  # the process may end sooner: every page finished in time
    timer.start()
