"""Right-to-left lines (Arabic, Hebrew, Persian) from the order they are drawn in to the
order they are read in.

A PDF draws glyphs where they appear: the text layer's words come out of the layout
sorted left to right, each word's characters left to right too, so an Arabic line reads
backwards, a lam-alef ligature reads alef-lam, and a Latin word or a number inside the
line is the only part the right way round. Reading order is what the Unicode
bidirectional algorithm (UAX #9) says it is; it is defined from logical to visual order,
so this module runs it backwards:

- an RTL line's visual string reversed is its logical string, except that the runs the
  algorithm lays out left to right (Latin words, numbers) are then backwards. Those runs
  are the ones that get an even level, and the levels come out the same from the
  reversed string (a run's characters and their neighbours are the same, only mirrored),
  so the algorithm's own reordering of the reversed string, reversed again, is the
  logical order. For a left-to-right line with an RTL phrase in it, the visual string
  reordered is the logical one (reversing a level-1 run undoes itself).
- the levels are resolved on a guess at the logical line (:mod:`worker.engines.bidi_guess`),
  since a drawn line can come from more than one: where a line with Latin words read the
  likelier way is not one the algorithm lays out as drawn, or leaves its brackets
  unpaired, the other reading is tried (the algorithm run forwards on it says).
- the algorithm (python-bidi's, ``bidi.algorithm``) works per character; each character
  is tagged with the word it was drawn in, so every word of the logical line keeps its
  box (a word split between two runs gets the share of its box its characters cover).

Arabic presentation forms (U+FB50-FDFF, U+FE70-FEFF: what older producers and shaping
libraries map glyphs to) are folded to their base letters after reordering, so that a
lam-alef ligature comes out as lam then alef.

Nothing here runs for ASCII or left-to-right-only text: :func:`has_rtl` decides with
``str.isascii`` and one regex search, and the layout calls the rest only for the lines
it flags. Kept out of the mypyc-compiled layout because it calls into python-bidi's pure
Python code and runs on few lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from worker.engines import bidi_drawn, bidi_guess, bidi_levels

# Letters (and marks) of the right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo,
# Samaritan, Mandaic, the Arabic supplements and presentation forms, and the RTL planes.
_RTL_RE = bidi_drawn.RTL_RE
_FORMS_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
# A tatweel that stretches a word: one with a letter after it. One that ends a word spells
# an abbreviation ("بـ" for "بِ", "هـ" after a Hijri year) and stays.
_STRETCH_RE = re.compile("\u0640+(?=[^\\W\\d_])")

# A mixed line reads against its page's direction when it has this many times more words
# of the other direction.
_OUTVOTE = 3

# Pieces this close (ems) touch: pdfium's reordering cut a run there, no space did.
_TOUCH_EM = 0.05

# A word: text drawn left to right, and its horizontal extent.
VisualWord = tuple[str, float, float]


def has_rtl(text: str) -> bool:
    """Whether ``text`` has any right-to-left letter (the cheap test the layout runs per line)."""
    return not text.isascii() and _RTL_RE.search(text) is not None


def fold_presentation_forms(text: str) -> str:
    """Arabic presentation forms to their base letters (NFKC on those characters only).

    Only these: NFKC elsewhere would also rewrite ligatures, superscripts, full-width
    forms and the like that the text layer keeps as drawn.
    """
    if _FORMS_RE.search(text) is None:
        return text
    return _FORMS_RE.sub(_fold_one, text)


def _fold_one(m: re.Match[str]) -> str:
    folded = unicodedata.normalize("NFKC", m.group())
    # The isolated forms of the vowel signs (U+FE70..) decompose to a space and the mark;
    # inside a word that space would split it.
    return folded.lstrip(" ") if len(folded) > 1 else folded


def rtl_share(texts: Sequence[str]) -> float:
    """Share of the letters in ``texts`` that belong to right-to-left scripts: which way a
    page reads, for lines that mix both and so could be read either way."""
    rtl = other = 0
    for text in texts:
        if text.isascii():
            other += sum(1 for c in text if c.isalpha())
            continue
        n = len(_RTL_RE.findall(text))
        rtl += n
        other += sum(1 for c in text if c.isalpha()) - n
    total = rtl + other
    return rtl / total if total else 0.0


def logical_words(
    words: Sequence[VisualWord], em: float, rtl_page: bool, spaces: Sequence[float] = ()
) -> list[VisualWord]:
    """A line's words, given left to right as drawn, in reading order.

    ``words``: (text, x0, x1), each text left to right as drawn (sorted by x0 here). ``em``: the
    line's font size, for the join gap. ``rtl_page``: whether the page mostly reads right
    to left; it decides the direction of a line that mixes scripts (a lone Arabic name on
    an English page, a Latin brand name in an Arabic sentence), which its glyphs alone
    cannot: "Name: <arabic>" and "<arabic> :Name" are drawn the same. ``spaces``: see
    :func:`_rejoin`.
    """
    drawn = bidi_drawn.drop_doubles(sorted(words, key=lambda w: w[1]), em)  # stable: ties keep their order
    drawn = [(_marks_first(t), a, b) for t, a, b in drawn]
    visual = _rejoin(bidi_drawn.undo_collapsed(drawn, em), em, spaces)
    if not visual:
        return []
    chars: list[str] = []
    owner: list[int] = []  # per character: its visual word, -1 for the spaces between words
    n_rtl = n_ltr = 0
    for k, (text, _, _) in enumerate(visual):
        if k:
            chars.append(" ")
            owner.append(-1)
        chars.extend(text)
        owner.extend([k] * len(text))
        d = bidi_guess.direction(text)
        if d > 0:
            n_rtl += 1
        elif d < 0:
            n_ltr += 1
    # A line of one direction reads that way; a mixed one the way its page does, unless
    # it is mostly of the other direction (an English sentence naming an Arabic city on
    # an Arabic page).
    if n_ltr == 0 and n_rtl == 0:
        # No letters at all (a table cell "08:30-16:00", "1 200"): such a line is laid out
        # in its paragraph's direction, which on an RTL page is right to left: the numbers
        # keep their order inside but are placed right to left with the neutrals between
        # them ("16:00-08:30" drawn), so the algorithm has to undo that too.
        rtl_base = rtl_page
    elif n_ltr == 0 or n_rtl == 0:
        rtl_base = n_rtl > 0
    elif _labelled(visual):
        rtl_base = True
    elif rtl_page:
        rtl_base = n_ltr < _OUTVOTE * n_rtl
    else:
        rtl_base = n_rtl >= _OUTVOTE * n_ltr
    # Numbers laid out whole, and brackets the text layer may give as written already:
    # see bidi_drawn.
    as_digit = bidi_drawn.number_parts(visual, em)
    order, read = bidi_levels.reading(visual, chars, rtl_base, as_digit, latin=n_ltr > 0)
    return _regroup(visual, read, owner, order)


def _labelled(visual: list[VisualWord]) -> bool:
    """Whether a mixed line opens with an RTL label: RTL words at the right end, the
    last of them with its colon drawn on its left (":<label>"), as an RTL line lays a
    label out; the line reads right to left whatever the number of Latin words after it
    ("توضیحات: Check-in from 14:00, Check-out 12:00"). (A left-to-right line's label
    at the left end is no such sign: an RTL line ends "... (USD): 250" with "USD):"
    there too.)"""
    for text, _, _ in reversed(visual):
        if bidi_guess.direction(text) <= 0:
            return False
        if text[0] == ":" and len(text) > 1:
            return True
    return False


def has_letters(text: str) -> bool:
    """Whether ``text`` has a letter of any script: a line without one has no direction
    of its own (digits, signs, punctuation) and takes its paragraph's."""
    return any(c.isalpha() for c in text)


