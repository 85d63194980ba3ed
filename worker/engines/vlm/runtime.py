"""Loading a model engine's weights and running one batched ``generate``.

Everything here imports torch and transformers lazily: the prepare step on a CPU worker
instantiates engines only to ask for their queue and render size, and must never pay
for (or initialise) a model runtime.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image

from common.core.settings import GpuSettings, ModelLocation, ModelsSettings

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

    @property
    def tokenizer(self) -> Any:
        return self.processor.tokenizer

    def token_id(self, token: str) -> int | None:
        tid = self.tokenizer.convert_tokens_to_ids(token)
        unk = self.tokenizer.unk_token_id
        return tid if isinstance(tid, int) and tid >= 0 and tid != unk else None


def load(engine: str, where: ModelLocation, gpu: GpuSettings) -> Loaded:
    """Processor and model through the Auto classes, in eval mode on the configured device."""
    source = locate(engine, where)
    from transformers import AutoModelForImageTextToText, AutoProcessor

    device = resolve_device(gpu)
    dtype = resolve_dtype(gpu, device)
    processor = AutoProcessor.from_pretrained(source)
    model: Any = AutoModelForImageTextToText.from_pretrained(
        source, dtype=dtype, attn_implementation=gpu.attn_implementation
    )
    model.to(device)
    model.eval()
    # Batched generation appends new tokens on the right: prompts must be left-padded.
    processor.tokenizer.padding_side = "left"
    if processor.tokenizer.pad_token_id is None:
        processor.tokenizer.pad_token = processor.tokenizer.eos_token
    log.info("model loaded", extra={"fields": {"engine": engine, "source": source, "device": device}})
    return Loaded(processor, model, device, dtype, source)


class RepetitionGuard:
    """Stops a sequence whose tail is one n-gram repeated over and over.

    Small document models sometimes fall into a loop (the same table row or ``<loc_..>``
    run forever) and would burn the whole token budget of the page. Checked every
    ``every`` steps on the generated part only; the rows it stopped are in ``looped``.
    """

    def __init__(self, prompt_len: int, *, window: int, max_ngram: int, min_repeats: int, every: int = 8):
        self.prompt_len = prompt_len
        self.window = window
        self.max_ngram = max_ngram
        self.min_repeats = min_repeats
        self.every = every
        self.looped: set[int] = set()
        self._step = 0

    def __call__(self, input_ids: Any, scores: Any, **_: Any) -> Any:
        import torch

        batch = input_ids.shape[0]
        done = torch.zeros(batch, dtype=torch.bool, device=input_ids.device)
        self._step += 1
        generated = input_ids.shape[1] - self.prompt_len
        if self.window <= 0 or generated < self.window or self._step % self.every:
            return done
        tail = input_ids[:, -self.window :]
        for n in range(1, self.max_ngram + 1):
            reps = self.window // n
            if reps < self.min_repeats:
                break
            seg = tail[:, -reps * n :].reshape(batch, reps, n)
            done |= (seg == seg[:, -1:, :]).all(dim=2).all(dim=1)
        for row in done.nonzero().flatten().tolist():
            self.looped.add(int(row))
        return done


@dataclass
class Generated:
    text: str
    tokens: int  # new tokens, up to and including the stop token
    prompt_tokens: int
    looped: bool
    truncated: bool  # hit max_new_tokens without a stop token
    batch_s: float = 0.0  # the generate call's wall time, shared by its pages
    batch_size: int = 1
    queued_s: float = 0.0  # from submission to the start of its batch's generate call


def generate(
    loaded: Loaded,
    prompts: Sequence[str],
    images: Sequence[Image.Image],
    *,
    max_new_tokens: int,
    stop_tokens: Sequence[str] = (),
    keep_special: bool,
    gpu: GpuSettings,
    do_sample: bool = False,
    temperature: float | None = None,
    top_p: float | None = None,
    min_new_tokens: int | None = None,
) -> list[Generated]:
    """One ``generate`` call for a batch of (prompt, image) pairs."""
    import torch
    from transformers import StoppingCriteriaList

    proc, model, tok = loaded.processor, loaded.model, loaded.tokenizer
    inputs = proc(text=list(prompts), images=[[im] for im in images], return_tensors="pt", padding=True)
    inputs = inputs.to(loaded.device)
    if "pixel_values" in inputs and inputs["pixel_values"].is_floating_point():
        inputs["pixel_values"] = inputs["pixel_values"].to(loaded.dtype)
    prompt_len = int(inputs["input_ids"].shape[1])
    guard = RepetitionGuard(
        prompt_len,
        window=gpu.repeat_window,
        max_ngram=gpu.repeat_max_ngram,
        min_repeats=gpu.repeat_min_repeats,
    )
    stop_ids = [i for i in (loaded.token_id(t) for t in stop_tokens) if i is not None]
    if tok.eos_token_id is not None and tok.eos_token_id not in stop_ids:
        stop_ids.append(tok.eos_token_id)
    kwargs: dict[str, Any] = {
        "max_new_tokens": max_new_tokens,
        "do_sample": do_sample,
        "eos_token_id": stop_ids or None,
        "pad_token_id": tok.pad_token_id,
        "stopping_criteria": StoppingCriteriaList([guard]),
    }
    if min_new_tokens is not None:
        kwargs["min_new_tokens"] = min_new_tokens
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
        looped = row in guard.looped
        text = tok.decode(ids[:used], skip_special_tokens=not keep_special)
        results.append(
            Generated(
                text=text,
                tokens=used,
                prompt_tokens=prompt_len,
                looped=looped,
                truncated=not stopped and not looped and used >= max_new_tokens,
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
