"""A recognizer's output for one line written by hand: the class probabilities at each
step, over a small alphabet, for tests of what the OCR pipeline makes of them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Alphabet:
    """The recognizer's classes, "blank" first (CTC's), as the pipeline's helpers take them."""

    characters: list[str]
    index: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {c: i for i, c in enumerate(self.characters)})

    def reading(self, steps: list[dict[str, float]]) -> np.ndarray:
        """One line's output, a step per dict of class -> probability; the rest of each
        step's probability on the blank."""
        probs = np.zeros((len(steps), len(self.characters)), dtype=np.float32)
        for t, step in enumerate(steps):
            for c, p in step.items():
                probs[t, self.index[c]] = p
            probs[t, 0] = 1.0 - sum(step.values())
        return probs

    def decoded(self, probs: np.ndarray) -> str:
        """Greedy CTC decoding: the best class at each step, repeats and blanks dropped."""
        best = probs.argmax(axis=1)
        chars = self.characters
        return "".join(chars[b] for t, b in enumerate(best) if b != 0 and (t == 0 or b != best[t - 1]))
