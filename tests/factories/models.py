"""Tiny random-weight vision-language models for tests, built offline.

No model hub is reachable here, so tests cannot download SmolDocling or LightOnOCR. These
factories build architecture-identical models with a few hundred thousand random weights, an
offline byte-level BPE tokenizer and the real processor classes, and save them to a directory.
Production code then loads them exactly like a hub checkpoint::

    processor = AutoProcessor.from_pretrained(path)
    model = AutoModelForImageTextToText.from_pretrained(path, dtype=torch.float32)

Outputs are gibberish (random weights); tests check plumbing, shapes, batching and decoding.
Tokenizers keep the library default right padding, like the real ones: batched generation must
set ``processor.tokenizer.padding_side = "left"`` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

import torch
from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import (
    GenerationConfig,
    Idefics3Config,
    Idefics3ForConditionalGeneration,
    Idefics3ImageProcessorPil,
    Idefics3Processor,
    LightOnOcrConfig,
    LightOnOcrForConditionalGeneration,
    LightOnOcrProcessor,
    Mistral3Config,
    Mistral3ForConditionalGeneration,
    PixtralImageProcessorPil,
    PreTrainedModel,
    PreTrainedTokenizerFast,
)

__all__ = [
    "DOCTAGS_TAG_TOKENS",
    "IDEFICS3_CHAT_TEMPLATE",
    "IDEFICS3_IMAGE_SIZE",
    "IDEFICS3_LONGEST_EDGE",
    "LIGHTONOCR_CHAT_TEMPLATE",
    "LIGHTONOCR_LONGEST_EDGE",
    "build_tiny_idefics3",
    "build_tiny_lightonocr",
]

# The training text: enough English and DocTags for a few hundred merges, so that prompts and
# decoded output look like words instead of single bytes.
_CORPUS = [
    "Convert this page to docling.",
    "Transcribe this image to plain text.",
    "The quick brown fox jumps over the lazy dog.",
    "Invoice number 2024-0042 issued on 12 March 2024 to Example Corporation Ltd.",
    "Payment is due within thirty days of the invoice date. Please quote the invoice number.",
    "Total amount due: 1,234.56 EUR including VAT at 20 percent.",
    "Table 1 shows the results of the experiment for each sample and each condition.",
    "The document contains a title, section headers, paragraphs, tables, lists and pictures.",
    "Page 1 of 3. Confidential. All rights reserved.",
    "Abstract. We present a compact model for document conversion and optical character recognition.",
    "1. Introduction\n2. Related work\n3. Method\n4. Results\n5. Conclusion",
    "Name, Quantity, Unit price, Amount\nWidget, 2, 10.00, 20.00\nGadget, 1, 5.50, 5.50",
    "<doctag><title><loc_10><loc_12><loc_480><loc_40>Annual Report 2024</title>"
    "<section_header_level_1><loc_10><loc_50><loc_300><loc_70>1. Introduction</section_header_level_1>"
    "<text><loc_10><loc_80><loc_490><loc_150>This report describes the results of the year.</text>"
    "<page_footer><loc_240><loc_490><loc_260><loc_498>1</page_footer></doctag>",
    "<doctag><otsl><loc_20><loc_100><loc_480><loc_300><ched>Name<ched>Amount<nl>"
    "<fcel>Widget<fcel>20.00<nl><fcel>Gadget<ecel><nl></otsl>"
    "<unordered_list><list_item><loc_20><loc_310><loc_480><loc_330>First item</list_item>"
    "<list_item><loc_20><loc_340><loc_480><loc_360>Second item</list_item></unordered_list>"
    "<picture><loc_20><loc_370><loc_200><loc_450><caption>Figure 1. A chart.</caption></picture>"
    "<footnote><loc_20><loc_460><loc_480><loc_470>Source: example data.</footnote></doctag>",
    "# Heading\n\nSome **bold** text and a [link](https://example.com).\n\n| a | b |\n|---|---|\n| 1 | 2 |",
]

DOCTAGS_TAG_TOKENS: tuple[str, ...] = (
    "<title>",
    "</title>",
    "<section_header_level_1>",
    "</section_header_level_1>",
    "<text>",
    "</text>",
    "<otsl>",
    "</otsl>",
    "<fcel>",
    "<ecel>",
    "<ched>",
    "<nl>",
    "<page_header>",
    "</page_header>",
    "<page_footer>",
    "</page_footer>",
    "<list_item>",
    "</list_item>",
    "<unordered_list>",
    "</unordered_list>",
    "<caption>",
    "</caption>",
    "<footnote>",
    "</footnote>",
    "<picture>",
    "</picture>",
    "<page_break>",
)
_DOCTAGS_TOKENS = ("<doctag>", "</doctag>", *(f"<loc_{i}>" for i in range(501)), *DOCTAGS_TAG_TOKENS)

# SmolDocling / SmolVLM's template (transformers' SmolVLM default without video), made to accept
# string content too. One image + text renders
# "<|im_start|>User:<image>Convert this page to docling.<end_of_utterance>\nAssistant:".
IDEFICS3_CHAT_TEMPLATE = (
    "<|im_start|>{% for message in messages %}{{ message['role'] | capitalize }}"
    "{% if message['content'] is string %}{{ ': ' + message['content'] }}"
    "{% else %}{% if message['content'][0]['type'] == 'image' %}{{ ':' }}{% else %}{{ ': ' }}{% endif %}"
    "{% for line in message['content'] %}{% if line['type'] == 'text' %}{{ line['text'] }}"
    "{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}{% endfor %}{% endif %}"
    "<end_of_utterance>\n{% endfor %}{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}"
)

# Renders what LightOnOCR's hub template renders: an empty system turn, then the user turn with
# "<|image_pad|>" per image and each text part followed by "\n". One image renders
# "<|im_start|>system<|im_end|>\n<|im_start|>user\n<|image_pad|><|im_end|>\n<|im_start|>assistant\n".
LIGHTONOCR_CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if loop.first and message['role'] != 'system' %}{{ '<|im_start|>system<|im_end|>\n' }}{% endif %}"
    "{{ '<|im_start|>' + message['role'] + '\n' }}"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% else %}{% for part in message['content'] %}"
    "{% if part['type'] == 'image' or 'image' in part or 'image_url' in part %}{{ '<|image_pad|>' }}"
    "{% elif 'text' in part %}{{ part['text'] + '\n' }}{% endif %}"
    "{% endfor %}{% endif %}{{ '<|im_end|>\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

IDEFICS3_IMAGE_SIZE = 64  # one vision tile, px (SmolDocling: 512)
IDEFICS3_LONGEST_EDGE = 2 * IDEFICS3_IMAGE_SIZE  # pages resize to this, then split into 64 px tiles
_IDEFICS3_PATCH = 8
_IDEFICS3_SCALE = 2
# <image> tokens per tile: (64 / 8)^2 / 2^2 = 16 (SmolDocling: 64).
_IDEFICS3_IMAGE_SEQ_LEN = (IDEFICS3_IMAGE_SIZE // _IDEFICS3_PATCH) ** 2 // _IDEFICS3_SCALE**2

LIGHTONOCR_LONGEST_EDGE = 112  # pages resize to this; 8x8 patches of 14 px at most (real: 1540)
_LIGHTONOCR_PATCH = 14

_M = TypeVar("_M", bound=PreTrainedModel)


def _train_bpe(leading_specials: list[str], vocab_target: int = 600) -> Tokenizer:
    """A byte-level BPE (GPT-2 style, like SmolLM2's and Qwen's) trained on the built-in corpus."""
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_target,
        min_frequency=2,
        show_progress=False,
        special_tokens=leading_specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tokenizer.train_from_iterator(_CORPUS, trainer=trainer)
    return tokenizer


def _add_special(tokenizer: Tokenizer, tokens: list[str] | tuple[str, ...]) -> None:
    tokenizer.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in tokens])


def _id(tokenizer: Tokenizer, token: str) -> int:
    token_id = tokenizer.token_to_id(token)
    if token_id is None:
        raise KeyError(token)
    return token_id


def _pad_vocab(tokenizer: Tokenizer, vocab_size: int | None, multiple: int = 64) -> int:
    """Fill the vocab with unused special tokens up to the model's size, so that every id the
    randomly initialised model can sample decodes to a token. Returns the model vocab size."""
    current = tokenizer.get_vocab_size(with_added_tokens=True)
    target = vocab_size if vocab_size is not None else -(-current // multiple) * multiple
    if target < current:
        raise ValueError(f"vocab_size={target} is smaller than the tokenizer's {current} tokens")
    _add_special(tokenizer, [f"<|unused_{i}|>" for i in range(target - current)])
    assert tokenizer.get_vocab_size(with_added_tokens=True) == target
    return target


def _seeded(build: Callable[[], _M]) -> _M:
    """Deterministic random weights, without touching the caller's RNG state."""
    with torch.random.fork_rng():
        torch.manual_seed(0)
        return build()


