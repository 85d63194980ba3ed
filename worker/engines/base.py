"""The engine interface: a batch of pages in, one result (or error) per page out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from common.documents.results import PageResult
from worker.engines.textlayer import TextLayer

# "cpu", or "gpu.<engine>" for model engines (one model per GPU worker process, so each
# model has its own queue), or "remote" for engines that call a model server.
Queue = str


@dataclass
class PageInput:
    page_no: int  # 1-based, in the source file
    width: float  # page units: PDF points, or pixels for image sources
    height: float
    image: Image.Image | None = None  # rendered at the engine's render_dpi, when it wants one
    text_layer: TextLayer | None = None  # words with boxes, when the source has a text layer
    options: Mapping[str, Any] = field(default_factory=dict)
    # False while the task still has attempts left: an engine may then raise a retryable
    # PageError instead of falling back to a lesser engine.
    last_attempt: bool = True


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
    name: str
    queue: Queue = "cpu"
    batch_size: int = 1
    render_dpi: int | None = None  # None: the engine never looks at pixels
    # Model engines want the page at a size in pixels rather than a resolution: the
    # longest edge of the rendered image (prepare renders PDFs to it).
    render_longest_edge: int | None = None
    # OCR wants a resolution, but reads no more than this many pixels on the longest side
    # (it scales anything bigger down first): rendering and storing more is wasted work,
    # and for a poster-sized page, gigabytes of bitmap.
    render_max_edge: int | None = None
    needs_text_layer: bool = False

    def wants_image(self, *, has_text_layer: bool) -> bool:
        """Whether prepare should render this page (auto only renders pages without text)."""
        return self.render_dpi is not None

    @abstractmethod
    def convert(self, pages: Sequence[PageInput]) -> list[PageResult | PageError]:
        """One entry per input page, in order. Raise only for failures of the whole batch."""
