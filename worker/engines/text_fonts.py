"""A text object's displayed font size, boldness, visibility and angle, as the text layer
reads them from pdfium: per text object and per font, not per character."""

from __future__ import annotations

import ctypes
import math

import pypdfium2
import pypdfium2.raw as pdfium_c

from worker.engines.pdfium_chars import ObjectProps, _CharReader
from worker.engines.turned_text import displayed_angle

_BOLD_NAME_PARTS = ("bold", "black", "heavy", "semibold", "demi")
_FORCE_BOLD_FLAG = 1 << 18  # PDF font descriptor flag ForceBold
_RENDER_FILL_STROKE = 2  # text render mode "fill, then stroke": a common fake bold
_RENDER_INVISIBLE = 3  # neither fill nor stroke: searchable-PDF OCR layers
# A text matrix slanted less than this (shear per unit height) is upright.
_SHEAR_MIN = 0.01
# Dingbat fonts draw their bullets at the codes of Latin letters: with no Unicode map, the
# text layer names Wingdings' round bullet "l", its squares "n" and "§", its diamonds "u"
# and "v", its arrowhead "Ø". What the glyphs show, by code. (Not the Symbol font: its
# letters are Greek, its bullet is read right.)
_SYMBOL_FONT_PARTS = ("wingding", "dingbat")
# Text filled at this opacity or less (of 255) shows nothing a reader sees: a generator's
# tracking code set at 1 % opacity in an advert strip. It is invisible text, as render
# mode 3 is (left out unless an image lies under it: unseen_text.unseen_invisible).
_FAINT_ALPHA = 8
_FILL_ONLY = (0, 4)  # render modes that fill the glyphs and stroke nothing
SYMBOL_BULLETS = {"l": "●", "n": "■", "§": "▪", "u": "◆", "v": "❖", "Ø": "➢"}


class _Fonts:
    """Displayed size and boldness per text object, boldness per font, both cached.

    A page has a handful of fonts and tens to hundreds of text objects, but thousands of
    characters: asking per object (and per font for the expensive name lookup) keeps
    font attributes out of the per-character cost.
    """

    def __init__(self, textpage: pypdfium2.PdfTextPage, chars: _CharReader, rotation: int = 0) -> None:
        self.textpage = textpage
        self.chars = chars
        self.rotation = rotation
        self.by_object: dict[int, tuple[float, bool, bool, int]] = {}
        self.bold_by_font: dict[int, bool] = {}
        self.symbol_by_object: dict[int, bool] = {}  # asked only for a lone bullet letter
        # Text objects drawn slanted by their matrix (a synthetic italic: "1 0 0.2 1"):
        # horizontal shear per unit of height. Empty on most pages.
        self.shear: dict[int, float] = {}
        # What each distinct read of a text object made (at): (props, shear or 0.0).
        self.by_read: dict[ObjectProps, tuple[tuple[float, bool, bool, int], float]] = {}

    def at(self, index: int, obj: int) -> tuple[float, bool, bool, int]:
        """(displayed size, bold, invisible, displayed angle: 0 for horizontal text) of
        character ``index``, drawn by text object ``obj``."""
        props = self.by_object.get(obj) if obj else None
        if props is None:
            raw = self.chars.object_props(index, obj)
            # Pages that draw a word or a glyph per text object have thousands of objects
            # but a few hundred distinct reads (size, matrix, font, mode): what a read
            # makes is kept by the read, so each object costs one pdfium call and one
            # lookup. Not for an unknown font (its boldness is asked per character) nor
            # for a matrix whose "a" is zero (the angle of a zero matrix follows the sign
            # of that zero, which the lookup does not tell apart).
            made = self.by_read.get(raw) if raw[6] and raw[2] else None
            if made is None:
                made = self._read(index, raw)
                if raw[6] and raw[2]:
                    self.by_read[raw] = made
            props, slant = made
            if obj and raw[7] in _FILL_ONLY and self.chars.fill_alpha(obj) <= _FAINT_ALPHA:
                props = (props[0], props[1], True, props[3])
            if obj:
                self.by_object[obj] = props
                if slant:
                    self.shear[obj] = slant
        return props

    def _read(self, index: int, raw: ObjectProps) -> tuple[tuple[float, bool, bool, int], float]:
        """What a text object's read makes: its (size, bold, invisible, angle), and its
        shear where it is slanted (0.0 where upright)."""
        size, found, a, b, c, d, font, mode = raw
        flipped, size, angle, slant = size < 0, abs(size), 0, 0.0
        # FPDFText_GetFontSize is the Tf operand; text drawn at "1 Tf" with a scaling text
        # matrix (common in generated PDFs) or under a scaled CTM displays larger. The
        # vertical scale of the character's matrix turns it into the displayed size.
        if found:
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
            if c and not b and d > 0 and abs(c) > _SHEAR_MIN * d:
                slant = c / d
        bold = self.bold_by_font.get(font) if font else None
        if bold is None:
            bold = self._font_is_bold(index)
            if font:
                self.bold_by_font[font] = bold
        if not bold:
            bold = mode == _RENDER_FILL_STROKE
        return (size, bold, mode == _RENDER_INVISIBLE, angle), slant

    def bullet_glyph(self, index: int, obj: int, text: str) -> str:
        """``text``, a one-letter word, as the bullet it draws where its font is a symbol
        font (:data:`SYMBOL_BULLETS`); else ``text`` unchanged (a word "l" or "v")."""
        symbol = self.symbol_by_object.get(obj) if obj else None
        if symbol is None:
            buf = ctypes.create_string_buffer(128)
            flags = ctypes.c_int(0)
            n = int(pdfium_c.FPDFText_GetFontInfo(self.textpage, index, buf, len(buf), ctypes.byref(flags)))
            name = buf.raw[: max(0, min(n, len(buf)) - 1)].decode("utf-8", "replace").lower()
            symbol = any(p in name for p in _SYMBOL_FONT_PARTS)
            if obj:
                self.symbol_by_object[obj] = symbol
        return SYMBOL_BULLETS[text] if symbol else text

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
