"""Output lengths and scripted decoding for bench/gpu_throughput.py.

Random weights would stop or loop anywhere, so each page of a run is made to write a
length drawn from a realistic spread: a logits processor forces the next token of a
script and the stop token at the page's length, while the model still runs its whole
forward pass (and the engine its sampling and repetition guard) at every step.
"""

from __future__ import annotations

import itertools
import math
import random
import statistics
import threading
from dataclasses import dataclass
from typing import Any

# --- output lengths --------------------------------------------------------------------


@dataclass(frozen=True)
class Lengths:
    median: float
    sigma: float
    low: int
    high: int
    seed: int

    def draw(self, n: int, high: int | None = None) -> list[int]:
        """n stratified draws: the (i + 0.5) / n quantiles, clipped, in a seeded order."""
        top = min(self.high, high or self.high)
        normal = statistics.NormalDist()
        out = [
            min(top, max(self.low, round(self.median * math.exp(self.sigma * normal.inv_cdf((i + 0.5) / n)))))
            for i in range(n)
        ]
        random.Random(self.seed).shuffle(out)
        return out


def spread(values: list[int]) -> dict[str, float]:
    q = statistics.quantiles(values, n=10) if len(values) > 1 else [values[0]] * 9
    logs = [math.log(max(v, 1)) for v in values]
    return {
        "n": len(values),
        "mean": round(statistics.mean(values), 1),
        "median": statistics.median(values),
        "p10": round(q[0], 1),
        "p90": round(q[-1], 1),
        "max": max(values),
        "log_sd": round(statistics.pstdev(logs), 3),
    }


# --- scripted decoding -----------------------------------------------------------------


class Script:
    """The tokens each page of a run writes, handed out to ``generate`` calls in order:
    one drawn length per page, and its tokens from a running position in the pool."""

    def __init__(self, lengths: list[int], pool: list[int], stop_id: int, pad_id: int) -> None:
        self.lengths = iter(lengths)
        self.pool, self.stop_id, self.pad_id = pool, stop_id, pad_id
        self.at = 0
        self.lock = threading.Lock()

    def take(self, rows: int) -> list[list[int]]:
        with self.lock:
            out = []
            for _ in range(rows):
                n = next(self.lengths)
                start = self.at % len(self.pool)
                self.at += n
                body = list(itertools.islice(itertools.cycle(self.pool), start, start + n - 1))
                out.append([*body, self.stop_id])
            return out


class ScriptedModel:
    """Wraps the loaded model's ``generate`` so that each row writes its script."""

    def __init__(self, loaded: Any) -> None:
        self.loaded = loaded
        self.script: Script | None = None
        self._generate = loaded.model.generate
        loaded.model.generate = self.generate

    def generate(self, **kwargs: Any) -> Any:
        import torch
        from transformers import LogitsProcessor, LogitsProcessorList

        assert self.script is not None
        ids = kwargs["input_ids"]
        rows = self.script.take(int(ids.shape[0]))
        width = max(len(r) for r in rows)
        forced = torch.tensor(
            [r + [self.script.pad_id] * (width - len(r)) for r in rows], device=ids.device, dtype=torch.long
        )
        prompt = int(ids.shape[1])

        class Force(LogitsProcessor):
            def __call__(self, input_ids: Any, scores: Any) -> Any:
                step = min(int(input_ids.shape[1]) - prompt, width - 1)
                scores.fill_(float("-inf"))
                scores.scatter_(1, forced[:, step : step + 1], 0.0)
                return scores

        kwargs["logits_processor"] = LogitsProcessorList([*kwargs.get("logits_processor", []), Force()])
        return self._generate(**kwargs)


def script_pool(loaded: Any, texts: list[str], stop_ids: list[int]) -> list[int]:
    """The pages' texts as one stream of token ids, with no stop token in it."""
    tok = loaded.tokenizer
    stops = set(stop_ids)
    pool: list[int] = []
    for text in texts:
        pool.extend(t for t in tok(text, add_special_tokens=False)["input_ids"] if t not in stops)
    return pool
