"""What a text page's characters are, read from pdfium: each word's boxes and text object
(:meth:`_CharReader.word_records`), each glyph's for the words split glyph by glyph, and
each text object's font size, matrix, font and render mode.

These are the text layer's most often made pdfium calls. They run in one C loop each
(worker/engines/_pdfium_words.c) where the extension is built, and through ctypes twins
here where it is not (installs made with PAGEMILL_PURE_PYTHON=1); tests compare the two.
"""

from __future__ import annotations

import ctypes
import re
import struct
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

import pypdfium2.raw as pdfium_c


# pypdfium2's bindings convert every argument through declared argtypes, which costs
# more than the pdfium call itself for per-character getters. These prototypes take
# plain ints/byref pointers and return plain ints, about 1.4x faster on a dense page.
def _address(fn: Any) -> int:
    addr = ctypes.cast(fn, ctypes.c_void_p).value
    if not addr:
        raise RuntimeError(f"pdfium function {fn!r} has no address")
    return addr


_GetLooseCharBox = ctypes.CFUNCTYPE(ctypes.c_int)(_address(pdfium_c.FPDFText_GetLooseCharBox))
# Called with (textpage as c_void_p, index); the handle comes back as an int, 0 for none.
_GetTextObject = ctypes.CFUNCTYPE(ctypes.c_size_t)(_address(pdfium_c.FPDFText_GetTextObject))
_GetUnicode = ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.c_void_p, ctypes.c_int)(
    _address(pdfium_c.FPDFText_GetUnicode)
)
_GetFontSize = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_void_p, ctypes.c_int)(
    _address(pdfium_c.FPDFText_GetFontSize)
)
_GetMatrix = ctypes.CFUNCTYPE(ctypes.c_int)(_address(pdfium_c.FPDFText_GetMatrix))
_TextObjGetFont = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)(_address(pdfium_c.FPDFTextObj_GetFont))
_IsGenerated = ctypes.CFUNCTYPE(ctypes.c_int)(_address(pdfium_c.FPDFText_IsGenerated))
_GetCharOrigin = ctypes.CFUNCTYPE(ctypes.c_int)(_address(pdfium_c.FPDFText_GetCharOrigin))
_TextObjRenderMode = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)(
    _address(pdfium_c.FPDFTextObj_GetTextRenderMode)
)
_GetFillColor = ctypes.CFUNCTYPE(ctypes.c_int)(_address(pdfium_c.FPDFPageObj_GetFillColor))

_RECTF = struct.Struct("=4f")  # FS_RECTF: left, top, right, bottom
# _pdfium_words.c's Record: start, end, flags, left, top, right, bottom, (pad), object.
_WORD_RECORD = struct.Struct("=iiiffffxxxxQ")
# _pdfium_words.c's GlyphRecord: index, left, top, right, bottom, (pad), object.
_GLYPH_RECORD = struct.Struct("=iffffxxxxQ")
_BOX_FN = _address(pdfium_c.FPDFText_GetLooseCharBox)
_OBJ_FN = _address(pdfium_c.FPDFText_GetTextObject)
_GEN_FN = _address(pdfium_c.FPDFText_IsGenerated)
_ORIGIN_FN = _address(pdfium_c.FPDFText_GetCharOrigin)
_SIZE_FN = _address(pdfium_c.FPDFText_GetFontSize)
_MATRIX_FN = _address(pdfium_c.FPDFText_GetMatrix)
_FONT_FN = _address(pdfium_c.FPDFTextObj_GetFont)
_MODE_FN = _address(pdfium_c.FPDFTextObj_GetTextRenderMode)
_MATRIX = struct.Struct("=6f")  # FS_MATRIX: a, b, c, d, e, f
# A glyph gap over this share of the loose box's height sends a word to the glyph split;
# a word after a real space this close to the glyph before it may continue that word.
# See _pdfium_words.c's GAP_SHARE.
_GAP_SHARE = 0.1
# A word of one text object whose last glyph overlaps the one before by over this share
# of the loose box's height is condensed print: a glyph gap over this share in it sends
# it to the glyph split. See _pdfium_words.c's TIGHT_SHARE.
_TIGHT_SHARE = 0.03

# A word: a run of characters that are neither whitespace nor skipped. Skipped are
# controls (pdfium's generated \r\n among them), unmapped glyphs (NUL, U+FFFE/U+FFFF)
# and lone surrogates, which could not even be encoded as UTF-8 for storage.
_WORD_RE = re.compile("[^\\s\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]+")

# start, end, flags (1: split glyph by glyph, 2: may continue the word before, 4: not
# shown), left, top, right, bottom, text object: see _pdfium_words.c's Record.
WordRecord = tuple[int, int, int, float, float, float, float, int]
GlyphRecord = tuple[int, float, float, float, float, int]  # index, left, top, right, bottom, object
# font size (the Tf operand), matrix found, its a, b, c, d, font handle, render mode
ObjectProps = tuple[float, bool, float, float, float, float, int, int]


