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
# Dingbat fonts draw their bullets and their checkboxes at the codes of Latin letters:
# with no Unicode map, the text layer names Wingdings' round bullet "l", its squares "n"
# and "§", its diamonds "u" and "v", its arrowhead "Ø", and its boxes "o", "p", "q", "r"
# (a form's yes/no options read "o Yes  o No"). What the glyphs show, by font family and
# code. ZapfDingbats (and Monotype Sorts, its clone) shares Wingdings' bullets and boxes at
# these letters. Wingdings 2 does not: its letters are circled digits, its boxes at "£"
# to "¦", its ticked and crossed boxes at "R" and "Q", "S", "T". Not the Symbol font: its
# letters are Greek, its bullet is read right. (Wingdings' "¨" and "þ" are read by
# glyph_boxes.py whatever the font, by the glyph's width.)
_BULLETS = {"l": "●", "n": "■", "§": "▪", "u": "◆", "v": "❖", "Ø": "➢"}
_BOXES = {"o": "☐", "p": "☐", "q": "☐", "r": "☐"}
SYMBOL_GLYPHS: dict[str, dict[str, str]] = {
    "wingdings": {**_BULLETS, **_BOXES, "x": "☒", "\u00fd": "☒"},
    "wingdings2": {
        "\u00a3": "☐",
        "\u00a4": "☐",
        "\u00a5": "☐",
        "\u00a6": "☐",
        "R": "☑",
        "Q": "☒",
        "S": "☒",
        "T": "☒",
    },
    "dingbats": {**_BULLETS, **_BOXES, "3": "✓", "4": "✔", "7": "✗", "8": "✘"},
}
# The one-glyph words that may be a dingbat: only these are asked for their font.
SYMBOL_CODES = frozenset(c for glyphs in SYMBOL_GLYPHS.values() for c in glyphs)
# A font's family by its name (lower case, no spaces, hyphens or underscores), first match:
# "Wingdings-Regular", "Wingdings2", "ABCDEF+ZapfDingbats", "ITCZapfDingbats-Medium".
_FAMILIES = (
    ("wingdings2", "wingdings2"),
    ("wingdings3", ""),  # arrows only
    ("wingding", "wingdings"),
    ("dingbat", "dingbats"),
    ("monotypesorts", "dingbats"),
)
# Text filled at this opacity or less (of 255) shows nothing a reader sees: a generator's
# tracking code set at 1 % opacity in an advert strip. It is invisible text, as render
# mode 3 is (left out unless an image lies under it: unseen_text.unseen_invisible).
_FAINT_ALPHA = 8
_FILL_ONLY = (0, 4)  # render modes that fill the glyphs and stroke nothing


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
        # A text object's dingbat family ("" for none): asked only for a lone glyph that
        # may be one (SYMBOL_CODES).
        self.symbol_by_object: dict[int, str] = {}
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

    def symbol_glyph(self, index: int, obj: int, text: str) -> str:
        """``text``, a one-glyph word, as the bullet or box it draws where its font is a
        dingbat font (:data:`SYMBOL_GLYPHS`); else ``text`` unchanged (a word "l", "o")."""
        family = self.symbol_by_object.get(obj) if obj else None
        if family is None:
            family = symbol_family(self._font_name(index))
            if obj:
                self.symbol_by_object[obj] = family
        return SYMBOL_GLYPHS[family].get(text, text) if family else text

    def _font_name(self, index: int) -> str:
        buf = ctypes.create_string_buffer(128)
        flags = ctypes.c_int(0)
        n = int(pdfium_c.FPDFText_GetFontInfo(self.textpage, index, buf, len(buf), ctypes.byref(flags)))
        return buf.raw[: max(0, min(n, len(buf)) - 1)].decode("utf-8", "replace")

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


def symbol_family(font_name: str) -> str:
    """The dingbat family (a key of :data:`SYMBOL_GLYPHS`) a font's name says, or ""."""
    name = "".join(ch for ch in font_name.lower() if ch not in " -_")
    return next((family for part, family in _FAMILIES if part in name), "")
