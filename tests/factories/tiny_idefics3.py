"""A tiny SmolDocling / granite-docling / SmolVLM (Idefics3) checkpoint, its chat template
and the sizes its processor resizes and tiles a page to."""

from __future__ import annotations

from pathlib import Path

from transformers import (
    Idefics3Config,
    Idefics3ForConditionalGeneration,
    Idefics3ImageProcessorPil,
    Idefics3Processor,
    PreTrainedTokenizerFast,
)

from tests.factories.tiny_parts import (
    DOCTAGS_TOKENS,
    add_special,
    id_of,
    pad_vocab,
    save_model,
    seeded,
    train_bpe,
)

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


IDEFICS3_IMAGE_SIZE = 64  # one vision tile, px (SmolDocling: 512)
IDEFICS3_LONGEST_EDGE = 2 * IDEFICS3_IMAGE_SIZE  # pages resize to this, then split into 64 px tiles
_IDEFICS3_PATCH = 8
_IDEFICS3_SCALE = 2
# <image> tokens per tile: (64 / 8)^2 / 2^2 = 16 (SmolDocling: 64).
_IDEFICS3_IMAGE_SEQ_LEN = (IDEFICS3_IMAGE_SIZE // _IDEFICS3_PATCH) ** 2 // _IDEFICS3_SCALE**2


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
    tok = train_bpe(["<|endoftext|>", "<|im_start|>", "<|im_end|>"])
    add_special(
        tok,
        [
            "<global-img>",
            *(f"<row_{r}_col_{c}>" for r in range(1, 7) for c in range(1, 7)),
            "<fake_token_around_image>",
            "<image>",
            *DOCTAGS_TOKENS,
            "<end_of_utterance>",
        ],
    )
    model_vocab = pad_vocab(tok, vocab_size)
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
    ids = {t: id_of(tok, t) for t in ("<image>", "<end_of_utterance>", "<|im_end|>")}
    bos = id_of(tok, "<|im_start|>")
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
    model = seeded(lambda: Idefics3ForConditionalGeneration(config))
    save_model(model, path, eos=ids["<end_of_utterance>"], pad=ids["<|im_end|>"], bos=bos)
    processor.save_pretrained(path)
    return path
