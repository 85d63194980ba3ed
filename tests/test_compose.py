"""docker-compose.yml is valid: rendered by `docker compose config` (or the Debian
docker-compose that .ci/run installs where the compose plugin is absent)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _compose() -> list[str]:
    if (
        shutil.which("docker")
        and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.fail(
        "neither `docker compose` nor `docker-compose` is installed (.ci/run installs docker-compose)"
    )


def test_docker_compose_config_is_valid():
    compose = [*_compose(), "-f", str(ROOT / "docker-compose.yml")]
    out = subprocess.run([*compose, "config", "--quiet"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    services = subprocess.run(
        [*compose, "config", "--services"], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout.split()
    assert {
        "postgres",
        "redis",
        "minio",
        "minio-setup",
        "migrate",
        "api",
        "worker-cpu",
        "worker-gpu",
        "worker-webhooks",
        "beat",
        "flower",
    } <= set(services)


def test_every_queue_has_a_worker_and_beat_runs_once():
    import yaml

    from common.core.queue import QUEUES, engine_queue

    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    consumed = set()
    for svc in spec.values():
        cmd = svc.get("command") or []
        if cmd[:2] == ["pagemill", "worker"]:
            if "--engine" in cmd:
                consumed.add(engine_queue(cmd[cmd.index("--engine") + 1]))
            else:
                consumed |= set(cmd[cmd.index("--queues") + 1].split(","))
    assert consumed == set(QUEUES)
    assert [name for name, svc in spec.items() if (svc.get("command") or [])[:2] == ["pagemill", "beat"]] == [
        "beat"
    ]
