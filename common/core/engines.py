"""The engine catalog: every engine, named once, with what the rest of Pagemill needs to
know about it without loading it.

The API validates and documents the ``engine`` field from it, the queues are derived
from it (``queue.QUEUES``, ``queue.engine_queue``), the worker's registry imports each
engine's class from the dotted path given here, prepare renders pages at the size given
here, and the CLI's choices and help texts come from it. Nothing else lists engines.

It lives in common, and names implementations by string, so that the API and the CLI
read it without importing worker or model code (torch is not installed everywhere).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from common.core.settings import Settings

# Where an engine's pages run: any CPU worker; a GPU worker that holds this one model
# (one model per process, so one queue per model); or a worker that calls a model
# server over HTTP (I/O-bound, many pages in flight, no GPU where it runs).
Kind = Literal["cpu", "model", "remote"]
# What an engine reads on a page: the PDF's text layer, the rendered page, the text
# layer where it is real and else the pixels (per page), or nothing at all.
Reads = Literal["text", "pixels", "text-else-pixels", "nothing"]


@dataclass(frozen=True)
class EngineSpec:
    name: str
    kind: Kind
    reads: Reads
    implementation: str  # "module:Class", imported on a worker only (worker/engines/registry.py)
    description: str  # one line, for help texts
    # Model engines read a page whose output is unusable with the CPU engine (auto)
    # instead, so prepare extracts their pages' text layers too.
    falls_back: bool = False
    # The render size: a resolution, capped at max_edge pixels on the longest side (OCR
    # scales anything bigger down first: rendering and storing more is wasted work, and
    # for a poster-sized page gigabytes of bitmap), or a size in pixels that a setting
    # holds (a model's input size, e.g. "gpu.docling_longest_edge").
    render_dpi: int | None = None
    render_max_edge: int | None = None
    render_edge_setting: str | None = None
    prompt: bool = False  # takes a per-document prompt (the question asked of each page)
    schema: bool = False  # takes a per-document output schema (none does yet)
    # For tests and benchmarks only: accepted by the API only with engines.allow_null.
    test_only: bool = False

    @property
    def queue(self) -> str:
        if self.kind == "model":
            return f"gpu.{self.name}"
        if self.kind == "remote":
            return "remote"
        return "cpu"

    @property
    def needs_worker(self) -> bool:
        """Whether it needs a worker of its own (a model loaded, a server configured): a
        document for it is refused while no such worker is live."""
        return self.kind != "cpu"

    @property
    def needs_text_layer(self) -> bool:
        return self.reads in ("text", "text-else-pixels") or self.falls_back

    def wants_image(self, *, has_text_layer: bool) -> bool:
        """Whether prepare renders a page for it (``auto`` renders only pages without text)."""
        if self.reads == "text-else-pixels":
            return not has_text_layer
        return self.reads == "pixels"

    def render_longest_edge(self, settings: Settings) -> int | None:
        """The longest edge in pixels that pages are rendered to, where a setting says."""
        if self.render_edge_setting is None:
            return None
        value: object = settings
        for part in self.render_edge_setting.split("."):
            value = getattr(value, part)
        assert isinstance(value, int), self.render_edge_setting
        return value


# OCR (rapidocr, and auto on pages without a real text layer) reads pages rendered at
# this resolution, but no more than this many pixels on the longest side.
OCR_DPI, OCR_MAX_EDGE = 200, 1540

ENGINES: tuple[EngineSpec, ...] = (
    EngineSpec(
        "auto",
        "cpu",
        "text-else-pixels",
        "worker.engines.auto:AutoEngine",
        "per page, the text layer where it is real, else OCR (the default)",
        render_dpi=OCR_DPI,
        render_max_edge=OCR_MAX_EDGE,
    ),
    EngineSpec(
        "pdf-text",
        "cpu",
        "text",
        "worker.engines.pdf_text:PdfTextEngine",
        "the PDF's text layer only: exact and fast; pages without one fail",
    ),
    EngineSpec(
        "rapidocr",
        "cpu",
        "pixels",
        "worker.engines.rapidocr:RapidOcrEngine",
        "OCR on the CPU: every page read from its pixels",
        render_dpi=OCR_DPI,
        render_max_edge=OCR_MAX_EDGE,
    ),
    EngineSpec(
        "smoldocling",
        "model",
        "pixels",
        "worker.engines.vlm.engines:SmolDoclingEngine",
        "SmolDocling-256M on a GPU worker: DocTags (layout, tables, formulas)",
        falls_back=True,
        render_edge_setting="gpu.docling_longest_edge",
    ),
    EngineSpec(
        "granite-docling",
        "model",
        "pixels",
        "worker.engines.vlm.engines:GraniteDoclingEngine",
        "granite-docling-258M on a GPU worker: DocTags (layout, tables, formulas)",
        falls_back=True,
        render_edge_setting="gpu.docling_longest_edge",
    ),
    EngineSpec(
        "lightonocr",
        "model",
        "pixels",
        "worker.engines.vlm.engines:LightOnOcrEngine",
        "LightOnOCR-2-1B on a GPU worker: Markdown",
        falls_back=True,
        render_edge_setting="gpu.lightonocr_longest_edge",
    ),
    EngineSpec(
        "smolvlm",
        "model",
        "pixels",
        "worker.engines.vlm.engines:SmolVlmEngine",
        "SmolVLM-256M-Instruct on a GPU worker: text, or the answer to a prompt",
        falls_back=True,
        render_edge_setting="gpu.docling_longest_edge",
        prompt=True,
    ),
    EngineSpec(
        "openai",
        "remote",
        "pixels",
        "worker.engines.remote:OpenAIEngine",
        "an OpenAI-compatible server (vLLM, `pagemill model-server`), per page",
        falls_back=True,
        render_edge_setting="openai.longest_edge",
        prompt=True,
    ),
    EngineSpec(
        "null",
        "cpu",
        "nothing",
        "worker.engines.null:NullEngine",
        "tests and benchmarks only: reads nothing, answers 'Page N'",
        test_only=True,
    ),
)

_BY_NAME = {spec.name: spec for spec in ENGINES}


class UnknownEngine(KeyError):
    def __str__(self) -> str:
        return f"no engine named {self.args[0]!r}; the engines are {', '.join(_BY_NAME)}"


def get(name: str) -> EngineSpec:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownEngine(name) from None


def find(name: str | None) -> EngineSpec | None:
    return _BY_NAME.get(name) if name is not None else None


# The views the rest of the code reads, in catalog order.
PUBLIC = tuple(s.name for s in ENGINES if not s.test_only)  # what the API accepts and documents
TEST_ONLY = tuple(s.name for s in ENGINES if s.test_only)  # accepted with engines.allow_null
PROMPT = tuple(s.name for s in ENGINES if s.prompt)
MODEL = tuple(s.name for s in ENGINES if s.kind == "model")  # `pagemill model-server --engine`
# `pagemill worker --engine`: the engines a worker of their own serves.
WORKER = tuple(s.name for s in ENGINES if s.needs_worker)
QUEUES = tuple(dict.fromkeys(s.queue for s in ENGINES))  # every engine queue, once
MODEL_QUEUES = frozenset(s.queue for s in ENGINES if s.kind == "model")


def help_lines(names: tuple[str, ...] = PUBLIC) -> list[str]:
    """'name  description' lines for help texts, aligned."""
    width = max(len(n) for n in names)
    return [f"{n:<{width}}  {_BY_NAME[n].description}" for n in names]
