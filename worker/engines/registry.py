"""Engine instances by name, created once per worker process (after fork)."""

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
    if name == "null":
        from worker.engines.null import NullEngine

        return NullEngine()
    raise KeyError(f"no engine named {name!r} on this worker")
