"""A PDF page's text layer: its words with boxes, font size and weight.

The prepare step extracts it once per page (:func:`extract_text_layer`) and stores it
(:meth:`TextLayer.to_bytes`) so that text-layer engines never reopen the PDF. Boxes are
in page points with the origin at the TOP-LEFT of the page as displayed (crop box and
/Rotate applied), the same frame as :mod:`common.documents.results`.

The unit is the span, not the character: a word as pdfium's text separates words, or a
piece of one where the font or the baseline changes inside it (a superscript, a bold
letter). Per-character Python work is what made text layers slow (about 4 µs a glyph
spread over extraction, storage and layout); per span, pdfium is asked for two boxes and
the text object, and everything after works on 5-6x fewer items.

The spans, their storage form and their extraction from pdfium stay in one module on
purpose: split into two (and into three), the text-layer stage of bench/accuracy.py ran
6-8 % slower, alternated with this module on one machine, the output unchanged
(bench/results/accuracy.md).
"""

from __future__ import annotations

import ctypes
import json
import math
import operator
import re
import struct
import unicodedata
from bisect import insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pypdfium2
import pypdfium2.raw as pdfium_c

try:  # built by setup.py; absent from installs made with PAGEMILL_PURE_PYTHON=1
    from worker.engines import _pdfium_words
except ImportError:  # the ctypes twin in _Extractor does the same
    _pdfium_words = None  # type: ignore[assignment]
from worker.engines.bidi_text import has_rtl
from worker.engines.turned_text import TurnedGlyph, TurnedLine, displayed_angle, turned_lines
from worker.engines.unseen_text import unseen_covered, unseen_invisible

# Serialised coordinates are integers in 1/_UNITS point: exact to the 0.01 pt we keep,
# and run widths add up without float drift when decoded.
_UNITS = 100
# The drawn rules and boxes ("g", "k") are optional keys of version 2, not a version 3: a
# worker still running the previous release reads a layer the new prepare step wrote (it
# ignores them), so a rolling upgrade fails no page; a layer without them has none.
_FORMAT_VERSION = 2
_READABLE_VERSIONS = (2,)


Rule = tuple[float, float, float, float]  # x0, top, x1, bottom: one of its sides is thin
Box = tuple[float, float, float, float, bool]  # x0, top, x1, bottom, checked


