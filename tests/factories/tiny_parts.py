"""What the tiny model builders share (tests/factories/tiny_idefics3.py, tiny_lightonocr.py): an
offline byte-level BPE tokenizer trained on a little English and DocTags, its special tokens
and a vocab padded to the model's size, seeded random weights, and saving in bf16 with a
generation config that knows when to stop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import torch
from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import (
    GenerationConfig,
    PreTrainedModel,
)

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
DOCTAGS_TOKENS = ("<doctag>", "</doctag>", *(f"<loc_{i}>" for i in range(501)), *DOCTAGS_TAG_TOKENS)


_M = TypeVar("_M", bound=PreTrainedModel)


def train_bpe(leading_specials: list[str], vocab_target: int = 600) -> Tokenizer:
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


def add_special(tokenizer: Tokenizer, tokens: list[str] | tuple[str, ...]) -> None:
    tokenizer.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in tokens])


def id_of(tokenizer: Tokenizer, token: str) -> int:
    token_id = tokenizer.token_to_id(token)
    if token_id is None:
        raise KeyError(token)
    return token_id


def pad_vocab(tokenizer: Tokenizer, vocab_size: int | None, multiple: int = 64) -> int:
    """Fill the vocab with unused special tokens up to the model's size, so that every id the
    randomly initialised model can sample decodes to a token. Returns the model vocab size."""
    current = tokenizer.get_vocab_size(with_added_tokens=True)
    target = vocab_size if vocab_size is not None else -(-current // multiple) * multiple
    if target < current:
        raise ValueError(f"vocab_size={target} is smaller than the tokenizer's {current} tokens")
    add_special(tokenizer, [f"<|unused_{i}|>" for i in range(target - current)])
    assert tokenizer.get_vocab_size(with_added_tokens=True) == target
    return target


def seeded(build: Callable[[], _M]) -> _M:
    """Deterministic random weights, without touching the caller's RNG state."""
    with torch.random.fork_rng():
        torch.manual_seed(0)
        return build()


def save_model(
    model: PreTrainedModel, path: Path, *, eos: int | list[int], pad: int, bos: int | None, **sampling: Any
) -> None:
    """Save in bf16 (as the hub checkpoints are) with a generation config that knows when to stop."""
    model.generation_config = GenerationConfig(
        bos_token_id=bos, eos_token_id=eos, pad_token_id=pad, **sampling
    )
    # nn.Module.to: transformers' @wraps-decorated override confuses mypy; it only adds quantization checks.
    torch.nn.Module.to(model, torch.bfloat16)
    model.save_pretrained(path)
