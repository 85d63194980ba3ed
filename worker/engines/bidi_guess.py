"""Which logical line a drawn right-to-left line may have come from (helpers of
:mod:`worker.engines.bidi_text`, which reads a drawn line back through UAX #9).

The algorithm's levels depend on the logical order: digits after a Latin letter are
Latin (rule W7), after an Arabic one Arabic numbers; a bracket or a dash takes the
direction of the letters around it. A drawn line can come from more than one logical
line, and the reading is resolved on a guess at it. The guesses go from likelier to less
likely; bidi_text keeps the first whose reading the algorithm lays out as drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

from worker.engines import bidi_drawn

# A word: text drawn left to right, and its horizontal extent.
Word = tuple[str, float, float]


def direction(text: str) -> int:
    """1: the word has right-to-left letters; -1: other letters only; 0: no letters."""
    if bidi_drawn.RTL_RE.search(text) is not None:
        return 1
    return -1 if any(c.isalpha() for c in text) else 0


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def guess(visual: Sequence[Word], rtl_base: bool, *, runs: bool = True) -> list[int]:
    """A guess at the logical order, as indices into the visual string (the words joined
    by one space each), for the algorithm to resolve the levels on.

    In an RTL line the words read from right to left, each reversed, except runs of
    words in other letters (Latin, Greek, Cyrillic), which are drawn as they are read.
    With ``runs``, the likelier reading: such a run goes on over the numbers after it on
    the right ("INV-2024-117", "Microsoft Office 2016") and the punctuation between them
    ("Visa Card - 4242"), and keeps the punctuation a word of it starts or ends with
    ("(Online)"). Without, the other reading: each Latin word alone, a number beside it
    read apart ("2.4.1 (Beta)", drawn "(Beta) 2.4.1"), and the brackets, quotes and
    colons at a Latin word's ends read as the RTL line's own ("(USD):").
    """
    if not rtl_base:
        return list(range(sum(len(w[0]) for w in visual) + len(visual) - 1))
    starts = []
    at = 0
    for text, _, _ in visual:
        starts.append(at)
        at += len(text) + 1
    # Pieces, left to right: (first character, end, read as drawn), a unit each; the
    # spaces between words come between the units that hold their neighbours.
    units: list[list[tuple[int, int, bool]]] = []
    k = 0
    while k < len(visual):
        if direction(visual[k][0]) >= 0:
            units.append([(starts[k], starts[k] + len(visual[k][0]), False)])
            k += 1
            continue
        end = k
        if runs:
            end = _run_end(visual, k)
        s, e = starts[k], starts[end] + len(visual[end][0])
        units.append(_pieces(visual, s, e, split=not runs, text=" ".join(w[0] for w in visual[k : end + 1])))
        k = end + 1
    order: list[int] = []
    for pieces in reversed(units):
        if order:
            first = pieces[-1][1]
            order.append(first)  # the space after the unit, read before it
        for s, e, forward in reversed(pieces):
            order.extend(range(s, e) if forward else reversed(range(s, e)))
    return order


def _run_end(visual: Sequence[Word], k: int) -> int:
    """The last word of the Latin run that starts at word ``k``: Latin words, numbers,
    and words of punctuation alone between two of them."""
    end = k
    j = k + 1
    while j < len(visual):
        d = direction(visual[j][0])
        if d < 0 or (d == 0 and _has_digit(visual[j][0])):
            end = j
            j += 1
            continue
        if d > 0:
            break
        # Punctuation alone: part of the run where the run goes on after it.
        nxt = j + 1
        while nxt < len(visual) and direction(visual[nxt][0]) == 0 and not _has_digit(visual[nxt][0]):
            nxt += 1
        if nxt < len(visual) and (direction(visual[nxt][0]) < 0 or _has_digit(visual[nxt][0])):
            end = nxt
            j = nxt + 1
            continue
        break
    return end


def _pieces(visual: Sequence[Word], s: int, e: int, *, split: bool, text: str) -> list[tuple[int, int, bool]]:
    """A Latin run's characters ``s``..``e`` as one piece read as drawn; with ``split``,
    the punctuation at its two ends set apart, read right to left with the line."""
    if not split:
        return [(s, e, True)]
    lead = len(text) - len(text.lstrip(_EDGE))
    trail = len(text) - len(text.rstrip(_EDGE))
    if lead + trail >= len(text):
        return [(s, e, False)]
    out = []
    if lead:
        out.append((s, s + lead, False))
    out.append((s + lead, e - trail, True))
    if trail:
        out.append((e - trail, e, False))
    return out


# What a Latin word may start or end with that is the line's, not the word's: brackets,
# quotes, and the punctuation that follows a phrase.
_EDGE = "()[]{}<>\u00ab\u00bb\"'\u201c\u201d\u2018\u2019:;,.!?\u061f\u060c\u061b"
