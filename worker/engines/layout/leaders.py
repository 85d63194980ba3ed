"""Leader dots: the run of dots that leads a label to its value across a row ("6 Tentative
total tax . . . . . . 6", a contents line's ". . . . 12"). They are furniture, as a rule
is: no text to read, and no cells. Set a fixed step apart (a form's dots line up down the
page), each dot stands an em from the next, so the row is cut at every one of them, and
the dots of rows under each other line up as a grid's columns of "." cells would."""

from __future__ import annotations

import re

from common.documents.results import Word
from worker.engines.layout.model import Band, LayoutLine, font_size, make_band, mean_confidence

# What a leader is drawn with: full stops, middle dots, two- and three-dot leaders.
_DOT_WEIGHT = {".": 1, "·": 1, "‥": 2, "…": 3, "⋯": 3}
# Dots further apart than this (ems) lead nowhere: full stops of separate cells.
_LEADER_STEP_EM = 2.0
# A run of this many dots is a leader wherever it stands; a lone ". . ." is an ellipsis.
_MIN_DOTS = 4
# Where a dot-only word may start: the line's start or a space, then a dot. Written dot
# first, then "no non-space before it", the search skips from dot to dot (it runs on
# every line of every page): the same matches as "(?:^|\s)[.·‥…⋯]", in half the time.
_DOT_WORD_RE = re.compile(r"[.·‥…⋯](?<!\S.)")


def _dots(text: str) -> int:
    """How many dots ``text`` is, or 0 when it holds anything else."""
    n = 0
    for c in text:
        w = _DOT_WEIGHT.get(c, 0)
        if not w and not c.isspace():
            return 0
        n += w
    return n


# (line index, word, dots): one token of a band, in reading order left to right.
_Token = tuple[int, Word, int]


def _tokens(band: Band) -> list[_Token]:
    out: list[_Token] = []
    for i, ln in enumerate(band):
        # Only words that spell the line can be taken out of it; else the line is one token.
        if ln.words and " ".join(w.text for w in ln.words) == " ".join(ln.text.split()):
            out.extend((i, w, _dots(w.text)) for w in ln.words)
        else:
            out.append((i, Word(ln.text, ln.bbox, ln.confidence), _dots(ln.text)))
    return out


def without_leaders(bands: list[Band]) -> list[Band]:
    """The bands with their leader dots taken out (a band of nothing else goes too).

    A leader is a run of dot-only words, each within ``_LEADER_STEP_EM`` of the next, that
    holds ``_MIN_DOTS`` dots, or that ends its line where another line of the row follows
    (a label's last " ." before the value set apart from it, "check here . ▶"). A full
    stop alone at a row's end, or an ellipsis inside a line, stays.
    """
    out: list[Band] = []
    changed = False
    for band in bands:
        new = _band_without_leaders(band)
        changed = changed or new is not band
        if new:
            out.append(new)
    return out if changed else bands


def _band_without_leaders(band: Band) -> Band | None:
    # A leader is made of dot-only words, which start the line or follow a space: most
    # lines have full stops only after words, and are passed over by this one search.
    if not any(_DOT_WORD_RE.search(ln.text) for ln in band):
        return band
    tokens = _tokens(band)
    drop: set[int] = set()
    k = 0
    while k < len(tokens):
        if not tokens[k][2]:
            k += 1
            continue
        end = k + 1
        while end < len(tokens) and tokens[end][2]:
            prev, cur = tokens[end - 1], tokens[end]
            if cur[1].bbox[0] - prev[1].bbox[2] > _LEADER_STEP_EM * font_size(band[cur[0]]):
                break
            end += 1
        dots = sum(t[2] for t in tokens[k:end])
        last = tokens[end - 1]
        line_end = end == len(tokens) or tokens[end][0] != last[0]
        before = k > 0 and tokens[k - 1][0] == tokens[k][0]  # words of its own line lead to it
        if dots >= _MIN_DOTS or (before and line_end and end < len(tokens)):
            drop.update(range(k, end))
        k = end
    if not drop:
        return band
    lines: list[LayoutLine] = []
    for i, ln in enumerate(band):
        mine = [k for k, t in enumerate(tokens) if t[0] == i]
        kept = [tokens[k][1] for k in mine if k not in drop]
        if len(kept) == len(mine):
            lines.append(ln)
        elif kept:
            lines.append(_line_of(ln, kept))
    return make_band(lines) if lines else None


def _line_of(ln: LayoutLine, words: list[Word]) -> LayoutLine:
    """``ln`` with only ``words`` (some of its own), its box theirs across."""
    return LayoutLine(
        text=" ".join(w.text for w in words),
        bbox=(min(w.bbox[0] for w in words), ln.bbox[1], max(w.bbox[2] for w in words), ln.bbox[3]),
        size=ln.size,
        bold=ln.bold,
        confidence=mean_confidence(words) if words[0].confidence is not None else ln.confidence,
        words=words if ln.words else [],
        note_mark=ln.note_mark,
    )
