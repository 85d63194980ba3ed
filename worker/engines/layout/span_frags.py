"""Layer 1, first pass: a PDF text layer's spans, in content-stream order, to fragments
(spans that follow each other on one row without a wide gap), their words joined where
the text layer breaks a word; spans.py groups the fragments into rows and lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from worker.engines.layout.thresholds import ROW_OVERLAP, SPLIT_GAP_EM, WORD_GAP_EM
from worker.engines.textlayer import TextSpan

# A fragment at least this large against the line it follows is no raised marker.
NEW_WORD_SIZE = 0.9
# A sub- or superscript follows the glyph before it closer than a word space and stands
# off its baseline: its box's foot this many ems of the word's size above or below the
# word's (small capitals share the baseline: their feet differ by a third of that).
_SCRIPT_SHIFT_EM = 0.1
# Relation signs, which math sets a thick space (5/18 em) apart from what they relate; a
# gap this wide (ems) beside one is that space, though the text layer glues the glyphs
# into one word ("=a" for "= a"): relation glyphs typed without spaces ("x=y") abut.
_RELATIONS = frozenset("=<>\u2264\u2265\u226a\u226b\u2248\u2260\u223c\u2261")
_RELATION_SPACE_EM = 0.08
# A footnote mark has at most this many characters ("1", "12", "*", "a").
_MARK_CHARS = 3


@dataclass(slots=True)
class Frag:
    """Spans that follow each other on one row without a wide gap."""

    words: list[list[Any]]  # [text, x0, x1] per word, as drawn (not stripped)
    x0: float
    top: float
    x1: float
    bottom: float
    n: int  # characters, for size/bold averages
    size_sum: float
    bold_n: int
    cont: bool = False  # its first span continues the previous span's word (text layer)
    note_mark: bool = False  # its first word is a raised note marker set apart ("1 Clay")

    @property
    def text(self) -> str:
        words = self.words
        return words[0][0] if len(words) == 1 else " ".join([w[0] for w in words])


def runs_to_frags(spans: Sequence[TextSpan]) -> list[Frag]:
    # First pass in content-stream order: most streams draw a line (or a word) at a time,
    # so consecutive spans almost always continue the current fragment. This keeps the
    # per-span work to a few comparisons; the expensive geometric grouping then runs on
    # fragments, which are 5-10x fewer. The fragment being built lives in local variables.
    frags: list[Frag] = []
    words: list[list[Any]] = []
    word: list[Any] = []
    f_x0 = f_top = f_x1 = f_bottom = f_size_sum = 0.0
    f_n = f_bold_n = 0
    f_cont = f_mark = False
    last_top = last_bottom = last_x0 = last_x1 = last_size = 0.0
    # The last span was a small mark glued to the word before it (a footnote mark, a
    # subscript): what follows it at the word's size without a word gap (the "." of
    # "soils1.") is the same word, though pdfium breaks it off (its baseline changed).
    last_mark = False
    last_n = 0  # the last span's characters
    last_end = ""  # the last span's last character
    split_em, word_em = SPLIT_GAP_EM, WORD_GAP_EM
    for t, x0, top, x1, bottom, size, bold, joined in spans:  # TextSpan is a named tuple
        n = len(t)
        if words:
            em = size if size > last_size else last_size
            if em <= 0:
                em = bottom - top  # no font size at all: the box height will do
            gap = x0 - last_x1
            # Glyphs may overlap (kerning; pdfium gives both halves of an "fi" ligature
            # the ligature's box), but starting left of the previous span is a new line
            # or a second layer of text; a wide jump right is a gutter or cell gap.
            if (
                x0 >= last_x0 - 0.1 * em
                and gap <= split_em * em
                and (
                    (top == last_top and bottom == last_bottom)
                    or (
                        (overlap := min(bottom, last_bottom) - max(top, last_top)) > 0
                        and overlap >= ROW_OVERLAP * min(bottom - top, last_bottom - last_top)
                    )
                )
            ):
                # A footnote's own mark, raised and small at the start of its line, is no
                # part of the first word of the note ("1 Clay", not "1Clay").
                note_mark = (
                    len(words) == 1
                    and last_size < NEW_WORD_SIZE * size
                    and last_bottom < bottom - 0.1 * size
                    and len(word[0]) == last_n <= _MARK_CHARS
                )
                # A sub- or superscript set on the word's last glyph, touching it, is part
                # of the word as the characters run ("x2", "f(x)*", "m.4"), though the text
                # layer breaks the word where the baseline moves.
                script = (
                    not joined
                    and size < NEW_WORD_SIZE * last_size
                    and gap >= -0.1 * em
                    and abs(bottom - last_bottom) > _SCRIPT_SHIFT_EM * last_size
                )
                if (
                    gap > word_em * em
                    # (math sets a relation apart by a thick space, which the text
                    # layer's loose boxes narrow to a tenth of an em: "= a", not "=a")
                    or (
                        joined
                        and gap >= _RELATION_SPACE_EM * em
                        and (t[:1] in _RELATIONS or last_end in _RELATIONS)
                    )
                    or not (
                        joined
                        or script
                        or (last_mark and size * NEW_WORD_SIZE >= last_size and gap > -0.1 * em)
                    )
                    or note_mark
                ):
                    f_mark = f_mark or note_mark
                    word[2] = last_x1
                    word = [t, x0, 0.0]
                    words.append(word)
                    last_mark = False
                else:
                    word[0] += t
                    # (the glyphs of a script run on as its mark: "xy" after "I" in "Ixy,")
                    last_mark = (joined or script) and (
                        size < NEW_WORD_SIZE * last_size or (last_mark and size <= last_size)
                    )
                if x0 < f_x0:
                    f_x0 = x0
                if x1 > f_x1:
                    f_x1 = x1
                if top < f_top:
                    f_top = top
                if bottom > f_bottom:
                    f_bottom = bottom
                f_n += n
                f_size_sum += size * n
                if bold:
                    f_bold_n += n
                last_top, last_bottom, last_x0, last_x1, last_size = top, bottom, x0, x1, size
                last_n = n
                last_end = t[-1:]
                continue
            word[2] = last_x1
            frags.append(Frag(words, f_x0, f_top, f_x1, f_bottom, f_n, f_size_sum, f_bold_n, f_cont, f_mark))
        word = [t, x0, 0.0]
        words = [word]
        last_mark = f_mark = False
        f_cont = joined
        f_x0, f_top, f_x1, f_bottom = x0, top, x1, bottom
        f_n, f_size_sum, f_bold_n = n, size * n, n if bold else 0
        last_top, last_bottom, last_x0, last_x1, last_size = top, bottom, x0, x1, size
        last_n = n
        last_end = t[-1:]
    if words:
        word[2] = last_x1
        frags.append(Frag(words, f_x0, f_top, f_x1, f_bottom, f_n, f_size_sum, f_bold_n, f_cont, f_mark))
    return frags
