"""Text whose baseline is not horizontal on the displayed page, gathered into lines.

A margin stamp (arXiv's identifier up the left margin), a printer's slug or a page
number set sideways, a table's column heads turned 90 degrees: pdfium gives their glyphs
upright boxes stacked one above the other. Laid out with the horizontal text, each glyph
became a line of its own, spread through the column beside it or read in the wrong
direction. The text layer keeps such glyphs apart (:mod:`worker.engines.textlayer` reads
each text object's angle from its matrix, once per object) and this module puts them
into lines along their own baseline, in their own reading direction; the layout then
decides what each line is (:mod:`worker.engines.layout.running`).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from worker.engines import bidi_text

# Text turned less than this (degrees) from horizontal is read with the horizontal lines:
# a slightly tilted label is still one row, and the glyph order across it is right.
MIN_TURN = 20.0
# Along the baseline, a gap of this many ems between glyphs is a word space, and one of
# _LINE_GAP_EM ends the line (two stamps one after the other on the same edge).
_WORD_GAP_EM = 0.15
_LINE_GAP_EM = 1.5
# Glyphs whose centres lie within this many ems across the baseline share a line.
_ACROSS_EM = 0.4


class TurnedGlyph(NamedTuple):
    """One glyph of turned text, with its box as displayed."""

    at: int  # its index in the page's text
    char: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    angle: int  # degrees counter-clockwise from the displayed page's horizontal, (-180, 180]


class TurnedLine(NamedTuple):
    """A line of turned text in reading order, with the box it covers on the page."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    angle: int


def displayed_angle(a: float, b: float, rotation: int) -> int:
    """The angle of a glyph's baseline on the displayed page, 0 for text read as
    horizontal: from its matrix's first column (a, b) in PDF space (y up) and the page's
    /Rotate (clockwise)."""
    angle = math.degrees(math.atan2(b, a)) - rotation
    angle = (angle + 180.0) % 360.0 - 180.0
    if angle == -180.0:
        angle = 180.0
    return 0 if abs(angle) < MIN_TURN else round(angle)


def turned_lines(glyphs: list[TurnedGlyph], text: str) -> list[TurnedLine]:
    """The glyphs as lines: by angle, by position across the baseline, then in reading
    order along it, with a space where the page's text has one or the glyphs stand a word
    gap apart."""
    by_angle: dict[int, list[TurnedGlyph]] = {}
    for g in glyphs:
        by_angle.setdefault(g.angle, []).append(g)
    out: list[TurnedLine] = []
    for angle in sorted(by_angle):
        rad = math.radians(angle)
        # Reading direction on the page (y down) and the direction across the baseline.
        ux, uy = math.cos(rad), -math.sin(rad)
        nx, ny = -uy, ux
        placed = sorted((((g.x0 + g.x1) / 2 * nx + (g.top + g.bottom) / 2 * ny), g) for g in by_angle[angle])
        row: list[TurnedGlyph] = []
        row_at = 0.0
        for across, g in placed:
            if row and across - row_at > _ACROSS_EM * max(g.size, 1.0):
                out.extend(_along(row, text, ux, uy, angle))
                row = []
            if not row:
                row_at = across
            row.append(g)
        if row:
            out.extend(_along(row, text, ux, uy, angle))
    return out


def _extent(g: TurnedGlyph, ux: float, uy: float) -> tuple[float, float]:
    """Where the glyph's box starts and ends along the reading direction."""
    xs = (g.x0 * ux, g.x1 * ux)
    ys = (g.top * uy, g.bottom * uy)
    return min(xs) + min(ys), max(xs) + max(ys)


def _along(row: list[TurnedGlyph], text: str, ux: float, uy: float, angle: int) -> list[TurnedLine]:
    """One row of glyphs across the baseline, in reading order, cut where a wide gap
    parts two lines."""
    ordered = sorted(row, key=lambda g: (sum(_extent(g, ux, uy)), g.at))
    lines: list[TurnedLine] = []
    words: list[list[Any]] = []  # [text, start, end] along the baseline, as drawn
    line: list[TurnedGlyph] = []
    prev_end = 0.0
    prev: TurnedGlyph | None = None
    for g in ordered:
        start, end = _extent(g, ux, uy)
        if prev is not None:
            em = max(prev.size, g.size, 1.0)
            gap = start - prev_end
            if gap > _LINE_GAP_EM * em:
                lines.append(_line(words, line, angle))
                words, line = [], []
            elif gap > _WORD_GAP_EM * em or (
                g.at > prev.at + 1 and any(ch.isspace() for ch in text[prev.at + 1 : g.at])
            ):
                words.append(["", start, end])
        if words:
            words[-1][0] += g.char
            words[-1][2] = max(words[-1][2], end)
        else:
            words.append([g.char, start, end])
        line.append(g)
        prev_end = end if prev is None or end > prev_end else prev_end
        prev = g
    if line:
        lines.append(_line(words, line, angle))
    return lines


def _line(words: list[list[Any]], glyphs: list[TurnedGlyph], angle: int) -> TurnedLine:
    n = len(glyphs)
    size = sum(g.size for g in glyphs) / n
    text = " ".join([w[0] for w in words])
    if bidi_text.has_rtl(text):
        # Drawn along the baseline as on a horizontal line: an RTL word's glyphs come
        # last letter first; read back as a line of its own (its direction its own).
        drawn = [(t, a, b) for t, a, b in words]
        rtl = bidi_text.rtl_share([text]) > 0.5
        text = " ".join([w[0] for w in bidi_text.logical_words(drawn, size, rtl)])
    return TurnedLine(
        text,
        min(g.x0 for g in glyphs),
        min(g.top for g in glyphs),
        max(g.x1 for g in glyphs),
        max(g.bottom for g in glyphs),
        size,
        2 * sum(g.bold for g in glyphs) > n,
        angle,
    )


# A turned line set this many times larger than the page's body text is a watermark.
WATERMARK_SIZE_RATIO = 2.5


def watermark(line: TurnedLine, body_size: float, body: tuple[float, float, float, float]) -> bool:
    """Whether ``line`` is a stamp over the page's text rather than part of it: set
    across the text's box (``body``: x0, top, x1, bottom of the horizontal lines), in
    print far larger than the body's ``body_size`` ("Sample Policy", "DRAFT",
    "CONFIDENTIAL" drawn diagonally in light ink). Its box crosses the body's lines, so
    laid out with them it would join a line of text, or make one a heading. A turned
    column head or a label in a figure is set in the text's size."""
    if body_size <= 0 or line.size < WATERMARK_SIZE_RATIO * body_size:
        return False
    x0, top, x1, bottom = body
    return min(line.x1, x1) > max(line.x0, x0) and min(line.bottom, bottom) > max(line.top, top)
