"""A tiny LightOnOCR-2 checkpoint (Pixtral vision, Qwen3 decoder), in transformers' own class
or as a Mistral3 copy, its chat template and the size its processor resizes a page to."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from transformers import (
    LightOnOcrConfig,
    LightOnOcrForConditionalGeneration,
    LightOnOcrProcessor,
    Mistral3Config,
    Mistral3ForConditionalGeneration,
    PixtralImageProcessorPil,
    PreTrainedModel,
    PreTrainedTokenizerFast,
)

from tests.factories.tiny_parts import (
    add_special,
    id_of,
    pad_vocab,
    save_model,
    seeded,
    train_bpe,
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


LIGHTONOCR_LONGEST_EDGE = 112  # pages resize to this; 8x8 patches of 14 px at most (real: 1540)
_LIGHTONOCR_PATCH = 14


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
    tok = train_bpe(["<|endoftext|>", "<|im_start|>", "<|im_end|>"])
    add_special(tok, ["<|vision_start|>", "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>"])
    model_vocab = pad_vocab(tok, None)
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
    image_id, im_end, endoftext = (id_of(tok, t) for t in ("<|image_pad|>", "<|im_end|>", "<|endoftext|>"))
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
        model = seeded(lambda: LightOnOcrForConditionalGeneration(lighton_config))
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
        model = seeded(lambda: Mistral3ForConditionalGeneration(mistral3_config))
    else:
        raise ValueError(f"unknown flavour {flavour!r}")
    save_model(
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
