"""Random-weight models built from the real models' published files (../shared/models).

tests/factories/models.py builds tiny models from hand-written configs; those miss what
decides how the real models load, prompt and decode (granite-docling's 100,352-token
vocabulary with tied embeddings, its chat template, ``use_cache: false`` in its generation
config, LightOnOCR's two end tokens). These factories start from the real files instead:

- the model config is the real one, made narrower and shallower (hidden sizes, layers,
  heads) so that a test runs in seconds on a CPU; the vocabulary, tied embeddings, token
  ids, position limits, image size, patch size and pixel-shuffle/merge factors stay;
- the tokenizer, chat template, processor and generation configs are the real files,
  copied as they are;
- the model is saved with ``save_pretrained`` and loads with ``from_pretrained``, the
  path real weights take.

LightOnOCR-2-1B's repository lacks its vocabulary (``tokenizer.json``), so a small
byte-level BPE stands in for it, with the real special tokens at their real ids
(151643-151668) and filler tokens everywhere else, so that every id the model can
produce decodes.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import torch
from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import AutoConfig, AutoModelForImageTextToText, PreTrainedModel

__all__ = [
    "GRANITE_DOCLING",
    "GRANITE_DOCLING_PROMPT",
    "LIGHTONOCR",
    "SHARED_MODELS",
    "build_granite_docling",
    "build_lightonocr",
    "taught_granite_docling",
    "teach_answer",
]

SHARED_MODELS = Path(__file__).resolve().parents[3] / "shared" / "models"
GRANITE_DOCLING = SHARED_MODELS / "granite-docling-258M"
LIGHTONOCR = SHARED_MODELS / "LightOnOCR-2-1B"

# What granite-docling's chat template renders for one page and docling's instruction
# (../shared/models/README.md).
GRANITE_DOCLING_PROMPT = (
    "<|start_of_role|>user<|end_of_role|><image>Convert this page to docling.<|end_of_text|>\n"
    "<|start_of_role|>assistant<|end_of_role|>"
)

_WEIGHTS = (".safetensors", ".bin", ".pt", ".pth", ".gguf")
_TEXT = {"hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 4, "num_key_value_heads": 2}
_VISION = {"hidden_size": 32, "intermediate_size": 64, "num_attention_heads": 2}


def _copy_files(src: Path, dst: Path) -> None:
    """Every file of the published repository but weights (there are none here anyway)."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.is_file() and not f.name.endswith(_WEIGHTS) and f.name != "README.md":
            shutil.copy2(f, dst / f.name)


def _shrink(config: Any, layers: int) -> None:
    """Narrow and shallow: only what sets the compute; ids, vocabulary and geometry stay."""
    text, vision = config.text_config, config.vision_config
    for key, value in _TEXT.items():
        setattr(text, key, value)
    text.head_dim = _TEXT["hidden_size"] // _TEXT["num_attention_heads"]
    text.num_hidden_layers = layers
    if getattr(text, "layer_types", None):
        text.layer_types = text.layer_types[:layers]
    for key, value in _VISION.items():
        setattr(vision, key, value)
    if getattr(vision, "head_dim", None):
        vision.head_dim = _VISION["hidden_size"] // _VISION["num_attention_heads"]
    vision.num_hidden_layers = layers


def _save(config: Any, path: Path, src: Path) -> None:
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model: PreTrainedModel = AutoModelForImageTextToText.from_config(config)
    torch.nn.Module.to(model, torch.bfloat16)
    model.save_pretrained(path)
    # save_pretrained writes a generation config derived from the model config; the real
    # one (granite-docling: use_cache false; LightOnOCR: sampling, two end tokens) is what
    # the engines must cope with.
    shutil.copy2(src / "generation_config.json", path / "generation_config.json")


def build_granite_docling(
    path: Path, *, layers: int = 2, full: bool = False, src: Path = GRANITE_DOCLING
) -> Path:
    """granite-docling-258M's architecture at test size, with its real tokenizer and configs.

    Kept from the real config: vocabulary 100,352 with tied embeddings, eos/pad 100257,
    bos 100264, image token 100270, 8192 positions, SigLIP at 512 px with 16 px patches and
    pixel-shuffle scale 4 (64 image tokens per tile). The processor is the real one, so a
    page is resized to 2048 px and split into 512 px tiles, as in production.

    ``full``: the real widths and depths too (bench/gpu_throughput.py); ``src``: where the
    published files are (a copy, on a machine without ../shared).
    """
    path = Path(path)
    _copy_files(src, path)
    config = AutoConfig.from_pretrained(src)
    if not full:
        _shrink(config, layers)
    _save(config, path, src)
    return path


# Training text for LightOnOCR's stand-in vocabulary: Markdown, as the model writes it.
_CORPUS = [
    "# Delivery note\n\nShipped 3 boxes to Example Corporation.",
    "| Box | Weight |\n|---|---|\n| 1 | 4 kg |\n| 2 | 7 kg |",
    "The quick brown fox jumps over the lazy dog. Invoice 2024-0042, total 1,234.56 EUR.",
    "## Results\n\n- first item\n- second item\n\nPage 1 of 3. All rights reserved.",
]


