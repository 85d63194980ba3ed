"""The glyph-by-glyph split of the text layer: a pdfium word whose glyphs change text
object or line, or stand apart by a gap pdfium made no space of (character spacing,
condensed print), read as one span per stretch that does not, each marked as continuing
the word or not.

This is the text layer's most often run Python loop (LibreOffice draws kerned words in
several text objects: a third of a page's glyphs come here), so it is written for speed:
pdfium's reads come in one call a word (:meth:`_CharReader.glyph_records`), and the piece
being built is held in locals.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import insort
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from worker.engines.bidi_drawn import RTL_RE
from worker.engines.text_fonts import SYMBOL_CODES
from worker.engines.text_spans import TextSpan

if TYPE_CHECKING:
    from worker.engines.text_extract import _Extractor


def _pieces(ex: _Extractor, text: str, start: int, end: int) -> None:
    """A word whose glyphs change object or line: one span per stretch that does not."""
    # Glyph by glyph: the page's most often run Python loop (a page of justified
    # prose sends a few hundred glyphs here). So _box and fonts.at are inlined as in
    # _add_words, and the piece being built is held in locals, made a span when the
    # next one starts: the same calls and spans as a list of pieces would give.
    to_display, page_top = ex.to_display, ex.frame.top
    fonts, spans, new = ex.fonts, ex.spans, tuple.__new__
    add_object = ex.span_objects.append  # a piece's text object: its glyphs share one (cur_obj)
    by_object, shear = fonts.by_object, fonts.shear
    # The piece being built: its text ("" until its first glyph), box, size, bold, joined.
    p_text = ""
    p_index = 0  # the piece's first glyph's index in the text page
    p_x0 = p_top = p_x1 = p_bottom = p_size = 0.0
    p_bold = p_joined = False
    cur_obj = -1
    glyph_x0 = 0.0  # where the previous glyph starts
    spacing = 0.0  # the word's letter spacing, measured when first needed
    tighter = 0.0  # min(spacing, 0.0), worked out once when spacing is measured
    line_spacing = 0.0  # its line's, from the words of it measured so far
    measured = False
    # The word-gap thresholds at a glyph's size, worked out again only when the size
    # changes (or the spacing is measured): most words keep one size throughout.
    gap_size = _NAN  # the size they were worked out for (NaN: none yet)
    join = word_gap = 0.0
    condensed = False
    hidden = 0  # glyphs drawn invisible, added to ex.invisible at the end
    join_em, measure_em, condensed_em = _JOIN_GAP_EM, _MEASURE_GAP_EM, _CONDENSED_EM  # locals: read per glyph
    glyphs = ex.chars.glyph_records(start, end)
    for i, left, rtop, right, rbottom, obj in glyphs:
        props = by_object.get(obj) if obj else None
        if props is None:
            props = fonts.at(i, obj)
        size, bold, invisible, angle = props
        if shear and obj in shear:  # rare: slanted text, boxed from origin to advance
            left, right = ex._unshear(i, shear[obj], left, rtop, right, rbottom)
        if to_display is None:
            x0, top, x1, bottom = left, page_top - rtop, right, page_top - rbottom
        else:
            x0, top, x1, bottom = to_display(left, rbottom, right, rtop)
        if angle:
            ex._turn(text, i, i + 1, size, bold, invisible, angle)
            continue
        if size <= 0.5:
            size = bottom - top
        hidden += invisible
        ch = text[i]
        if p_text:
            # Inside one text object too, a gap wider than a word gap beyond the
            # word's own letter spacing is a space that pdfium did not make: one
            # drawn with character spacing (Ghostscript: "(J)...2.5 Tc (.P)").
            # Condensed print's letters overlap (a negative Tc): its word gap is
            # as much narrower, so a gap well short of a word gap is measured too.
            gap = x0 - p_x1
            if gap > measure_em * size and not measured:
                if shear:  # rare: _box unshears glyph by glyph
                    boxes = [b for k in range(start, end) if (b := ex._box(k)) is not None]
                elif to_display is None:
                    boxes = [(g[1], page_top - g[2], g[3], page_top - g[4]) for g in glyphs]
                else:
                    boxes = [to_display(g[1], g[4], g[3], g[2]) for g in glyphs]
                gaps = _glyph_gaps(boxes)
                spacing = _letter_spacing(gaps)
                # Condensed or not is the line's: the words of the line measured so
                # far pooled (a short word's few gaps say little: "claims" in print
                # whose "c" stands 0.1 em clear of the next letter, its other letters
                # kerned tight).
                # (Kept sorted as it grows: its median is read at every word.)
                pooled = ex.line_gaps.setdefault((top, bottom), [])
                for g in gaps:
                    insort(pooled, g)
                if len(pooled) >= _MIN_CONDENSED_GAPS:
                    line_spacing = pooled[len(pooled) // 2]
                measured = True
                tighter = min(spacing, 0.0)
                gap_size = _NAN  # the thresholds anew, with the spacing measured
            if size != gap_size:
                gap_size = size
                join = join_em * size
                condensed = line_spacing < -condensed_em * size
                if condensed:  # and no letter of it stands apart from the one before by more than a hair
                    word_gap = max(_CONDENSED_JOIN_EM * size + line_spacing, _CONDENSED_HAIR_EM * size)
                else:
                    word_gap = join + tighter
            # (No letter below U+0590 is right-to-left: most glyphs skip the lookup.)
            rtl = ch >= "\u0590" and _rtl_letter(ch)
            if (
                obj == cur_obj
                and top == p_top
                and bottom == p_bottom
                and x0 >= p_x0
                and (
                    gap <= word_gap
                    or (not condensed and gap - spacing <= join)
                    # RTL letters of one word, whatever their gap (a kashida's);
                    # not an RTL letter after a quote or bracket a space away
                    or (rtl and _rtl_or_mark(p_text[-1]))
                )
            ):
                p_text += ch
                if x1 > p_x1:  # max(p_x1, x1), without the call
                    p_x1 = x1
                glyph_x0 = x0
                continue
            # A gap wider than a hair inside one pdfium word is still a word break. A
            # glyph may reach back over the previous one (an italic "y" under the "l"
            # of "independently", 0.11 em): it continues the word unless it starts
            # left of where the previous glyph starts (a new line, another layer).
            # Right-to-left letters keep the narrow overlap: their pieces are put in
            # logical order later (bidi_text), and a lam-alef joined here came apart.
            reach = -0.1 * size if rtl else glyph_x0 - p_x1
            joined = reach <= gap <= word_gap
            if len(p_text) == 1 and p_text in SYMBOL_CODES:
                # A dingbat's box or bullet set against its label in another font
                # ("qYes"): the glyph it shows, and the label a word of its own.
                shown = fonts.symbol_glyph(p_index, cur_obj, p_text)
                joined = joined and shown == p_text
                p_text = shown
            spans.append(new(TextSpan, (p_text, p_x0, p_top, p_x1, p_bottom, p_size, p_bold, p_joined)))
            add_object(cur_obj)
        else:
            joined = False
        if invisible:
            ex.hidden.append(len(spans))
        p_text, p_x0, p_top, p_x1, p_index = ch, x0, top, x1, i
        p_bottom, p_size, p_bold, p_joined = bottom, size, bold, joined
        cur_obj = obj
        glyph_x0 = x0
    if p_text:
        if len(p_text) == 1 and p_text in SYMBOL_CODES:
            p_text = fonts.symbol_glyph(p_index, cur_obj, p_text)
        spans.append(new(TextSpan, (p_text, p_x0, p_top, p_x1, p_bottom, p_size, p_bold, p_joined)))
        add_object(cur_obj)
    ex.invisible += hidden


_NAN = float("nan")  # equal to no size: thresholds not yet worked out
# Inside one pdfium word, a piece that starts within this many ems of the previous
# piece's end continues the word (the layout's WORD_GAP_EM).
_JOIN_GAP_EM = 0.15
# Condensed print: a word whose letters overlap the one before by over this many ems
# (its letter spacing, the median gap), not merely kerned tight here and there (a
# letter spacing of -0.01 to -0.02 em, with single gaps of +0.1 em where a font's widths
# run short).
_CONDENSED_EM = 0.03
# Fewer glyph gaps than this, of a line's words measured so far, do not tell.
_MIN_CONDENSED_GAPS = 8
# Its word space is condensed as much: a gap this many ems over the letter spacing is a
# word space there.
_CONDENSED_JOIN_EM = 0.08
# Nor do its letters stand apart by more than this many ems (some pairs of a kerned
# condensed word abut, at 0 where the rest overlap): a wider gap is a word space.
_CONDENSED_HAIR_EM = 0.04
# A gap inside a pdfium word wider than this many ems has the word's letter spacing
# measured: a condensed word's letters overlap, its word gap is narrower than the above.
_MEASURE_GAP_EM = 0.05
# Fewer gaps than this inside a word say nothing of its letters' overlap.
_MIN_OVERLAP_GAPS = 3


def _glyph_gaps(boxes: list[tuple[float, float, float, float]]) -> list[float]:
    """The gaps between a word's glyphs, each from the furthest right the glyphs before
    it reach."""
    gaps = []
    reach = None
    for x0, _top, x1, _bottom in boxes:
        if reach is not None:
            gaps.append(x0 - reach)
            reach = max(reach, x1)
        else:
            reach = x1
    return gaps


def _letter_spacing(gaps: list[float]) -> float:
    """The typical gap between a word's glyphs (0 unless letter-spaced or condensed),
    of its ``gaps`` (:func:`_glyph_gaps`): the lower median; negative (the upper median)
    where most of its glyphs overlap the one before (condensed print)."""
    if not gaps:
        return 0.0
    gaps = sorted(gaps)
    low, high = gaps[(len(gaps) - 1) // 2], gaps[len(gaps) // 2]
    if low >= 0:
        return low
    return high if high < 0 and len(gaps) >= _MIN_OVERLAP_GAPS else 0.0


def _split_after_rtl(
    text: str, records: Iterable[tuple[int, int, int, float, float, float, float, int]]
) -> Iterator[tuple[int, int, int, float, float, float, float, int]]:
    """The word records of a page with RTL text, those that may hold a word space
    pdfium misplaced sent to the glyph split (:func:`_pieces`).

    Where an RTL run ends inside a left-to-right line, pdfium's own reordering puts the
    space after the run before the run's last neutral glyph (a closing quote drawn at
    its left end): its text reads "run", " ", "“or" while the page shows "run“ or". The
    word that starts with such a glyph right after a space after an RTL letter (or mark)
    is cut where its glyphs stand a word gap apart, so the quote stays with the run.

    A word that mixes RTL letters with other characters ("word(" where a bracket
    closes an Arabic phrase, a Latin name glued to a Hebrew prefix) goes there too:
    pdfium gives an RTL run in logical order, and the word records catch that only by
    the last glyph lying left of the first, which a neutral or Latin glyph drawn at the
    run's right end hides. Kept whole, such a word reaches the layout in logical order
    with a box from one end of the run to the other glyph, and is read backwards again
    there (and its box crosses its neighbours'); split, each glyph is placed where it
    is drawn.
    """
    for rec in records:
        i, end = rec[0], rec[1]
        if (
            end - i > 1
            and not rec[2] & 5
            and (
                (i >= 2 and not text[i].isalnum() and text[i - 1].isspace() and _rtl_or_mark(text[i - 2]))
                or _mixed_rtl(text[i:end])
            )
        ):
            yield i, end, 1, 0.0, 0.0, 0.0, 0.0, 0
        else:
            yield rec


# Characters outside the RTL scripts' blocks (bidi_drawn.RTL_RE's complement), for
# _mixed_rtl; the zero-width (non-)joiners are part of Persian words.
_NOT_RTL_RE = re.compile(
    "[^\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff\u200c\u200d]"
)


def _mixed_rtl(word: str) -> bool:
    """Whether ``word`` has RTL letters and characters of no RTL script (one regex
    search past the ASCII test: most words of an RTL page are one or the other)."""
    return not word.isascii() and RTL_RE.search(word) is not None and _NOT_RTL_RE.search(word) is not None


def _rtl_letter(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def _rtl_or_mark(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL", "NSM")
