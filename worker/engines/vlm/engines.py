"""The model engines: SmolDocling / granite-docling (DocTags), LightOnOCR (Markdown), SmolVLM (a prompt).

One process holds one model. Constructing an engine loads nothing (the prepare step asks
engines for their queue and render size); the model loads on :meth:`ModelEngine.warm`,
which the GPU worker calls at start-up, or on the first page. Pages go through the
:class:`~worker.engines.vlm.batcher.Batcher`, so the pages that a worker's threads hold
at once, from any documents, share one ``generate`` call.

A page whose output is unusable (empty, unparsable, a repetition loop before anything
usable, or an error on the task's last attempt) is read by the CPU engine (``auto``: the
text layer where it is real, else OCR) when ``gpu.fallback`` is on, and marked with
``fallback_from``. A page cut at a loop keeps what came before it, with a warning.
"""

from __future__ import annotations

import logging
import threading
import time
from abc import abstractmethod
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from common.core.settings import Settings, get_settings
from common.documents.results import Block, PageResult, markdown_to_blocks
from common.extraction.schema import field_question, read_field_answer, stored_schema
from worker.engines.base import Engine, PageError, PageInput
from worker.engines.vlm import runtime
from worker.engines.vlm.batcher import Batcher, OutOfMemory

log = logging.getLogger(__name__)


@dataclass
class Job:
    image: Image.Image
    prompt: str | None
    page_no: int
    submitted: float = field(default_factory=time.perf_counter)


@dataclass
class _Unusable:
    """A page the model ran on but whose output cannot be used; reason for the record."""

    reason: str
    tokens: dict[str, int]


