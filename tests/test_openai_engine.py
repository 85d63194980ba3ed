"""The ``openai`` engine against an OpenAI-compatible server on loopback.

The server is Pagemill's own model server (worker/model_server.py) running the tiny,
taught LightOnOCR through the same engine code as a GPU worker: real HTTP, real model,
no canned responses. Faults are injected in front of it, at the HTTP layer.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from PIL import Image

from common.core.settings import Settings
from common.documents.results import PageResult
from tests.conftest import TAUGHT_MARKDOWN
from worker.engines.base import PageError, PageInput
from worker.engines.remote import OpenAIEngine
from worker.engines.textlayer import TextLayer, TextSpan
from worker.engines.vlm.engines import LightOnOcrEngine
from worker.model_server import create_app


class Faults:
    """ASGI middleware: answers the next `fail_next` chat requests with `status` instead of the model."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.fail_next = 0
        self.status = 503
        self.requests: list[dict[str, Any]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].endswith("/chat/completions"):
            self.requests.append({"auth": dict(scope["headers"]).get(b"authorization", b"").decode()})
            if self.fail_next > 0:
                self.fail_next -= 1
                body = b'{"error": {"message": "overloaded, try again"}}'
                headers = [(b"content-type", b"application/json"), (b"retry-after", b"0")]
                await send({"type": "http.response.start", "status": self.status, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def server(vlm_models: dict[str, Path]) -> Iterator[tuple[str, Faults]]:
    settings = Settings(
        models={"lightonocr": {"path": str(vlm_models["lightonocr"])}},
        gpu={"lightonocr_temperature": 0.0, "max_new_tokens": 120, "max_wait_ms": 100},
    )
    engine = LightOnOcrEngine(settings)
    engine.warm()
    faults = Faults(create_app(engine))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(faults, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/v1", faults
    srv.should_exit = True
    thread.join(10)
    engine.close()


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
    bodies: list[dict[str, Any]] = [no_image, remote_url, {"messages": []}]
    for body in bodies:
        resp = httpx.post(f"{url}/chat/completions", json=body)
        assert resp.status_code == 400 and resp.json()["error"]["message"]
