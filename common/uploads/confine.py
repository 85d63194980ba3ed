"""Take away a process's access to files, the network and other processes, for good.

A sandbox helper (common/uploads/sandbox.py) parses a stranger's file in C. If the file takes it
over, the helper runs as the API's user and could otherwise read whatever that user can
(other tenants' uploads being spooled, the API's configuration), connect to the database
(over TCP or its Unix socket), or signal and trace the API. :func:`deny_all` ends that:

- Linux Landlock: no file may be opened, created, changed or executed; no TCP socket bound
  or connected (ABI 4); no signal sent, nor abstract Unix socket reached, outside the
  process's own domain (ABI 6); ptrace of outside processes is refused at every ABI;
- seccomp: no new socket of any kind (Unix, UDP, TCP, netlink) and no io_uring (which can
  open sockets without the system call), so nothing Landlock leaves open is reachable.

What the process already holds stays usable: its connection to the parent, and the
upload's file descriptor that the parent passes it for each call. Neither needs privilege,
and neither can be undone. Kernels before 5.13 (or with the LSM off, or under a seccomp
profile that refuses these calls) have no Landlock: then only the seccomp part applies,
and the caller is told.
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
    """Restrict this process for good (Landlock, then seccomp); returns (the Landlock ABI
    used, what is denied), or (0, why Landlock is not there and what was still denied).
    Threads started before this call are not restricted: call it while the process has
    one thread."""
    abi, landlock = _landlock()
    sockets = _deny_sockets()
    return abi, ", ".join(part for part in (landlock, sockets) if part)


def _landlock() -> tuple[int, str]:
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


# seccomp: a classic BPF program over struct seccomp_data (nr at offset 0, arch at 4).
_LD_ABS, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06
_ALLOW, _EPERM = 0x7FFF0000, 0x00050000 | 1
_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 22, 2
# (audit arch, socket's number); io_uring_setup/enter/register are 425-427 on both
_ARCHES = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
_IO_URING = (425, 426, 427)


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _deny_sockets() -> str:
    """No new sockets and no io_uring from now on (EPERM); every other call is allowed.
    A call made through another architecture's entry (int 0x80 on x86_64) is refused
    whatever it is, as is x86_64's x32 range."""
    arch = _ARCHES.get(platform.machine())
    if arch is None:
        return f"(no seccomp filter for {platform.machine()})"
    audit_arch, socket_nr = arch
    denied = (socket_nr, *_IO_URING)
    # 0 arch; 1 wrong arch -> deny; 2 nr; 3 x32 -> deny; 4.. each denied nr -> deny; allow; deny
    deny_at = 4 + len(denied) + 1
    program = [
        (_LD_ABS, 0, 0, 4),
        (_JEQ, 0, deny_at - 2, audit_arch),
        (_LD_ABS, 0, 0, 0),
        (_JGE, deny_at - 4, 0, 0x40000000),
        *((_JEQ, deny_at - (5 + i), 0, nr) for i, nr in enumerate(denied)),
        (_RET, 0, 0, _ALLOW),
        (_RET, 0, 0, _EPERM),
    ]
    filters = (_SockFilter * len(program))(*(_SockFilter(*ins) for ins in program))
    prog = _SockFprog(len(program), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    # NO_NEW_PRIVS first: an unprivileged process may install a filter only with it.
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"(seccomp: prctl(NO_NEW_PRIVS) failed: {os.strerror(ctypes.get_errno())})"
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        return f"(seccomp filter refused: {os.strerror(ctypes.get_errno())})"
    return "new sockets"
