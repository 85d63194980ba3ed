"""docker-compose.yml is a valid Compose file, judged as `docker compose config` judges it
without Docker: variables interpolated (defaults applied), then validated against the
Compose Specification's JSON schema (tests/data/compose-spec.json), then what the schema
cannot see (durations, depends_on, named volumes, profiles)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
SCHEMA = Path(__file__).resolve().parent / "data" / "compose-spec.json"

DEFAULT_SERVICES = {
    "postgres",
    "redis",
    "minio",
    "minio-setup",
    "migrate",
    "api",
    "worker-cpu",
    "worker-gpu",
    "worker-webhooks",
    "worker-remote",
    "beat",
    "flower",
}
MODEL_SERVICES = {"worker-granite-docling", "worker-lightonocr", "worker-smolvlm"}


# --- interpolation, as the Compose Specification defines it -------------------------------

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class InterpolationError(ValueError):
    pass


def interpolate(text: str, env: Mapping[str, str]) -> str:
    """``$$``, ``$VAR``, ``${VAR}`` and ``${VAR<op>word}`` with the operators :- - :? ? :+ +
    (a word may hold further variables); anything else after a ``$`` is an error."""
    out, i = [], 0
    while i < len(text):
        if text[i] != "$":
            out.append(text[i])
            i += 1
        elif text.startswith("$$", i):
            out.append("$")
            i += 2
        elif text.startswith("${", i):
            end = _closing_brace(text, i + 2)
            out.append(_braced(text[i + 2 : end], env))
            i = end + 1
        elif name := _NAME.match(text, i + 1):
            out.append(env.get(name.group(), ""))
            i = name.end()
        else:
            raise InterpolationError(f"invalid interpolation format for {text!r}: a $ must start a variable")
    return "".join(out)


def _closing_brace(text: str, start: int) -> int:
    depth, i = 1, start
    while i < len(text):
        if text.startswith("${", i):
            depth, i = depth + 1, i + 2
            continue
        if text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise InterpolationError(f"invalid interpolation format for {text!r}: unclosed ${{")


def _braced(inner: str, env: Mapping[str, str]) -> str:
    name = _NAME.match(inner)
    if not name:
        raise InterpolationError(f"invalid interpolation format: ${{{inner}}} names no variable")
    var, rest = name.group(), inner[name.end() :]
    value = env.get(var)
    if not rest:
        return value or ""
    for op in (":-", "-", ":?", "?", ":+", "+"):
        if rest.startswith(op):
            word = rest[len(op) :]
            present = value is not None and (value != "" or not op.startswith(":"))
            if op.endswith("-"):
                return value if present and value is not None else interpolate(word, env)
            if op.endswith("?"):
                if not present:
                    raise InterpolationError(f"required variable {var} is missing a value: {word}")
                return value or ""
            return interpolate(word, env) if present else ""
    raise InterpolationError(f"invalid interpolation format: ${{{inner}}}")


def _interpolated(node: Any, env: Mapping[str, str]) -> Any:
    # Values only: keys are never interpolated.
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, dict):
        return {k: _interpolated(v, env) for k, v in node.items()}
    if isinstance(node, list):
        return [_interpolated(v, env) for v in node]
    return node


# --- the checks ------------------------------------------------------------------------------


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA.read_text()), format_checker=FormatChecker())


# Durations the schema types only as strings; Compose parses them as Go durations.
_DURATION = re.compile(r"[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)")
_HEALTHCHECK_DURATIONS = ("interval", "timeout", "start_period", "start_interval")


def _durations(name: str, svc: dict[str, Any]) -> list[str]:
    found = {f"services.{name}.stop_grace_period": svc.get("stop_grace_period")}
    for key in _HEALTHCHECK_DURATIONS:
        found[f"services.{name}.healthcheck.{key}"] = (svc.get("healthcheck") or {}).get(key)
    return [
        f"{where}: {value!r} is not a duration"
        for where, value in found.items()
        if value is not None and not _DURATION.fullmatch(str(value))
    ]


def _named_volume(mount: Any) -> str | None:
    if isinstance(mount, dict):
        return mount.get("source") if mount.get("type", "volume") == "volume" else None
    source, sep, _ = str(mount).partition(":")
    if not sep or source.startswith(("/", ".", "~")):  # anonymous, or a bind mount
        return None
    return source


def problems(document: Any, env: Mapping[str, str] | None = None) -> list[str]:
    """What `docker compose config` would refuse in a loaded Compose document."""
    try:
        spec = _interpolated(document, env or {})
    except InterpolationError as exc:
        return [str(exc)]
    found = [
        f"{'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
        for e in _validator().iter_errors(spec)
    ]
    if found:
        return found
    services: dict[str, Any] = spec.get("services") or {}
    volumes = set(spec.get("volumes") or {})
    for name, svc in services.items():
        found += _durations(name, svc)
        needs = svc.get("depends_on") or []
        for other in needs if isinstance(needs, list) else needs.keys():
            if other not in services:
                found.append(f"services.{name}.depends_on: no service {other!r}")
            elif not (svc.get("profiles") or []) and services[other].get("profiles"):
                found.append(f"services.{name}.depends_on: {other!r} runs only in profiles")
        for mount in svc.get("volumes") or []:
            volume = _named_volume(mount)
            if volume and volume not in volumes:
                found.append(f"services.{name}.volumes: volume {volume!r} is not declared")
    return found


def _compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return document


def _services(profiles: set[str]) -> set[str]:
    spec = _interpolated(_compose(), {})
    return {n for n, s in spec["services"].items() if not s.get("profiles") or profiles & set(s["profiles"])}


# --- the tests -------------------------------------------------------------------------------


def test_docker_compose_yml_is_valid() -> None:
    assert problems(_compose()) == []


def test_the_variables_it_uses_are_interpolated_with_their_defaults_or_the_environment() -> None:
    spec = _interpolated(_compose(), {})
    assert spec["services"]["minio"]["environment"]["MINIO_ROOT_USER"] == "pagemill"
    assert spec["services"]["worker-gpu"]["volumes"] == ["./models:/models:ro"]
    # (`$$` is a literal $, for the container's shell)
    assert '"${MINIO_ROOT_USER}"' in spec["services"]["minio-setup"]["command"][0]
    given = _interpolated(_compose(), {"PAGEMILL_MODELS_DIR": "/srv/models", "MINIO_ROOT_USER": "ops"})
    assert given["services"]["worker-gpu"]["volumes"] == ["/srv/models:/models:ro"]
    assert given["services"]["api"]["environment"]["PAGEMILL_STORAGE__ACCESS_KEY_ID"] == "ops"
    assert problems(_compose(), {"PAGEMILL_MODELS_DIR": "/srv/models"}) == []


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("${A:-d}", {}, "d"),
        ("${A:-d}", {"A": ""}, "d"),
        ("${A-d}", {"A": ""}, ""),
        ("${A-d}", {}, "d"),
        ("${A:+r}", {"A": "x"}, "r"),
        ("${A:+r}", {"A": ""}, ""),
        ("${A+r}", {"A": ""}, "r"),
        ("${A:?needed}", {"A": "x"}, "x"),
        ("$$A and $${A}", {"A": "x"}, "$A and ${A}"),
        ("$A/${B:-${A}-z}", {"A": "x"}, "x/x-z"),
    ],
)
def test_interpolation_follows_the_compose_specification(
    text: str, env: dict[str, str], expected: str
) -> None:
    assert interpolate(text, env) == expected


def test_the_default_services_and_the_models_profile() -> None:
    assert _services(set()) == DEFAULT_SERVICES
    assert _services({"models"}) == DEFAULT_SERVICES | MODEL_SERVICES


def test_the_remote_worker_points_at_the_vllm_profiles_server_on_a_gpu() -> None:
    spec = _interpolated(_compose(), {})
    assert _services({"vllm"}) == DEFAULT_SERVICES | {"vllm"}
    assert _services({"vllm-granite-docling"}) == DEFAULT_SERVICES | {"vllm-granite-docling"}
    remote = spec["services"]["worker-remote"]["environment"]
    vllm = spec["services"]["vllm"]
    assert remote["PAGEMILL_OPENAI__BASE_URL"] == "http://vllm:8000/v1"
    assert f"--served-model-name={remote['PAGEMILL_OPENAI__MODEL']}" in vllm["command"]
    assert vllm["deploy"] == spec["services"]["worker-gpu"]["deploy"]  # the NVIDIA reservation


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = document
        for key in parents:
            node = node[key]
        node[last] = value

    return mutate


@pytest.mark.parametrize(
    ("mutate", "complaint"),
    [
        pytest.param(_set("services.api.comand", ["x"]), "'comand' does not match", id="unknown-service-key"),
        pytest.param(_set("servces", {}), "'servces' does not match", id="unknown-top-level-key"),
        pytest.param(_set("services.worker-cpu.stop_grace_period", 120), "not of type", id="wrong-type"),
        pytest.param(_set("services.api.ports", "8000:8000"), "not of type 'array'", id="ports-not-a-list"),
        pytest.param(
            _set("services.redis.healthcheck.interval", "5 seconds"),
            "'5 seconds' is not a duration",
            id="bad-duration",
        ),
        pytest.param(
            _set("services.api.profiles", "models"), "not of type 'array'", id="profiles-not-a-list"
        ),
        pytest.param(
            _set("services.api.environment.PAGEMILL_BROKER__URL", "${BROKER:-redis://redis"),
            "unclosed",
            id="unclosed-variable",
        ),
        pytest.param(_set("services.api.image", "pagemill:${}"), "names no variable", id="empty-variable"),
        pytest.param(_set("services.api.image", "${TAG:x}"), "invalid interpolation", id="unknown-operator"),
        pytest.param(_set("services.api.image", "pagemill:$1"), "must start a variable", id="lone-dollar"),
        pytest.param(_set("services.api.image", "${TAG:?set TAG}"), "required variable TAG", id="required"),
        pytest.param(
            _set("services.api.depends_on.postgress", {"condition": "service_healthy"}),
            "no service 'postgress'",
            id="depends-on-unknown-service",
        ),
        pytest.param(
            _set("services.api.depends_on", ["worker-smolvlm"]),
            "runs only in profiles",
            id="depends-on-profiled",
        ),
        pytest.param(
            _set("services.redis.volumes", ["redis-data:/data"]),
            "'redis-data' is not declared",
            id="undeclared-volume",
        ),
    ],
)
def test_a_broken_compose_document_is_refused(
    mutate: Callable[[dict[str, Any]], None], complaint: str
) -> None:
    # given the real file with one mistake in it
    document = _compose()
    mutate(document)
    # when it is checked
    found = problems(document)
    # then the mistake is named
    assert any(complaint in p for p in found), found


def test_every_queue_has_a_worker_and_beat_runs_once() -> None:
    from common.core.queue import QUEUES, engine_queue

    spec = _compose()["services"]
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