def _lightonocr_tokenizer(vocab_size: int, src: Path = LIGHTONOCR) -> Tokenizer:
    """A byte-level BPE whose special tokens sit at LightOnOCR's real ids."""
    import json

    added = json.loads((src / "added_tokens.json").read_text())
    specials = sorted(added.items(), key=lambda kv: kv[1])
    first_special = specials[0][1]
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = trainers.BpeTrainer(
        vocab_size=400,
        min_frequency=2,
        show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    bpe.train_from_iterator(_CORPUS, trainer=trainer)
    vocab = bpe.get_vocab()
    merges = json.loads(bpe.to_str())["model"]["merges"]
    # Fillers up to the first special id, as ordinary vocabulary: no merge ever builds them,
    # so encoding is unchanged, and every id decodes.
    vocab.update({f"<|filler_{i}|>": i for i in range(len(vocab), first_special)})
    tok = Tokenizer(models.BPE(vocab=vocab, merges=[tuple(m) for m in merges]))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    for content, tid in specials:
        assert tok.get_vocab_size(with_added_tokens=True) == tid, (content, tid)
        tok.add_special_tokens([AddedToken(content, special=True, normalized=False)])
    rest = vocab_size - tok.get_vocab_size(with_added_tokens=True)
    tok.add_tokens([AddedToken(f"<|unused_{i}|>", normalized=False) for i in range(rest)])
    return tok


def build_lightonocr(path: Path, *, layers: int = 2, full: bool = False, src: Path = LIGHTONOCR) -> Path:
    """LightOnOCR-2-1B's architecture (model_type mistral3) at test size, from its real files.

    Kept from the real config: Qwen3 vocabulary 151,936 with tied embeddings, eos 151645 and
    pad 151643, image token 151655, Pixtral at 1540 px with 14 px patches and the 2x2
    spatial merge; the real generation config (sampling, end tokens 151645 and 151643),
    chat template, processor config and tokenizer config. ``full`` and ``src``: as for
    :func:`build_granite_docling`.
    """
    path = Path(path)
    _copy_files(src, path)
    config = AutoConfig.from_pretrained(src)
    if not full:
        _shrink(config, layers)
    _lightonocr_tokenizer(config.text_config.vocab_size, src).save(str(path / "tokenizer.json"))
    _save(config, path, src)
    return path


def teach_answer(path: Path, target: str, *, prompt: str | None, steps: int = 300, lr: float = 3e-3) -> Path:
    """Overfit the saved model at ``path`` to answer ``target`` for any page, as
    tests/factories/tiny_teach.py does for the tiny models, at a real vocabulary's cost.

    granite-docling's 100,352-token head over a 1,100-token prompt is most of a step; only
    the answer's positions need logits (``logits_to_keep``). The vision tower stays as built:
    the answer is the same for every page, so only the language side has to learn it, and
    each page is preprocessed once, not at every step.
    """
    from PIL import Image
    from transformers import AutoProcessor

    processor: Any = AutoProcessor.from_pretrained(path)
    model: Any = AutoModelForImageTextToText.from_pretrained(path, dtype=torch.float32)
    tok = processor.tokenizer
    content: list[dict[str, str]] = [{"type": "image"}]
    if prompt:
        content.append({"type": "text", "text": prompt})
    chat = processor.apply_chat_template([{"role": "user", "content": content}], add_generation_prompt=True)
    images = [
        Image.new("RGB", (612, 792), "white"),
        Image.effect_noise((300, 390), 60).convert("RGB"),
        Image.new("RGB", (612, 792), (240, 240, 230)),
    ]
    encoded = [processor(text=[chat], images=[[im]], return_tensors="pt") for im in images]
    answer = torch.tensor(tok(target + (tok.eos_token or ""), add_special_tokens=False)["input_ids"])
    vision = [p for n, p in model.named_parameters() if "vision" in n or "connector" in n]
    for param in vision:
        param.requires_grad_(False)
    # The frozen tower sees the same three pages at every step and has no dropout: its
    # output for each page, computed once, is what every step would compute again (17
    # tiles of 1,024 patches a page: about a fifth of a step's time).
    seen = model.model.get_image_features
    with torch.no_grad():
        features = [
            seen(enc["pixel_values"], enc.get("pixel_attention_mask"), return_dict=True) for enc in encoded
        ]
    trained = [p for p in model.parameters() if p.requires_grad]
    with torch.random.fork_rng():
        torch.manual_seed(0)
        optim = torch.optim.Adam(trained, lr=lr)
        sched = torch.optim.lr_scheduler.LambdaLR(optim, lambda k: 1 - k / steps)
        model.train()
        recent: list[float] = []
        for step in range(steps):
            enc = encoded[step % len(encoded)]
            ids = torch.cat([enc["input_ids"], answer[None, :]], dim=1)
            extra = {k: v for k, v in enc.items() if k not in ("input_ids", "attention_mask")}
            model.model.get_image_features = lambda *_, f=features[step % len(encoded)], **__: f
            out = model(
                input_ids=ids, attention_mask=torch.ones_like(ids), logits_to_keep=len(answer) + 1, **extra
            )
            # The logit at the prompt's last position predicts the answer's first token.
            loss = torch.nn.functional.cross_entropy(out.logits[0, :-1].float(), answer)
            optim.zero_grad()
            loss.backward()
            optim.step()
            sched.step()
            recent = [*recent[-(len(images) * 3 - 1) :], float(loss.detach())]
            if len(recent) == len(images) * 3 and max(recent) < 2e-3:
                break
    model.eval()
    del model.model.get_image_features  # the class's own again
    for param in vision:
        param.requires_grad_(True)
    torch.nn.Module.to(model, torch.bfloat16)
    model.save_pretrained(path)
    return path


def taught_granite_docling(target: str) -> Path:
    """granite-docling at test size, taught to answer ``target`` to docling's instruction;
    built once per content in the test-model cache (tests/factories/model_cache.py)."""
    from tests.factories.model_cache import Recipe, models

    recipe = Recipe("granite-docling", target, "Convert this page to docling.")
    return models({"granite-docling": recipe})["granite-docling"]
