"""Loading a model engine's weights and running one batched ``generate``.

Everything here imports torch and transformers lazily: the prepare step on a CPU worker
instantiates engines only to ask for their queue and render size, and must never pay
for (or initialise) a model runtime.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from common.core.settings import GpuSettings, ModelLocation, ModelsSettings
from worker.engines.vlm import pixtral
from worker.engines.vlm.guard import RepetitionGuard, close_open_tags

log = logging.getLogger(__name__)


class ModelMissing(RuntimeError):
    """The model's weights are not where the settings say: a one-line, actionable message."""


def model_location(models: ModelsSettings, engine: str) -> ModelLocation:
    """The engine's entry of ``models`` (granite-docling → ``models.granite_docling``)."""
    where: ModelLocation = getattr(models, engine.replace("-", "_"))
    return where


def env_name(engine: str) -> str:
    return f"PAGEMILL_MODELS__{engine.replace('-', '_').upper()}__PATH"


def locate(engine: str, where: ModelLocation) -> str:
    """A local directory to load from, or raise :class:`ModelMissing` saying where we looked."""
    var = env_name(engine)
    if where.path is not None:
        if (where.path / "config.json").is_file():
            return str(where.path)
        raise ModelMissing(
            f"{engine}: no model in {where.path} ({var}): config.json not found; put the weights there "
            f"(e.g. `hf download {where.hub_id} --local-dir {where.path}`) or fix {var}"
        )
    try:
        from huggingface_hub import snapshot_download

        try:
            return str(snapshot_download(where.hub_id, revision=where.revision, local_files_only=True))
        except Exception:
            return str(snapshot_download(where.hub_id, revision=where.revision))
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelMissing(
            f"{engine}: {var} is unset and {where.hub_id} is neither in the Hugging Face cache nor "
            f"downloadable ({reason[:160]}); set {var} to a directory holding the model "
            f"(`hf download {where.hub_id} --local-dir DIR`)"
        ) from None


def resolve_device(gpu: GpuSettings) -> str:
    if gpu.device != "auto":
        return gpu.device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def resolve_dtype(gpu: GpuSettings, device: str) -> Any:
    import torch

    if gpu.dtype == "auto":
        # bf16 where the hardware does it natively; CPU matmuls in bf16 are slow here.
        return torch.bfloat16 if device.startswith("cuda") else torch.float32
    return getattr(torch, gpu.dtype)


@dataclass
class Loaded:
    processor: Any
    model: Any
    device: str
    dtype: Any
    source: str
    _pieces: dict[int, str] = field(default_factory=dict, repr=False)

    @property
    def tokenizer(self) -> Any:
        return self.processor.tokenizer

    def token_id(self, token: str) -> int | None:
        tid = self.tokenizer.convert_tokens_to_ids(token)
        unk = self.tokenizer.unk_token_id
        return tid if isinstance(tid, int) and tid >= 0 and tid != unk else None

    def piece(self, token_id: int) -> str:
        """One token's text, special tokens included (the repetition guard reads DocTags with it)."""
        text = self._pieces.get(token_id)
        if text is None:
            text = self._pieces[token_id] = str(self.tokenizer.decode([token_id], skip_special_tokens=False))
        return text

    def stop_ids(self, stop_tokens: Sequence[str]) -> list[int]:
        """The engine's stop tokens, the tokenizer's end token and every end token of the model's
        own generation config: passing ``eos_token_id`` to ``generate`` replaces the config's,
        and LightOnOCR ends with either of two."""
        ids = [i for i in (self.token_id(t) for t in stop_tokens) if i is not None]
        configured = getattr(getattr(self.model, "generation_config", None), "eos_token_id", None)
        for tid in [self.tokenizer.eos_token_id, *_as_list(configured)]:
            if isinstance(tid, int) and tid not in ids:
                ids.append(tid)
        return ids

    def max_positions(self) -> int | None:
        """How many positions the language model was trained for (prompt and output together)."""
        config = self.model.config
        text = config.get_text_config() if hasattr(config, "get_text_config") else config
        value = getattr(text, "max_position_embeddings", None)
        return int(value) if isinstance(value, int) else None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def load(engine: str, where: ModelLocation, gpu: GpuSettings) -> Loaded:
    """Processor and model through the Auto classes, in eval mode on the configured device."""
    source = locate(engine, where)
    from transformers import AutoModelForImageTextToText, AutoProcessor

    device = resolve_device(gpu)
    dtype = resolve_dtype(gpu, device)
    processor = pixtral.load_processor(source, AutoProcessor)
    model: Any = AutoModelForImageTextToText.from_pretrained(
        source, dtype=dtype, attn_implementation=gpu.attn_implementation
    )
    model.to(device)
    model.eval()
    pixtral.encode_images_one_by_one(model)
    # Batched generation appends new tokens on the right: prompts must be left-padded.
    processor.tokenizer.padding_side = "left"
    if processor.tokenizer.pad_token_id is None:
        processor.tokenizer.pad_token = processor.tokenizer.eos_token
    log.info("model loaded", extra={"fields": {"engine": engine, "source": source, "device": device}})
    return Loaded(processor, model, device, dtype, source)