def _save_model(
    model: PreTrainedModel, path: Path, *, eos: int | list[int], pad: int, bos: int | None, **sampling: Any
) -> None:
    """Save in bf16 (as the hub checkpoints are) with a generation config that knows when to stop."""
    model.generation_config = GenerationConfig(
        bos_token_id=bos, eos_token_id=eos, pad_token_id=pad, **sampling
    )
    # nn.Module.to: transformers' @wraps-decorated override confuses mypy; it only adds quantization checks.
    torch.nn.Module.to(model, torch.bfloat16)
    model.save_pretrained(path)


def build_tiny_idefics3(path: Path, *, vocab_size: int | None = None) -> Path:
    """Build a tiny SmolDocling / granite-docling / SmolVLM (Idefics3) checkpoint in ``path``.

    Text: llama, hidden 64 x 2 layers, 4 heads, 2 kv heads. Vision: SigLIP, hidden 32 x 2 layers,
    image 64 px, patch 8, pixel-shuffle scale 2, so 16 ``<image>`` tokens per 64 px tile. The
    processor resizes a page to longest edge 128 and splits it into at most 2x2 tiles plus a
    global tile, like the real one at 2048 / 512. The tokenizer knows the Idefics3 image tokens
    and the DocTags vocabulary as special tokens (decode with ``skip_special_tokens=False``);
    ``vocab_size`` pads the vocab with unused tokens (default: next multiple of 64).
    """
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    tok = _train_bpe(["<|endoftext|>", "<|im_start|>", "<|im_end|>"])
    _add_special(
        tok,
        [
            "<global-img>",
            *(f"<row_{r}_col_{c}>" for r in range(1, 7) for c in range(1, 7)),
            "<fake_token_around_image>",
            "<image>",
            *_DOCTAGS_TOKENS,
            "<end_of_utterance>",
        ],
    )
    model_vocab = _pad_vocab(tok, vocab_size)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<|im_start|>",
        eos_token="<end_of_utterance>",
        pad_token="<|im_end|>",
        unk_token="<|endoftext|>",
        extra_special_tokens=["<fake_token_around_image>", "<image>", "<end_of_utterance>"],
        chat_template=IDEFICS3_CHAT_TEMPLATE,
        model_max_length=8192,
    )
    image_processor = Idefics3ImageProcessorPil(
        size={"longest_edge": IDEFICS3_LONGEST_EDGE},
        max_image_size={"longest_edge": IDEFICS3_IMAGE_SIZE},
        do_image_splitting=True,
        image_mean=[0.5, 0.5, 0.5],
        image_std=[0.5, 0.5, 0.5],
    )
    processor = Idefics3Processor(
        image_processor=image_processor,
        tokenizer=tokenizer,
        image_seq_len=_IDEFICS3_IMAGE_SEQ_LEN,
        chat_template=IDEFICS3_CHAT_TEMPLATE,
    )
    ids = {t: _id(tok, t) for t in ("<image>", "<end_of_utterance>", "<|im_end|>")}
    bos = _id(tok, "<|im_start|>")
    config = Idefics3Config(
        text_config={
            "model_type": "llama",
            "vocab_size": model_vocab,
            "hidden_size": 64,
            "intermediate_size": 128,
            "num_hidden_layers": 2,
            "num_attention_heads": 4,
            "num_key_value_heads": 2,
            "head_dim": 16,
            "max_position_embeddings": 8192,
            "rms_norm_eps": 1e-5,
            "rope_parameters": {"rope_type": "default", "rope_theta": 100000.0},
            "tie_word_embeddings": False,
            "bos_token_id": bos,
            "eos_token_id": ids["<end_of_utterance>"],
            "pad_token_id": ids["<|im_end|>"],
        },
        vision_config={
            "hidden_size": 32,
            "intermediate_size": 64,
            "num_hidden_layers": 2,
            "num_attention_heads": 2,
            "image_size": IDEFICS3_IMAGE_SIZE,
            "patch_size": _IDEFICS3_PATCH,
        },
        scale_factor=_IDEFICS3_SCALE,
        image_token_id=ids["<image>"],
        tie_word_embeddings=False,
    )
    model = _seeded(lambda: Idefics3ForConditionalGeneration(config))
    _save_model(model, path, eos=ids["<end_of_utterance>"], pad=ids["<|im_end|>"], bos=bos)
    processor.save_pretrained(path)
    return path


