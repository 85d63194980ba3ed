"""Reading a page's text layer from pdfium (:class:`_Extractor`): its words as spans in the
displayed page's frame, turned glyphs set apart, text the page does not show left out.

The unit is the span, not the character: a word as pdfium's text separates words, or a
piece of one where the font or the baseline changes inside it (a superscript, a bold
letter). Per-character Python work is what made text layers slow (about 4 µs a glyph
spread over extraction, storage and layout); per span, pdfium is asked for two boxes and
the text object (:mod:`worker.engines.pdfium_chars`), and everything after works on 5-6x
fewer items. Words that need looking at glyph by glyph go to
:mod:`worker.engines.glyph_split`.
"""

from __future__ import annotations

import ctypes
import operator
import re
import unicodedata
from collections.abc import Iterable, Iterator
from types import ModuleType

import pypdfium2
import pypdfium2.raw as pdfium_c

from worker.engines.bidi_text import has_rtl
from worker.engines.covered_text import unseen_covered
from worker.engines.glyph_split import _pieces, _rtl_letter, _rtl_or_mark, _split_after_rtl
from worker.engines.page_frame import _PageFrame
from worker.engines.pdfium_chars import (
    _GAP_SHARE,
    _RECTF,
    WordRecord,
    _CharReader,
    _GetCharOrigin,
    _GetLooseCharBox,
    _GetTextObject,
    _GetUnicode,
    _IsGenerated,
)
from worker.engines.pdfium_mirror import unmirror
from worker.engines.text_fonts import SYMBOL_CODES, _Fonts
from worker.engines.text_spans import TextLayer, TextSpan
from worker.engines.turned_text import TurnedGlyph, turned_lines
from worker.engines.unseen_text import unseen_invisible

_LINE_END_HYPHEN = ("\x02", "\ufffe")
_UNMAPPED = "\x00\ufffe\uffff"
_KASHIDA = "\x1a"  # what pdfium reads for a justification kashida's glyph (LibreOffice)
_TATWEEL = "\u0640"
_TINY_PT = 1.5  # a displayed font size (pt) below which no print is read...
_TINY_BOX = 2.0  # ...where its glyphs' box is as low (pt)
# A soft hyphen is a break opportunity inside a word, never shown but at a break; one that
# opens a number ("\u00ad5,15" in a credit note's amounts) is shown: the minus sign that a
# producer wrote with the soft hyphen's code.
_SOFT_HYPHEN = "\u00ad"
# Glyphs either side of a space that stand no further apart than this share of the
# space's loose box (about a fifth of an em) read as one word without it: see _rtl_spaces.
_TOUCH_SHARE = 0.2
# The characters _fix_hyphens_and_count_unmapped looks at, one at a time.
_SPECIAL_RE = re.compile(
    "[" + re.escape("".join(_LINE_END_HYPHEN) + _UNMAPPED + _KASHIDA + _SOFT_HYPHEN) + "]"
)


def _safe_chr(cp: int) -> str:
    return chr(cp) if cp <= 0x10FFFF else "\x00"


_SURROGATE_PAIR_RE = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _pair_surrogates(text: str) -> str:
    """``text`` (one character per pdfium character) with each character beyond the
    BMP that pdfium reads as two UTF-16 halves (an icon font's phone, a globe, an
    emoji) at the first half's index, the second half left there, as no word's: the
    indexes stay pdfium's, and the icon is read, not dropped as two lone halves."""
    if not _SURROGATE_PAIR_RE.search(text):
        return text
    return _SURROGATE_PAIR_RE.sub(
        lambda m: m[0].encode("utf-16-le", "surrogatepass").decode("utf-16-le") + m[0][1], text
    )


_X0, _TOP, _X1, _BOTTOM = (operator.itemgetter(k) for k in (1, 2, 3, 4))  # a TextSpan's edges


def _joins_kashida(ch: str) -> bool:
    """Whether a kashida next to ``ch`` sits inside an Arabic word: an Arabic letter or
    mark, or another kashida (a long stretch is drawn as several)."""
    return ch in (_KASHIDA, _TATWEEL) or unicodedata.bidirectional(ch) in ("AL", "NSM")


