"""LightOnOCR-2-1B's Pixtral parts on a model built from its real files (../shared/models).

Its processor config names PixtralProcessor, which transformers builds only with
torchvision (no CPU wheel here): the engine lays the prompt out as Pixtral does over the
PIL image processor. And transformers' Pixtral vision encoder runs a batch as one
sequence under a dense block-diagonal mask, quadratic in the batch: the engine encodes
images one by one, which must give the same pages at a linear cost.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch
from PIL import Image

from common.core.settings import Settings
from tests.factories.real_models import LIGHTONOCR, build_lightonocr
from worker.engines.vlm import pixtral, runtime
from worker.engines.vlm.engines import LightOnOcrEngine

torch.set_num_threads(1)

pytestmark = pytest.mark.skipif(not LIGHTONOCR.is_dir(), reason="../shared/models is not here")

IMAGE, BREAK, END = 151655, 151654, 151653  # <|image_pad|>, <|vision_pad|>, <|vision_end|>


@pytest.fixture(scope="module")
def lightonocr_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_lightonocr(tmp_path_factory.mktemp("real") / "lightonocr")


def _settings(path: Path) -> Settings:
    return Settings(models={"lightonocr": {"path": str(path)}}, gpu={"lightonocr_temperature": 0.0})


def _pages(n: int) -> list[Image.Image]:
    # Same size, different content: the prompts need no padding, so batched and alone
    # differ only in how the images were encoded.
    return [Image.effect_noise((280, 364), 40 + 30 * i).convert("RGB") for i in range(n)]


def test_given_the_real_processor_config_then_the_prompt_is_laid_out_as_pixtral_does(
    lightonocr_dir: Path,
) -> None:
    config = json.loads((lightonocr_dir / "processor_config.json").read_text())
    assert config["processor_class"] == "PixtralProcessor"
    loaded = runtime.load("lightonocr", _settings(lightonocr_dir).models.lightonocr, Settings().gpu)
    proc = loaded.processor
    assert type(proc.image_processor).__name__.startswith("PixtralImageProcessor")
    assert (proc.patch_size, proc.spatial_merge_size) == (14, 2)
    assert proc.image_processor.size.longest_edge == 1540

    # A page at the engine's 1540 px: whole 28 px merged patches, one row of image tokens
    # per 28 px, each ended by a break token, the last by the end token
    page = LightOnOcrEngine(_settings(lightonocr_dir)).prepare_image(Image.new("RGB", (612, 792), "white"))
    enc = proc(text=[runtime.chat_prompt(loaded, None)], images=[[page]], return_tensors="pt")
    height, width = (int(v) for v in enc["image_sizes"][0])
    assert height == 1540 and width % 28 == 0
    rows, cols = height // 28, width // 28
    ids = enc["input_ids"][0].tolist()
    start = ids.index(IMAGE)
    grid = ids[start : start + rows * (cols + 1)]
    assert grid == ([IMAGE] * cols + [BREAK]) * (rows - 1) + [IMAGE] * cols + [END]
    assert ids.count(IMAGE) == rows * cols


def test_given_no_torchvision_and_another_processor_then_loading_says_what_to_install(
    tmp_path: Path,
) -> None:
    (tmp_path / "processor_config.json").write_text(json.dumps({"processor_class": "OtherProcessor"}))

    class Auto:
        @staticmethod
        def from_pretrained(source: str) -> Any:
            raise ImportError("\nOtherProcessor requires the Torchvision library but it was not found")

    with pytest.raises(ImportError) as err:
        pixtral.load_processor(str(tmp_path), Auto)

    assert "\n" not in str(err.value) and "pip install torchvision" in str(err.value)


def _reference(path: Path) -> runtime.Loaded:
    """The model as transformers runs it: the whole batch in one vision sequence."""
    from transformers import AutoModelForImageTextToText, AutoProcessor

    model = AutoModelForImageTextToText.from_pretrained(path, dtype=torch.float32).eval()
    processor = pixtral.load_processor(str(path), AutoProcessor)
    processor.tokenizer.padding_side = "left"
    return runtime.Loaded(processor, model, "cpu", torch.float32, str(path))


def _mask_sizes(loaded: runtime.Loaded) -> list[int]:
    """The elements of every attention mask the vision encoder's transformer receives."""
    sizes: list[int] = []
    tower = loaded.model.model.vision_tower

    def hook(_module: Any, _args: Any, kwargs: dict[str, Any]) -> None:
        mask = kwargs.get("attention_mask")
        sizes.append(0 if mask is None else int(mask.numel()))

    tower.transformer.register_forward_pre_hook(hook, with_kwargs=True)
    return sizes