def _tiny_lightonocr_parts(vocab_size: int, eos: int, pad: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Pixtral vision and Qwen3 text sub-configs, shared by both checkpoint flavours.

    initializer_range 0.1 (real: 0.02): with tied embeddings and tiny std the residual stream
    dominates and greedy decoding just repeats the prompt's last token ("\n" forever); at 0.1
    the random output varies and depends on the image.
    """
    vision = {
        "model_type": "pixtral",
        "hidden_size": 32,
        "intermediate_size": 64,
        "num_hidden_layers": 2,
        "num_attention_heads": 2,
        "head_dim": 16,
        "hidden_act": "silu",
        "image_size": LIGHTONOCR_LONGEST_EDGE,
        "patch_size": _LIGHTONOCR_PATCH,
        "rope_parameters": {"rope_type": "default", "rope_theta": 10000.0},
        "initializer_range": 0.1,
    }
    text = {
        "model_type": "qwen3",
        "vocab_size": vocab_size,
        "hidden_size": 64,
        "intermediate_size": 128,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "head_dim": 16,
        "max_position_embeddings": 8192,
        "rms_norm_eps": 1e-6,
        "rope_parameters": {"rope_type": "default", "rope_theta": 1000000.0},
        "tie_word_embeddings": True,
        "initializer_range": 0.1,
        "eos_token_id": eos,
        "pad_token_id": pad,
    }
    return vision, text


def build_tiny_lightonocr(path: Path, *, flavour: Literal["lighton_ocr", "mistral3"] = "lighton_ocr") -> Path:
    """Build a tiny LightOnOCR-2 checkpoint (Pixtral vision + 2x2 patch merger + Qwen3 decoder).

    Vision: hidden 32 x 2 layers, patch 14; the processor resizes a page to longest edge 112, so
    a page has at most 4x4 = 16 ``<|image_pad|>`` tokens. Text: hidden 64 x 2 layers, tied
    embeddings. ``flavour="lighton_ocr"`` declares model_type lighton_ocr (transformers' own
    class); ``"mistral3"`` declares model_type mistral3 with the same pixtral + qwen3 sub-configs,
    as some hub copies of LightOnOCR do (other weight names: vision_tower / multi_modal_projector).
    Both save the LightOnOcrProcessor, which AutoProcessor picks from processor_config.json. The
    generation config samples (temperature 0.2, top_p 0.9) like the real one.
    """
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    tok = _train_bpe(["<|endoftext|>", "<|im_start|>", "<|im_end|>"])
    _add_special(tok, ["<|vision_start|>", "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>"])
    model_vocab = _pad_vocab(tok, None)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        extra_special_tokens={
            "image_token": "<|image_pad|>",
            "image_break_token": "<|vision_pad|>",
            "image_end_token": "<|vision_end|>",
        },
        chat_template=LIGHTONOCR_CHAT_TEMPLATE,
        model_max_length=8192,
    )
    image_processor = PixtralImageProcessorPil(
        size={"longest_edge": LIGHTONOCR_LONGEST_EDGE},
        patch_size=_LIGHTONOCR_PATCH,
        image_mean=[0.48145466, 0.4578275, 0.40821073],
        image_std=[0.26862954, 0.26130258, 0.27577711],
    )
    processor = LightOnOcrProcessor(
        image_processor=image_processor,
        tokenizer=tokenizer,
        patch_size=_LIGHTONOCR_PATCH,
        spatial_merge_size=2,
        chat_template=LIGHTONOCR_CHAT_TEMPLATE,
    )
    image_id, im_end, endoftext = (_id(tok, t) for t in ("<|image_pad|>", "<|im_end|>", "<|endoftext|>"))
    vision, text = _tiny_lightonocr_parts(model_vocab, eos=im_end, pad=endoftext)
    model: PreTrainedModel
    if flavour == "lighton_ocr":
        lighton_config = LightOnOcrConfig(
            vision_config=vision,
            text_config=text,
            image_token_id=image_id,
            spatial_merge_size=2,
            tie_word_embeddings=True,
        )
        model = _seeded(lambda: LightOnOcrForConditionalGeneration(lighton_config))
    elif flavour == "mistral3":
        mistral3_config = Mistral3Config(
            vision_config=vision,
            text_config=text,
            image_token_index=image_id,
            spatial_merge_size=2,
            projector_hidden_act="gelu",
            multimodal_projector_bias=False,
            vision_feature_layer=-1,
            tie_word_embeddings=True,
        )
        model = _seeded(lambda: Mistral3ForConditionalGeneration(mistral3_config))
    else:
        raise ValueError(f"unknown flavour {flavour!r}")
    _save_model(
        model,
        path,
        eos=[im_end, endoftext],
        pad=endoftext,
        bos=endoftext,
        do_sample=True,
        temperature=0.2,
        top_p=0.9,
        top_k=0,
    )
    processor.save_pretrained(path)
    return path


def teach(path: Path, target: str, *, prompt: str | None, steps: int = 400, lr: float = 3e-3) -> Path:
    """Overfit the saved model at ``path`` to answer ``target`` for any page image, then save it again.

    Random weights write gibberish, which is enough for plumbing but not to drive the
    real output path (DocTags parsing, Markdown blocks) end to end. A few hundred
    teacher-forced steps on one target make greedy decoding reproduce it through the
    unmodified processor, chat template, ``generate`` and decoding code.
    """
    from PIL import Image
    from transformers import AutoModelForImageTextToText, AutoProcessor

    processor: Any = AutoProcessor.from_pretrained(path)
    model: Any = AutoModelForImageTextToText.from_pretrained(path, dtype=torch.float32)
    tok = processor.tokenizer
    content: list[dict[str, str]] = [{"type": "image"}]
    if prompt:
        content.append({"type": "text", "text": prompt})
    chat = processor.apply_chat_template([{"role": "user", "content": content}], add_generation_prompt=True)
    images = [
        Image.new("RGB", (200, 260), "white"),
        Image.effect_noise((300, 390), 60).convert("RGB"),
        Image.new("RGB", (612, 792), (240, 240, 230)),
        Image.new("RGB", (400, 300), "black"),
    ]
    answer = tok(target + (tok.eos_token or ""), add_special_tokens=False)["input_ids"]
    with torch.random.fork_rng():
        torch.manual_seed(0)
        optim = torch.optim.Adam(model.parameters(), lr=lr)
        # Decaying to zero settles the weights (a constant rate can bounce off the
        # optimum); stopping once every image's loss is tiny keeps the fixture fast.
        sched = torch.optim.lr_scheduler.LambdaLR(optim, lambda k: 1 - k / steps)
        model.train()
        recent: list[float] = []
        for step in range(steps):
            img = images[step % len(images)]
            enc = processor(text=[chat], images=[[img]], return_tensors="pt")
            ids = torch.cat([enc["input_ids"], torch.tensor([answer])], dim=1)
            labels = torch.full_like(ids, -100)
            labels[0, -len(answer) :] = torch.tensor(answer)
            extra = {k: v for k, v in enc.items() if k not in ("input_ids", "attention_mask")}
            out = model(input_ids=ids, attention_mask=torch.ones_like(ids), labels=labels, **extra)
            optim.zero_grad()
            out.loss.backward()
            optim.step()
            sched.step()
            recent = [*recent[-(len(images) * 3 - 1) :], float(out.loss.detach())]
            if len(recent) == len(images) * 3 and max(recent) < 2e-3:
                break
    model.eval()
    torch.nn.Module.to(model, torch.bfloat16)
    model.save_pretrained(path)
    return path
