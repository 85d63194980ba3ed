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

One import for the tests; the builders live beside this module: tiny_idefics3.py,
tiny_lightonocr.py, what both share (tokenizer, weights, saving) in tiny_parts.py, and
:func:`teach` in tiny_teach.py. tests/factories/model_cache.py keys its cache on the source
of all of them.
"""

from __future__ import annotations

from tests.factories.tiny_idefics3 import (
    IDEFICS3_CHAT_TEMPLATE,
    IDEFICS3_IMAGE_SIZE,
    IDEFICS3_LONGEST_EDGE,
    build_tiny_idefics3,
)
from tests.factories.tiny_lightonocr import (
    LIGHTONOCR_CHAT_TEMPLATE,
    LIGHTONOCR_LONGEST_EDGE,
    build_tiny_lightonocr,
)
from tests.factories.tiny_parts import DOCTAGS_TAG_TOKENS
from tests.factories.tiny_teach import teach

__all__ = [
    "DOCTAGS_TAG_TOKENS",
    "IDEFICS3_CHAT_TEMPLATE",
    "IDEFICS3_IMAGE_SIZE",
    "IDEFICS3_LONGEST_EDGE",
    "LIGHTONOCR_CHAT_TEMPLATE",
    "LIGHTONOCR_LONGEST_EDGE",
    "build_tiny_idefics3",
    "build_tiny_lightonocr",
    "teach",
]
