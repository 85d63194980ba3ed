"""Teaching a tiny saved model one answer, so that the real output path runs end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch


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
        # Seeded noise: PIL's effect_noise draws from the C library's rand(), so each
        # build taught the model on a different image, and an answer to a question it
        # was not taught drifted from build to build (a flaky schema end-to-end test).
        _noise((300, 390), 60),
        Image.new("RGB", (612, 792), (240, 240, 230)),
        Image.new("RGB", (400, 300), "black"),
    ]
    answer = tok(target + (tok.eos_token or ""), add_special_tokens=False)["input_ids"]
    # Each page's inputs once: the processor gives the same tensors at every step.
    encoded = [processor(text=[chat], images=[[img]], return_tensors="pt") for img in images]
    with torch.random.fork_rng():
        torch.manual_seed(0)
        optim = torch.optim.Adam(model.parameters(), lr=lr)
        # Decaying to zero settles the weights (a constant rate can bounce off the
        # optimum); stopping once every image's loss is tiny keeps the fixture fast.
        sched = torch.optim.lr_scheduler.LambdaLR(optim, lambda k: 1 - k / steps)
        model.train()
        recent: list[float] = []
        for step in range(steps):
            enc = encoded[step % len(images)]
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


def _noise(size: tuple[int, int], sigma: float) -> Any:
    """Grey Gaussian noise around mid-grey, as PIL's effect_noise, but the same every run."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(0)
    grey = rng.normal(128.0, sigma, (size[1], size[0])).clip(0, 255).astype(np.uint8)
    return Image.fromarray(grey, "L").convert("RGB")
