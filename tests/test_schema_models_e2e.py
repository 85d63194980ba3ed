"""A document's JSON Schema answered by a model engine, end to end (issue 20).

The invoice goes over HTTP to the API and through real worker processes; the models are
tiny ones, each taught a fixed answer (tests/factories/model_cache.py):

- ``openai``: Pagemill's model server (worker/model_server.py) on loopback, in front of
  two taught LightOnOCR models: one reads any page as the invoice's text, the other
  answers the schema question with fixed JSON, one value of it printed nowhere on the
  page. The requests that carry ``response_format`` go to the second, as a server with
  guided decoding would answer them; every request is recorded.
- ``smolvlm``: a ``pagemill worker --engine smolvlm`` asking the page one question per
  property of the schema.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import validators

from common.core.settings import Settings
from common.extraction.schema import SCHEMA_PROMPT
from tests import redis_slot
from tests.conftest import RUN_ID, TOTAL_PROMPT, new_key, run_process
from tests.factories.invoices_i18n import ENGLISH, invoice_pdf
from tests.helpers import submit, wait_done
from tests.serving import read_asgi_body, serve, serve_in_thread

pytestmark = pytest.mark.slow  # model processes load tiny models and answer: seconds each

# What the page model reads on the English invoice: its own printed words.
PAGE_MARKDOWN = "# INVOICE\n\nNorthwind Traders Ltd\n\nInvoice No.: INV-7781\n\nTotal: $220.00"
# In the client's own order (not the one Postgres' jsonb would give its keys, shorter
# first): the model must be asked in this order, since it fills the properties so.
SCHEMA: dict[str, Any] = {
    "properties": {
        "invoice_number": {"type": "string"},
        "seller_name": {"type": "string"},
        "total": {"type": "number"},
        "purchase_order": {"type": "string"},
    },
    "required": ["invoice_number", "total"],
    "type": "object",
}
# The schema model's answer: three values printed on the page, and an order number that
# is not (a model that invents one must not be trusted on it).
ANSWER = {
    "invoice_number": "INV-7781",
    "total": 220.0,
    "seller_name": "Northwind Traders Ltd",
    "purchase_order": "PO-5512",
}


@pytest.fixture(scope="module")
def taught() -> dict[str, Path]:
    from tests.factories.model_cache import Recipe, models

    question = SCHEMA_PROMPT + "\n" + json.dumps(SCHEMA, ensure_ascii=False)
    return models(
        {
            "page": Recipe("lightonocr", PAGE_MARKDOWN, None),
            "answer": Recipe("lightonocr", json.dumps(ANSWER), question, steps=600),
        }
    )


class Router:
    """ASGI: records each chat request's JSON body, and sends those with a
    ``response_format`` to the schema model, the rest to the page model."""

    def __init__(self, page_app: Any, schema_app: Any) -> None:
        self.page_app, self.schema_app = page_app, schema_app
        self.bodies: list[dict[str, Any]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].endswith("/chat/completions"):
            await self.page_app(scope, receive, send)
            return
        raw, replay = await read_asgi_body(receive)
        body = json.loads(raw)
        self.bodies.append(body)
        app = self.schema_app if "response_format" in body else self.page_app
        await app(scope, replay, send)


@pytest.fixture(scope="module")
def model_server(taught: dict[str, Path]) -> Iterator[tuple[str, Router]]:
    from worker.engines.vlm.engines import LightOnOcrEngine
    from worker.model_server import create_app

    def engine(path: Path) -> LightOnOcrEngine:
        settings = Settings(
            models={"lightonocr": {"path": str(path)}},
            gpu={"lightonocr_temperature": 0.0, "max_new_tokens": 120, "max_wait_ms": 20},
        )
        e = LightOnOcrEngine(settings)
        e.warm()
        return e

    page, answer = engine(taught["page"]), engine(taught["answer"])
    router = Router(create_app(page), create_app(answer))
    try:
        with serve_in_thread(router) as url:
            yield f"{url}/v1", router
    finally:
        page.close()
        answer.close()


@pytest.fixture(scope="module")
def openai_api(services: None, redis_broker: str, model_server: tuple[str, Router]) -> Iterator[httpx.Client]:
    """An API and a worker (cpu and remote queues) of their own, on a broker database of
    their own: the suite's shared worker also takes the remote queue, and knows no model
    server."""
    from api.embedded import worker_command

    owner = f"{RUN_ID}-schema"
    broker = redis_slot.claim(redis_broker, owner)
    env = {
        "PAGEMILL_BROKER__URL": broker,
        "PAGEMILL_OPENAI__BASE_URL": model_server[0],
        "PAGEMILL_OPENAI__MODEL": "lightonocr",
    }
    try:
        with serve(env, "api-schema-openai.log") as api:
            cmd = worker_command(queues="cpu,remote", concurrency=2, name=f"schema-{uuid.uuid4().hex[:6]}@%h")
            procs = run_process(cmd, "worker-schema-openai.log", env)
            next(procs)
            headers = {"Authorization": f"Bearer {new_key()}"}
            with httpx.Client(base_url=api.url, headers=headers, timeout=30) as client:
                yield client
            next(procs, None)  # stops the worker
    finally:
        redis_slot.release(broker, owner)


def test_the_openai_engine_answers_a_schema_with_the_models_values_and_flags_the_invented_one(
    openai_api: httpx.Client, model_server: tuple[str, Router]
) -> None:
    _, router = model_server
    router.bodies.clear()
    # given an invoice submitted on the openai engine with a JSON Schema
    resp = submit(openai_api, invoice_pdf(ENGLISH), "invoice.pdf", engine="openai", schema=json.dumps(SCHEMA))
    assert resp.status_code == 202, resp.text
    doc_id = resp.json()["id"]

    # when the worker has rendered it, the model server converted its page and answered
    doc = wait_done(openai_api, doc_id, timeout=60)
    assert doc["status"] == "succeeded", doc
    assert [(p["status"], p["engine"]) for p in doc["page_details"]] == [("done", "openai")]

    # then the fields output's schema answer is the model's, and valid against the schema
    answer = openai_api.get(f"/v1/documents/{doc_id}/result", params={"format": "fields"}).json()["schema"]
    assert answer["answered_by"] == "model" and answer["values"] == ANSWER
    assert answer["valid"] is True and answer["errors"] == [] and answer["model_errors"] == []
    assert not list(validators.validator_for(SCHEMA)(SCHEMA).iter_errors(answer["values"]))
    # and each value the page shows is supported, the invented order number flagged
    assert answer["unsupported"] == ["purchase_order"]
    for name in ("invoice_number", "total", "seller_name"):
        src = answer["sources"][name]
        assert (src["page"], src["engine"], src["by"], src["supported"]) == (1, "openai", "model", True)
    assert answer["sources"]["purchase_order"]["supported"] is False

    # and the model server was asked twice: the page, then the schema as a constraint
    convert, ask = router.bodies
    assert "response_format" not in convert
    assert ask["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "fields", "schema": SCHEMA, "strict": True},
    }
    assert json.dumps(SCHEMA) in ask["messages"][0]["content"][1]["text"]
    assert list(ask["response_format"]["json_schema"]["schema"]["properties"]) == list(SCHEMA["properties"])


@pytest.fixture(scope="module")
def smolvlm_worker(services: None, vlm_models: dict[str, Path]) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        "PAGEMILL_MODELS__SMOLVLM__PATH": str(vlm_models["smolvlm"]),
        "PAGEMILL_GPU__MAX_NEW_TOKENS": "40",
        "PAGEMILL_GPU__MAX_BATCH": "4",
    }
    cmd = [sys.executable, "-m", "api.cli", "worker", "--engine", "smolvlm", "-l", "warning"]
    name = f"gpu-{uuid.uuid4().hex[:6]}@%h"
    yield from run_process([*cmd, "--name", name], "worker-schema-smolvlm.log", env)


def test_the_smolvlm_engine_asks_one_question_per_property_and_types_each_answer(
    client: httpx.Client, worker: subprocess.Popen[bytes], smolvlm_worker: subprocess.Popen[bytes]
) -> None:
    # given the taught SmolVLM, whose answer is "The invoice total is 23.50 EUR." (to a
    # question much longer than the one it was taught, a tiny model's answer drifts: each
    # property's description is that question, and so is the document's prompt)
    schema = {
        "type": "object",
        "properties": {
            "total": {"type": "number", "description": TOTAL_PROMPT},
            "summary": {"type": "string", "description": "What does the page say about the total?"},
        },
    }
    # when an invoice is submitted on smolvlm with a schema of two properties
    resp = submit(
        client,
        invoice_pdf(ENGLISH),
        "invoice.pdf",
        engine="smolvlm",
        prompt=TOTAL_PROMPT,
        schema=json.dumps(schema),
    )
    assert resp.status_code == 202, resp.text
    doc_id = resp.json()["id"]
    doc = wait_done(client, doc_id, timeout=90)
    assert doc["status"] == "succeeded", doc

    # then the page holds one answer per property, each read in its property's type
    page = client.get(f"/v1/documents/{doc_id}/pages/1").json()["result"]
    assert page["engine"] == "smolvlm"
    assert page["extracted"] == {
        "values": {"total": 23.5, "summary": "The invoice total is 23.50 EUR"},
        "errors": [],
        "engine": "smolvlm",
    }
    # and the fields output's answer is the model's, valid, each value on the page it read
    answer = client.get(f"/v1/documents/{doc_id}/result", params={"format": "fields"}).json()["schema"]
    assert answer["answered_by"] == "model" and answer["values"] == page["extracted"]["values"]
    assert answer["valid"] is True and answer["unsupported"] == []
    assert all(s["by"] == "model" and s["supported"] for s in answer["sources"].values())