def visual_words(words: Sequence[VisualWord], em: float) -> list[VisualWord]:
    """A left-to-right line's words on a page with RTL text: left to right, rejoined
    where pdfium's reordering split a run without a gap (see :func:`_rejoin`)."""
    return _rejoin(bidi_drawn.drop_doubles(sorted(words, key=lambda w: w[1]), em), em)


def _rejoin(words: Sequence[VisualWord], em: float, spaces: Sequence[float] = ()) -> list[VisualWord]:
    """Words that touch made one again, and vowel signs put back into their words.

    pdfium reorders an RTL line itself and marks each place where its runs meet as a word
    break, with no gap ("info@example." / "com"), and the layout takes glyphs that
    overlap much for separate words; the glyphs' positions say where the spaces really
    are: the layout's word gap, as between fragments of a row. Vowel signs
    and other marks (harakat, niqqud) are glyphs of their own, drawn over or under a
    letter: each goes into the word it overlaps, before the letter under its centre, so
    that it follows that letter once the word is read right to left. Glyphs with one of
    ``spaces`` (the left edges of spaces the text layer read between touching RTL glyphs)
    between them stay apart: a Persian zero-width non-joiner drawn as a kerned-back space.
    """
    out: list[list[Any]] = []
    join_max = 0.15 * em  # thresholds.WORD_GAP_EM
    touch = _TOUCH_EM * em
    for text, x0, x1 in words:
        if not text:
            continue
        if out:
            prev = out[-1]
            gap = x0 - prev[2]
            if (
                gap < 0
                and prev[2] > prev[1]
                and unicodedata.category(text[0]) in _MARK_CATEGORIES
                and _is_marks(text)
            ):
                centre = (x0 + x1) / 2
                n = len(prev[0])
                at = min(n - 1, max(0, int((centre - prev[1]) / (prev[2] - prev[1]) * n)))
                prev[0] = prev[0][:at] + text + prev[0][at:]
                continue
            # Overlapping glyphs are one word here, however much they overlap: a
            # ligature's letters (lam-alef in Naskh overlap by half a glyph) and marks.
            # Between words of an RTL line there is always a space. Between two pieces
            # with no RTL letter, pdfium's break is a real space unless the pieces touch
            # (where its reordering cut a run): a justified line's spaces shrink to the
            # word gap ("of any").
            if (
                gap <= join_max
                and (gap <= touch or _RTL_RE.search(text) or _RTL_RE.search(prev[0]))
                and not any(min(x0, prev[2]) - touch <= at <= max(x0, prev[2]) + touch for at in spaces)
            ):
                prev[0] += text
                prev[2] = max(prev[2], x1)
                continue
        out.append([text, x0, x1])
    return [(t, a, b) for t, a, b in out]