class TextSpan(NamedTuple):
    """Glyphs drawn one after another in one font on one baseline, with no space between.

    ``joined`` marks a span that continues the previous one's word (the word changed font
    or baseline in the middle); any other span starts a new word. A named tuple: a page
    has hundreds, and a tuple is made in a fraction of a dataclass's time.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # font size in points, as displayed (text and page matrices applied)
    bold: bool
    joined: bool = False


# A text layer is not the page's real text (a scan with an OCR layer of its own, or
# glyphs without a Unicode map) when at least this share of its glyphs is invisible
# (render mode 3) or unmapped/private-use. Such a page is read as a scan.
FAKE_SHARE = 0.5
_PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff]")


@dataclass
class TextLayer:
    width: float
    height: float
    spans: list[TextSpan]
    invisible: int = 0  # glyphs drawn with render mode 3 (invisible): another tool's OCR layer
    unmapped: int = 0  # glyphs with no Unicode (dropped) or mapped into the Private Use Area
    # Drawn vector graphics that structure the text (worker/engines/drawings.py):
    # rules, thin horizontal or vertical boxes (x0, top, x1, bottom) such as table
    # borders, and small outlined squares (x0, top, x1, bottom, something drawn inside),
    # the checkboxes of forms. Same frame as the spans.
    rules: list[Rule] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    # Lines of text whose baseline is not horizontal as displayed (a margin stamp, a
    # sideways page number or column head), in reading order: kept out of ``spans``,
    # whose boxes and order assume horizontal text (worker/engines/turned_text.py).
    turned: list[TurnedLine] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return any(s[0] and not s[0].isspace() for s in self.spans) or any(
            t.text.strip() for t in self.turned
        )

    @property
    def is_real(self) -> bool:
        """Text the page shows and that decodes: worth using instead of reading the pixels."""
        glyphs, private = self.unmapped + sum(len(t.text) for t in self.turned), 0
        for s in self.spans:  # per span, not per glyph: this runs on every page at prepare time
            text = s[0]  # the text; indexing a tuple is quicker than its named field
            glyphs += len(text)
            if not text.isascii():
                private += len(_PRIVATE_USE_RE.findall(text))
        if glyphs == 0:
            return False
        return self.invisible < FAKE_SHARE * glyphs and (self.unmapped + private) < FAKE_SHARE * glyphs

    def to_bytes(self) -> bytes:
        """Compact JSON: fonts deduplicated, spans grouped into runs.

        ``{"v": 3, "u": 100, "w": .., "h": .., "f": [[size, bold], ..],
        "r": [[top, bottom, font, x0, text, width, gap, text, width, ..], ..],
        "g": [x0, top, x1, bottom, ..], "k": [x0, top, x1, bottom, checked, ..],
        "t": [[text, x0, top, x1, bottom, size, bold, angle], ..]}`` with coordinates in
        1/100 pt ("g" the rules, "k" the boxes, both flat; "t" the turned lines, present
        only when there are some). A run holds
        consecutive spans with one font and one vertical extent (in practice a line of a
        text object); after the first span each one is its gap from the previous span's
        end, its text and its width. A joined span's text is wrapped in a list. A full
        page of text is ~3 bytes per character.
        """
        fonts: dict[tuple[float, bool], int] = {}
        font_of: dict[tuple[float, bool], int] = {}  # (size, bold) as found -> index in fonts
        runs: list[list[Any]] = []
        run: list[Any] = []
        last_key: tuple[float, float, int] | None = None
        end = 0  # where the previous span of the run ended, in units
        for span_text, span_x0, top, span_x1, bottom, size, bold, joined in self.spans:
            font = font_of.get((size, bold))
            if font is None:  # a new size (or weight): look up its rounded entry once
                font = font_of[(size, bold)] = fonts.setdefault((round(size, 2), bold), len(fonts))
            x0 = round(span_x0 * _UNITS)
            x1 = round(span_x1 * _UNITS)
            text: Any = [span_text] if joined else span_text
            key = (top, bottom, font)
            if key != last_key:
                last_key = key
                run = [round(top * _UNITS), round(bottom * _UNITS), font, x0, text, x1 - x0]
                runs.append(run)
            else:
                run.extend((x0 - end, text, x1 - x0))
            end = x1
        data: dict[str, Any] = {
            "v": _FORMAT_VERSION,
            "u": _UNITS,
            "w": round(self.width, 2),
            "h": round(self.height, 2),
            "f": [[_compact(size), int(bold)] for size, bold in fonts],
            "r": runs,
            "i": self.invisible,
            "m": self.unmapped,
        }
        if self.rules:
            data["g"] = [round(v * _UNITS) for rule in self.rules for v in rule]
        if self.turned:
            data["t"] = [
                [
                    t.text,
                    *_units(t.x0, t.top, t.x1, t.bottom),
                    _compact(round(t.size, 2)),
                    int(t.bold),
                    t.angle,
                ]
                for t in self.turned
            ]
        if self.boxes:
            data["k"] = [
                v
                for x0, top, x1, bottom, checked in self.boxes
                for v in (*_units(x0, top, x1, bottom), int(checked))
            ]
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> TextLayer:
        data = json.loads(raw)
        if data.get("v") not in _READABLE_VERSIONS:
            raise ValueError(f"unsupported text layer version {data.get('v')!r}")
        units = float(data["u"])
        fonts = [(float(size), bool(bold)) for size, bold in data["f"]]
        spans: list[TextSpan] = []
        append, new = spans.append, tuple.__new__
        for top_u, bottom_u, font, x0, *items in data["r"]:
            if len(items) % 3 != 2:
                raise ValueError("corrupt text layer: a run's items do not come in spans")
            size, bold = fonts[font]
            top, bottom = top_u / units, bottom_u / units
            items.insert(0, 0)  # the first span sits at the run's x0: a zero gap
            end = x0
            for k in range(0, len(items), 3):
                gap, text, width = items[k], items[k + 1], items[k + 2]
                start = end + gap
                end = start + width
                joined = type(text) is list
                if joined:
                    text = text[0]
                append(new(TextSpan, (text, start / units, top, end / units, bottom, size, bold, joined)))
        return cls(
            width=float(data["w"]),
            height=float(data["h"]),
            spans=spans,
            invisible=int(data.get("i", 0)),
            unmapped=int(data.get("m", 0)),
            # A version 2 layer (stored before rules were read) has none: its page is
            # laid out from the text alone, as it was when it was stored.
            rules=_rules_from(data.get("g", []), units),
            boxes=_boxes_from(data.get("k", []), units),
            # Optional like "g": a layer stored before turned text was set apart has
            # its turned glyphs among the spans.
            turned=[
                TurnedLine(
                    str(text),
                    x0 / units,
                    top / units,
                    x1 / units,
                    bottom / units,
                    float(size),
                    bool(bold),
                    int(angle),
                )
                for text, x0, top, x1, bottom, size, bold, angle in data.get("t", [])
            ],
        )


def _units(*values: float) -> tuple[int, ...]:
    return tuple(round(v * _UNITS) for v in values)


def _rules_from(flat: list[int], units: float) -> list[Rule]:
    if len(flat) % 4:
        raise ValueError("corrupt text layer: rules do not come in fours")
    v = [x / units for x in flat]
    return [(v[k], v[k + 1], v[k + 2], v[k + 3]) for k in range(0, len(v), 4)]


def _boxes_from(flat: list[int], units: float) -> list[Box]:
    if len(flat) % 5:
        raise ValueError("corrupt text layer: boxes do not come in fives")
    return [
        (flat[k] / units, flat[k + 1] / units, flat[k + 2] / units, flat[k + 3] / units, bool(flat[k + 4]))
        for k in range(0, len(flat), 5)
    ]


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

_RECTF = struct.Struct("=4f")  # FS_RECTF: left, top, right, bottom
# _pdfium_words.c's Record: start, end, flags, left, top, right, bottom, (pad), object.
_WORD_RECORD = struct.Struct("=iiiffffxxxxQ")
# _pdfium_words.c's GlyphRecord: index, left, top, right, bottom, (pad), object.
_GLYPH_RECORD = struct.Struct("=iffffxxxxQ")
_BOX_FN = _address(pdfium_c.FPDFText_GetLooseCharBox)
_OBJ_FN = _address(pdfium_c.FPDFText_GetTextObject)
_GEN_FN = _address(pdfium_c.FPDFText_IsGenerated)
_ORIGIN_FN = _address(pdfium_c.FPDFText_GetCharOrigin)
# A glyph gap over this share of the loose box's height sends a word to the glyph split;
# a word after a real space this close to the glyph before it may continue that word.
# See _pdfium_words.c's GAP_SHARE.
_GAP_SHARE = 0.1
# A word of one text object whose last glyph overlaps the one before by over this share
# of the loose box's height is condensed print: a glyph gap over this share in it sends
# it to the glyph split. See _pdfium_words.c's TIGHT_SHARE.
_TIGHT_SHARE = 0.03
_MATRIX = struct.Struct("=6f")  # FS_MATRIX: a, b, c, d, e, f
_LINE_END_HYPHEN = ("\x02", "\ufffe")
_BOLD_NAME_PARTS = ("bold", "black", "heavy", "semibold", "demi")
_FORCE_BOLD_FLAG = 1 << 18  # PDF font descriptor flag ForceBold
_RENDER_FILL_STROKE = 2  # text render mode "fill, then stroke": a common fake bold
_RENDER_INVISIBLE = 3  # neither fill nor stroke: searchable-PDF OCR layers
# A text matrix slanted less than this (shear per unit height) is upright.
_SHEAR_MIN = 0.01


# A word: a run of characters that are neither whitespace nor skipped. Skipped are
# controls (pdfium's generated \r\n among them), unmapped glyphs (NUL, U+FFFE/U+FFFF)
# and lone surrogates, which could not even be encoded as UTF-8 for storage.
_WORD_RE = re.compile("[^\\s\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]+")
_UNMAPPED = "\x00\ufffe\uffff"
_KASHIDA = "\x1a"  # what pdfium reads for a justification kashida's glyph (LibreOffice)
_TATWEEL = "\u0640"


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


class _Fonts:
    """Displayed size and boldness per text object, boldness per font, both cached.

    A page has a handful of fonts and tens to hundreds of text objects, but thousands of
    characters: asking per object (and per font for the expensive name lookup) keeps
    font attributes out of the per-character cost.
    """

    def __init__(self, textpage: pypdfium2.PdfTextPage, tp: ctypes.c_void_p, rotation: int = 0) -> None:
        self.textpage = textpage
        self.tp = tp
        self.rotation = rotation
        self.by_object: dict[int, tuple[float, bool, bool, int]] = {}
        self.bold_by_font: dict[int, bool] = {}
        # Text objects drawn slanted by their matrix (a synthetic italic: "1 0 0.2 1"):
        # horizontal shear per unit of height. Empty on most pages.
        self.shear: dict[int, float] = {}
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)

    def at(self, index: int, obj: int) -> tuple[float, bool, bool, int]:
        """(displayed size, bold, invisible, displayed angle: 0 for horizontal text) of
        character ``index``, drawn by text object ``obj``."""
        props = self.by_object.get(obj) if obj else None
        if props is None:
            props = self._read(index, obj)
            if obj:
                self.by_object[obj] = props
        return props

    def _read(self, index: int, obj: int) -> tuple[float, bool, bool, int]:
        size = float(_GetFontSize(self.tp, index))
        flipped, size, angle = size < 0, abs(size), 0
        # FPDFText_GetFontSize is the Tf operand; text drawn at "1 Tf" with a scaling text
        # matrix (common in generated PDFs) or under a scaled CTM displays larger. The
        # vertical scale of the character's matrix turns it into the displayed size.
        if _GetMatrix(self.tp, index, self.matrix_ref):
            a, b, c, d, _, _ = _MATRIX.unpack_from(self.matrix)
            if flipped:
                # The glyphs are drawn by the size times this matrix: a negative size
                # (a y-down page space's "-12 Tf") turns them 180 degrees back upright.
                a, b, c, d = -a, -b, -c, -d
            scale = math.hypot(c, d)
            if scale > 0:
                size *= scale
            # The matrix is read once per text object anyway: its angle costs nothing
            # per glyph, and turned text must not be laid out with horizontal text.
            if b or a <= 0 or self.rotation:
                angle = displayed_angle(a, b, self.rotation)
            if c and not b and d > 0 and obj and abs(c) > _SHEAR_MIN * d:
                self.shear[obj] = c / d
        font = (_TextObjGetFont(obj) or 0) if obj else 0
        bold = self.bold_by_font.get(font) if font else None
        if bold is None:
            bold = self._font_is_bold(index)
            if font:
                self.bold_by_font[font] = bold
        mode = _TextObjRenderMode(obj) if obj else 0
        if not bold:
            bold = mode == _RENDER_FILL_STROKE
        return size, bold, mode == _RENDER_INVISIBLE, angle

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
    """The words of ``page`` with loose boxes in displayed, top-left coordinates.

    Loose boxes (font ascent to descent, origin to advance) rather than tight glyph
    boxes: every character of a line gets the same vertical extent, which makes line
    grouping robust, and consecutive characters abut, so horizontal gaps measure real
    word and column spacing instead of glyph side bearings.
    """
    frame = _PageFrame(page)
    textpage = page.get_textpage()
    try:
        layer = _Extractor(textpage, frame, page).run()
    finally:
        textpage.close()
    from worker.engines.drawings import extract_drawings  # it imports this module

    layer.rules, layer.boxes = extract_drawings(page, frame)
    from worker.engines.form_fields import add_form_fields  # it imports this module

    add_form_fields(page, frame, layer)  # fillable forms: widgets' options and values
    return layer


class _Extractor:
    def __init__(self, textpage: pypdfium2.PdfTextPage, frame: _PageFrame, page: pypdfium2.PdfPage) -> None:
        self.textpage = textpage
        self.page = page
        self.frame = frame
        self.tp = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
        self.fonts = _Fonts(textpage, self.tp, frame.rotation)
        self.turned: list[TurnedGlyph] = []
        self.rect = pdfium_c.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.spans: list[TextSpan] = []
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
            self._words(text)
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
        drop.update(unseen_covered(self.page, self.frame.box, spans))  # painted over
        if not drop:
            return
        self.invisible -= sum(len(spans[k][0]) for k in set(self.hidden) & drop)
        self.spans = [s for k, s in enumerate(spans) if k not in drop]

    def _fix_hyphens_and_count_unmapped(self, text: str) -> str:
        # pdfium turns a hyphen that breaks a word at the line end into U+0002 (U+FFFE in
        # its text); keep it as "-" so the layout can join the word. Any other U+FFFE, NUL
        # or U+FFFF is a glyph with no Unicode at all: the font has no usable map, and a
        # layer made of these is no text.
        # A kashida that justification put inside an Arabic word (LibreOffice maps its
        # glyph to U+001A) is a tatweel: a control character would cut the word in two.
        if not any(c in text for c in _LINE_END_HYPHEN + tuple(_UNMAPPED) + (_KASHIDA,)):
            return text
        chars = list(text)
        last = len(chars) - 1
        for i, ch in enumerate(chars):
            if ch in _LINE_END_HYPHEN and _GetUnicode(self.tp, i) == 2:
                chars[i] = "-"
            elif ch in _UNMAPPED:
                self.unmapped += 1
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

    def _words(self, text: str) -> None:
        # The hot loop of text-layer conversion. Per word pdfium gives two boxes and one
        # text object: from C where the extension is built (_pdfium_words.c), else here
        # through ctypes (the same calls and tests, about 0.3 ms more per page).
        records: Iterable[tuple[int, int, int, float, float, float, float, int]]
        if _pdfium_words is not None and self.tp.value:
            raw = _pdfium_words.word_boxes(text, self.tp.value, _BOX_FN, _OBJ_FN, _GEN_FN, _ORIGIN_FN)
            records = _WORD_RECORD.iter_unpack(raw)
        else:
            records = self._word_records(text)
        if has_rtl(text):  # one test per page: most pages have no RTL letter
            records = _split_after_rtl(text, records)
        self._add_words(text, records)

    def _word_records(self, text: str) -> Iterator[tuple[int, int, int, float, float, float, float, int]]:
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
            ):
                flags = 2
            yield i, end, flags, left, rtop, right, rbottom, obj

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

    def _add_words(
        self, text: str, records: Iterable[tuple[int, int, int, float, float, float, float, int]]
    ) -> None:
        fonts = self.fonts
        by_object, append, new = fonts.by_object, self.spans.append, tuple.__new__
        to_display, page_top = self.to_display, self.frame.top
        spans = self.spans
        for i, end, split, left, rtop, right, rbottom, obj in records:
            if split & 4:  # the tail of one glyph's text (an icon's phrase): not shown
                continue
            if split & 1:
                self._pieces(text, i, end)
                continue
            props = by_object.get(obj)
            if props is None:
                props = fonts.at(i, obj)
            size, bold, invisible, angle = props
            if angle:
                self._turn(text, i, end, size, bold, invisible, angle)
                continue
            if fonts.shear and obj in fonts.shear:
                left, right = self._unshear(i, fonts.shear[obj], left, rtop, right, rbottom)
            if to_display is None:
                x0, top, x1, bottom = left, page_top - rtop, right, page_top - rbottom
            else:
                x0, top, x1, bottom = to_display(left, rbottom, right, rtop)
            if size <= 0.5:
                # Broken font programs (some Type 3 fonts) report no usable size; the box
                # height is a fair stand-in for ranking headings.
                size = bottom - top
            if invisible:
                self.invisible += end - i
                self.hidden.append(len(spans))
            # A space between glyphs of one text object that leaves them (nearly)
            # touching is no word space: a kern written as a space (see _pdfium_words.c).
            joined = False
            if split and spans:
                joined = -_GAP_SHARE * size <= x0 - spans[-1].x1 <= _GAP_SHARE * size
            append(new(TextSpan, (text[i:end], x0, top, x1, bottom, size, bold, joined)))

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

    def _glyph_records(self, start: int, end: int) -> list[tuple[int, float, float, float, float, int]]:
        """(index, left, top, right, bottom, text object) of each character in [start,
        end) that has a loose box, in pdfium's page space: from C where the extension is
        built (one call a word instead of two a glyph), else through ctypes."""
        if _pdfium_words is not None and self.tp.value:
            raw = _pdfium_words.glyph_boxes(self.tp.value, start, end, _BOX_FN, _OBJ_FN)
            return list(_GLYPH_RECORD.iter_unpack(raw))
        tp, rect, rect_ref = self.tp, self.rect, self.rect_ref
        get_box, get_obj, unpack = _GetLooseCharBox, _GetTextObject, _RECTF.unpack_from
        return [(i, *unpack(rect), get_obj(tp, i)) for i in range(start, end) if get_box(tp, i, rect_ref)]

    def _pieces(self, text: str, start: int, end: int) -> None:
        """A word whose glyphs change object or line: one span per stretch that does not."""
        # Glyph by glyph: the page's most often run Python loop (a page of justified
        # prose sends a few hundred glyphs here). So _box and fonts.at are inlined as in
        # _add_words, and the piece being built is held in locals, made a span when the
        # next one starts: the same calls and spans as a list of pieces would give.
        to_display, page_top = self.to_display, self.frame.top
        fonts, spans, new = self.fonts, self.spans, tuple.__new__
        by_object, shear = fonts.by_object, fonts.shear
        # The piece being built: its text ("" until its first glyph), box, size, bold, joined.
        p_text = ""
        p_x0 = p_top = p_x1 = p_bottom = p_size = 0.0
        p_bold = p_joined = False
        cur_obj = -1
        glyph_x0 = 0.0  # where the previous glyph starts
        spacing = 0.0  # the word's letter spacing, measured when first needed
        line_spacing = 0.0  # its line's, from the words of it measured so far
        measured = False
        glyphs = self._glyph_records(start, end)
        for i, left, rtop, right, rbottom, obj in glyphs:
            props = by_object.get(obj) if obj else None
            if props is None:
                props = fonts.at(i, obj)
            size, bold, invisible, angle = props
            if shear and obj in shear:  # rare: slanted text, boxed from origin to advance
                left, right = self._unshear(i, shear[obj], left, rtop, right, rbottom)
            if to_display is None:
                x0, top, x1, bottom = left, page_top - rtop, right, page_top - rbottom
            else:
                x0, top, x1, bottom = to_display(left, rbottom, right, rtop)
            if angle:
                self._turn(text, i, i + 1, size, bold, invisible, angle)
                continue
            if size <= 0.5:
                size = bottom - top
            self.invisible += invisible
            ch = text[i]
            if p_text:
                # Inside one text object too, a gap wider than a word gap beyond the
                # word's own letter spacing is a space that pdfium did not make: one
                # drawn with character spacing (Ghostscript: "(J)...2.5 Tc (.P)").
                # Condensed print's letters overlap (a negative Tc): its word gap is
                # as much narrower, so a gap well short of a word gap is measured too.
                gap = x0 - p_x1
                if gap > _MEASURE_GAP_EM * size and not measured:
                    if shear:  # rare: _box unshears glyph by glyph
                        boxes = [b for k in range(start, end) if (b := self._box(k)) is not None]
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
                    pooled = self.line_gaps.setdefault((top, bottom), [])
                    for g in gaps:
                        insort(pooled, g)
                    if len(pooled) >= _MIN_CONDENSED_GAPS:
                        line_spacing = pooled[len(pooled) // 2]
                    measured = True
                condensed = line_spacing < -_CONDENSED_EM * size
                if condensed:  # and no letter of it stands apart from the one before by more than a hair
                    word_gap = max(_CONDENSED_JOIN_EM * size + line_spacing, _CONDENSED_HAIR_EM * size)
                else:
                    word_gap = _JOIN_GAP_EM * size + min(spacing, 0.0)
                # (No letter below U+0590 is right-to-left: most glyphs skip the lookup.)
                rtl = ch >= "\u0590" and _rtl_letter(ch)
                if (
                    obj == cur_obj
                    and top == p_top
                    and bottom == p_bottom
                    and x0 >= p_x0
                    and (
                        gap <= word_gap
                        or (not condensed and gap - spacing <= _JOIN_GAP_EM * size)
                        # RTL letters of one word, whatever their gap (a kashida's);
                        # not an RTL letter after a quote or bracket a space away
                        or (rtl and _rtl_or_mark(p_text[-1]))
                    )
                ):
                    p_text += ch
                    p_x1 = max(p_x1, x1)
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
                spans.append(new(TextSpan, (p_text, p_x0, p_top, p_x1, p_bottom, p_size, p_bold, p_joined)))
            else:
                joined = False
            if invisible:
                self.hidden.append(len(spans))
            p_text, p_x0, p_top, p_x1 = ch, x0, top, x1
            p_bottom, p_size, p_bold, p_joined = bottom, size, bold, joined
            cur_obj = obj
            glyph_x0 = x0
        if p_text:
            spans.append(new(TextSpan, (p_text, p_x0, p_top, p_x1, p_bottom, p_size, p_bold, p_joined)))


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
    pdfium misplaced sent to the glyph split (:meth:`_Extractor._pieces`).

    Where an RTL run ends inside a left-to-right line, pdfium's own reordering puts the
    space after the run before the run's last neutral glyph (a closing quote drawn at
    its left end): its text reads "run", " ", "“or" while the page shows "run“ or". The
    word that starts with such a glyph right after a space after an RTL letter (or mark)
    is cut where its glyphs stand a word gap apart, so the quote stays with the run.
    """
    for rec in records:
        i = rec[0]
        if (
            i >= 2
            and rec[1] - i > 1
            and not rec[2] & 5
            and not text[i].isalnum()
            and text[i - 1].isspace()
            and _rtl_or_mark(text[i - 2])
        ):
            yield i, rec[1], 1, 0.0, 0.0, 0.0, 0.0, 0
        else:
            yield rec


_X0, _TOP, _X1, _BOTTOM = (operator.itemgetter(k) for k in (1, 2, 3, 4))  # a TextSpan's edges


def _joins_kashida(ch: str) -> bool:
    """Whether a kashida next to ``ch`` sits inside an Arabic word: an Arabic letter or
    mark, or another kashida (a long stretch is drawn as several)."""
    return ch in (_KASHIDA, _TATWEEL) or unicodedata.bidirectional(ch) in ("AL", "NSM")


def _rtl_letter(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def _rtl_or_mark(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL", "NSM")
