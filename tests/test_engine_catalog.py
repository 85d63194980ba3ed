"""The engine catalog (common/core/engines.py) is the one list of engines: the API, the
queues, the registry, the heartbeat and the CLI derive theirs from it."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import click
import pytest

from common.core import engines
from common.core.settings import Settings
from tests.conftest import ROOT

NAMES = {spec.name for spec in engines.ENGINES}


def _choices(*command: str, option: str = "engine") -> tuple[str, ...]:
    from api.cli import main

    cmd: click.Command = main
    for name in command:
        assert isinstance(cmd, click.Group)
        cmd = cmd.commands[name]
    (param,) = [p for p in cmd.params if p.name == option]
    assert isinstance(param.type, click.Choice)
    return tuple(param.type.choices)


def test_the_api_accepts_and_documents_the_public_engines():
    from api.app import create_app
    from common.documents.schemas import ENGINES, PROMPT_ENGINES, TEST_ENGINES

    # given the catalog, when the API's lists and its OpenAPI schema are read
    schema = create_app().openapi()
    form = schema["paths"]["/v1/documents"]["post"]["requestBody"]["content"]["multipart/form-data"]
    # then each is what the catalog says, in its order
    assert form["schema"]["properties"]["engine"]["enum"] == list(ENGINES)
    assert tuple(s.name for s in engines.ENGINES if not s.test_only) == ENGINES
    assert TEST_ENGINES == ("null",) and PROMPT_ENGINES == ("smolvlm", "openai")


def test_the_cli_offers_the_engines_each_command_can_run():
    # when the CLI's choices are read, then they are the catalog's
    assert _choices("convert") == engines.PUBLIC
    assert _choices("worker") == tuple(s.name for s in engines.ENGINES if s.kind in ("model", "remote"))
    assert _choices("model-server") == tuple(s.name for s in engines.ENGINES if s.kind == "model")


def test_queues_are_derived_from_the_catalog():
    from common.core.queue import QUEUES, engine_queue

    assert QUEUES == (
        "cpu",
        "gpu.smoldocling",
        "gpu.granite-docling",
        "gpu.lightonocr",
        "gpu.smolvlm",
        "remote",
        "webhooks",
    )
    for spec in engines.ENGINES:
        assert engine_queue(spec.name) == spec.queue
    # an engine stored before an upgrade removed it goes where a worker can fail its page
    assert engine_queue("retired-engine") == "cpu"


@pytest.mark.parametrize("name", sorted(NAMES))
def test_the_registry_builds_each_engine_from_its_catalog_entry(name):
    from worker.engines.registry import engine_class

    # given a catalog entry, when its class is imported and created (no model loads)
    spec = engines.get(name)
    cls: Any = engine_class(name)  # model and remote engines take their settings
    engine = cls(settings=Settings()) if spec.kind != "cpu" else cls()
    # then the engine is that entry: name, queue, what it reads, its render size
    assert (engine.name, engine.queue, engine.spec) == (name, spec.queue, spec)
    assert engine.needs_text_layer == spec.needs_text_layer
    assert (engine.render_dpi, engine.render_max_edge) == (spec.render_dpi, spec.render_max_edge)
    assert engine.render_longest_edge == spec.render_longest_edge(Settings())
    assert engine.wants_image(has_text_layer=False) == (spec.reads != "text" and spec.reads != "nothing")


def test_an_unknown_engine_is_named_in_the_error():
    from worker.engines.registry import get_engine

    with pytest.raises(KeyError, match="no engine named 'tesseract'; the engines are auto, pdf-text"):
        get_engine("tesseract")


def test_ocr_pages_are_rendered_no_bigger_than_the_ocr_reads():
    from worker.engines.ocr_pipeline import MAX_SIDE

    # a bigger render would be scaled down again before detection: wasted work
    assert engines.get("rapidocr").render_max_edge == engines.get("auto").render_max_edge == MAX_SIDE


def test_a_worker_reports_a_model_queue_only_for_the_model_it_loaded():
    from common.core.queue import QUEUES
    from worker.heartbeat import served_queues

    # given a worker that consumes every queue (embedded, no -Q)
    # when it loaded no model, then it serves no model's queue
    assert served_queues(QUEUES, None) == ["cpu", "remote", "webhooks"]
    # and when it loaded one, then that model's queue counts too
    assert served_queues(QUEUES, "lightonocr") == ["cpu", "gpu.lightonocr", "remote", "webhooks"]


def _engine_name_lists(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            names = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len([n for n in names if n in NAMES]) >= 2:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_other_module_lists_engines():
    # given every module of the service and the client but the catalog
    sources = [
        p
        for top in ("api", "common", "worker", "pagemill_client")
        for p in sorted((ROOT / top).rglob("*.py"))
        if p != ROOT / "common" / "core" / "engines.py"
    ]
    # then none holds a literal list of two engine names or more
    assert [hit for p in sources for hit in _engine_name_lists(p)] == []