_MARK_CATEGORIES = ("Mn", "Me")


def _marks_first(text: str) -> str:
    """A right-to-left glyph and the marks set over it (a shadda, a vowel point), glued
    after it in the order they were drawn, laid out as the algorithm takes a visual
    string: the marks left of their letter (rule L3), so that the reordering puts them
    after it again ("دفّة", not "دّفة"). Only a single letter with its marks: a longer word
    was given whole, in whatever order its producer chose; and a mark that pdfium glued
    to the punctuation before its letter is left where it is."""
    if (
        len(text) < 2
        or _RTL_RE.match(text) is None
        or unicodedata.category(text[0])[0] != "L"  # a mark glued to a comma is not its
        or not _is_marks(text[1:])
    ):
        return text
    return text[1:] + text[0]


def _is_marks(text: str) -> bool:
    return all(unicodedata.category(c) in _MARK_CATEGORIES for c in text)


def _regroup(
    visual: list[VisualWord], chars: list[str], owner: list[int], order: list[int]
) -> list[VisualWord]:
    """The logical character order cut into words at the spaces, each with its box."""
    # Where each character sits inside its visual word, for the share of its box.
    pos = [0] * len(chars)
    k_prev, at = -1, 0
    for i, k in enumerate(owner):
        if k != k_prev:
            k_prev, at = k, 0
        pos[i] = at
        at += 1
    out: list[VisualWord] = []
    cur: list[int] = []
    for i in [*order, -1]:
        if i >= 0 and owner[i] >= 0:
            cur.append(i)
            continue
        if cur:
            # Tatweels out: a justified line's kashidas stretch words, they spell nothing;
            # one that closes a word marks an abbreviation and stays.
            text = _STRETCH_RE.sub("", fold_presentation_forms("".join([chars[j] for j in cur])))
            if text:
                out.append((text, *_extent(visual, owner, pos, cur)))
            cur = []
    return out


def _extent(
    visual: list[VisualWord], owner: list[int], pos: list[int], idx: list[int]
) -> tuple[float, float]:
    """The horizontal extent of characters ``idx``: their words' boxes, or the share of
    a box that its characters cover when only some of a word's characters are in."""
    k = owner[idx[0]]
    if len(idx) == len(visual[k][0]) and all(owner[i] == k for i in idx):
        return visual[k][1], visual[k][2]  # a whole word, as most are
    x0 = x1 = None
    for k in dict.fromkeys(owner[i] for i in idx):
        text, w0, w1 = visual[k]
        mine = [pos[i] for i in idx if owner[i] == k]
        n = len(text)
        if len(mine) < n:  # part of the word: its characters' share, by count
            step = (w1 - w0) / n
            w0, w1 = w0 + step * min(mine), w0 + step * (max(mine) + 1)
        x0 = w0 if x0 is None or w0 < x0 else x0
        x1 = w1 if x1 is None or w1 > x1 else x1
    assert x0 is not None and x1 is not None  # idx is never empty
    return x0, x1
