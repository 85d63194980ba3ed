"""The bidirectional algorithm (UAX #9, python-bidi's ``bidi.algorithm``) run on a drawn
right-to-left line, both ways (helpers of :mod:`worker.engines.bidi_text`, whose module
doc tells how a drawn line is read back): backwards, the line as drawn put in reading
order with the levels resolved on a guess at it (:func:`reorder`); forwards, whether a
reading lays out as the line is drawn (:func:`lays_out`); and of the readings
:mod:`worker.engines.bidi_guess` offers, the one kept (:func:`reading`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from bidi import algorithm as _uba
from bidi.mirror import MIRRORED

from worker.engines import bidi_drawn, bidi_guess

_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_ARABIC_LETTER = "\u0628"  # beh: any letter of bidi class AL

# A word: text drawn left to right, and its horizontal extent.
VisualWord = tuple[str, float, float]


def reading(
    visual: list[VisualWord], chars: list[str], rtl_base: bool, as_digit: Sequence[int], *, latin: bool
) -> tuple[list[int], list[str]]:
    """The line ``visual`` (its words drawn left to right, ``chars`` those joined by one
    space each) in reading order, as indices into ``chars``, and its characters as read.
    ``latin``: whether it has words in other letters than the RTL scripts' (only such
    an RTL line can be read more than one way)."""
    order, shown = reorder(chars, bidi_guess.guess(visual, rtl_base), rtl_base, as_digit)
    read = bidi_drawn.as_written(chars, shown, order)
    if rtl_base and latin:
        return _other_reading(visual, chars, order, read, as_digit)
    return order, read


def _other_reading(
    visual: list[VisualWord], chars: list[str], order: list[int], read: list[str], as_digit: Sequence[int]
) -> tuple[list[int], list[str]]:
    """An RTL line with Latin words read the other way (:func:`bidi_guess.guess`) where
    the likelier reading (``order``, its characters ``read``) is not one the line can
    have come from, or leaves its brackets unpaired or against their text where the
    other does not ("Beta) 2.4.1)" lays out as drawn too, its brackets mirrored, for
    "2.4.1 (Beta)"). Lines that read the likelier way, most of them, cost one more pass
    of the algorithm. Where neither reading pairs the brackets, the readings with the
    brackets resolved as pairs (:func:`_paired_reading`)."""
    fits = lays_out(chars, order, True, as_digit)
    bad = _bracket_faults("".join([read[i] for i in order]))
    if fits and bad == (0, 0):
        return order, read
    best = order, read
    other, shown = reorder(chars, bidi_guess.guess(visual, True, runs=False), True, as_digit)
    if lays_out(chars, other, True, as_digit):
        other_read = bidi_drawn.as_written(chars, shown, other)
        other_bad = _bracket_faults("".join([other_read[i] for i in other]))
        if not fits or other_bad < bad:
            best, bad = (other, other_read), other_bad
    if bad != (0, 0):
        return _paired_reading(visual, chars, as_digit) or best
    return best


def _paired_reading(
    visual: list[VisualWord], chars: list[str], as_digit: Sequence[int]
) -> tuple[list[int], list[str]] | None:
    """The line read with its brackets resolved as pairs (rule N0, which python-bidi's
    algorithm predates): the likelier reading or the other, the first that lays out as
    drawn with its brackets paired, or None.

    Without N0 a bracket takes the direction of the text either side of it, and a
    closing bracket between a Latin word and the number after it is Latin: typed
    "(GPS) $20" in an Arabic line, the algorithm of today lays both brackets out with
    the line ("$20 (GPS)"), the old one reads that back as "GPS))$20". Tried only where
    neither reading pairs the brackets: most lines never get here."""
    for runs in (True, False):
        order, shown = reorder(chars, bidi_guess.guess(visual, True, runs=runs), True, as_digit, pairs=True)
        if not lays_out(chars, order, True, as_digit, pairs=True):
            continue
        read = bidi_drawn.as_written(chars, shown, order)
        if _bracket_faults("".join([read[i] for i in order])) == (0, 0):
            return order, read
    return None


def _bracket_faults(text: str) -> tuple[int, int]:
    """Brackets of ``text`` that pair with none, and those that stand against their text."""
    return bidi_drawn.unpaired(text), bidi_drawn.misplaced(text)


def reorder(
    chars: list[str], guess: list[int], rtl_base: bool, as_digit: Sequence[int] = (), *, pairs: bool = False
) -> tuple[list[int], list[str]]:
    """The visual string ``chars`` put through the algorithm's reordering (its order as
    indices into ``chars``, reversed first for an RTL line), with the levels resolved on
    ``guess`` (the logical order guessed, as indices into ``chars``); and the characters
    as read.

    The characters as read differ from those drawn in the mirrored pairs: a producer
    draws "(" at the end of an RTL phrase with the glyph of ")", and the text layer gives
    the glyph's character. Rule L4 maps them back, for the characters it finds RTL.
    ``as_digit``: characters the levels are resolved on as digits (a number's sign and
    group spaces, see :mod:`worker.engines.bidi_drawn`). ``pairs``: with the brackets
    resolved as pairs (:func:`_bracket_pairs`).
    """
    storage, recs = _levels(chars, guess, rtl_base, as_digit, pairs)
    # Lay the library's per-character records (tagged with where each was drawn) out in
    # drawing order (reversed for an RTL line, see the module's doc): its reordering
    # (rules L1-L2, which move the records around) then hands back a permutation.
    recs.sort(key=lambda rec: -rec["at"] if rtl_base else rec["at"])
    _uba.reorder_resolved_levels(storage, False)
    _uba.apply_mirroring(storage, False)
    # (only brackets differ as shown: the characters typed otherwise for the algorithm,
    # see _levels, are shown as drawn)
    shown = list(chars)
    for rec in recs:
        at = rec["at"]
        if chars[at] in MIRRORED:
            shown[at] = rec["ch"]
    order = [rec["at"] for rec in recs]
    if rtl_base:
        order.reverse()
    return order, shown


def lays_out(
    chars: list[str], order: list[int], rtl_base: bool, as_digit: Sequence[int], *, pairs: bool = False
) -> bool:
    """Whether the algorithm lays the line read in ``order`` (indices into the visual
    string ``chars``) out as ``chars`` are drawn: the reading is one the line can have
    come from. Brackets are not compared (they differ as a producer mirrors them or
    not); their levels are the same either way."""
    storage, recs = _levels(chars, order, rtl_base, as_digit, pairs)
    _uba.reorder_resolved_levels(storage, False)
    return all(rec["at"] == k for k, rec in enumerate(recs))


# Bidi classes the algorithm drops before it resolves levels (rule X9): a Persian word's
# zero-width non-joiner, a soft hyphen, embedding controls.
_DROPPED = frozenset(("BN", "LRE", "RLE", "LRO", "RLO", "PDF"))


def _levels(
    chars: list[str], order: list[int], rtl_base: bool, as_digit: Sequence[int], pairs: bool = False
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The algorithm's storage with the levels resolved on the line read in ``order``
    (indices into ``chars``), and its records in that order, each tagged ("at") with
    where its character was drawn.

    The characters are typed for the algorithm: ``as_digit`` as digits, and a character
    that rule X9 would drop (which would leave the records one short) as its neighbour,
    whose level it has."""
    typed = list(chars)
    for i in as_digit:
        typed[i] = bidi_drawn.DIGIT
    if not "".join(chars).isascii():
        for i, c in enumerate(chars):
            if not c.isascii() and unicodedata.bidirectional(c) in _DROPPED:
                typed[i] = typed[i - 1] if i and chars[i - 1] != " " else _neighbour(chars, i)
    text = "".join([typed[i] for i in order])
    # A line is a piece of a paragraph: in an Arabic one, a number that starts a line
    # follows an Arabic letter (at the end of the line above), which makes it an Arabic
    # number (rule W2: "12%" is then drawn "%12"). One Arabic letter before the line
    # stands for that context; it is dropped before the reordering.
    context = _ARABIC_LETTER if rtl_base and _ARABIC_RE.search(text) is not None else ""
    storage: dict[str, Any] = _uba.get_empty_storage()
    storage["base_level"] = 1 if rtl_base else 0
    storage["base_dir"] = "R" if rtl_base else "L"
    _uba.get_embedding_levels(context + text, storage)
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage)
    if pairs:
        _bracket_pairs(storage["chars"], storage["base_dir"])
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    recs: list[dict[str, Any]] = storage["chars"]
    if context:
        del recs[0]
    for i, rec in zip(order, recs, strict=True):
        rec["at"] = i
    return storage, recs


