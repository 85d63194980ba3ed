"""The model engines on models built from the real models' published files.

granite-docling-258M and LightOnOCR-2-1B are rebuilt from ../shared/models with random
weights and fewer, narrower layers (tests/factories/real_models.py): their tokenizers,
chat templates, processor and generation configs are the real ones, so these tests see
what real weights would: the prompt as the model was trained on it, ``use_cache: false``
in granite-docling's generation config, LightOnOCR's two end tokens, the models' position
limits.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import torch
from PIL import Image

from common.core.settings import Settings
from tests.factories.real_models import (
    GRANITE_DOCLING,
    GRANITE_DOCLING_PROMPT,
    LIGHTONOCR,
    build_granite_docling,
    build_lightonocr,
)
from worker.engines.vlm import runtime
from worker.engines.vlm.engines import DoclingEngine, Job, LightOnOcrEngine, SmolVlmEngine

torch.set_num_threads(1)

pytestmark = pytest.mark.skipif(
    not (GRANITE_DOCLING.is_dir() and LIGHTONOCR.is_dir()), reason="../shared/models is not here"
)

# A page strip 2048 x 300 px: the real processor makes it 4 tiles + 1 global of 64 image
# tokens each, instead of 17 for a Letter page, so that a test stays around a second.
STRIP = (2048, 300)


@pytest.fixture(scope="module")
def granite_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_granite_docling(tmp_path_factory.mktemp("real") / "granite-docling")


@pytest.fixture(scope="module")
def lightonocr_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_lightonocr(tmp_path_factory.mktemp("real") / "lightonocr")


@pytest.fixture
def granite(granite_dir: Path) -> Iterator[DoclingEngine]:
    settings = Settings(models={"granite_docling": {"path": str(granite_dir)}}, gpu={"max_wait_ms": 50})
    engine = DoclingEngine("granite-docling", settings)
    engine.warm()
    yield engine
    engine.close()


def _spy(obj: Any, name: str) -> list[dict[str, Any]]:
    """Record the keyword arguments of every call to ``obj.name`` (which still runs)."""
    calls: list[dict[str, Any]] = []
    real = getattr(obj, name)

    @functools.wraps(real)  # generate checks the forward signature
    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(*args, **kwargs)

    setattr(obj, name, spy)
    return calls


def _strip(shade: int = 255) -> Image.Image:
    return Image.new("RGB", STRIP, (shade,) * 3)


# --- granite-docling: its real tokenizer, template and generation config ---------------------


def test_given_granite_docling_then_the_prompt_renders_as_its_chat_template_says(
    granite: DoclingEngine,
) -> None:
    loaded = granite.loaded

    prompt = granite._chat_prompt(loaded, granite.default_prompt)

    assert prompt == GRANITE_DOCLING_PROMPT
    # and the real vocabulary: 100,352 ids with tied embeddings, <|end_of_text|> ending a page
    model = loaded.model
    assert model.get_input_embeddings().weight.shape[0] == 100_352
    assert model.get_output_embeddings().weight.data_ptr() == model.get_input_embeddings().weight.data_ptr()
    assert loaded.tokenizer.eos_token_id == 100257
    assert loaded.token_id("</doctag>") is not None and len(loaded.tokenizer("<loc_10>")["input_ids"]) == 5


def test_given_granite_docling_generation_config_then_generate_decodes_with_the_kv_cache(
    granite: DoclingEngine,
) -> None:
    # Given the model's own generation config, which turns the cache off
    model = granite.loaded.model
    assert model.generation_config.use_cache is False
    forwards = _spy(model, "forward")

    # When a page is generated
    granite._run_batch([Job(_strip(), granite.default_prompt, 1)])

    # Then only the first step reads the prompt; every later step feeds one new token
    widths = [int(call["input_ids"].shape[1]) for call in forwards]
    assert len(widths) > 2 and widths[0] > 300
    assert set(widths[1:]) == {1}


def test_given_a_docling_engine_then_its_budget_is_8192_less_the_prompt(granite: DoclingEngine) -> None:
    calls = _spy(granite.loaded.model, "generate")

    [gen] = granite._run_batch([Job(_strip(), granite.default_prompt, 1)])

    # 8192 new tokens is docling's budget for these models, but the model has 8192 positions
    assert calls[0]["max_new_tokens"] == 8192 - gen.prompt_tokens == gen.max_new_tokens
    assert gen.prompt_tokens == int(calls[0]["attention_mask"].sum())


def test_given_pages_of_different_sizes_in_one_batch_then_each_reports_its_own_prompt(
    granite: DoclingEngine,
) -> None:
    # Given a strip (5 image tiles) and a page (17 tiles) in one batch
    page = Image.new("RGB", (612, 792), "white")
    [strip_alone] = granite._run_batch([Job(_strip(), granite.default_prompt, 1)])
    [page_alone] = granite._run_batch([Job(page, granite.default_prompt, 2)])

    strip_batched, page_batched = granite._run_batch(
        [Job(_strip(), granite.default_prompt, 1), Job(page, granite.default_prompt, 2)]
    )

    assert strip_alone.prompt_tokens < page_alone.prompt_tokens
    assert (strip_batched.prompt_tokens, page_batched.prompt_tokens) == (
        strip_alone.prompt_tokens,
        page_alone.prompt_tokens,
    )


def test_budgets_are_per_engine_and_a_setting_overrides_them() -> None:
    settings = Settings()

    assert DoclingEngine("granite-docling", settings).token_budget() == 8192
    assert DoclingEngine("smoldocling", settings).token_budget() == 8192
    assert LightOnOcrEngine(settings).token_budget() == 4096
    assert SmolVlmEngine(settings).token_budget() == 4096
    assert DoclingEngine("granite-docling", Settings(gpu={"max_new_tokens": 300})).token_budget() == 300


# --- LightOnOCR-2-1B: its real generation config ends on either of two tokens ----------------


def _lightonocr(path: Path) -> runtime.Loaded:
    """The model and processor as the engine loads them: its processor config names
    PixtralProcessor, which loads here without torchvision (tests/test_vlm_pixtral.py)."""
    settings = Settings(models={"lightonocr": {"path": str(path)}}, gpu={"device": "cpu", "dtype": "float32"})
    return runtime.load("lightonocr", settings.models.lightonocr, settings.gpu)


def test_given_lightonocr_generation_config_then_both_end_tokens_stop_a_page(lightonocr_dir: Path) -> None:
    # Given LightOnOCR-2-1B's own generation config: <|im_end|> 151645 and <|endoftext|> 151643
    config = json.loads((lightonocr_dir / "generation_config.json").read_text())
    assert config["eos_token_id"] == [151645, 151643]
    loaded = _lightonocr(lightonocr_dir)
    calls = _spy(loaded.model, "generate")

    # When the engine's generate runs (the engine adds no stop token of its own)
    runtime.generate(
        loaded,
        [runtime.chat_prompt(loaded, None)],
        [Image.new("RGB", (112, 84), "white")],
        max_new_tokens=4,
        stop_tokens=LightOnOcrEngine.stop_tokens,
        keep_special=False,
        gpu=Settings().gpu,
    )

    # Then generate stops on either, not only on the tokenizer's end token
    assert {151645, 151643} <= set(calls[0]["eos_token_id"])
    assert calls[0]["use_cache"] is True
