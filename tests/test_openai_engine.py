"""The ``openai`` engine against an OpenAI-compatible server on loopback.

The server is Pagemill's own model server (worker/model_server.py) running the tiny,
taught LightOnOCR (or granite-docling, for DocTags) through the same engine code as a GPU
worker: real HTTP, real model, no canned responses. In front of it, at the HTTP layer,
faults are injected and the request bodies the engine sent are recorded.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from common.core.settings import Settings
from common.documents.results import PageResult
from tests.conftest import TAUGHT_DOCTAGS, TAUGHT_MARKDOWN
from tests.factories.real_models import GRANITE_DOCLING, taught_granite_docling
from tests.serving import read_asgi_body, serve_in_thread
from worker.engines.base import PageError, PageInput
from worker.engines.remote import OpenAIEngine, data_url
from worker.engines.textlayer import TextLayer, TextSpan
from worker.engines.vlm.engines import DoclingEngine, LightOnOcrEngine, ModelEngine
from worker.model_server import create_app


class Faults:
    """ASGI middleware: records each chat request (its auth header and JSON body) and
    answers the next `fail_next` of them with `status` instead of the model."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.fail_next = 0
        self.status = 503
        self.requests: list[dict[str, Any]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].endswith("/chat/completions"):
            raw, receive = await read_asgi_body(receive)
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            auth = dict(scope["headers"]).get(b"authorization", b"").decode()
            self.requests.append({"auth": auth, "body": body})
            if self.fail_next > 0:
                self.fail_next -= 1
                body = b'{"error": {"message": "overloaded, try again"}}'
                headers = [(b"content-type", b"application/json"), (b"retry-after", b"0")]
                await send({"type": "http.response.start", "status": self.status, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


@contextmanager
def _serve(engine: ModelEngine) -> Iterator[tuple[str, Faults]]:
    engine.warm()
    faults = Faults(create_app(engine))
    try:
        with serve_in_thread(faults) as url:
            yield f"{url}/v1", faults
    finally:
        engine.close()


@pytest.fixture(scope="module")
def server(vlm_models: dict[str, Path]) -> Iterator[tuple[str, Faults]]:
    settings = Settings(
        models={"lightonocr": {"path": str(vlm_models["lightonocr"])}},
        gpu={"lightonocr_temperature": 0.0, "max_new_tokens": 120, "max_wait_ms": 100},
    )
    with _serve(LightOnOcrEngine(settings)) as served:
        yield served


@pytest.fixture(scope="module")
def docling_server() -> Iterator[tuple[str, Faults]]:
    """granite-docling built from its published files (its real tokenizer: the DocTags
    element tags are special tokens, the location tags plain text), taught one page."""
    if not GRANITE_DOCLING.is_dir():
        pytest.skip("../shared/models is not here")
    settings = Settings(
        models={"granite_docling": {"path": str(taught_granite_docling(TAUGHT_DOCTAGS))}},
        gpu={"max_new_tokens": 200, "max_wait_ms": 100},
    )
    with _serve(DoclingEngine("granite-docling", settings)) as served:
        yield served


def _engine(base_url: str, **openai: Any) -> OpenAIEngine:
    return OpenAIEngine(
        Settings(
            openai={
                "base_url": base_url,
                "model": "lightonocr",
                "api_key": "sk-test",
                "max_retries": 2,
                **openai,
            }
        )
    )


def _page(n: int = 1, **kw: Any) -> PageInput:
    return PageInput(page_no=n, width=612, height=792, image=Image.new("RGB", (612, 792), "white"), **kw)


def test_given_pages_then_each_is_one_request_with_the_image_and_markdown_comes_back(
    server: tuple[str, Faults],
) -> None:
    url, faults = server
    faults.requests.clear()

    results = _engine(url).convert([_page(1), _page(2), _page(3)])

    assert [r.page_no for r in results] == [1, 2, 3]
    for r in results:
        assert isinstance(r, PageResult) and r.engine == "openai" and r.fallback_from is None
        assert (r.markdown or "") == TAUGHT_MARKDOWN
        assert r.tokens["completion"] > 5 and r.tokens["prompt"] > 0
        assert [b.kind for b in r.blocks] == ["title", "paragraph", "table"]
    assert len(faults.requests) == 3 and all(q["auth"] == "Bearer sk-test" for q in faults.requests)


def test_given_markdown_output_then_each_request_is_the_image_alone_sampled_as_lightonocrs_card(
    server: tuple[str, Faults],
) -> None:
    url, faults = server
    faults.requests.clear()

    [res] = _engine(url).convert([_page()])

    [request] = faults.requests
    body = request["body"]
    [image] = body["messages"][0]["content"]  # no text part: LightOnOCR reads the image alone
    assert image["type"] == "image_url" and image["image_url"]["url"].startswith("data:image/png;base64,")
    assert body["model"] == "lightonocr" and body["max_tokens"] == 4096
    # generation_config.json of LightOnOCR-2-1B: temperature 0.2, top_p 0.9
    assert body["temperature"] == 0.2 and body["top_p"] == 0.9
    assert "skip_special_tokens" not in body  # Markdown has no special tokens to keep
    assert isinstance(res, PageResult) and (res.markdown or "") == TAUGHT_MARKDOWN


def test_given_doctags_output_then_the_request_asks_for_the_docling_instruction_greedy_with_tags_kept(
    docling_server: tuple[str, Faults],
) -> None:
    url, faults = docling_server
    faults.requests.clear()

    [res] = _engine(url, model="granite-docling", output="doctags").convert([_page()])

    [request] = faults.requests
    body = request["body"]
    image, text = body["messages"][0]["content"]
    assert image["type"] == "image_url" and text == {"type": "text", "text": "Convert this page to docling."}
    assert body["temperature"] == 0 and "top_p" not in body  # greedy, as docling decodes DocTags
    assert body["skip_special_tokens"] is False and body["spaces_between_special_tokens"] is False
    # The server kept the tags because the engine asked it to (stripped, the page falls back)
    assert isinstance(res, PageResult) and res.engine == "openai" and res.fallback_from is None
    assert "# Invoice INV-2041" in (res.markdown or "") and "## Line items" in (res.markdown or "")
    [table] = [b for b in res.blocks if b.kind == "table"]
    assert table.rows == [["Item", "Qty"], ["Widget", "2"], ["Gadget", "1"]]


def test_given_doctags_output_and_settings_then_the_settings_win(docling_server: tuple[str, Faults]) -> None:
    url, faults = docling_server
    faults.requests.clear()
    engine = _engine(url, output="doctags", prompt="Convert formula to LaTeX.", temperature=0.1, top_p=0.5)

    engine.convert([_page(1), _page(2, options={"prompt": "Convert table to OTSL."})])

    bodies = [q["body"] for q in faults.requests]
    # a document's prompt first, then the configured one
    prompts = {b["messages"][0]["content"][1]["text"] for b in bodies}
    assert prompts == {"Convert formula to LaTeX.", "Convert table to OTSL."}
    assert all(b["temperature"] == 0.1 and b["top_p"] == 0.5 for b in bodies)


def test_given_a_client_that_does_not_ask_to_keep_special_tokens_then_the_model_server_strips_them(
    docling_server: tuple[str, Faults],
) -> None:
    # As vLLM does by default: the DocTags tags are special tokens
    url, _ = docling_server
    image = {"type": "image_url", "image_url": {"url": data_url(Image.new("RGB", (64, 64), "white"), 64)}}
    body: dict[str, Any] = {"model": "granite-docling", "messages": [{"role": "user", "content": [image]}]}

    stripped = httpx.post(f"{url}/chat/completions", json=body, timeout=60).json()
    kept = httpx.post(
        f"{url}/chat/completions", json={**body, "skip_special_tokens": False}, timeout=60
    ).json()

    assert "<title><loc_40><loc_30>" in kept["choices"][0]["message"]["content"]
    text = stripped["choices"][0]["message"]["content"]
    # granite-docling's location tags are plain text: only the element tags go
    assert "<title>" not in text and "<otsl>" not in text and "<loc_40>" in text
    assert "ACME Corp" in text and "Invoice INV-2041" in text


def test_given_the_server_is_overloaded_then_requests_are_retried(server: tuple[str, Faults]) -> None:
    url, faults = server
    faults.fail_next, faults.status = 2, 503

    [res] = _engine(url).convert([_page()])

    assert isinstance(res, PageResult) and (res.markdown or "").startswith("# Delivery note")
    assert faults.fail_next == 0


def test_given_the_server_stays_down_then_the_task_retries_and_the_last_attempt_falls_back(
    server: tuple[str, Faults], tmp_path: Path
) -> None:
    url, faults = server
    faults.fail_next, faults.status = 100, 502

    [early] = _engine(url).convert([_page(last_attempt=False)])
    layer = TextLayer(
        612,
        792,
        [TextSpan("Receipt", 72, 90, 110, 102, 11, False), TextSpan("9", 113, 90, 119, 102, 11, False)],
    )
    [last] = _engine(url).convert([_page(text_layer=layer)])
    faults.fail_next = 0

    assert isinstance(early, PageError) and early.retryable and "HTTP 502" in early.message
    assert isinstance(last, PageResult) and last.fallback_from == "openai" and last.engine == "pdf-text"
    assert last.text == "Receipt 9" and any("failed 3 times" in w for w in last.warnings)


def test_given_a_client_error_then_the_page_fails_with_the_servers_message(
    server: tuple[str, Faults],
) -> None:
    url, faults = server
    faults.fail_next, faults.status = 1, 400

    [res] = _engine(url).convert([_page()])

    assert isinstance(res, PageError) and not res.retryable
    assert res.code == "model_server_rejected" and "overloaded, try again" in res.message


def test_given_an_unreachable_server_then_the_error_says_so() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes

    [res] = _engine(f"http://127.0.0.1:{port}/v1", max_retries=1).convert([_page(last_attempt=False)])

    assert isinstance(res, PageError) and res.retryable and "ConnectError" in res.message


def test_given_no_base_url_then_the_page_fails_saying_what_to_set() -> None:
    [res] = OpenAIEngine(Settings()).convert([_page()])

    assert isinstance(res, PageError) and "PAGEMILL_OPENAI__BASE_URL" in res.message


def test_given_bad_requests_then_the_model_server_answers_400(server: tuple[str, Faults]) -> None:
    url, _ = server
    no_image = {"model": "x", "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]}
    remote_url = {
        "model": "x",
        "messages": [
            {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "http://x/a.png"}}]}
        ],
    }
    image = {"type": "image_url", "image_url": {"url": data_url(Image.new("RGB", (64, 64), "white"), 64)}}
    not_a_flag = {"messages": [{"role": "user", "content": [image]}], "skip_special_tokens": "no"}
    bodies: list[dict[str, Any]] = [no_image, remote_url, {"messages": []}, not_a_flag]
    for body in bodies:
        resp = httpx.post(f"{url}/chat/completions", json=body)
        assert resp.status_code == 400 and resp.json()["error"]["message"]


def test_given_a_document_schema_then_the_page_is_also_asked_for_it_as_a_json_schema_constraint(
    server: tuple[str, Faults],
) -> None:
    url, faults = server
    faults.requests.clear()
    schema = {
        "type": "object",
        "properties": {"total": {"type": "number"}, "invoice_number": {"type": "string"}},
    }

    [res] = _engine(url).convert([_page(options={"schema": schema})])

    # then the page is converted as before, and asked a second time for the schema
    assert isinstance(res, PageResult) and (res.markdown or "") == TAUGHT_MARKDOWN
    convert, ask = (q["body"] for q in faults.requests)
    assert "response_format" not in convert
    assert ask["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "fields", "schema": schema, "strict": True},
    }
    assert ask["temperature"] == 0.0 and json.dumps(schema) in ask["messages"][0]["content"][1]["text"]
    # and the answer is kept with the page: this server does not constrain its decoding
    # (vLLM does), and the model taught Markdown answers Markdown, which is said, not hidden
    assert res.extracted is not None and res.extracted["engine"] == "openai"
    assert res.extracted["values"] is None and "not JSON" in res.extracted["errors"][0]