class _Extractor:
    def __init__(
        self,
        textpage: pypdfium2.PdfTextPage,
        frame: _PageFrame,
        page: pypdfium2.PdfPage,
        native: ModuleType | None,
    ) -> None:
        self.textpage = textpage
        self.page = page
        self.frame = frame
        self.tp = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
        self.chars = _CharReader(self.tp, native)
        self.fonts = _Fonts(textpage, self.chars, frame.rotation)
        self.turned: list[TurnedGlyph] = []
        self.rect = pdfium_c.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.spans: list[TextSpan] = []
        # The text object (its address; 0 where none) that draws each span, in step with
        # spans: covered_text asks whether a span is drawn before or after a box over it.
        self.span_objects: list[int] = []
        self.invisible = 0
        self.hidden: list[int] = []  # indexes into spans of spans drawn invisible
        self.unmapped = 0
        self.ox, self.oy = ctypes.c_double(), ctypes.c_double()
        # The glyph gaps of the words split glyph by glyph, by line (loose boxes' top and bottom).
        self.line_gaps: dict[tuple[float, float], list[float]] = {}  # each sorted
        self.to_display = frame.box if frame.rotation or frame.left or frame.top != frame.h0 else None

    def run(self) -> TextLayer:
        n = self.textpage.count_chars()
        if n > 0:
            # One FPDFText_GetText call instead of n FPDFText_GetUnicode calls; it is aligned
            # with the char list for almost every PDF, and when it is not we ask per char.
            text = self.textpage.get_text_range()
            if len(text) != n:
                text = _pair_surrogates("".join(_safe_chr(_GetUnicode(self.tp, i)) for i in range(n)))
            text = self._fix_hyphens_and_count_unmapped(text)
            rtl = has_rtl(text)  # one test per page: most pages have no RTL letter
            if rtl:  # the brackets as the fonts map them, not as pdfium mirrored some
                text = unmirror(text)
            self._words(text, rtl)
            self._drop_unseen()
        return TextLayer(
            width=self.frame.width,
            height=self.frame.height,
            spans=self.spans,
            invisible=self.invisible,
            unmapped=self.unmapped,
            turned=turned_lines(self.turned, text) if self.turned else [],
        )

    def _drop_unseen(self) -> None:
        """Leave out text that the displayed page does not show."""
        spans, width, height = self.spans, self.frame.width, self.frame.height
        # A printer's slug or job ticket set outside the crop box is in the text layer,
        # but not on the displayed page. Most pages have none: four passes in C over the
        # spans' edges tell, and only a page with a span past an edge looks span by span.
        drop: set[int] = set()
        if spans and not (
            min(map(_BOTTOM, spans)) > 0
            and max(map(_TOP, spans)) < height
            and min(map(_X1, spans)) > 0
            and max(map(_X0, spans)) < width
        ):
            drop = {
                k for k, s in enumerate(spans) if s[4] <= 0 or s[2] >= height or s[3] <= 0 or s[1] >= width
            }
        if self.hidden:  # rare: invisible glyphs on the page at all
            drop.update(unseen_invisible(self.page, self.frame.box, spans, self.hidden, self.invisible))
        drop.update(unseen_covered(self.page, self.frame.box, spans, self.span_objects))  # painted over
        if not drop:
            return
        self.invisible -= sum(len(spans[k][0]) for k in set(self.hidden) & drop)
        self.spans = [s for k, s in enumerate(spans) if k not in drop]
        self.span_objects = [o for k, o in enumerate(self.span_objects) if k not in drop]

    def _fix_hyphens_and_count_unmapped(self, text: str) -> str:
        # pdfium turns a hyphen that breaks a word at the line end into U+0002 (U+FFFE in
        # its text); keep it as "-" so the layout can join the word. Any other U+FFFE, NUL
        # or U+FFFF is a glyph with no Unicode at all: the font has no usable map, and a
        # layer made of these is no text.
        # A kashida that justification put inside an Arabic word (LibreOffice maps its
        # glyph to U+001A) is a tatweel: a control character would cut the word in two.
        # A soft hyphen that opens a number is its minus sign (_SOFT_HYPHEN).
        if not any(c in text for c in _LINE_END_HYPHEN + tuple(_UNMAPPED) + (_KASHIDA, _SOFT_HYPHEN)):
            return text
        chars = list(text)
        last = len(chars) - 1
        for m in _SPECIAL_RE.finditer(text):  # only these characters: not a loop over the page's
            i = m.start()
            ch = text[i]
            if ch in _LINE_END_HYPHEN and _GetUnicode(self.tp, i) == 2:
                chars[i] = "-"
            elif ch in _UNMAPPED:
                self.unmapped += 1
            elif ch == _SOFT_HYPHEN:
                if i < last and chars[i + 1].isdigit() and (i == 0 or not chars[i - 1].isalnum()):
                    chars[i] = "-"
            elif (
                ch == _KASHIDA
                and 0 < i < last
                and _joins_kashida(chars[i - 1])
                and _joins_kashida(chars[i + 1])
            ):
                chars[i] = _TATWEEL
        return "".join(chars)

    def _box(self, i: int, obj: int = -1) -> tuple[float, float, float, float] | None:
        """Character ``i``'s loose box as displayed (x0, top, x1, bottom), or None;
        ``obj``: its text object, where the caller has it."""
        if not _GetLooseCharBox(self.tp, i, self.rect_ref):
            return None
        left, rtop, right, rbottom = _RECTF.unpack_from(self.rect)
        shear = self.fonts.shear
        if shear:  # rare: a page with slanted text
            if obj < 0:
                obj = _GetTextObject(self.tp, i)
                if obj and obj not in self.fonts.by_object:
                    self.fonts.at(i, obj)
            if obj in shear:
                left, right = self._unshear(i, shear[obj], left, rtop, right, rbottom)
        if self.to_display is None:
            page_top = self.frame.top
            return left, page_top - rtop, right, page_top - rbottom
        return self.to_display(left, rbottom, right, rtop)

    def _unshear(
        self, i: int, shear: float, left: float, rtop: float, right: float, rbottom: float
    ) -> tuple[float, float]:
        """The horizontal extent of slanted glyphs from character ``i`` on, origin to
        advance on the baseline, as for upright glyphs: pdfium's loose box of a slanted
        glyph bounds the slanted box, wider by the slant over its ascent and descent
        (0.2 em at 1.2 em high), so that the letters of a synthetic italic overlap by
        more than the gap between its words."""
        if not _GetCharOrigin(self.tp, i, ctypes.byref(self.ox), ctypes.byref(self.oy)):
            return left, right
        oy = self.oy.value
        low, high = shear * (rbottom - oy), shear * (rtop - oy)
        if low > high:
            low, high = high, low
        return left - low, right - high

    def _words(self, text: str, rtl: bool) -> None:
        # The hot loop of text-layer conversion. Per word pdfium gives two boxes and one
        # text object: from C where the extension is built (_pdfium_words.c), else here
        # through ctypes (the same calls and tests, about 0.3 ms more per page).
        records = self.chars.word_records(text)
        if rtl:
            records = self._rtl_spaces(text, _split_after_rtl(text, records))
        self._add_words(text, records)

    def _rtl_spaces(self, text: str, records: Iterable[WordRecord]) -> Iterator[WordRecord]:
        """``records``, each after a span for the space drawn before it where that space
        stands between two right-to-left letters that nearly touch.

        A Persian word's zero-width non-joiner ("واژه‌های") is drawn as a space glyph
        whose advance a kern takes back: the text layer reads a space there, but the two
        parts abut like the glyphs of one word, and the layout, which rejoins the glyphs
        of an RTL line by their positions (bidi_text), would run them together. The
        space's own box tells it that pdfium read a word break there. Spaces with a real
        gap need no such span: the gap says as much.
        """
        for rec in records:
            i = rec[0]
            if (
                i >= 2
                and text[i - 1] == " "
                and not rec[2] & 4
                and _rtl_or_mark(text[i - 2])
                and _rtl_letter(text[i])
                and not _IsGenerated(self.tp, i - 1)
            ):
                self._space_span(i - 1)
            yield rec

    def _space_span(self, k: int) -> None:
        """A span for the space at ``k`` if the glyphs either side of it nearly touch."""
        before, space, after = self._box(k - 1), self._box(k), self._box(k + 1)
        if before is None or space is None or after is None or space[2] <= space[0]:
            return
        height = space[3] - space[1]
        apart = max(before[0] - after[2], after[0] - before[2])
        if height > 0 and apart <= _TOUCH_SHARE * height:
            size = self.spans[-1].size if self.spans else height
            self.spans.append(TextSpan(" ", space[0], space[1], space[2], space[3], size, False, False))
            self.span_objects.append(0)  # (a space: nothing of it is covered alone)

    def _add_words(self, text: str, records: Iterable[WordRecord]) -> None:
        fonts = self.fonts
        by_object, shear, append, new = fonts.by_object, fonts.shear, self.spans.append, tuple.__new__
        to_display, page_top = self.to_display, self.frame.top
        spans, add_object = self.spans, self.span_objects.append
        prev_end = -1  # where the last word's characters ended in ``text``
        for i, end, split, left, rtop, right, rbottom, obj in records:
            # Only a line break that pdfium made up stands between this word and the last
            # (the word continues it on the page?, see below).
            after_break = i - prev_end == 2 and text[prev_end] == "\r"
            prev_end = end
            if split:  # most words are one span (0)
                if split & 4:  # the tail of one glyph's text (an icon's phrase): not shown
                    continue
                if split & 1:
                    _pieces(self, text, i, end)
                    continue
            props = by_object.get(obj)
            if props is None:
                props = fonts.at(i, obj)
            size, bold, invisible, angle = props
            if angle:
                self._turn(text, i, end, size, bold, invisible, angle)
                continue
            if shear and obj in shear:  # (fonts.shear itself: it fills as objects are read)
                left, right = self._unshear(i, shear[obj], left, rtop, right, rbottom)
            if to_display is None:
                x0, top, x1, bottom = left, page_top - rtop, right, page_top - rbottom
            else:
                x0, top, x1, bottom = to_display(left, rbottom, right, rtop)
            if size <= 0.5:
                # Broken font programs (some Type 3 fonts) report no usable size; the box
                # height is a fair stand-in for ranking headings.
                size = bottom - top
            if not invisible and size < _TINY_PT and bottom - top < _TINY_BOX:
                # Print no reader can read (a code set at 0.9 pt in an advert strip) is
                # as unseen as invisible text. (Not a size a broken font reports: the
                # box is as small.)
                invisible = True
            if invisible:
                self.invisible += end - i
                self.hidden.append(len(spans))
            # A space between glyphs of one text object that leaves them (nearly)
            # touching is no word space: a kern written as a space (see _pdfium_words.c).
            joined = False
            if split and spans:
                joined = -_GAP_SHARE * size <= x0 - spans[-1].x1 <= _GAP_SHARE * size
            elif after_break and spans:
                # pdfium breaks the line between glyphs drawn one text object each when
                # it takes the page for vertical writing (text that covers less of the
                # page's width than of its height: a narrow invoice): every glyph then
                # reads as a line of its own. A glyph that starts where the last one
                # ended on the same line is the same word ("Facture", not "F a c t u r e").
                last = spans[-1]
                joined = (
                    top == last.top
                    and bottom == last.bottom
                    and -_GAP_SHARE * size <= x0 - last.x1 <= _GAP_SHARE * size
                )
            word = text[i:end]
            if end - i == 1 and word in SYMBOL_CODES:
                # A dingbat font's bullet or box that the layer names by a letter's code
                # ("l", "o"): the glyph it shows, so that the layout sees a list item or
                # a checkbox.
                word = fonts.symbol_glyph(i, obj, word)
            append(new(TextSpan, (word, x0, top, x1, bottom, size, bold, joined)))
            add_object(obj)

    def _turn(
        self, text: str, start: int, end: int, size: float, bold: bool, invisible: bool, angle: int
    ) -> None:
        """Set the glyphs of a word drawn at ``angle`` apart, one by one (rare: a margin
        stamp, a sideways page number); :func:`turned_lines` puts them into lines."""
        for k in range(start, end):
            b = self._box(k)
            if b is None:
                continue
            x0, top, x1, bottom = b
            self.invisible += invisible
            glyph_size = size if size > 0.5 else min(x1 - x0, bottom - top)
            self.turned.append(TurnedGlyph(k, text[k], x0, top, x1, bottom, glyph_size, bold, angle))
