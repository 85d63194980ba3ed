"""Take away a process's access to files, TCP and other processes, with Linux Landlock.

A sandbox helper (common/sandbox.py) parses a stranger's file in C. If the file takes it
over, the helper runs as the API's user and could otherwise read whatever that user can
(other tenants' uploads being spooled, the API's configuration), connect to the database,
or signal and trace the API. :func:`deny_all` ends that for the rest of the process's
life: it may not open, create, change or execute any file, bind or connect TCP sockets
(Landlock ABI 4), nor signal or reach through abstract Unix sockets any process outside
its own domain (ABI 6); ptrace of outside processes is refused at every ABI. What it
already holds stays usable: its connection to the parent, and the upload's file
descriptor that the parent passes it for each call.

Landlock needs no privilege, and a process can only ever be restricted further, never
freed. Kernels before 5.13, or with the LSM switched off, do not have it: then nothing is
restricted and the caller is told why.
"""

from __future__ import annotations

import ctypes
import os
import platform

# The syscalls have the same numbers on every architecture Linux added them to at once.
_CREATE_RULESET, _RESTRICT_SELF = 444, 446
_CREATE_RULESET_VERSION = 1 << 0
_PR_SET_NO_NEW_PRIVS = 38

# Filesystem rights by the ABI version that introduced them: execute, write, read a file,
# read a dir, remove dir/file, make char/dir/reg/sock/fifo/block/sym (1); refer (2);
# truncate (3); ioctl on devices (5).
_FS_BY_ABI = {1: (1 << 13) - 1, 2: 1 << 13, 3: 1 << 14, 5: 1 << 15}
_NET_TCP = 0b11  # bind, connect (ABI 4)
_SCOPE = 0b11  # abstract Unix sockets, signals (ABI 6)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


def abi_version() -> int:
    """The kernel's Landlock ABI version; 0 where there is none."""
    if platform.system() != "Linux":
        return 0
    libc = ctypes.CDLL(None, use_errno=True)  # the C library the interpreter runs on
    flags = ctypes.c_uint32(_CREATE_RULESET_VERSION)
    version = libc.syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), flags)
    return max(int(version), 0)


def deny_all() -> tuple[int, str]:
    """Restrict this process for good; returns (the ABI version used, what it denies), or
    (0, why not). Threads started before this call are not restricted: call it while the
    process has one thread."""
    abi = abi_version()
    if abi < 1:
        why = os.strerror(ctypes.get_errno()) if platform.system() == "Linux" else "not Linux"
        return 0, (
            f"Landlock is not available ({why}): it needs Linux 5.13+ with the LSM enabled, "
            "and a seccomp profile (a container's) that lets its system calls through"
        )
    libc = ctypes.CDLL(None, use_errno=True)
    attr = _RulesetAttr(
        handled_access_fs=sum(rights for since, rights in _FS_BY_ABI.items() if since <= abi),
        handled_access_net=_NET_TCP if abi >= 4 else 0,
        scoped=_SCOPE if abi >= 6 else 0,
    )
    # An older kernel takes the struct as it knew it: the fields it had, in order.
    size = ctypes.sizeof(ctypes.c_uint64) * (3 if abi >= 6 else 2 if abi >= 4 else 1)
    fd = libc.syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if fd < 0:
        return 0, f"landlock_create_ruleset failed: {os.strerror(ctypes.get_errno())}"
    try:
        # Required for an unprivileged process, and right anyway: no set-uid gains later.
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return 0, f"prctl(NO_NEW_PRIVS) failed: {os.strerror(ctypes.get_errno())}"
        # No rules are added: every handled right is denied everywhere.
        if libc.syscall(_RESTRICT_SELF, fd, ctypes.c_uint32(0)) != 0:
            return 0, f"landlock_restrict_self failed: {os.strerror(ctypes.get_errno())}"
    finally:
        os.close(fd)
    denied = ["files"] + (["TCP"] if abi >= 4 else []) + (["signals to other processes"] if abi >= 6 else [])
    return abi, ", ".join(denied)