def _generate(loaded: runtime.Loaded, images: list[Image.Image]) -> list[runtime.Generated]:
    prompt = runtime.chat_prompt(loaded, None)
    return runtime.generate(
        loaded, [prompt] * len(images), images, max_new_tokens=16, keep_special=False, gpu=Settings().gpu
    )


def test_given_a_batch_then_images_are_encoded_one_by_one_with_the_same_pages_at_linear_cost(
    lightonocr_dir: Path,
) -> None:
    engine_loaded = runtime.load("lightonocr", _settings(lightonocr_dir).models.lightonocr, Settings().gpu)
    reference = _reference(lightonocr_dir)
    pages = _pages(4)
    engine_masks, reference_masks = _mask_sizes(engine_loaded), _mask_sizes(reference)

    alone = [_generate(engine_loaded, [page])[0] for page in pages]
    single = engine_masks[0]
    engine_masks.clear()
    batched = _generate(engine_loaded, pages)
    whole = _generate(reference, pages)

    # Then the batch reads as the pages alone do, and as transformers' own encoder reads it
    assert [g.text for g in batched] == [g.text for g in alone] == [g.text for g in whole]
    assert all(g.tokens == 16 for g in batched)
    # and the vision masks add up linearly (4 pages: 4 single-page masks), where
    # transformers' single sequence takes 16
    assert engine_masks == [single] * 4
    assert reference_masks == [16 * single]


def test_given_a_batch_then_the_image_features_equal_those_of_each_page_alone(lightonocr_dir: Path) -> None:
    loaded = runtime.load("lightonocr", _settings(lightonocr_dir).models.lightonocr, Settings().gpu)
    reference = _reference(lightonocr_dir)
    pages = [*_pages(2), Image.new("RGB", (200, 120), "white")]  # a smaller one: padded in the batch
    enc = loaded.processor(
        text=[runtime.chat_prompt(loaded, None)] * 3,
        images=[[p] for p in pages],
        return_tensors="pt",
        padding=True,
    )

    with torch.inference_mode():
        ours = loaded.model.get_image_features(
            pixel_values=enc["pixel_values"].float(), image_sizes=enc["image_sizes"]
        ).pooler_output
        theirs = reference.model.get_image_features(
            pixel_values=enc["pixel_values"].float(), image_sizes=enc["image_sizes"]
        ).pooler_output

    assert [f.shape for f in ours] == [f.shape for f in theirs]
    for a, b in zip(ours, theirs, strict=True):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-5)


def test_given_the_engine_then_a_lightonocr_page_loads_and_generates_without_torchvision(
    lightonocr_dir: Path,
) -> None:
    settings = _settings(lightonocr_dir)
    settings.gpu.max_new_tokens = 6
    engine = LightOnOcrEngine(settings)
    try:
        engine.warm()
        gens = engine._run_batch([_job(p) for p in _pages(2)])
    finally:
        engine.close()

    assert pixtral.encode_images_one_by_one(engine.loaded.model)
    assert [g.tokens for g in gens] == [6, 6] and all(g.batch_size == 2 for g in gens)


def _job(image: Image.Image) -> Any:
    from worker.engines.vlm.engines import Job

    return Job(image, None, 1)
