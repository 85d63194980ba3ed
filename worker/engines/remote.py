"""``openai``: any OpenAI-compatible chat-completions server (vLLM serving LightOnOCR or granite-docling).

Each page is one request: the page image as a base64 PNG data URL, plus a prompt, and the
sampling that the served model's card asks for (:meth:`OpenAIEngine.request_body`). The
server does the batching (vLLM's continuous batching); this side keeps many pages in
flight: the remote worker runs many Celery threads, and one call with several pages sends
them concurrently, all through one pooled HTTP client capped at ``openai.max_in_flight``
connections.

Retries: connection errors, timeouts, 408, 409, 429 and 5xx, with exponential backoff
(and the server's Retry-After, capped); other 4xx fail the page at once with the
server's message. An empty answer falls back to the CPU engine like a model engine's.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import random
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from PIL import Image

from common.core.settings import Settings, get_settings
from common.documents.results import PageResult
from common.extraction.schema import SCHEMA_PROMPT, read_answer, stored_schema
from worker.engines.base import Engine, PageError, PageInput

log = logging.getLogger(__name__)

_RETRY_STATUSES = {408, 409, 429}
_MAX_BACKOFF = 30.0
# Markdown's sampling when the settings give none: LightOnOCR-2-1B's (its model card and
# generation_config.json).
_MARKDOWN_TEMPERATURE, _MARKDOWN_TOP_P = 0.2, 0.9


class OpenAIEngine(Engine):
    name = "openai"

    def __init__(self, settings: Settings | None = None, *, client: httpx.Client | None = None) -> None:
        self.settings = settings or get_settings()
        self.render_longest_edge = self.spec.render_longest_edge(self.settings)
        self._client = client
        self._lock = threading.Lock()

    @property
    def client(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                cfg = self.settings.openai
                if not cfg.base_url:
                    raise PageError(
                        "engine_not_configured",
                        "the openai engine needs PAGEMILL_OPENAI__BASE_URL (e.g. http://vllm:8000/v1)",
                    )
                headers = {"Authorization": f"Bearer {cfg.api_key.get_secret_value()}"} if cfg.api_key else {}
                self._client = httpx.Client(
                    base_url=cfg.base_url.rstrip("/") + "/",
                    headers=headers,
                    timeout=httpx.Timeout(cfg.timeout, connect=min(10.0, cfg.timeout)),
                    limits=httpx.Limits(
                        max_connections=cfg.max_in_flight, max_keepalive_connections=cfg.max_in_flight
                    ),
                )
            return self._client

    def convert(self, pages: Sequence[PageInput]) -> list[PageResult | PageError]:
        if len(pages) == 1:
            return [self._convert_one(pages[0])]
        workers = min(len(pages), self.settings.openai.max_in_flight)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="openai") as pool:
            return list(pool.map(self._convert_one, pages))

    def _convert_one(self, page: PageInput) -> PageResult | PageError:
        from worker.engines.vlm.engines import fall_back

        if page.image is None:
            return PageError("no_image", f"page {page.page_no} has no image for the openai engine")
        started = time.perf_counter()
        try:
            answer = self._complete(page)
        except PageError as exc:
            if exc.retryable and page.last_attempt:
                return fall_back(self.name, page, exc.message, {}, self.settings)
            return exc
        content, finish, usage = answer
        tokens = {
            "prompt": int(usage.get("prompt_tokens") or 0),
            "completion": int(usage.get("completion_tokens") or 0),
        }
        result = self._parse(page, content)
        if result is None:
            return fall_back(
                self.name, page, "the model server returned no usable output", tokens, self.settings
            )
        result.tokens = tokens
        result.extracted = self._extract(page)
        result.timings["request_s"] = round(time.perf_counter() - started, 4)
        if finish == "length":
            result.warnings.append(f"output cut at max_tokens ({self.settings.openai.max_tokens})")
        return result

    def _parse(self, page: PageInput, content: str) -> PageResult | None:
        if self.settings.openai.output == "doctags":
            from worker.engines.vlm.doctags import doctags_result

            return doctags_result(self.name, page, content)
        from worker.engines.vlm.engines import markdown_result

        return markdown_result(self.name, page, content)

    def request_body(self, page: PageInput) -> dict[str, Any]:
        """The chat-completions request for one page, as its output mode needs it.

        DocTags (granite-docling, SmolDocling), as the granite-docling card's vLLM example
        runs it: the instruction "Convert this page to docling.", greedy decoding, and
        ``skip_special_tokens: false``, since the DocTags tags are special tokens that vLLM
        strips by default (it takes its sampling parameters as extra fields of the body).
        Markdown (LightOnOCR-2-1B, the default model): the page image alone, sampled as its
        card and generation_config.json say (temperature 0.2, top_p 0.9). A document's
        prompt and the openai.* settings override these defaults.
        """
        from worker.engines.vlm.engines import DoclingEngine

        cfg = self.settings.openai
        assert page.image is not None
        doctags = cfg.output == "doctags"
        if doctags:
            default_prompt, temperature, top_p = DoclingEngine.default_prompt, 0.0, None
        else:
            default_prompt, temperature, top_p = None, _MARKDOWN_TEMPERATURE, _MARKDOWN_TOP_P
        temperature = cfg.temperature if cfg.temperature is not None else temperature
        top_p = cfg.top_p if cfg.top_p is not None else top_p
        content: list[dict[str, Any]] = [
            {"type": "image_url", "image_url": {"url": data_url(page.image, cfg.longest_edge)}}
        ]
        prompt = str(page.options.get("prompt") or "") or cfg.prompt or default_prompt
        if prompt:
            content.append({"type": "text", "text": prompt})
        body: dict[str, Any] = {
            "model": cfg.model,
            "messages": [{"role": "user", "content": content}],
            "max_tokens": cfg.max_tokens,
            "temperature": temperature,
        }
        if top_p is not None and temperature > 0:  # greedy decoding has no use for it
            body["top_p"] = top_p
        if doctags:
            body["skip_special_tokens"] = False
            # vLLM's slow detokenizer would put a space between adjacent special tokens
            # (and so inside the DocTags); keep the model's text as it decodes.
            body["spaces_between_special_tokens"] = False
        return body

    def schema_request_body(self, page: PageInput, schema: dict[str, Any]) -> dict[str, Any]:
        """The request that asks the page for the document's JSON Schema: the schema goes
        to the server as a structured-output constraint (``response_format`` of type
        ``json_schema``, which vLLM enforces with guided decoding), and in the prompt."""
        cfg = self.settings.openai
        assert page.image is not None
        return {
            "model": cfg.model,
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "image_url", "image_url": {"url": data_url(page.image, cfg.longest_edge)}},
                        {
                            "type": "text",
                            "text": SCHEMA_PROMPT + "\n" + json.dumps(schema, ensure_ascii=False),
                        },
                    ],
                }
            ],
            "max_tokens": cfg.max_tokens,
            "temperature": 0.0,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "fields", "schema": schema, "strict": True},
            },
        }

    def _extract(self, page: PageInput) -> dict[str, Any] | None:
        """The model's answer to the document's schema for this page, if it has one."""
        schema = stored_schema(page.options.get("schema"))
        if schema is None or page.image is None:
            return None
        try:
            content, _, _ = self._complete(page, self.schema_request_body(page, schema))
        except PageError as exc:
            return {"values": None, "errors": [exc.message], "engine": self.name}
        return read_answer(content, schema, self.name)

    def _complete(
        self, page: PageInput, body: dict[str, Any] | None = None
    ) -> tuple[str, str | None, dict[str, Any]]:
        cfg = self.settings.openai
        body = body if body is not None else self.request_body(page)
        last = ""
        for attempt in range(cfg.max_retries + 1):
            wait = min(_MAX_BACKOFF, 0.5 * 2**attempt) * random.uniform(0.8, 1.2)
            try:
                resp = self.client.post("chat/completions", json=body)
            except httpx.TransportError as exc:  # connect errors, timeouts, resets
                last = f"{type(exc).__name__}: {exc}"
            else:
                if resp.status_code == 200:
                    return _answer(resp)
                last = f"HTTP {resp.status_code}: {_error_message(resp)}"
                if resp.status_code not in _RETRY_STATUSES and resp.status_code < 500:
                    raise PageError(
                        "model_server_rejected", f"page {page.page_no}: the model server said {last}"
                    )
                wait = max(wait, min(_MAX_BACKOFF, _retry_after(resp) or 0.0))
            if attempt < cfg.max_retries:
                log.info("model server request failed; retrying", extra={"fields": {"error": last[:200]}})
                time.sleep(wait)
        raise PageError(
            "model_server_unavailable",
            f"page {page.page_no}: the model server failed {cfg.max_retries + 1} times; last: {last[:300]}",
            retryable=True,
        )


def data_url(image: Image.Image, longest_edge: int) -> str:
    """The page as a PNG data URL, scaled so its longest edge is ``longest_edge``."""
    im = image.convert("RGB") if image.mode not in ("RGB", "L") else image
    if max(im.size) > longest_edge:
        scale = longest_edge / max(im.size)
        im = im.resize(
            (max(1, round(im.width * scale)), max(1, round(im.height * scale))), Image.Resampling.LANCZOS
        )
    buf = io.BytesIO()
    im.save(buf, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _answer(resp: httpx.Response) -> tuple[str, str | None, dict[str, Any]]:
    try:
        data = resp.json()
        choice = data["choices"][0]
        content = choice["message"].get("content") or ""
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise PageError(
            "model_server_bad_response", f"unexpected response from the model server: {exc}"
        ) from exc
    if isinstance(content, list):  # content parts
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content), choice.get("finish_reason"), data.get("usage") or {}


def _error_message(resp: httpx.Response) -> str:
    try:
        data = resp.json()
        err = data.get("error") if isinstance(data, dict) else None
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])[:300]
        if isinstance(data, dict) and data.get("detail"):
            return str(data["detail"])[:300]
    except ValueError:
        pass
    return resp.text[:300]


def _retry_after(resp: httpx.Response) -> float | None:
    value = resp.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None
