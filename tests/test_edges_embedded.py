"""`pagemill up`'s own edges (issue 18): its data is private to its user, its key is shown
once, and no key a client sends reaches its logs."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, _free_port
from tests.test_embedded import PAGEMILL


@pytest.fixture
def embedded_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEMILL_")}
    env["PAGEMILL_DATA_DIR"] = str(tmp_path / "data")
    return env


def _up(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*PAGEMILL, "up", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/livez").status_code == 200 and "is up at" in log.read_text():
                return proc, base
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline and proc.poll() is None, log.read_text()
        time.sleep(0.2)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(40)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_up_keeps_its_data_private_shows_the_key_once_and_logs_no_key(embedded_env, tmp_path):
    data = Path(embedded_env["PAGEMILL_DATA_DIR"])
    # given a data dir made by an earlier version, world-readable
    data.mkdir(mode=0o755)
    (data / "old-file").write_text("x")
    os.chmod(data / "old-file", 0o644)
    embedded_env["PAGEMILL_LOG_LEVEL"] = "INFO"  # the API's access lines included
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"

    # when `pagemill up` starts for the first time and a client puts keys in query strings
    proc, base = _up(embedded_env, first_log)
    try:
        key = (data / "local-api-key").read_text().strip()
        for query in ({"key": key}, {"api_key": key, "x": "1"}, {"token": key}):
            httpx.get(f"{base}/livez", params=query)
            httpx.get(f"{base}/v1/documents", params=query)
        assert (
            httpx.get(f"{base}/v1/documents", headers={"Authorization": f"Bearer {key}"}).status_code == 200
        )
    finally:
        _stop(proc)
    first = first_log.read_text()
    # then the key is shown once, with its file
    assert first.count(key) == 1, first
    assert str(data / "local-api-key") in first

    # and the data dir is 700, every file in it 600, the old one included
    def modes() -> dict[str, int]:
        found = {str(data): stat.S_IMODE(data.stat().st_mode)}
        for path in data.rglob("*"):
            if not path.is_symlink():
                found[str(path)] = stat.S_IMODE(path.stat().st_mode)
        return found

    for path, mode in modes().items():
        wanted = 0o700 if Path(path).is_dir() else 0o600
        assert mode == wanted, f"{path}: {oct(mode)}"
    assert (data / "pagemill.db").exists()

    # when it starts again
    proc, base = _up(embedded_env, second_log)
    _stop(proc)
    second = second_log.read_text()
    # then only the key's file is named, never the key
    assert key not in second, second
    assert str(data / "local-api-key") in second
