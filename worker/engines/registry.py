"""Engine instances by name, created once per worker process (after fork).

The class comes from the engine's catalog entry (common/core/engines.py), imported only
when the engine is first asked for: a CPU worker never imports model code. Creating a
model engine loads nothing: prepare (on CPU workers) only asks engines for their queue
and render size. Models load on a GPU worker's start-up or first page.
"""

from __future__ import annotations

import importlib
from functools import cache

from common.core import engines
from worker.engines.base import Engine


def engine_class(name: str) -> type[Engine]:
    """The class that implements ``name`` (raises :class:`engines.UnknownEngine`)."""
    module, _, attr = engines.get(name).implementation.partition(":")
    cls = getattr(importlib.import_module(module), attr)
    if not (isinstance(cls, type) and issubclass(cls, Engine)):
        raise TypeError(f"{name}: {module}:{attr} is not an Engine")
    return cls


@cache
def get_engine(name: str) -> Engine:
    return engine_class(name)()
