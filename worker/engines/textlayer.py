"""A PDF page's text layer: every character with its box, font size and weight.

The prepare step extracts it once per page (:func:`extract_text_layer`) and stores it
(:meth:`TextLayer.to_bytes`) so that text-layer engines never reopen the PDF. Boxes are
in page points with the origin at the TOP-LEFT of the page as displayed (crop box and
/Rotate applied), the same frame as :mod:`common.documents.results`.
"""

from __future__ import annotations

import ctypes
import json
import math
import struct
from dataclasses import dataclass
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

# Serialised coordinates are integers in 1/_UNITS point: exact to the 0.01 pt we keep,
# and run widths add up without float drift when decoded.
_UNITS = 100
_FORMAT_VERSION = 1


@dataclass(slots=True)
class TextChar:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # font size in points, as displayed (text and page matrices applied)
    bold: bool


# A text layer is not the page's real text (a scan with an OCR layer of its own, or
# glyphs without a Unicode map) when at least this share of its glyphs is invisible
# (render mode 3) or unmapped/private-use. Such a page is read as a scan.
FAKE_SHARE = 0.5


@dataclass
class TextLayer:
    width: float
    height: float
    chars: list[TextChar]
    invisible: int = 0  # glyphs drawn with render mode 3 (invisible): another tool's OCR layer
    unmapped: int = 0  # glyphs with no Unicode (dropped) or mapped into the Private Use Area

    @property
    def has_text(self) -> bool:
        return any(not c.text.isspace() for c in self.chars)

    @property
    def is_real(self) -> bool:
        """Text the page shows and that decodes: worth using instead of reading the pixels."""
        glyphs, private = self.unmapped, 0
        for c in self.chars:  # one pass: this runs on every page at prepare time
            if not c.text.isspace():
                glyphs += 1
                private += "\ue000" <= c.text <= "\uf8ff"
        if glyphs == 0:
            return False
        return self.invisible < FAKE_SHARE * glyphs and (self.unmapped + private) < FAKE_SHARE * glyphs

    def to_bytes(self) -> bytes:
        """Compact JSON: fonts deduplicated, characters grouped into runs.

        ``{"v": 1, "u": 100, "w": .., "h": .., "f": [[size, bold], ..],
        "r": [[text, top, bottom, font, x0, c1, c2, ..], ..]}`` with coordinates in
        1/100 pt. A run holds consecutive characters with one font and one vertical
        extent (in practice a line of a text object). Each character is its width ``w``
        when it starts where the previous one ended, which is how loose boxes of one text
        object come out, else ``[dx, w]`` with ``dx`` the offset from that end (kerning,
        word spacing, an overhanging glyph). A full page of text is ~6 bytes per
        character (~25 KB, ~5 KB gzipped) instead of ~35 for four plain coordinates.
        """
        fonts: dict[tuple[float, bool], int] = {}
        runs: list[list[Any]] = []
        cells: list[Any] = []
        texts: list[str] = []
        font = -1
        last_size, last_bold = math.nan, False
        run_top = run_bottom = math.nan
        run_font = -1
        end = 0  # where the previous character of the run ended, in units
        for c in self.chars:
            if c.size != last_size or c.bold != last_bold:
                last_size, last_bold = c.size, c.bold
                font = fonts.setdefault((round(c.size, 2), c.bold), len(fonts))
            x0 = round(c.x0 * _UNITS)
            x1 = round(c.x1 * _UNITS)
            if c.top != run_top or c.bottom != run_bottom or font != run_font:
                if texts:
                    runs[-1][0] = "".join(texts)
                    runs[-1].extend(cells)
                run_top, run_bottom, run_font = c.top, c.bottom, font
                runs.append(["", round(c.top * _UNITS), round(c.bottom * _UNITS), font, x0])
                texts, cells, end = [], [], x0
            dx = x0 - end
            if -1 <= dx <= 1:
                # Abutting up to rounding: snap, so float noise in the last digit does
                # not cost a [dx, w] pair.
                cells.append(x1 - end)
            else:
                cells.append([dx, x1 - x0])
            texts.append(c.text)
            end = x1
        if texts:
            runs[-1][0] = "".join(texts)
            runs[-1].extend(cells)
        data = {
            "v": _FORMAT_VERSION,
            "u": _UNITS,
            "w": round(self.width, 2),
            "h": round(self.height, 2),
            "f": [[_compact(size), int(bold)] for size, bold in fonts],
            "r": runs,
            "i": self.invisible,
            "m": self.unmapped,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> TextLayer:
        data = json.loads(raw)
        if data.get("v") != _FORMAT_VERSION:
            raise ValueError(f"unsupported text layer version {data.get('v')!r}")
        units = float(data["u"])
        fonts = [(float(size), bool(bold)) for size, bold in data["f"]]
        chars: list[TextChar] = []
        append = chars.append
        for text, top_u, bottom_u, font, end, *cells in data["r"]:
            if len(cells) != len(text):
                raise ValueError("corrupt text layer: a run's cell count does not match its text")
            size, bold = fonts[font]
            top, bottom = top_u / units, bottom_u / units
            for ch, cell in zip(text, cells, strict=True):
                if type(cell) is int:
                    x0 = end
                    end += cell
                else:
                    x0 = end + cell[0]
                    end = x0 + cell[1]
                append(TextChar(ch, x0 / units, top, end / units, bottom, size, bold))
        return cls(
            width=float(data["w"]),
            height=float(data["h"]),
            chars=chars,
            invisible=int(data.get("i", 0)),
            unmapped=int(data.get("m", 0)),
        )


def _compact(v: float) -> float | int:
    # 12 instead of 12.0: a couple of bytes per font entry, and exact either way.
    return int(v) if v == int(v) else v


# --- extraction ------------------------------------------------------------------------


# pypdfium2's bindings convert every argument through declared argtypes, which costs
# more than the pdfium call itself for per-character getters. These prototypes take
# plain ints/byref pointers and return plain ints, about 1.4x faster on a dense page.
def _address(fn: Any) -> int:
    addr = ctypes.cast(fn, ctypes.c_void_p).value
    if not addr:
        raise RuntimeError(f"pdfium function {fn!r} has no address")
    return addr


_GetLooseCharBox = ctypes.CFUNCTYPE(ctypes.c_int)(_address(pdfium_c.FPDFText_GetLooseCharBox))
_GetTextObject = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    _address(pdfium_c.FPDFText_GetTextObject)
)
_GetUnicode = ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.c_void_p, ctypes.c_int)(
    _address(pdfium_c.FPDFText_GetUnicode)
)
_GetFontSize = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_void_p, ctypes.c_int)(
    _address(pdfium_c.FPDFText_GetFontSize)
)
_GetMatrix = ctypes.CFUNCTYPE(ctypes.c_int)(_address(pdfium_c.FPDFText_GetMatrix))
_TextObjGetFont = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)(_address(pdfium_c.FPDFTextObj_GetFont))
_TextObjRenderMode = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)(
    _address(pdfium_c.FPDFTextObj_GetTextRenderMode)
)

