"""Builds Pagemill's hot pure-Python modules into C extensions with mypyc.

The layout (text-layer and OCR line boxes to blocks) runs for every page; compiled from
its own typed source it is about 1.5x faster, with the same output (tests/test_native.py
compares both on real pages). The source stays the reference: where no C compiler is at
hand, ``PAGEMILL_PURE_PYTHON=1 pip install .`` installs it interpreted, and workers log
which they run (worker/engines/native.py).

Everything else about the package is in pyproject.toml.
"""

import os
from typing import Any

from setuptools import Extension, setup

# Keep in step with worker/engines/native.py's COMPILED.
COMPILED = ["worker/engines/layout.py", "common/documents/results.py"]

ext_modules: list[Any] = []
if os.environ.get("PAGEMILL_PURE_PYTHON") != "1":
    from mypyc.build import mypycify

    # The build environment has none of the runtime packages (pydantic's mypy plugin
    # among them), and types only need to be known for the compiled modules themselves;
    # mypy's strict checks of the whole tree are `make lint`'s job.
    ext_modules = [
        # The text layer's per-word pdfium calls (hand-written C; a ctypes twin in
        # textlayer.py runs where it is not built).
        Extension("worker.engines._pdfium_words", ["worker/engines/_pdfium_words.c"]),
    ]
    ext_modules += mypycify(
        ["--config-file=", "--ignore-missing-imports", *COMPILED],
        opt_level="3",
        # One extension per module, next to its source: no shared library at the top level
        # of the install.
        separate=True,
    )

setup(ext_modules=ext_modules)