class ModelEngine(Engine):
    default_prompt: str | None = None
    stop_tokens: tuple[str, ...] = ()
    keep_special = False
    doctags = False  # the output is DocTags: the repetition guard also watches its elements
    # New tokens per page, as the model card and docling use it; gpu.max_new_tokens overrides
    # it, and the model's positions less the prompt always bound it.
    max_new_tokens = 4096

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.render_longest_edge = self.spec.render_longest_edge(self.settings)
        self._loaded: runtime.Loaded | None = None
        self._batcher: Batcher[Job, runtime.Generated] | None = None
        self._lock = threading.Lock()
        self._prompts: dict[str | None, str] = {}

    # --- lifecycle ---

    def warm(self) -> None:
        """Load the model and start the batcher (idempotent; raises ModelMissing)."""
        with self._lock:
            if self._batcher is not None:
                return
            where = runtime.model_location(self.settings.models, self.name)
            self._loaded = runtime.load(self.name, where, self.settings.gpu)
            gpu = self.settings.gpu
            self._batcher = Batcher(
                self._run_batch,
                max_batch=gpu.max_batch,
                max_wait_ms=gpu.max_wait_ms,
                name=f"batcher-{self.name}",
                on_oom=runtime.empty_cache,
            )

    @property
    def batcher(self) -> Batcher[Job, runtime.Generated]:
        self.warm()
        assert self._batcher is not None
        return self._batcher

    @property
    def loaded(self) -> runtime.Loaded:
        self.warm()
        assert self._loaded is not None
        return self._loaded

    def close(self) -> None:
        if self._batcher is not None:
            self._batcher.close()
            self._batcher = None

    # --- conversion ---

    def convert(self, pages: Sequence[PageInput]) -> list[PageResult | PageError]:
        # Submit every page before waiting on any: a batch handed to one task (or
        # pages of several tasks on several threads) lands in the same generate call.
        jobs: list[Future[runtime.Generated] | None] = []
        for p in pages:
            if p.image is None:
                jobs.append(None)
                continue
            prompt = str(p.options.get("prompt") or "") or self.default_prompt
            jobs.append(self.batcher.submit_async(Job(self.prepare_image(p.image), prompt, p.page_no)))
        out: list[PageResult | PageError] = []
        for p, fut in zip(pages, jobs, strict=True):
            if fut is None:
                out.append(PageError("no_image", f"page {p.page_no} has no image for {self.name}"))
                continue
            try:
                gen = fut.result()
            except OutOfMemory as exc:
                out.append(self._failed(p, "out_of_memory", str(exc)))
                continue
            except Exception as exc:
                out.append(self._failed(p, "model_error", f"{type(exc).__name__}: {exc}"))
                continue
            result = self._result(p, gen)
            if isinstance(result, _Unusable):
                out.append(self._fallback_or_error(p, result.reason, result.tokens))
            else:
                out.append(result)
        return out

    def prepare_image(self, image: Image.Image) -> Image.Image:
        return image.convert("RGB") if image.mode != "RGB" else image

    def _run_batch(self, jobs: Sequence[Job]) -> list[runtime.Generated]:
        loaded = self.loaded
        prompts = [self._chat_prompt(loaded, j.prompt) for j in jobs]
        started = time.perf_counter()
        gens = runtime.generate(
            loaded,
            prompts,
            [j.image for j in jobs],
            max_new_tokens=self.token_budget(),
            stop_tokens=self.stop_tokens,
            keep_special=self.keep_special,
            doctags=self.doctags,
            gpu=self.settings.gpu,
            min_new_tokens=self.settings.gpu.min_new_tokens,
            **self.sampling(),
        )
        elapsed = time.perf_counter() - started
        for g, j in zip(gens, jobs, strict=True):
            g.batch_s, g.batch_size = elapsed, len(jobs)
            g.queued_s = started - j.submitted
        return list(gens)

    def _chat_prompt(self, loaded: runtime.Loaded, text: str | None) -> str:
        # Every page of a docling model shares one instruction, and a document's pages share
        # its prompt: render the chat template once per instruction, not once per page on
        # the thread that feeds the GPU. Bounded, as prompts come from clients.
        prompt = self._prompts.get(text)
        if prompt is None:
            prompt = runtime.chat_prompt(loaded, text)
            if len(self._prompts) >= 256:
                self._prompts.clear()
            self._prompts[text] = prompt
        return prompt

    def sampling(self) -> dict[str, Any]:
        return {"do_sample": False}

    def token_budget(self) -> int:
        return self.settings.gpu.max_new_tokens or self.max_new_tokens

    def _result(self, page: PageInput, gen: runtime.Generated) -> PageResult | _Unusable:
        tokens = {"prompt": gen.prompt_tokens, "completion": gen.tokens}
        res = self.parse(page, gen)
        if res is None:
            if gen.looped:
                return _Unusable(f"{self.name} fell into a repetition loop before any usable output", tokens)
            return _Unusable(f"{self.name} produced no usable output", tokens)
        res.tokens = tokens
        res.timings["model_s"] = round(gen.batch_s, 4)
        res.timings["batch_size"] = float(gen.batch_size)
        res.timings["queued_s"] = round(gen.queued_s, 4)
        if gen.looped:
            # What came before the loop is the page's real content; the rest of the page
            # is missing, which the warning says.
            res.warnings.append(
                f"{self.name} fell into a repetition loop after {gen.tokens} tokens; "
                "the output before the loop is kept, the rest of the page is missing"
            )
        if gen.truncated:
            res.warnings.append(f"output cut at max_new_tokens ({gen.max_new_tokens})")
        return res

    @abstractmethod
    def parse(self, page: PageInput, gen: runtime.Generated) -> PageResult | None:
        """The page result from the model's decoded output; None when it is unusable."""

    def _failed(self, page: PageInput, code: str, message: str) -> PageResult | PageError:
        if not page.last_attempt:
            # Transient (a driver hiccup, memory pressure): let the task retry the model.
            return PageError(code, f"page {page.page_no}: {message}", retryable=True)
        return self._fallback_or_error(page, f"{self.name} failed: {message}", {})

    def _fallback_or_error(
        self, page: PageInput, reason: str, tokens: dict[str, int]
    ) -> PageResult | PageError:
        return fall_back(self.name, page, reason, tokens, self.settings)


_fallback_engine: Engine | None = None
_fallback_lock = threading.Lock()


def fall_back(
    engine: str, page: PageInput, reason: str, tokens: dict[str, int], settings: Settings
) -> PageResult | PageError:
    """The page read by the CPU engine instead, marked as such; or an error when fallback is off.

    A page that ``auto`` escalated to this engine has auto's result already: it is used
    whatever ``gpu.fallback`` says, since auto is what its document asked for.
    """
    global _fallback_engine
    fields = {"fields": {"engine": engine, "reason": reason}}
    res: PageResult | PageError
    if page.fallback is not None:
        log.warning("escalated page keeps auto's result", extra=fields)
        res = page.fallback
    elif not settings.gpu.fallback:
        return PageError("model_output_unusable", f"page {page.page_no}: {reason}")
    else:
        with _fallback_lock:
            if _fallback_engine is None:
                from worker.engines.auto import AutoEngine

                _fallback_engine = AutoEngine()
            fallback = _fallback_engine
        log.warning("page falls back to the CPU engine", extra=fields)
        [res] = fallback.convert([page])
    if isinstance(res, PageError):
        return PageError(
            res.code, f"page {page.page_no}: {reason}; the CPU fallback failed too: {res.message}"
        )
    res.fallback_from = engine
    res.warnings.append(f"{reason}; converted by the CPU engine ({res.engine}) instead")
    res.tokens = tokens
    return res