_RECTF = struct.Struct("=4f")  # FS_RECTF: left, top, right, bottom
_MATRIX = struct.Struct("=6f")  # FS_MATRIX: a, b, c, d, e, f
_LINE_END_HYPHEN = ("\x02", "\ufffe")
_BOLD_NAME_PARTS = ("bold", "black", "heavy", "semibold", "demi")
_FORCE_BOLD_FLAG = 1 << 18  # PDF font descriptor flag ForceBold
_RENDER_FILL_STROKE = 2  # text render mode "fill, then stroke": a common fake bold
_RENDER_INVISIBLE = 3  # neither fill nor stroke: searchable-PDF OCR layers


def _is_skipped(ch: str) -> bool:
    # Controls (pdfium's generated \r\n among them), unmapped glyphs (NUL, U+FFFE/U+FFFF)
    # and lone surrogates, which could not even be encoded as UTF-8 for storage.
    return ch < " " or "\x7f" <= ch < "\xa0" or "\ud800" <= ch <= "\udfff" or ch in "\ufffe\uffff"


def _safe_chr(cp: int) -> str:
    return chr(cp) if cp <= 0x10FFFF else "\x00"


class _Fonts:
    """Displayed size and boldness per text object, boldness per font, both cached.

    A page has a handful of fonts and tens to hundreds of text objects, but thousands of
    characters: asking per object (and per font for the expensive name lookup) keeps
    font attributes out of the per-character cost.
    """

    def __init__(self, textpage: pypdfium2.PdfTextPage, tp: ctypes.c_void_p) -> None:
        self.textpage = textpage
        self.tp = tp
        self.by_object: dict[int, tuple[float, bool, bool]] = {}
        self.bold_by_font: dict[int, bool] = {}
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)

    def at(self, index: int) -> tuple[float, bool, bool]:
        """(displayed size, bold, invisible) of the character's text object."""
        obj = _GetTextObject(self.tp, index) or 0
        props = self.by_object.get(obj) if obj else None
        if props is None:
            props = self._read(index, obj)
            if obj:
                self.by_object[obj] = props
        return props

    def _read(self, index: int, obj: int) -> tuple[float, bool, bool]:
        size = float(_GetFontSize(self.tp, index))
        # FPDFText_GetFontSize is the Tf operand; text drawn at "1 Tf" with a scaling text
        # matrix (common in generated PDFs) or under a scaled CTM displays larger. The
        # vertical scale of the character's matrix turns it into the displayed size.
        if _GetMatrix(self.tp, index, self.matrix_ref):
            _, _, c, d, _, _ = _MATRIX.unpack_from(self.matrix)
            scale = math.hypot(c, d)
            if scale > 0:
                size *= scale
        font = (_TextObjGetFont(obj) or 0) if obj else 0
        bold = self.bold_by_font.get(font) if font else None
        if bold is None:
            bold = self._font_is_bold(index)
            if font:
                self.bold_by_font[font] = bold
        mode = _TextObjRenderMode(obj) if obj else 0
        if not bold:
            bold = mode == _RENDER_FILL_STROKE
        return size, bold, mode == _RENDER_INVISIBLE

    def _font_is_bold(self, index: int) -> bool:
        if int(pdfium_c.FPDFText_GetFontWeight(self.textpage, index)) >= 600:
            return True
        # Non-embedded standard fonts (Helvetica-Bold) report no weight at all, so fall
        # back to the font name and the descriptor's ForceBold flag.
        buf = ctypes.create_string_buffer(128)
        flags = ctypes.c_int(0)
        n = int(pdfium_c.FPDFText_GetFontInfo(self.textpage, index, buf, len(buf), ctypes.byref(flags)))
        name = buf.raw[: max(0, min(n, len(buf)) - 1)].decode("utf-8", "replace").lower()
        return any(p in name for p in _BOLD_NAME_PARTS) or bool(flags.value & _FORCE_BOLD_FLAG)


