"""A right-to-left line's words as the text layer hands them over, and where producers
lay such lines out other than the bidi algorithm predicts (helpers of
:mod:`worker.engines.bidi_text`, which reads a drawn line back through UAX #9).

- The words themselves: drawn twice for a fake bold, or kept in pdfium's logical order
  where a short word's glyphs abut (:func:`drop_doubles`, :func:`undo_collapsed`).
- Numbers. A spreadsheet or a word processor lays a number out as one left-to-right
  unit, its sign and its digit groups included: "-4.3" is drawn "-4.3" in a Hebrew table,
  and "3 001" (a space as thousands separator) "3 001" in an Arabic one. The algorithm
  puts a leading minus (a separator, not part of the number) and a plain space between
  two numbers at the line's level, so read backwards it turns them into "4.3-" and
  "001 3". Such a sign and such a group space are handed to the algorithm as digits
  (:func:`number_parts`), so that it keeps the number whole and in the order drawn.
- Mirrored brackets. A producer draws "(" at the end of an RTL phrase with the glyph of
  ")", and its font maps that glyph either to the glyph's own character or (a word
  processor's, to the character typed) to the one as written; the text layer gives
  what the font says (worker/engines/pdfium_mirror.py undoes pdfium's own mirroring of
  some). Which one a line has shows in the result: brackets that open and close in
  pairs, and open before their text and close after it (:func:`as_written`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Letters (and marks) of the right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo,
# Samaritan, Mandaic, the Arabic supplements and presentation forms, and the RTL planes.
RTL_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
_LAM = "\u0644"
_ALEFS = "\u0627\u0622\u0623\u0625\u0671"  # alef, with madda, hamza above, hamza below, wasla
_LAM_ALEF = _LAM + _ALEFS

# A word: text drawn left to right, and its horizontal extent.
Word = tuple[str, float, float]

# A number drawn with its sign on the left: "-4.3", "+12", "-3 001" (U+2212 minus too);
# or with its currency sign there, as typed ("$50", "-€3.20", "₪120"): the algorithm
# puts a currency sign before a number in an Arabic line (an Arabic number there, rule
# W2, which a terminator does not join) at the line's level and lays "$50" out "50$",
# but producers that keep a number whole keep its currency sign with it.
_CURRENCY = (
    "$\u00a2-\u00a5\u058f\u060b\u09f2\u09f3\u0e3f\u20a0-\u20cf\ufdfc\ufe69\uff04\uffe0\uffe1\uffe5\uffe6"
)
_SIGNED_RE = re.compile(rf"(?:[-+\u2212][{_CURRENCY}]?|[{_CURRENCY}][-+\u2212]?)\d[\d.,\u066b\u066c]*%?")
_SIGNS_RE = re.compile(rf"[-+\u2212{_CURRENCY}]+")  # the signs that open such a number
# Digit groups of one number: a first group of one to three digits (maybe signed), then
# groups of exactly three, the last one maybe with decimals ("1 234,56").
_FIRST_GROUP_RE = re.compile(r"[-+\u2212]?\d{1,3}")
_GROUP_RE = re.compile(r"\d{3}(?:[.,\u066b]\d+)?")
# A group space is a thin space, at most this many ems: a word space is a quarter em or
# more, and numbers a word space apart are separate numbers, laid out as the algorithm
# says ("920 004 511", a phone number in an Arabic sentence, is drawn "511 004 920").
_GROUP_GAP_EM = 0.2
# What the algorithm is handed instead of a sign or a group space: a digit has the class
# of the number beside it in any context (European or Arabic number, rule W2).
DIGIT = "0"

_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<", "\u00bb": "\u00ab", "\u203a": "\u2039"}
_OPENERS = frozenset(_PAIRS.values())


def number_parts(visual: Sequence[Word], em: float) -> list[int]:
    """Of a line's words drawn left to right, joined by one space each: the characters
    the algorithm is to take for digits. They are a sign (and a currency sign) drawn
    left of its digits, and the space before a word that continues the number of the
    word before it as its next digit group."""
    out: list[int] = []
    at = 0  # where the word starts in the joined line
    prev_first = False  # the word before is a number's first group (or a group of it)
    prev_x1 = 0.0
    for text, x0, x1 in visual:
        if not text[0].isdigit() and _SIGNED_RE.fullmatch(text):
            signs = _SIGNS_RE.match(text)
            out.extend(range(at, at + (signs.end() if signs is not None else 1)))
        if prev_first and x0 - prev_x1 <= _GROUP_GAP_EM * em and _GROUP_RE.fullmatch(text):
            out.append(at - 1)
            prev_first = text.isdigit()  # a group with decimals ends the number
        else:
            prev_first = _FIRST_GROUP_RE.fullmatch(text) is not None
        prev_x1 = x1
        at += len(text) + 1
    return out


def as_written(chars: list[str], shown: list[str], order: list[int]) -> list[str]:
    """The characters as read: ``shown`` (the algorithm's, brackets mirrored by rule L4)
    unless ``chars`` (as the text layer gives them), read in ``order``, leave fewer
    brackets unpaired; then the text layer had them as written already, and mirroring
    them again would open what closes.

    A line is a piece of a paragraph: a bracket opened on the line before closes on
    this one ("McClintock) and ..."), and one of each reading is then unpaired. There
    the brackets' places tell: an opening bracket follows a space and precedes its
    text, a closing one the other way round; the reading with fewer brackets against
    their text wins ("Malorum) ... (Cicero)", not "Malorum( ... )Cicero(").
    """
    if shown == chars:
        return shown
    read = "".join([shown[i] for i in order])
    given = "".join([chars[i] for i in order])
    n_read, n_given = unpaired(read), unpaired(given)
    if n_read > n_given or (n_read == n_given and misplaced(read) > misplaced(given)):
        return chars
    return shown


def misplaced(text: str) -> int:
    """How many brackets of ``text`` stand against their text: an opening one with a
    space after it or a letter or digit before it, a closing one with a space before it
    or a letter or digit after it."""
    n = 0
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            n += (i < last and text[i + 1].isspace()) + (i > 0 and text[i - 1].isalnum())
        elif ch in _PAIRS:
            n += (i > 0 and text[i - 1].isspace()) + (i < last and text[i + 1].isalnum())
    return n


def unpaired(text: str) -> int:
    """How many brackets of ``text`` do not pair up: a closing one with no opening one
    before it, or an opening one never closed."""
    stack: list[str] = []
    n = 0
    for ch in text:
        if ch in _OPENERS:
            stack.append(ch)
        elif ch in _PAIRS:
            if stack and stack[-1] == _PAIRS[ch]:
                stack.pop()
            else:
                n += 1
    return n + len(stack)


def drop_doubles(words: list[Word], em: float) -> list[Word]:
    """Words drawn twice a hair apart (a fake bold) once."""
    out: list[Word] = []
    near = 0.2 * em
    for w in words:
        text, x0 = w[0], w[1]
        k = len(out) - 1
        while k >= 0 and x0 - out[k][1] < near:  # sorted by x0: only the last few are near
            if out[k][0] == text:
                break
            k -= 1
        else:
            out.append(w)
    return out


def undo_collapsed(words: list[Word], em: float) -> list[Word]:
    """Words the text layer hands over in pdfium's order rather than as drawn, put back.

    - The text layer splits a word whose last glyph lies left of its first (pdfium reads
      an RTL line in logical order); a two-letter Hebrew or Arabic word whose glyphs
      abut passes that test, and comes as one span in logical order, its box from its
      first glyph's left edge to its last glyph's right edge: about zero wide. Its text
      is turned back to drawing order and its box spread to a narrow letter's width
      either side of the middle (a wider guess runs into the word space, and the
      neighbours' boxes are a bound too).
    - A lam-alef ligature is one glyph (its two letters share one box, in either order
      depending on the producer) or two crossing glyphs: its letters are put in drawing
      order, alef (the left stroke) first, whichever order they came in. Two crossing
      glyphs are taken for a ligature stored out of order only where their positions say
      so (:func:`_alef_drawn_left`): a lam and then an alef that overlap are also how an
      alef followed by a lam is drawn ("حالیکه") in a tightly set font whose glyph boxes
      are wider than their advances.
    """
    out = list(words)
    for k, (text, x0, x1) in enumerate(words):
        n = len(text)
        if n == 2 and text[0] in _LAM_ALEF and text[1] in _LAM_ALEF and text[0] != text[1]:
            out[k] = (text if text[1] == _LAM else text[::-1], x0, x1)
            continue
        if n < 2 or x1 - x0 > 0.05 * em * n or RTL_RE.search(text) is None:
            continue
        half = 0.22 * em * n  # half a word of n narrow letters
        centre = (x0 + x1) / 2
        left = max(centre - half, words[k - 1][2] if k else centre - half)
        right = min(centre + half, words[k + 1][1] if k + 1 < len(words) else centre + half)
        out[k] = (text[::-1], min(left, x0), max(right, x1))
    # One-letter pieces of a lam-alef: the two boxes overlap (the same box for one glyph).
    for k in range(len(out) - 1):
        (a, a0, a1), (b, b0, b1) = out[k], out[k + 1]
        if a == _LAM and b in _ALEFS and _alef_drawn_left((a0, a1), (b0, b1)):
            out[k], out[k + 1] = out[k + 1], out[k]
    return out


def _alef_drawn_left(lam: tuple[float, float], alef: tuple[float, float]) -> bool:
    """Whether a lone lam and the lone alef sorted after it (left to right by their left
    edges) are the two strokes of one lam-alef, the alef the left one: their boxes
    overlap by more than half the narrower one (the same box for one glyph), and the
    alef's centre lies left of the lam's or on it (its box inside the lam's). Then
    sorting put them in the wrong order, and the alef goes first.

    An alef drawn right of the lam (its centre right of the lam's) is in drawing order
    already: read right to left it comes before the lam ("ال", "حالیکه"), and no
    ligature joins an alef to a following lam; boxes overlapping is no evidence against
    that, a justified or tightly set line's glyph boxes overlap their neighbours'."""
    (a0, a1), (b0, b1) = lam, alef
    return min(a1, b1) - max(a0, b0) > 0.5 * min(a1 - a0, b1 - b0) and b0 + b1 <= a0 + a1