class DoclingEngine(ModelEngine):
    """SmolDocling-256M / granite-docling-258M: DocTags out, then docling-core."""

    default_prompt = "Convert this page to docling."
    stop_tokens = ("</doctag>", "<end_of_utterance>")
    keep_special = True  # DocTags are special tokens
    doctags = True
    max_new_tokens = 8192  # docling's and the model cards' budget; a dense page needs it

    def __init__(self, name: str | None = None, settings: Settings | None = None) -> None:
        if name is not None:
            self.name = name
        super().__init__(settings)

    def parse(self, page: PageInput, gen: runtime.Generated) -> PageResult | None:
        from worker.engines.vlm.doctags import doctags_result

        return doctags_result(
            self.name, page, gen.text, backend_text=self.settings.engines.force_backend_text
        )


# One class per catalog entry, so that the registry creates every engine the same way.
class SmolDoclingEngine(DoclingEngine):
    name = "smoldocling"


class GraniteDoclingEngine(DoclingEngine):
    name = "granite-docling"


class LightOnOcrEngine(ModelEngine):
    """LightOnOCR-2-1B: the page image alone in, Markdown out."""

    name = "lightonocr"

    def prepare_image(self, image: Image.Image) -> Image.Image:
        image = super().prepare_image(image)
        edge = self.settings.gpu.lightonocr_longest_edge
        if max(image.size) != edge:
            scale = edge / max(image.size)
            size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
            image = image.resize(size, Image.Resampling.LANCZOS)
        return image

    def sampling(self) -> dict[str, Any]:
        gpu = self.settings.gpu
        if gpu.lightonocr_temperature <= 0:
            return {"do_sample": False}
        return {"do_sample": True, "temperature": gpu.lightonocr_temperature, "top_p": gpu.lightonocr_top_p}

    def parse(self, page: PageInput, gen: runtime.Generated) -> PageResult | None:
        return markdown_result(self.name, page, gen.text)


class SmolVlmEngine(ModelEngine):
    """SmolVLM-256M-Instruct: a per-document prompt, plain text out per page. A document's
    JSON Schema is asked one question per property (a small model follows one question
    better than a schema), batched with the pages."""

    name = "smolvlm"
    default_prompt = "Transcribe this image to plain text."

    def convert(self, pages: Sequence[PageInput]) -> list[PageResult | PageError]:
        asked: list[tuple[int, str, dict[str, Any], Future[runtime.Generated]]] = []
        for i, page in enumerate(pages):
            schema = stored_schema(page.options.get("schema"))
            if schema is None or page.image is None:
                continue
            image = self.prepare_image(page.image)
            for name, spec in (schema.get("properties") or {}).items():
                spec = spec if isinstance(spec, dict) else {}
                job = Job(image, field_question(name, spec), page.page_no)
                asked.append((i, name, spec, self.batcher.submit_async(job)))
        out = super().convert(pages)  # the pages' own jobs join the same batches
        answers: dict[int, dict[str, Any]] = {}
        for i, name, spec, fut in asked:
            got = answers.setdefault(i, {"values": {}, "errors": [], "engine": self.name})
            try:
                value, why = read_field_answer(fut.result().text, spec)
            except Exception as exc:  # one question failing leaves the page and the rest
                value, why = None, f"{type(exc).__name__}: {exc}"
            got["values"][name] = value
            if why:
                got["errors"].append(f"/{name}: {why}")
        for i, got in answers.items():
            result = out[i]
            if isinstance(result, PageResult):
                result.extracted = got
        return out

    def parse(self, page: PageInput, gen: runtime.Generated) -> PageResult | None:
        text = gen.text.strip()
        if not text:
            return None
        block = Block(kind="paragraph", text=text, bbox=(0.0, 0.0, page.width, page.height))
        return PageResult(
            page_no=page.page_no,
            engine=self.name,
            width=page.width,
            height=page.height,
            blocks=[block],
            markdown=text,
            text=text,
        )


def markdown_result(engine: str, page: PageInput, markdown: str) -> PageResult | None:
    """A page result from a model's Markdown; None when there is nothing in it."""
    md = markdown.strip()
    if not md:
        return None
    blocks = markdown_to_blocks(md, (0.0, 0.0, page.width, page.height))
    return PageResult(
        page_no=page.page_no,
        engine=engine,
        width=page.width,
        height=page.height,
        blocks=blocks,
        markdown=md,
    )