@dataclass
class Generated:
    text: str
    tokens: int  # new tokens generated, up to and including the stop token
    prompt_tokens: int  # this page's own prompt, without the batch's padding
    looped: bool  # stopped by the repetition guard; ``text`` is what came before the loop
    truncated: bool  # hit max_new_tokens without a stop token
    max_new_tokens: int = 0  # the budget it ran under (the engine's, capped by the model's positions)
    batch_s: float = 0.0  # the generate call's wall time, shared by its pages
    batch_size: int = 1
    queued_s: float = 0.0  # from submission to the start of its batch's generate call


def token_budget(loaded: Loaded, requested: int, prompt_len: int) -> int:
    """``requested`` new tokens, but no more than the model's positions leave after the prompt.

    One ``generate`` call has one budget, so the batch's longest (padded) prompt bounds it.
    """
    limit = loaded.max_positions()
    if limit is None:
        return requested
    return max(1, min(requested, limit - prompt_len))


def generate(
    loaded: Loaded,
    prompts: Sequence[str],
    images: Sequence[Image.Image],
    *,
    max_new_tokens: int,
    stop_tokens: Sequence[str] = (),
    keep_special: bool,
    gpu: GpuSettings,
    doctags: bool = False,
    do_sample: bool = False,
    temperature: float | None = None,
    top_p: float | None = None,
    min_new_tokens: int | None = None,
) -> list[Generated]:
    """One ``generate`` call for a batch of (prompt, image) pairs.

    ``doctags``: the output is DocTags, and the repetition guard also watches its elements.
    """
    import torch
    from transformers import StoppingCriteriaList

    proc, model, tok = loaded.processor, loaded.model, loaded.tokenizer
    inputs = proc(text=list(prompts), images=[[im] for im in images], return_tensors="pt", padding=True)
    inputs = inputs.to(loaded.device)
    if "pixel_values" in inputs and inputs["pixel_values"].is_floating_point():
        inputs["pixel_values"] = inputs["pixel_values"].to(loaded.dtype)
    prompt_len = int(inputs["input_ids"].shape[1])
    mask = inputs.get("attention_mask")
    own_prompts = mask.sum(dim=1).tolist() if mask is not None else [prompt_len] * len(prompts)
    budget = token_budget(loaded, max_new_tokens, prompt_len)
    stop_ids = loaded.stop_ids(stop_tokens)
    guard = RepetitionGuard(
        prompt_len,
        window=gpu.repeat_window,
        max_ngram=gpu.repeat_max_ngram,
        min_repeats=gpu.repeat_min_repeats,
        stop_ids=stop_ids,
        piece=loaded.piece,
        doctags=doctags,
    )
    kwargs: dict[str, Any] = {
        "max_new_tokens": budget,
        "do_sample": do_sample,
        "eos_token_id": stop_ids or None,
        "pad_token_id": tok.pad_token_id,
        "stopping_criteria": StoppingCriteriaList([guard]),
        # granite-docling's and LightOnOCR's configs say use_cache: false; without the KV
        # cache every step would re-run the whole prompt (about a thousand image tokens).
        "use_cache": True,
    }
    if min_new_tokens is not None:
        kwargs["min_new_tokens"] = min(min_new_tokens, budget)
    if do_sample:
        kwargs["temperature"] = temperature
        kwargs["top_p"] = top_p
    with torch.inference_mode():
        out = model.generate(**inputs, **kwargs)
    new = out[:, prompt_len:].tolist()
    pad = tok.pad_token_id
    results: list[Generated] = []
    stops = set(stop_ids)
    for row, ids in enumerate(new):
        used = len(ids)
        stopped = False
        for k, t in enumerate(ids):
            if t in stops:
                used, stopped = k + 1, True
                break
        if not stopped and pad is not None and pad not in stops:
            while used and ids[used - 1] == pad:
                used -= 1
        keep = guard.looped.get(row)
        if keep is not None:
            used, stopped = guard.spent[row], False
        text = tok.decode(ids[: used if keep is None else keep], skip_special_tokens=not keep_special)
        if keep is not None and doctags:
            text = close_open_tags(text)
        results.append(
            Generated(
                text=text,
                tokens=used,
                prompt_tokens=int(own_prompts[row]),
                looped=keep is not None,
                truncated=not stopped and keep is None and used >= budget,
                max_new_tokens=budget,
            )
        )
    return results


def chat_prompt(loaded: Loaded, text: str | None) -> str:
    """The model's chat template around one image and an optional instruction."""
    content: list[dict[str, str]] = [{"type": "image"}]
    if text:
        content.append({"type": "text", "text": text})
    messages = [{"role": "user", "content": content}]
    return str(loaded.processor.apply_chat_template(messages, add_generation_prompt=True))


def empty_cache() -> None:
    try:
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    except ImportError:  # pragma: no cover
        pass
