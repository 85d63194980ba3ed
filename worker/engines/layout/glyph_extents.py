"""Spans whose box and size overreach their glyphs, given the extent of the print they
stand in (spans.spans_to_lines runs it before grouping spans into rows).

A text layer's box for a span is the font's ascent to descent at its font size. A font
whose matrix the text layer misreads (a dvips / Ghostscript build of a LaTeX manual sets
its typewriter font's words at "120 pt", drawn 12 pt tall) gets a box ten times its
glyphs' height: it reaches over the lines above, and row grouping joins a heading, the
next paragraph's first line and the code line under them into one row. The glyphs
themselves say how large they are: their advances. Print advances about half an em a
character (a third for narrow letters, a fifth for "i" or "."); a span that advances a
tenth of its size or less a character is not set in that size. Set in a line beside
print of a plausible size, level with its foot, it is that print's: it takes its
neighbour's box and size.
"""

from __future__ import annotations

from collections.abc import Sequence

from worker.engines.text_spans import TextSpan

# A span advances at most this share of its font size a character: far less than any
# print advances (a fifth of an em for "i", "." or "l").
_OVERREACH_ADVANCE = 0.1
# Its neighbour's size is at most this share of its own (a misread matrix is off by a
# factor of ten, not a heading beside its text).
_NEIGHBOUR_SHARE = 0.5
# The neighbour stands within this many of its own ems before or after it on the row.
_NEIGHBOUR_GAP_EM = 2.0


def true_extents(spans: Sequence[TextSpan]) -> Sequence[TextSpan]:
    """``spans`` with each overreaching span boxed and sized as the print it stands in;
    ``spans`` itself where none overreaches (most pages: one comparison a span)."""
    out: list[TextSpan] | None = None
    for i, s in enumerate(spans):
        # (a span's advances against its size: one multiplication, most spans stop here)
        if s.x1 - s.x0 > _OVERREACH_ADVANCE * s.size * len(s.text) or s.size <= 0:
            continue
        if out is None:
            out = list(spans)
        fixed = _as_neighbour(s, out, i)
        if fixed is not None:
            out[i] = fixed
    return spans if out is None else out


def _as_neighbour(s: TextSpan, spans: list[TextSpan], i: int) -> TextSpan | None:
    """``s`` with the box and size of the span just before or after it in the layer's
    order (the one before first: it is already set right where it overreached too) that
    stands beside it on its row: in plausible print, inside its height, its foot near
    ``s``'s foot, a small gap apart; None if there is none."""
    for j in (i - 1, i + 1):
        if not 0 <= j < len(spans):
            continue
        n = spans[j]
        if (
            n.size <= 0
            or n.size > _NEIGHBOUR_SHARE * s.size
            or n.x1 - n.x0 <= _OVERREACH_ADVANCE * n.size * len(n.text)
        ):
            continue
        reach = _NEIGHBOUR_GAP_EM * n.size
        beside = -reach <= s.x0 - n.x1 <= reach or -reach <= n.x0 - s.x1 <= reach
        # The glyphs stand on the neighbour's line: the tall box's foot (its baseline, or
        # near it) lies within the neighbour's box, whose height lies inside the tall box.
        level = n.top <= s.bottom <= n.bottom + 0.5 * n.size and s.top <= n.top
        if beside and level:
            return TextSpan(s.text, s.x0, n.top, s.x1, n.bottom, n.size, s.bold, s.joined)
    return None
