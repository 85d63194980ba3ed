"""A text object's displayed font size, boldness, visibility and angle, as the text layer
reads them from pdfium: per text object and per font, not per character."""

from __future__ import annotations

import ctypes
import math

import pypdfium2
import pypdfium2.raw as pdfium_c

from worker.engines.pdfium_chars import _CharReader
from worker.engines.turned_text import displayed_angle

_BOLD_NAME_PARTS = ("bold", "black", "heavy", "semibold", "demi")
_FORCE_BOLD_FLAG = 1 << 18  # PDF font descriptor flag ForceBold
_RENDER_FILL_STROKE = 2  # text render mode "fill, then stroke": a common fake bold
_RENDER_INVISIBLE = 3  # neither fill nor stroke: searchable-PDF OCR layers
# A text matrix slanted less than this (shear per unit height) is upright.
_SHEAR_MIN = 0.01


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
        # Text objects drawn slanted by their matrix (a synthetic italic: "1 0 0.2 1"):
        # horizontal shear per unit of height. Empty on most pages.
        self.shear: dict[int, float] = {}

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
        size, found, a, b, c, d, font, mode = self.chars.object_props(index, obj)
        flipped, size, angle = size < 0, abs(size), 0
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
            if c and not b and d > 0 and obj and abs(c) > _SHEAR_MIN * d:
                self.shear[obj] = c / d
        bold = self.bold_by_font.get(font) if font else None
        if bold is None:
            bold = self._font_is_bold(index)
            if font:
                self.bold_by_font[font] = bold
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
