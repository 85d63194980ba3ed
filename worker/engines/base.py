"""The engine interface: a batch of pages in, one result (or error) per page out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from common.core import engines
from common.core.engines import EngineSpec
from common.documents.results import PageResult
from worker.engines.textlayer import TextLayer


@dataclass
class PageInput:
    page_no: int  # 1-based, in the source file
    width: float  # page units: PDF points, or pixels for image sources
    height: float
    image: Image.Image | None = None  # rendered at the engine's render size, when it wants one
    text_layer: TextLayer | None = None  # words with boxes, when the source has a text layer
    options: Mapping[str, Any] = field(default_factory=dict)
    # False while the task still has attempts left: an engine may then raise a retryable
    # PageError instead of falling back to a lesser engine.
    last_attempt: bool = True
    # A page ``auto`` escalated to a model engine: auto's own result, which the model
    # engine returns instead of reading the page again where its own output is unusable.
    fallback: PageResult | None = None


class PageError(Exception):
    """A page-level failure: the page is marked failed with this message; others go on.

    ``retryable`` errors are retried by the task (a transient model/server failure);
    the rest fail the page at once (no text layer and no OCR engine, say).
    """

    def __init__(self, code: str, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retryable = retryable

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


class Engine(ABC):
    """An engine's identity (queue, what it reads, render size) is its catalog entry
    (common/core/engines.py), found by ``name``; the class holds only the conversion."""

    name: str
    # Engines whose render size is a setting (model engines: a size in pixels rather
    # than a resolution) set this from their catalog entry when they are created.
    render_longest_edge: int | None = None

    @property
    def spec(self) -> EngineSpec:
        return engines.get(self.name)

    @property
    def queue(self) -> str:
        return self.spec.queue

    @property
    def render_dpi(self) -> int | None:
        return self.spec.render_dpi

    @property
    def render_max_edge(self) -> int | None:
        return self.spec.render_max_edge

    @property
    def needs_text_layer(self) -> bool:
        return self.spec.needs_text_layer

    def wants_image(self, *, has_text_layer: bool) -> bool:
        """Whether prepare should render this page (auto only renders pages without text)."""
        return self.spec.wants_image(has_text_layer=has_text_layer)

    @abstractmethod
    def convert(self, pages: Sequence[PageInput]) -> list[PageResult | PageError]:
        """One entry per input page, in order. Raise only for failures of the whole batch."""
