"""Layout lines made by hand for the layout tests that work below the PDF (rows, cells,
forms): words of a fixed advance per character, a space apart."""

from __future__ import annotations

from common.documents.results import Word
from worker.engines.layout.model import LayoutLine


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
