"""The tiny test models (tests/factories/models.py), built once per content and reused.

Teaching a tiny model its answer takes seconds of training per model; the suite would pay
that on every run. A set of models is keyed by a hash of what makes it: the builders and
the teaching loop (the source of tests/factories/models.py, tiny_*.py and of this module), each
model's recipe, and the versions of the libraries whose change changes the saved files
(torch, transformers, tokenizers, safetensors, Pillow). It lives under the clone's own
.pagemill/test-models/<key>/ (gitignored, so two clones never share one), built in a
temporary folder beside it and renamed into place, under a lock on the cache folder: a run
that finds the folder there uses it, and a run that asks while another builds waits for it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".pagemill" / "test-models"
_MARK = "built.json"  # written last inside the temporary folder, so it vouches for the rest
_BUILDING = ".building-"
_STALE_AFTER = 3 * 3600.0  # seconds unused: then another content's set goes (CI's run: 90 min)
_LIBRARIES = ("torch", "transformers", "tokenizers", "safetensors", "pillow")


@dataclass(frozen=True)
class Recipe:
    """One model: which builder, and what it is taught (``target`` None: random weights)."""

    builder: Literal["idefics3", "lightonocr", "lightonocr-mistral3", "granite-docling"]
    target: str | None = None
    prompt: str | None = None
    steps: int = 400


def key(recipes: dict[str, Recipe]) -> str:
    h = hashlib.sha256()
    here = Path(__file__)
    for source in (here.with_name("models.py"), *sorted(here.parent.glob("tiny_*.py")), here):
        h.update(source.read_bytes())
    if any(r.builder == "granite-docling" for r in recipes.values()):
        # Built from the published files by tests/factories/real_models.py: both make it.
        published = ROOT.parent / "shared" / "models" / "granite-docling-258M"
        files = sorted(f for f in published.iterdir() if f.is_file()) if published.is_dir() else []
        for source in (here.with_name("real_models.py"), *files):
            h.update(source.name.encode() + source.read_bytes())
    h.update(json.dumps({n: asdict(r) for n, r in sorted(recipes.items())}, sort_keys=True).encode())
    h.update(json.dumps(_versions(), sort_keys=True).encode())
    return h.hexdigest()[:24]


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in _LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def models(recipes: dict[str, Recipe], cache: Path = CACHE) -> dict[str, Path]:
    """Each recipe's model directory, built first unless this content is cached."""
    final = cache / key(recipes)
    if not (final / _MARK).is_file():
        cache.mkdir(parents=True, exist_ok=True)
        # The suite's processes (pytest -n 2) ask for the same models at the same moment:
        # one builds while the other waits and then finds them, instead of both training
        # the same weights on the machine's two cores.
        with _locked(cache):
            if not (final / _MARK).is_file():
                _build(recipes, final)
    os.utime(final)  # in use: see _prune
    return {name: final / name for name in recipes}


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` across processes, released when the holder ends."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor drops the lock


def _build(recipes: dict[str, Recipe], final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    _prune(final)
    work = Path(tempfile.mkdtemp(prefix=_BUILDING, dir=final.parent))
    try:
        for name, recipe in recipes.items():
            _make(recipe, work / name)
        (work / _MARK).write_text(json.dumps({"versions": _versions()}, indent=1) + "\n")
        try:
            os.rename(work, final)
        except OSError:  # another run renamed its copy first: use that one
            if not (final / _MARK).is_file():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _make(recipe: Recipe, path: Path) -> None:
    import torch

    from tests.factories.models import build_tiny_idefics3, build_tiny_lightonocr, teach
    from tests.factories.real_models import build_granite_docling, teach_answer

    torch.set_num_threads(1)  # the suite's other processes share the machine's cores
    if recipe.builder == "granite-docling":
        build_granite_docling(path)
        if recipe.target is not None:
            teach_answer(path, recipe.target, prompt=recipe.prompt, steps=recipe.steps)
        return
    if recipe.builder == "idefics3":
        build_tiny_idefics3(path)
    elif recipe.builder == "lightonocr":
        build_tiny_lightonocr(path)
    else:
        build_tiny_lightonocr(path, flavour="mistral3")
    if recipe.target is not None:
        teach(path, recipe.target, prompt=recipe.prompt, steps=recipe.steps)


def _prune(keep: Path) -> None:
    """Remove model sets of other contents (an older checkout, other library versions) and
    the leftovers of killed builds, once unused for a while: a run from another
    virtualenv in this clone may still be using its set."""
    now = time.time()
    for entry in keep.parent.iterdir():
        if entry == keep or not entry.is_dir():
            continue
        try:
            old = now - entry.stat().st_mtime > _STALE_AFTER
        except FileNotFoundError:
            continue
        if old:
            shutil.rmtree(entry, ignore_errors=True)
