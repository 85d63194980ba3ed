"""The tiny test models are built once per content (tests/factories/model_cache.py)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.factories import model_cache
from tests.factories.model_cache import Recipe

RECIPES = {"a": Recipe("idefics3", "hello", "say hello"), "b": Recipe("lightonocr")}


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each model built, writing a stand-in file instead of training one."""
    made: list[str] = []

    def make(recipe: Recipe, path: Path) -> None:
        path.mkdir(parents=True)
        (path / "config.json").write_text(recipe.builder)
        made.append(path.name)

    monkeypatch.setattr(model_cache, "_make", make)
    return made


def test_the_same_content_is_built_once(tmp_path: Path, builds: list[str]) -> None:
    # given an empty cache
    # when the same recipes are asked for twice
    first = model_cache.models(RECIPES, tmp_path)
    second = model_cache.models(RECIPES, tmp_path)
    # then they were built once, in one folder named by their key, with nothing left beside it
    assert builds == ["a", "b"]
    assert first == second
    assert {p.parent for p in first.values()} == {tmp_path / model_cache.key(RECIPES)}
    assert (first["b"] / "config.json").read_text() == "lightonocr"
    assert [p.name for p in tmp_path.iterdir()] == [model_cache.key(RECIPES)]


def test_a_changed_recipe_or_library_is_another_key(monkeypatch: pytest.MonkeyPatch) -> None:
    taught_otherwise = {**RECIPES, "a": Recipe("idefics3", "goodbye", "say hello")}
    assert model_cache.key(taught_otherwise) != model_cache.key(RECIPES)
    before = model_cache.key(RECIPES)
    monkeypatch.setattr(model_cache, "_versions", lambda: {"torch": "0.0-other"})
    assert model_cache.key(RECIPES) != before


def test_a_run_that_finishes_second_keeps_the_first_runs_models(
    tmp_path: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given another run that renamed its finished set into place while this one built
    final = tmp_path / model_cache.key(RECIPES)
    original_make = model_cache._make

    def make_and_lose_the_race(recipe: Recipe, path: Path) -> None:
        original_make(recipe, path)
        if not final.exists():
            final.mkdir()
            (final / model_cache._MARK).write_text("{}")

    monkeypatch.setattr(model_cache, "_make", make_and_lose_the_race)
    # when this run finishes
    paths = model_cache.models(RECIPES, tmp_path)
    # then it uses the set that is there and throws its own copy away
    assert paths == {"a": final / "a", "b": final / "b"}
    assert [p.name for p in tmp_path.iterdir()] == [final.name]


def test_a_run_that_asks_while_another_builds_waits_and_builds_nothing(
    tmp_path: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given one process of the suite building the models (held inside its first build)
    building, release = threading.Event(), threading.Event()
    original_make = model_cache._make

    def held_make(recipe: Recipe, path: Path) -> None:
        if threading.current_thread().name == "first":
            building.set()
            release.wait(30)
        else:
            release.set()  # without the lock the second got here while the first held on
        original_make(recipe, path)

    monkeypatch.setattr(model_cache, "_make", held_make)
    first = threading.Thread(target=model_cache.models, args=(RECIPES, tmp_path), name="first")
    first.start()
    assert building.wait(30)
    # when another asks for the same models meanwhile (flock: one lock per open descriptor,
    # so two threads contend as two processes do)
    second: dict[str, Path] = {}
    other = threading.Thread(
        target=lambda: second.update(model_cache.models(RECIPES, tmp_path)), name="second"
    )
    other.start()
    release.wait(2)  # the second is blocked on the lock by now, or built (the failure)
    release.set()
    first.join(30)
    other.join(30)
    # then the models were built once and the second run got the first run's set
    assert builds == ["a", "b"]
    built = tmp_path / model_cache.key(RECIPES)
    assert second == {"a": built / "a", "b": built / "b"}
