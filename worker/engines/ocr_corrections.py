"""Corrections of a recognized line from the recognizer's own probabilities, before the
CTC decoder reads it: a look-alike of the token's kind ("L0T" -> "LOT", "4330O" ->
"43300"), and a closing full stop that may be a comma (faded thermal print). Each swaps
the best class at the character's steps, so the decoder's text, score and word boxes all
follow; and a line's score as the decoder gives it, to tell which lines to read twice
(worker/engines/ocr_pipeline.py's _Reading)."""

from __future__ import annotations

import re

import numpy as np

# A letter inside a number, or a digit inside a word, is taken for its look-alike of the
# token's kind when the recognizer gave that one at least this probability at the same
# step ("L0T" -> "LOT", "4330O" -> "43300", "Te1" -> "Tel"). A clearly printed "A4" or
# "U13" has no such runner-up and stays.
LOOK_ALIKE_MIN = 0.02
# A full stop that ends a token (a space or the line's end after it) is taken for a comma
# when the recognizer gave the comma at least this probability there: faded thermal print
# loses a comma's tail, and "PUTRA." / "SEKSYEN 9." were commas in the print. On receipts
# 0-49 the true full stops read so gave the comma up to 0.10 ("Incl. of"), three misread
# commas 0.23 and more (two more under 0.05: left as read; bench/results/receipts.md).
COMMA_MIN = 0.2


def ctc_score(probs: np.ndarray, best: np.ndarray) -> float:
    """A line's score as rapidocr's CTC decoder gives it: the mean probability of the
    characters kept (best class per step, repeats and blanks dropped); 0 for no text.
    ``probs``: one line's recognizer output, steps x classes, class 0 the blank;
    ``best``: its argmax per step."""
    kept = best != 0
    kept[1:] &= best[1:] != best[:-1]
    if not kept.any():
        return 0.0
    return float(probs[np.arange(len(best)), best][kept].mean())


# Look-alikes by the kind of token a character stands in: digits for letters inside a
# number, letters for digits inside a word. Only the pairs thermal print confuses most;
# "B"/"8" or "S"/"5" also spell real codes ("118B", "5LRT").
_IN_A_NUMBER = {"O": "0", "o": "0", "I": "1", "l": "1"}
_IN_A_WORD = {"0": "Oo", "1": "Il"}
_TOKEN = re.compile("[A-Za-z0-9]{3,}")


def prefer_look_alikes(
    probs: np.ndarray, best: np.ndarray, characters: list[str], index: dict[str, int]
) -> None:
    """Where a token of three or more letters and digits holds one character of the other
    kind ("L0T", "4330O", "SET1A"), or one "I" among lower case ("WorId") or one "l" among
    capitals, make its look-alike of the token's kind the best class at its steps, if the
    recognizer gave it LOOK_ALIKE_MIN or more there. ``probs`` (steps x classes) is
    changed in place, so the decoder's text, score and word boxes all follow; ``best`` is
    its argmax per step."""
    starts = [t for t in range(len(best)) if best[t] != 0 and (t == 0 or best[t] != best[t - 1])]
    text = "".join(characters[best[t]] for t in starts)
    for token in _TOKEN.finditer(text):
        word = token.group()
        letters = sum(c.isalpha() for c in word)
        digits = len(word) - letters
        for k in range(token.start(), token.end()):
            c = text[k]
            others = [x for x in word[: k - token.start()] + word[k - token.start() + 1 :] if x.isalpha()]
            if c.isdigit() and digits == 1 and letters >= 2:
                targets = _IN_A_WORD.get(c, "")
            elif c.isalpha() and letters == 1 and digits >= 2:
                targets = _IN_A_NUMBER.get(c, "")
            elif c == "I" and k > token.start() and _lower_after_first(word, k - token.start()):
                targets = "l"  # a capital is a word's first letter, not its third
            elif c == "l" and len(others) >= 2 and all(x.isupper() for x in others):
                targets = "I"
            else:
                continue
            step = starts[k]
            end = step + 1
            while end < len(best) and best[end] == best[step]:
                end += 1
            found = [(probs[step, index[t]], index[t]) for t in targets if t in index]
            if not found or max(found)[0] < LOOK_ALIKE_MIN:
                continue
            target = max(found)[1]
            # Next to the same character with no blank between, CTC would merge the two.
            if (step > 0 and best[step - 1] == target) or (end < len(best) and best[end] == target):
                continue
            was = best[step]
            for t in range(step, end):
                probs[t, [was, target]] = probs[t, [target, was]]


def prefer_commas(probs: np.ndarray, best: np.ndarray, characters: list[str], index: dict[str, int]) -> None:
    """Where a "." follows a letter or digit and ends its token (a space or nothing after
    it), make "," the best class at its steps if the recognizer gave it COMMA_MIN or more
    there. A decimal point or an abbreviation's inner dot ("P.T", "com.my") has a
    character right after it and stays. ``probs`` is changed in place, as by
    :func:`prefer_look_alikes`."""
    stop, comma, space = index.get("."), index.get(","), index.get(" ")
    if stop is None or comma is None:
        return
    starts = [t for t in range(len(best)) if best[t] != 0 and (t == 0 or best[t] != best[t - 1])]
    for k, step in enumerate(starts):
        if best[step] != stop or k == 0 or not characters[best[starts[k - 1]]].isalnum():
            continue
        if k + 1 < len(starts) and best[starts[k + 1]] != space:
            continue
        end = step + 1
        while end < len(best) and best[end] == stop:
            end += 1
        if probs[step:end, comma].max() < COMMA_MIN:
            continue
        if end < len(best) and best[end] == comma:  # CTC would merge two commas
            continue
        for t in range(step, end):
            probs[t, [stop, comma]] = probs[t, [comma, stop]]


def _lower_after_first(word: str, at: int) -> bool:
    """Whether the letters of ``word`` after its first, but for the one at ``at``, are two
    or more and all lower case ("WorId", "ShelI")."""
    rest = [x for j, x in enumerate(word) if 0 < j != at and x.isalpha()]
    return len(rest) >= 2 and all(x.islower() for x in rest)
