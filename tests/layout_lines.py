"""Layout lines made by hand for the layout tests that work below the PDF (rows, cells,
forms): words of a fixed advance per character, a space apart; and the text the layout
reads from them."""

from __future__ import annotations

from common.documents.results import Word, blocks_to_text
from worker.engines.layout.model import LayoutLine
from worker.engines.layout.page import layout_lines


def mono_line(
    text: str, x0: float, top: float, *, char: float = 5.0, size: float = 9.0, space: float | None = None
) -> LayoutLine:
    """``text`` set from ``x0`` at ``top``: each word ``char`` points a character, words
    ``space`` apart (a character's advance unless given), ``size`` points high."""
    gap = char if space is None else space
    words: list[Word] = []
    x = x0
    for w in text.split():
        words.append(Word(text=w, bbox=(x, top, x + char * len(w), top + size)))
        x += char * len(w) + gap
    return LayoutLine(text=text, bbox=(x0, top, words[-1].bbox[2], top + size), size=size, words=words)


def form_line(text: str, x0: float, top: float) -> LayoutLine:
    """A 9 pt line of a form or a title block: 4.5 points a character, words 2 points apart
    (a box glyph a word of its own)."""
    return mono_line(text, x0, top, char=4.5, size=9.0, space=2.0)


def centred_line(text: str, mid: float, top: float) -> LayoutLine:
    """A :func:`form_line` centred on ``mid``."""
    return form_line(text, mid - len(text) * 4.5 / 2, top)


def read_lines(lines: list[LayoutLine], width: float = 612.0, height: float = 792.0) -> str:
    """The text the layout reads from ``lines`` on a page of that size (US Letter)."""
    return blocks_to_text(layout_lines(lines, width, height))


def positions(text: str, parts: list[str]) -> list[int]:
    """Where each of ``parts`` first stands in ``text``: sorted when read in that order."""
    return [text.index(p) for p in parts]
