"""Engine instances by name, created once per worker process (after fork).

Creating a model engine loads nothing: prepare (on CPU workers) only asks engines for
their queue and render size. Models load on a GPU worker's start-up or first page.
"""

from __future__ import annotations

from functools import cache

from worker.engines.base import Engine


@cache
def get_engine(name: str) -> Engine:
    if name == "pdf-text":
        from worker.engines.pdf_text import PdfTextEngine

        return PdfTextEngine()
    if name == "auto":
        from worker.engines.auto import AutoEngine

        return AutoEngine()
    if name == "rapidocr":
        from worker.engines.rapidocr import RapidOcrEngine

        return RapidOcrEngine()
    if name in ("smoldocling", "granite-docling"):
        from worker.engines.vlm.engines import DoclingEngine

        return DoclingEngine(name)
    if name == "lightonocr":
        from worker.engines.vlm.engines import LightOnOcrEngine

        return LightOnOcrEngine()
    if name == "smolvlm":
        from worker.engines.vlm.engines import SmolVlmEngine

        return SmolVlmEngine()
    if name == "openai":
        from worker.engines.remote import OpenAIEngine

        return OpenAIEngine()
    if name == "null":
        from worker.engines.null import NullEngine

        return NullEngine()
    raise KeyError(f"no engine named {name!r} on this worker")