class _PageFrame:
    """Maps PDF user space (y up) to the displayed page (y down, crop box and /Rotate)."""

    def __init__(self, page: pypdfium2.PdfPage) -> None:
        # pdfium sizes the page by the crop box clipped to the media box; do the same so
        # that our boxes agree with page.get_size() and with rendered images.
        ml, mb, mr, mt = page.get_mediabox()
        cl, cb, cr, ct = page.get_cropbox()
        ml, mr, mb, mt = min(ml, mr), max(ml, mr), min(mb, mt), max(mb, mt)
        cl, cr, cb, ct = min(cl, cr), max(cl, cr), min(cb, ct), max(cb, ct)
        left, right, bottom, top = max(ml, cl), min(mr, cr), max(mb, cb), min(mt, ct)
        if right <= left or top <= bottom:
            left, right, bottom, top = ml, mr, mb, mt
        self.left, self.top = left, top
        self.w0, self.h0 = right - left, top - bottom  # unrotated size
        self.rotation = page.get_rotation() % 360
        if self.rotation in (90, 270):
            self.width, self.height = self.h0, self.w0
        else:
            self.width, self.height = self.w0, self.h0

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """PDF (left, bottom, right, top) to displayed (x0, top, x1, bottom)."""
        # u/v: distance from the unrotated page's left/top edges.
        u0, u1 = left - self.left, right - self.left
        v0, v1 = self.top - top, self.top - bottom
        rot = self.rotation
        if rot == 0:
            return u0, v0, u1, v1
        if rot == 90:  # displayed clockwise: x = h0 - v, y = u
            return self.h0 - v1, u0, self.h0 - v0, u1
        if rot == 180:
            return self.w0 - u1, self.h0 - v1, self.w0 - u0, self.h0 - v0
        return v0, self.w0 - u1, v1, self.w0 - u0  # 270: x = v, y = w0 - u


