"""Confinement of the sandbox's helpers (common/uploads/sandbox_helper.py, confine.py):
a helper that a hostile file took over can reach nothing but the upload it was handed."""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from common.uploads import confine
from common.uploads.sandbox import Sandbox
from tests.conftest import ROOT

# What the helpers run: module-level, so that they travel by name.


def read_path(path: str) -> str:
    with open(path) as fh:
        return fh.read()


def read_given(file: BinaryIO) -> str:
    return file.read().decode()


def write_given(file: BinaryIO) -> int:
    return os.write(file.fileno(), b"tampered")


def connect(port: int) -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.connect(("127.0.0.1", port))
        return "connected"


def connect_unix(path: str) -> str:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        return "connected"


def send_udp(port: int) -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(b"x", ("127.0.0.1", port))
        return "sent"


def run_program(path: str) -> None:
    os.execv(path, [path])  # replaces the helper, if it is allowed to


def signal_process(pid: int) -> str:
    os.kill(pid, 0)
    return "signalled"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    box = Sandbox(processes=2, memory_bytes=512 * 1024 * 1024, preload=[__name__])
    yield box
    box.close()


def test_a_helper_reads_the_file_it_is_given_and_nothing_else(sandbox, tmp_path):
    # given two files this process's user can read: one upload, one of somebody else's
    mine, theirs = tmp_path / "mine.pdf", tmp_path / "theirs.pdf"
    mine.write_text("my upload")
    theirs.write_text("another tenant's upload")
    with mine.open("r+b") as file:
        # when the helper is handed the one (open for writing here), it reads it, from its start
        file.seek(4)
        assert sandbox.call(read_given, timeout=10, file=file) == "my upload"
        # and may not change it: its copy is read-only
        with pytest.raises(RuntimeError, match="Bad file descriptor"):
            sandbox.call(write_given, timeout=10, file=file)
    assert mine.read_text() == "my upload"
    # then the other, and any other file, cannot be opened
    for path in (theirs, ROOT / "pyproject.toml", Path("/etc/hostname")):
        with pytest.raises(RuntimeError, match="PermissionError"):
            sandbox.call(read_path, str(path), timeout=10)


def test_an_unconfined_helper_could_read_them_which_is_what_confinement_takes_away(tmp_path):
    # (the control for the test above: the same call, without confinement, succeeds)
    theirs = tmp_path / "theirs.pdf"
    theirs.write_text("another tenant's upload")
    box = Sandbox(processes=1, preload=[__name__], confine=False)
    try:
        assert box.call(read_path, str(theirs), timeout=10) == "another tenant's upload"
        assert box.confinement()["landlock"] == 0
    finally:
        box.close()


def test_a_helper_cannot_connect_run_programs_or_signal_other_processes(sandbox):
    abi = confine.abi_version()
    assert abi >= 6, f"this kernel's Landlock ABI is {abi}; the sandbox's guarantees need 6 (Linux 6.12+)"
    # given a TCP listener on loopback (as the database or Redis would be)
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        assert connect(port) == "connected"  # (this process can)
        # when a helper tries to connect to it, it is refused
        with pytest.raises(RuntimeError, match="PermissionError"):
            sandbox.call(connect, port, timeout=10)
    # and so is a Unix socket (as PostgreSQL's, with peer authentication, would be) and UDP
    with tempfile.TemporaryDirectory() as folder, socket.socket(socket.AF_UNIX) as server:
        path = os.path.join(folder, ".s.PGSQL.5432")
        server.bind(path)
        server.listen()
        assert connect_unix(path) == "connected"  # (this process can)
        with pytest.raises(RuntimeError, match="PermissionError"):
            sandbox.call(connect_unix, path, timeout=10)
    with pytest.raises(RuntimeError, match="PermissionError"):
        sandbox.call(send_udp, 9, timeout=10)
    # and it cannot run a program (which would replace it)
    with pytest.raises(RuntimeError, match="PermissionError"):
        sandbox.call(run_program, "/bin/true", timeout=10)
    # nor signal this process (the API)
    with pytest.raises(RuntimeError, match="PermissionError"):
        sandbox.call(signal_process, os.getpid(), timeout=10)
    # and it says what it was denied
    assert sandbox.confinement() == {
        "landlock": abi,
        "detail": "files, TCP, signals to other processes, new sockets",
    }


def test_the_first_helper_logs_its_confinement(caplog):
    box = Sandbox(processes=1, preload=[__name__])
    try:
        with caplog.at_level("INFO", logger="common.uploads.sandbox"):
            box.call(os.getpid, timeout=10)
            box.call(os.getpid, timeout=10)
        (line,) = [r.getMessage() for r in caplog.records if "confined" in r.getMessage()]
        assert f"Landlock ABI {confine.abi_version()}" in line
    finally:
        box.close()
