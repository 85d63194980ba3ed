"""LightOnOCR's Pixtral parts, made to work here: its processor without torchvision, and
its vision encoder at a cost linear in the batch.

Imports of torch and transformers stay inside the functions (see runtime.py).
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def load_processor(source: str, auto: Any) -> Any:
    """``auto.from_pretrained(source)``, or Pixtral's layout without torchvision.

    LightOnOCR-2-1B's processor config names PixtralProcessor, which transformers builds
    only with torchvision (a GPU-only wheel here). Its image processor has a PIL twin, and
    what the processor itself adds, one break token ending each row of image tokens and an
    end token last, does not need torchvision: :func:`pixtral_processor` lays it out the same.
    """
    try:
        return auto.from_pretrained(source)
    except ImportError as exc:
        if "torchvision" not in str(exc).lower():
            raise
        config = _processor_config(source)
        if config.get("processor_class") != "PixtralProcessor":
            raise ImportError(
                f"{source}: its processor ({config.get('processor_class')}) needs torchvision, "
                "which is not installed: `pip install torchvision`"
            ) from exc
        log.info("PixtralProcessor without torchvision: its PIL image processor stands in")
        return pixtral_processor(source, config)


def _processor_config(source: str) -> dict[str, Any]:
    import json
    from pathlib import Path

    path = Path(source) / "processor_config.json"
    return dict(json.loads(path.read_text())) if path.is_file() else {}


def pixtral_processor(source: str, config: dict[str, Any]) -> Any:
    """transformers' PixtralProcessor, rebuilt over the PIL image processor the config maps to."""
    from pathlib import Path

    from transformers import AutoImageProcessor, AutoTokenizer, LightOnOcrProcessor

    class PixtralPilProcessor(LightOnOcrProcessor):
        # As PixtralProcessor: images resized to whole merged patches (LightOnOcrProcessor's
        # padding stays: the config's do_pad null would otherwise leave a batch unstackable).
        def _process_images(self, images: Any, **kwargs: Any) -> Any:
            kwargs["patch_size"] = self.patch_size * self.spatial_merge_size
            return super()._process_images(images, **kwargs)

        def replace_image_token(self, image_inputs: dict[str, Any], image_idx: int, **kwargs: Any) -> str:
            height, width = image_inputs["image_sizes"][image_idx]
            rows, cols = int(height) // self.effective_patch_size, int(width) // self.effective_patch_size
            row = self.image_token * cols + self.image_break_token
            return str((row * rows)[: -len(self.image_break_token)] + self.image_end_token)

    tokenizer = AutoTokenizer.from_pretrained(source)
    for attr in ("image_token", "image_break_token", "image_end_token"):
        if attr in config:
            setattr(tokenizer, attr, config[attr])
            setattr(tokenizer, f"{attr}_id", tokenizer.convert_tokens_to_ids(config[attr]))
    template = Path(source) / "chat_template.jinja"
    return PixtralPilProcessor(
        AutoImageProcessor.from_pretrained(source),
        tokenizer,
        patch_size=int(config.get("patch_size", 14)),
        spatial_merge_size=int(config.get("spatial_merge_size", 2)),
        chat_template=template.read_text() if template.is_file() else None,
    )


def encode_images_one_by_one(model: Any) -> bool:
    """Make a Pixtral vision encoder (LightOnOCR, Mistral3) encode each image on its own.

    transformers' Pixtral encoder concatenates a batch's images into one sequence under a
    dense block-diagonal mask (sdpa and eager): memory and time grow with the square of the
    batch, about 38 GB at 16 pages of 1540 px and 150 GB at 32. Attention never crosses
    images, so encoding them one at a time and concatenating gives the same features at
    a cost linear in the batch. Returns whether the encoder now runs image by image.
    """
    inner = getattr(model, "model", model)
    tower = getattr(inner, "vision_tower", None) or getattr(inner, "vision_encoder", None)
    if tower is None or type(tower).__name__ != "PixtralVisionModel":
        return False
    if getattr(tower, "_pagemill_one_by_one", False):
        return True
    if "flash" in str(getattr(tower.config, "_attn_implementation", "")):
        return False  # flash-attention packs the images by their lengths: linear already
    whole = tower.forward

    def forward(pixel_values: Any, image_sizes: Any = None, **kwargs: Any) -> Any:
        if image_sizes is None or len(image_sizes) <= 1:
            return whole(pixel_values, image_sizes=image_sizes, **kwargs)
        parts = []
        for i, (height, width) in enumerate(image_sizes):
            # The patch convolution does not overlap: cropping the padding first is exact.
            pixels = pixel_values[i : i + 1, :, : int(height), : int(width)]
            parts.append(whole(pixels, image_sizes=image_sizes[i : i + 1], **kwargs))
        return _concat(parts)

    tower.forward = forward
    tower._pagemill_one_by_one = True
    return True


def _concat(parts: list[Any]) -> Any:
    """One output of the per-image outputs: every sequence tensor joined along its tokens."""
    import torch

    first = parts[0]
    merged: dict[str, Any] = {}
    for key in first:
        values = [p[key] for p in parts]
        if isinstance(values[0], torch.Tensor):
            merged[key] = torch.cat(values, dim=1)
        elif isinstance(values[0], tuple):
            merged[key] = tuple(
                torch.cat(layer, dim=1) if isinstance(layer[0], torch.Tensor) else None
                for layer in zip(*values, strict=True)
            )
    return type(first)(**merged)