class _CharReader:
    """The character reads of one text page, from C where ``native`` (the
    _pdfium_words extension) is given, else through ctypes."""

    def __init__(self, tp: ctypes.c_void_p, native: ModuleType | None) -> None:
        self.tp = tp
        self.native = native if tp.value else None
        self.address = tp.value or 0  # the text page's, as the C calls take it (read once, not per call)
        self.rect = pdfium_c.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.rgba = [ctypes.c_uint() for _ in range(4)]
        self.rgba_refs = [ctypes.byref(v) for v in self.rgba]

    def word_records(self, text: str) -> Iterable[WordRecord]:
        """One record per word of ``text`` (the page's text, one character per pdfium
        character): per word pdfium gives two boxes and one text object."""
        if self.native is not None:
            raw = self.native.word_boxes(text, self.tp.value, _BOX_FN, _OBJ_FN, _GEN_FN, _ORIGIN_FN)
            return _WORD_RECORD.iter_unpack(raw)
        return self._word_records(text)

    def glyph_records(self, start: int, end: int) -> list[GlyphRecord]:
        """(index, left, top, right, bottom, text object) of each character in [start,
        end) that has a loose box, in pdfium's page space: from C where the extension is
        built (one call a word instead of two a glyph), else through ctypes."""
        if self.native is not None:
            raw = self.native.glyph_boxes(self.address, start, end, _BOX_FN, _OBJ_FN)
            return list(_GLYPH_RECORD.iter_unpack(raw))
        tp, rect, rect_ref = self.tp, self.rect, self.rect_ref
        get_box, get_obj, unpack = _GetLooseCharBox, _GetTextObject, _RECTF.unpack_from
        return [(i, *unpack(rect), get_obj(tp, i)) for i in range(start, end) if get_box(tp, i, rect_ref)]

    def object_props(self, index: int, obj: int) -> ObjectProps:
        """What the text object ``obj`` draws character ``index`` with."""
        if self.native is not None:
            return self.native.object_props(  # type: ignore[no-any-return]
                self.address, index, obj, _SIZE_FN, _MATRIX_FN, _FONT_FN, _MODE_FN
            )
        size = float(_GetFontSize(self.tp, index))
        found, a, b, c, d = False, 0.0, 0.0, 0.0, 0.0
        if _GetMatrix(self.tp, index, self.matrix_ref):
            found = True
            a, b, c, d, _, _ = _MATRIX.unpack_from(self.matrix)
        font = (_TextObjGetFont(obj) or 0) if obj else 0
        mode = _TextObjRenderMode(obj) if obj else 0
        return size, found, a, b, c, d, font, mode

    def fill_alpha(self, obj: int) -> int:
        """The fill opacity (0-255) of the text object ``obj``, its graphics state's
        included; 255 where pdfium cannot tell. One call a text object, not a glyph."""
        rgba = self.rgba
        if not _GetFillColor(ctypes.c_void_p(obj), *self.rgba_refs):
            return 255
        return int(rgba[3].value)

    def _word_records(self, text: str) -> Iterator[WordRecord]:
        """What _pdfium_words.word_boxes returns, one tuple per word, through ctypes."""
        tp, rect, rect_ref = self.tp, self.rect, self.rect_ref
        ox, oy = ctypes.c_double(), ctypes.c_double()
        unpack, get_box, get_obj = _RECTF.unpack_from, _GetLooseCharBox, _GetTextObject
        prev_end, prev = -2, (0.0, 0.0, 0.0, 0.0)  # the last word's end and last box
        for m in _WORD_RE.finditer(text):
            i, end = m.span()
            after_space = i == prev_end + 1 and text[i - 1] == " "
            prev_end = -2
            if not get_box(tp, i, rect_ref):
                yield i, end, 1, 0.0, 0.0, 0.0, 0.0, 0
                continue
            left, rtop, right, rbottom = first = last = unpack(rect)
            prev_end = end
            hair = _GAP_SHARE * (rtop - rbottom)
            if end - i > 1:
                if not get_box(tp, end - 1, rect_ref):
                    prev_end = -2
                    yield i, end, 1, 0.0, 0.0, 0.0, 0.0, 0
                    continue
                jleft, jtop, right, jbottom = last = unpack(rect)
                # Glyphs of one font on one baseline share the loose box's top and
                # bottom; a word whose last glyph sits elsewhere (a superscript, another
                # size, the next line) is split glyph by glyph.
                if jtop != rtop or jbottom != rbottom or jleft < left:
                    prev = last
                    yield i, end, 1, 0.0, 0.0, 0.0, 0.0, 0
                    continue
            # A word boxed wholly by the glyph that also drew the character before it
            # is the tail of that glyph's text: an icon font maps its phone or mail
            # glyph to the icon and a phrase ("\u2709 sav@example.net"), which the page
            # then draws again in letters. See _pdfium_words.c's ONE_GLYPH.
            if (
                first == last
                and left < right
                and i > 0
                and get_box(tp, i - 1, rect_ref)
                and unpack(rect) == first
                and not _IsGenerated(tp, i - 1)
            ):
                prev = last
                yield i, end, 4, 0.0, 0.0, 0.0, 0.0, 0
                continue
            word_prev, prev = prev, last
            obj = get_obj(tp, i)
            if not obj:
                yield i, end, 1, 0.0, 0.0, 0.0, 0.0, 0
                continue
            # A gap of character spacing comes with a change of Tc, so of text object.
            if (
                end - i > 1
                and (end - i > 2 or last[0] - first[2] > hair)
                and get_obj(tp, end - 1) != obj
                and self._gapped(i, end, first[2], hair, last)
            ):
                yield i, end, 1, 0.0, 0.0, 0.0, 0.0, 0
                continue
            if end - i > 2 and self._condensed_gap(i, end, first, last):
                yield i, end, 1, 0.0, 0.0, 0.0, 0.0, 0
                continue
            flags = 0
            _, ptop, pright, pbottom = word_prev
            if (
                after_space
                and ptop == rtop
                and pbottom == rbottom
                and left - pright <= hair
                and _GetCharOrigin(tp, i, ctypes.byref(ox), ctypes.byref(oy))
                and -hair <= ox.value - pright <= hair
                and not _IsGenerated(tp, i - 1)
                and get_obj(tp, i - 1) == obj
                and get_obj(tp, i - 2) == obj
                and (self._space_advance(i - 1, ox.value) <= hair or self._ligature_at(i - 2, word_prev))
            ):
                flags = 2
            yield i, end, flags, left, rtop, right, rbottom, obj

    def _space_advance(self, space: int, origin: float) -> float:
        """How far the space at ``space`` moves the pen: from its origin to the next
        word's ``origin``. A kern written as a space moves it (nearly) nothing; a real
        space does, even where the glyph before it overhangs its advance ("f" in macOS
        Quartz's Word text, its box past the space's origin). See _pdfium_words.c's
        GAP_SHARE."""
        sx, sy = ctypes.c_double(), ctypes.c_double()
        if not _GetCharOrigin(self.tp, space, ctypes.byref(sx), ctypes.byref(sy)):
            return 0.0
        return origin - sx.value

    def _ligature_at(self, k: int, box: tuple[float, float, float, float]) -> bool:
        """Whether character ``k`` (its loose ``box``) and the one before it are one glyph,
        a ligature ("fi"): the space after it then starts inside it, where pdfium shares
        the ligature's advance among its letters, and its pen move says nothing."""
        if k < 1 or not _GetLooseCharBox(self.tp, k - 1, self.rect_ref):
            return False
        return _RECTF.unpack_from(self.rect) == box

    def _gapped(
        self,
        i: int,
        end: int,
        reach: float,
        hair: float,
        last: tuple[float, float, float, float],
    ) -> bool:
        """Whether a glyph of the word starts over ``hair`` right of all before it."""
        for k in range(i + 1, end):
            if k == end - 1:
                box = last
            elif _GetLooseCharBox(self.tp, k, self.rect_ref):
                box = _RECTF.unpack_from(self.rect)
            else:
                continue
            # Any glyph: loose boxes of one font differ in height ("i", "f").
            if box[0] - reach > hair:
                return True
            reach = max(reach, box[2])
        return False

    def _condensed_gap(
        self,
        i: int,
        end: int,
        first: tuple[float, float, float, float],
        last: tuple[float, float, float, float],
    ) -> bool:
        """Whether a word of one text object is condensed print (its last glyph overlaps
        the one before) with a glyph that starts clear of all before it: a word space
        pdfium did not make. See _pdfium_words.c's TIGHT_SHARE."""
        if not _GetLooseCharBox(self.tp, end - 2, self.rect_ref):
            return False
        pen = _RECTF.unpack_from(self.rect)
        tight = _TIGHT_SHARE * (first[1] - first[3])
        if last[0] - pen[2] >= -tight:
            return False
        reach = first[2]
        for k in range(i + 1, end):
            if k == end - 1:
                box = last
            elif k == end - 2:
                box = pen
            elif _GetLooseCharBox(self.tp, k, self.rect_ref):
                box = _RECTF.unpack_from(self.rect)
            else:
                continue
            if box[0] - reach > tight:
                return True
            reach = max(reach, box[2])
        return False