_CLOSING = {"(": ")", "[": "]", "{": "}"}  # the bracket pairs of rule N0 (BD16)
_MIRROR = {**_CLOSING, **{c: o for o, c in _CLOSING.items()}}


def _bracket_pairs(recs: list[dict[str, Any]], base_dir: str) -> None:
    """Rule N0 on the algorithm's records, after the weak types are resolved: each pair
    of brackets takes the direction of the line's level where the text between them has
    it; where that text has only the other direction, that direction if the text before
    the pair has it too, else the line's.

    The pairs are the brackets as read (BD16: an opening bracket closed by the next
    matching closing one, those between dropped) or, where they pair none, mirrored: a
    guess reads a bracket drawn at an RTL phrase's end, the glyph of the other one, in
    its place, its character as the text layer gives it."""
    found = _pairs(recs, {}) or _pairs(recs, _MIRROR)
    for i, j in sorted(found):
        level = "R" if recs[i]["level"] % 2 else "L"
        inside = {d for rec in recs[i + 1 : j] if (d := _strong(rec["type"]))}
        if level in inside:
            direction = level
        elif inside:
            before = next((d for rec in reversed(recs[:i]) if (d := _strong(rec["type"]))), base_dir)
            direction = before if before != level else level
        else:
            continue
        recs[i]["type"] = recs[j]["type"] = direction


def _pairs(recs: list[dict[str, Any]], mirror: dict[str, str]) -> list[tuple[int, int]]:
    """The bracket pairs of the records (BD16), each character read through ``mirror``."""
    stack: list[tuple[str, int]] = []
    found: list[tuple[int, int]] = []
    for k, rec in enumerate(recs):
        if rec["type"] != "ON":
            continue
        ch = mirror.get(rec["ch"], rec["ch"])
        if ch in _CLOSING:
            stack.append((_CLOSING[ch], k))
        elif ch in _MIRROR:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    found.append((stack[depth][1], k))
                    del stack[depth:]
                    break
    return found


def _strong(bidi_type: str) -> str:
    """The direction a resolved type counts as for rule N0: numbers count as R."""
    if bidi_type == "L":
        return "L"
    return "R" if bidi_type in ("R", "AL", "EN", "AN") else ""


def _neighbour(chars: list[str], i: int) -> str:
    """The next character after ``i`` that the algorithm keeps, or a space."""
    for c in chars[i + 1 :]:
        if c.isascii() or unicodedata.bidirectional(c) not in _DROPPED:
            return c
    return " "
