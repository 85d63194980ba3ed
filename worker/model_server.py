"""An OpenAI-compatible chat-completions server over one of Pagemill's model engines.

``pagemill model-server --engine lightonocr`` serves ``POST /v1/chat/completions`` (the
subset the ``openai`` engine and most clients use: one user message with an image as a
data URL and an optional text part) and ``GET /v1/models``. Requests go through the
engine's batcher, so concurrent requests share one ``generate`` call, as pages do on a
GPU worker. It lets one GPU box serve Pagemill workers elsewhere without vLLM, and it is
what the tests run the ``openai`` engine against.

Like vLLM, it strips special tokens from the answer unless the request says
``"skip_special_tokens": false``: a DocTags model's tags are special tokens, so a client
that forgets to ask gets here what it would get from vLLM. (The other sampling fields are
the engine's own settings.)
"""

from __future__ import annotations

import base64
import binascii
import io
import time
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from PIL import Image, UnidentifiedImageError

from worker.engines.vlm.engines import Job, ModelEngine

MAX_IMAGE_BYTES = 40 * 1024 * 1024


def _error(status: int, message: str, kind: str = "invalid_request_error") -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": kind}}, status_code=status)


def _parse(body: Any) -> tuple[Image.Image, str | None]:
    if not isinstance(body, dict) or not isinstance(body.get("messages"), list) or not body["messages"]:
        raise ValueError("messages: a non-empty list is required")
    if not isinstance(body.get("skip_special_tokens", True), bool):
        raise ValueError("skip_special_tokens: a boolean is required")
    user = [m for m in body["messages"] if isinstance(m, dict) and m.get("role") == "user"]
    if not user:
        raise ValueError("messages: one user message is required")
    content = user[-1].get("content")
    if not isinstance(content, list):
        raise ValueError("the user message must hold an image_url part")
    image: Image.Image | None = None
    texts: list[str] = []
    for part in content:
        if not isinstance(part, dict):
            raise ValueError("content parts must be objects")
        if part.get("type") == "text":
            texts.append(str(part.get("text", "")))
        elif part.get("type") == "image_url":
            url = (part.get("image_url") or {}).get("url", "")
            if not isinstance(url, str) or not url.startswith("data:image/") or ";base64," not in url:
                raise ValueError("image_url: only base64 data URLs are accepted")
            raw = url.split(";base64,", 1)[1]
            if len(raw) > MAX_IMAGE_BYTES * 4 // 3:
                raise ValueError("image_url: the image is too large")
            try:
                image = Image.open(io.BytesIO(base64.b64decode(raw, validate=True)))
                image.load()
            except (binascii.Error, UnidentifiedImageError, OSError) as exc:
                raise ValueError(f"image_url: not a decodable image ({exc})") from exc
    if image is None:
        raise ValueError("the user message must hold an image_url part")
    prompt = "\n".join(t for t in texts if t.strip()) or None
    return image, prompt


def _without_special_tokens(engine: ModelEngine, text: str) -> str:
    """The answer as a tokenizer decodes it with ``skip_special_tokens=True`` (vLLM's default).

    The engine decoded it keeping them; encoding it again gives back its special tokens.
    """
    tok = engine.loaded.tokenizer
    return str(tok.decode(tok(text, add_special_tokens=False)["input_ids"], skip_special_tokens=True))


def create_app(engine: ModelEngine) -> FastAPI:
    app = FastAPI(title=f"Pagemill model server ({engine.name})")
    model_id = engine.name

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": model_id, "object": "model", "owned_by": "pagemill"}]}

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> JSONResponse:
        try:
            body = await request.json()
            image, prompt = _parse(body)
        except ValueError as exc:
            return _error(400, str(exc))
        job = Job(engine.prepare_image(image), prompt or engine.default_prompt, 1)
        try:
            gen = await run_in_threadpool(engine.batcher.submit, job)
        except Exception as exc:  # the model failed on this batch (out of memory on one page, say)
            return _error(500, f"{type(exc).__name__}: {exc}", "server_error")
        text = gen.text
        if engine.keep_special and body.get("skip_special_tokens", True):
            text = _without_special_tokens(engine, text)
        finish = "length" if gen.truncated else "stop"
        return JSONResponse(
            {
                "id": f"chatcmpl-{uuid.uuid4().hex}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model_id,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text},
                        "finish_reason": finish,
                    }
                ],
                "usage": {
                    "prompt_tokens": gen.prompt_tokens,
                    "completion_tokens": gen.tokens,
                    "total_tokens": gen.prompt_tokens + gen.tokens,
                },
            }
        )

    return app