def extract_text_layer(page: pypdfium2.PdfPage) -> TextLayer:
    """All characters of ``page`` with loose boxes in displayed, top-left coordinates.

    Loose boxes (font ascent to descent, origin to advance) rather than tight glyph
    boxes: every character of a line gets the same vertical extent, which makes line
    grouping robust, and consecutive characters abut, so horizontal gaps measure real
    word and column spacing instead of glyph side bearings.
    """
    frame = _PageFrame(page)
    textpage = page.get_textpage()
    try:
        layer = _extract_chars(textpage, frame)
    finally:
        textpage.close()
    return layer


def _extract_chars(textpage: pypdfium2.PdfTextPage, frame: _PageFrame) -> TextLayer:
    n = textpage.count_chars()
    if n <= 0:
        return TextLayer(width=frame.width, height=frame.height, chars=[])
    tp = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
    # One FPDFText_GetText call instead of n FPDFText_GetUnicode calls; it is aligned
    # with the char list for almost every PDF, and when it is not we ask per char.
    text = textpage.get_text_range()
    aligned = len(text) == n
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    unpack_rect = _RECTF.unpack_from  # one call instead of four ctypes field reads
    fonts = _Fonts(textpage, tp)
    size, bold, invisible = 0.0, False, False
    n_invisible = n_unmapped = 0
    prev_x1 = prev_top = prev_bottom = math.nan
    prev_space = True
    to_display = frame.box if frame.rotation or frame.left or frame.top != frame.h0 else None
    page_top = frame.top
    out: list[TextChar] = []
    append = out.append
    for i in range(n):
        ch = text[i] if aligned else _safe_chr(_GetUnicode(tp, i))
        # Printable ASCII first: one comparison for the common case.
        if not (" " <= ch < "\x7f") and _is_skipped(ch):
            # pdfium turns a hyphen that breaks a word at the line end into U+0002
            # (U+FFFE in its text); keep it as "-" so the layout can join the word.
            if ch not in _LINE_END_HYPHEN or _GetUnicode(tp, i) != 2:
                # A glyph with no Unicode at all (not pdfium's own line breaks): the font
                # has no usable map, and a layer made of these is no text.
                if ch in "\x00\ufffe\uffff":
                    n_unmapped += 1
                continue
            ch = "-"
        if not _GetLooseCharBox(tp, i, rect_ref):
            continue
        left, rtop, right, rbottom = unpack_rect(rect)
        if to_display is None:
            x0, top, x1, bottom = left, page_top - rtop, right, page_top - rbottom
        else:
            x0, top, x1, bottom = to_display(left, rbottom, right, rtop)
        if ch == " " or ch.isspace():
            # Kept (as a plain space) as a word-boundary hint, and because it fills the
            # gap between words so stored runs stay contiguous.
            prev_x1, prev_top, prev_bottom, prev_space = x1, top, bottom, True
            append(TextChar(" ", x0, top, x1, bottom, size, bold))
            continue
        # Font attributes belong to the text object. Asking pdfium for it on every char
        # would cost as much as the boxes, so ask only where the object can change: at a
        # word start or where the geometry jumps (new line, gap, other size). A font switch
        # in the middle of a word with no change of metrics is rare and harmless here.
        if prev_space or x0 != prev_x1 or top != prev_top or bottom != prev_bottom:
            size, bold, invisible = fonts.at(i)
            if size <= 0.5:
                # Broken font programs (some Type 3 fonts) report no usable size; the box
                # height is a fair stand-in for ranking headings.
                size = bottom - top
        prev_x1, prev_top, prev_bottom, prev_space = x1, top, bottom, False
        n_invisible += invisible
        append(TextChar(ch, x0, top, x1, bottom, size, bold))
    return TextLayer(
        width=frame.width, height=frame.height, chars=out, invisible=n_invisible, unmapped=n_unmapped
    )
